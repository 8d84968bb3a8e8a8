/**
 * `/app/screening`: the coordinators' queue of volunteers who confirmed their e-mail, oldest
 * first, with the steps each still needs (interview, training, certificate of good conduct for
 * programmes serving minors). A volunteer whose steps are all done becomes active, and the
 * proposals around them are recomputed.
 */
import { daysSince, languageName, skillLabel } from '../../../scoring/index.js';
import { dayOf, screeningGaps, type Programme, type Volunteer } from '../../domain/index.js';
import { listAll } from '../../store/paging.js';
import { CSRF_FIELD } from '../csrf.js';
import { formAction } from '../form-action.js';
import { formatDate, formatWait } from '../format.js';
import { emptyForm, hidden, input, one, type FormState } from '../forms.js';
import { html } from '../html.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { displayName } from '../people.js';
import { placeText } from '../places.js';
import { facts, programmesOf, slotsText } from './beneficiaries/shared.js';
import { notices } from './notices.js';

async function queuePage(p: StaffPage, failed?: { id: string; form: FormState }): Promise<void> {
  const { deps, t, locale, caller } = p;
  const [queue, unconfirmed, programmes] = await Promise.all([
    listAll(deps.store.volunteers, caller.orgId, { status: 'pending_screening' }),
    deps.store.volunteers.count(caller.orgId, { status: 'pending_email' }),
    programmesOf(p),
  ]);
  queue.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  const byId = new Map(programmes.map((prog) => [prog.id, prog]));
  const today = dayOf(deps.clock.now());
  const signedUp = (days: number) =>
    days === 0 ? t('screening.signedUpToday') : t('screening.signedUp', { wait: formatWait(t, days) });
  const card = (v: Volunteer) => {
    const joined = v.programmeIds.map((id) => byId.get(id)).filter((x): x is Programme => x !== undefined);
    const needsCertificate = joined.some((prog) => prog.servesMinors);
    const gaps = new Set(joined.flatMap((prog) => screeningGaps(v.screening, prog)));
    const form = failed?.id === v.id ? failed.form : emptyForm();
    const step = (name: 'interview' | 'training' | 'goodConductSeenOn', key: string, done: string | undefined) =>
      done
        ? html`<p class="step step--done">${t(`screening.${key}Done`, { date: formatDate(done, locale) })}</p>`
        : input({
            name,
            id: `f-${name}-${v.id}`,
            label: t(`screening.${key}`),
            form,
            type: 'date',
            max: today,
            size: 'medium',
          });
    return html`<li class="card volunteer" id="v-${v.id}">
  <h2>${displayName(v)}</h2>
  <p class="muted">${signedUp(daysSince(dayOf(new Date(v.createdAt)), today))} · ${joined.map((prog) => prog.name[locale]).join(', ')}</p>
  <dl class="facts">${facts([
    [t('beneficiary.contact'), [v.contact.email, v.contact.phone].filter(Boolean).join(' · ')],
    [t('place.municipality'), `${placeText(v.place, locale)} · ${t('screening.travels', { km: v.maxDistanceKm })}`],
    [t('beneficiary.languages'), v.languages.map((l) => languageName(l, locale)).join(', ')],
    [t('screening.offers'), v.skills.map((s) => skillLabel(s, locale)).join(', ')],
    [t('beneficiary.availability'), slotsText(v.availability, t)],
    [t('screening.capacity'), t('signup.people', { count: v.capacity })],
  ])}</dl>
  <form method="post" action="/app/volunteers/${v.id}/screening" class="form form--inline" novalidate>
    ${hidden(CSRF_FIELD, caller.csrfToken)}
    <p class="hint">${gaps.size ? t('screening.missing', { steps: [...gaps].map((g) => t(`screening.gap.${g}`)).join(', ') }) : t('screening.complete')}</p>
    ${form.errors.form && html`<p class="error">${form.errors.form}</p>`}
    ${step('interview', 'interview', v.screening.interview?.date)}
    ${step('training', 'training', v.screening.training?.date)}
    ${needsCertificate && step('goodConductSeenOn', 'goodConduct', v.screening.goodConductSeenOn)}
    <div class="actions"><button type="submit" class="button">${t('screening.save', { name: displayName(v) })}</button></div>
  </form>
</li>`;
  };
  sendStaff(p, {
    title: t('screening.title'),
    status: failed ? 400 : 200,
    here: '/app/screening',
    main: html`${await notices(p)}
<h1>${t('screening.title')}</h1>
<p class="lead">${t('screening.lead', { count: queue.length })}</p>
${unconfirmed > 0 && html`<p class="hint">${t('screening.unconfirmed', { count: unconfirmed })}</p>`}
${queue.length === 0 ? html`<p class="empty">${t('screening.empty')}</p>` : html`<ul class="cards">${queue.map(card)}</ul>`}`,
  });
}

export const screeningQueue = (p: StaffPage) => queuePage(p);

export async function recordScreening(p: StaffPage): Promise<void> {
  const { req, t } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const id = String(req.params.id);
  const date = (name: string) => one(values, name) || undefined;
  const body = {
    ...(date('interview') && { interview: { date: date('interview') } }),
    ...(date('training') && { training: { date: date('training') } }),
    ...(date('goodConductSeenOn') && { goodConductSeenOn: date('goodConductSeenOn') }),
  };
  await formAction<Volunteer>(p, {
    method: 'post',
    path: '/volunteers/{id}/screening',
    params: { id },
    body,
    done: (updated) => `/app/screening?done=${updated.status === 'active' ? 'activated' : 'screened'}`,
    again: (form) => queuePage(p, { id, form }),
    invalid: {
      paths: { interview: 'interview', training: 'training', goodConductSeenOn: 'goodConductSeenOn' },
      message: (f) => t(f === 'form' ? 'screening.errors.none' : 'screening.errors.date'),
      fallback: 'form',
    },
  });
}
