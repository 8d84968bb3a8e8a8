/**
 * Tandems after the choice: proposed (waiting for the first meeting), active, lapsing soon,
 * lapsed, closed; and one tandem's page, where the first meeting, the check-ins and the end are
 * recorded. Every form carries the version it was drawn from: a change made meanwhile by someone
 * else is reported, not overwritten.
 */
import { dayOf, OUTCOMES, SIDES, type Tandem } from '../../domain/index.js';
import { HttpError } from '../../http/http-error.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { VersionConflictError } from '../../errors/version-conflict-error.js';
import { CSRF_FIELD } from '../csrf.js';
import { formatDate, formatDateTime } from '../format.js';
import {
  checkbox,
  choices,
  emptyForm,
  errorsFrom,
  errorSummary,
  hidden,
  input,
  one,
  select,
  textarea,
  type FormState,
} from '../forms.js';
import { attrs, html, type Renderable } from '../html.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';
import { displayName, loadPeople, nameIn } from '../people.js';
import { facts, programmesOf } from './beneficiaries/shared.js';
import { notices } from './notices.js';

export const VIEWS = ['proposed', 'active', 'lapsing', 'lapsed', 'closed'] as const;
type View = (typeof VIEWS)[number];

const MOODS = [1, 2, 3, 4, 5] as const;

export async function tandemList(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const view: View = VIEWS.find((v) => v === req.query.view) ?? 'proposed';
  const page = await perform<{ items: Tandem[]; total: number }>(deps, req, res, locale, 'get', '/tandems', {
    caller,
    query: view === 'lapsing' ? { lapsingSoon: 'true', limit: '200' } : { status: view, limit: '200' },
  });
  const [programmes, people] = await Promise.all([
    programmesOf(p),
    loadPeople(deps, caller.orgId, {
      volunteers: page.items.map((x) => x.volunteerId),
      beneficiaries: page.items.map((x) => x.beneficiaryId),
    }),
  ]);
  const programmeName = new Map(programmes.map((prog) => [prog.id, prog.name[locale]]));
  const when = (x: Tandem): string => {
    if (view === 'proposed') return formatDate(x.proposedAt, locale);
    if (view === 'lapsed') return x.lapsedAt ? formatDate(x.lapsedAt, locale) : '—';
    if (view === 'closed')
      return x.closed ? `${formatDate(x.closed.at, locale)} · ${t(`outcome.${x.closed.outcome}`)}` : '—';
    return x.lastContactOn ? formatDate(x.lastContactOn, locale) : '—';
  };
  sendStaff(p, {
    title: t('tandems.title'),
    wide: true,
    main: html`${await notices(p)}
<h1>${t('tandems.title')}</h1>
<nav class="tabs" aria-label="${t('tandems.views')}"><ul>
  ${VIEWS.map((v) => html`<li><a${attrs({ href: `/app/tandems?view=${v}`, 'aria-current': v === view ? 'page' : undefined })}>${t(`tandems.view.${v}`)}</a></li>`)}
</ul></nav>
<p class="hint">${t(`tandems.about.${view}`)}</p>
${
  page.items.length === 0
    ? html`<p class="empty">${t('tandems.empty')}</p>`
    : html`<table class="table">
  <caption class="visually-hidden">${t(`tandems.view.${view}`)}</caption>
  <thead><tr><th scope="col">${t('tandems.beneficiary')}</th><th scope="col">${t('tandems.volunteer')}</th><th scope="col">${t('waiting.programme')}</th><th scope="col">${t(`tandems.when.${view}`)}</th></tr></thead>
  <tbody>${page.items.map(
    (x) => html`<tr>
    <th scope="row" data-label="${t('tandems.beneficiary')}"><a href="/app/tandems/${x.id}">${nameIn(people.beneficiaries, x.beneficiaryId)}</a></th>
    <td data-label="${t('tandems.volunteer')}">${nameIn(people.volunteers, x.volunteerId)}</td>
    <td data-label="${t('waiting.programme')}">${programmeName.get(x.programmeId) ?? ''}</td>
    <td data-label="${t(`tandems.when.${view}`)}">${when(x)}</td>
  </tr>`,
  )}</tbody>
</table>`
}`,
  });
}

type FormName = 'meeting' | 'checkin' | 'close';

async function tandemPage(
  p: StaffPage,
  tandem: Tandem,
  forms: Partial<Record<FormName, FormState>> = {},
  banner?: string,
): Promise<void> {
  const { deps, t, locale, caller } = p;
  const [programme, people] = await Promise.all([
    deps.store.programmes.find(caller.orgId, tandem.programmeId),
    loadPeople(deps, caller.orgId, {
      volunteers: [tandem.volunteerId],
      beneficiaries: [tandem.beneficiaryId],
      staff: [tandem.proposedBy, ...tandem.checkIns.map((c) => c.recordedBy)],
    }),
  ]);
  const today = dayOf(deps.clock.now());
  const beneficiary = nameIn(people.beneficiaries, tandem.beneficiaryId);
  const volunteer = people.volunteers.get(tandem.volunteerId);
  const staffName = (id: string) => people.staff.get(id)?.name ?? '—';
  const version = hidden('version', tandem.version);
  const csrf = hidden(CSRF_FIELD, caller.csrfToken);
  const action = (name: string) => `/app/tandems/${tandem.id}/${name}`;
  const anyErrors = Object.values(forms).some((f) => f && Object.keys(f.errors).length);

  const meeting = forms.meeting ?? emptyForm({ outcome: 'accepted', date: today });
  const checkin = forms.checkin ?? emptyForm({ date: today, who: 'volunteer', mood: '4' });
  const close = forms.close ?? emptyForm({ outcome: 'endured' });
  const allErrors: FormState = { values: {}, errors: Object.assign({}, meeting.errors, checkin.errors, close.errors) };

  let actions: Renderable = null;
  if (tandem.status === 'proposed') {
    actions = html`<section class="section" aria-labelledby="h-meeting"><h2 id="h-meeting">${t('tandem.meetingTitle')}</h2>
<p class="hint">${t('tandem.meetingHint')}</p>
<form method="post" action="${action('first-meeting')}" class="form" novalidate>${csrf}${version}
  ${choices({
    name: 'outcome',
    label: t('tandem.meetingOutcome'),
    form: meeting,
    kind: 'radio',
    choices: [
      { value: 'accepted', label: t('tandem.accepted') },
      { value: 'declined', label: t('tandem.declined') },
    ],
  })}
  ${input({ name: 'date', label: t('tandem.date'), form: meeting, type: 'date', required: true, max: today, size: 'medium' })}
  ${checkbox({ name: 'charter', label: t('tandem.charter'), form: meeting })}
  <fieldset class="field subtle"><legend>${t('tandem.ifDeclined')}</legend>
  ${select({ name: 'by', label: t('tandem.declinedBy'), form: meeting, choices: SIDES.map((s) => ({ value: s, label: t(`side.${s}`) })) })}
  ${textarea({ name: 'reason', label: t('tandem.reason'), form: meeting, maxlength: 4000 })}
  </fieldset>
  <div class="actions"><button type="submit" class="button">${t('tandem.saveMeeting')}</button></div>
</form></section>`;
  } else if (tandem.status === 'active' || tandem.status === 'lapsed') {
    actions = html`${
      tandem.status === 'active' &&
      html`<section class="section" aria-labelledby="h-checkin"><h2 id="h-checkin">${t('tandem.checkinTitle')}</h2>
<form method="post" action="${action('check-ins')}" class="form" novalidate>${csrf}${version}
  ${input({ name: 'date', label: t('tandem.date'), form: checkin, type: 'date', required: true, max: today, size: 'medium' })}
  ${choices({ name: 'who', label: t('tandem.who'), form: checkin, kind: 'radio', choices: SIDES.map((s) => ({ value: s, label: t(`side.${s}`) })) })}
  ${choices({ name: 'mood', label: t('tandem.mood'), hint: t('tandem.moodHint'), form: checkin, kind: 'radio', choices: MOODS.map((m) => ({ value: String(m), label: t(`mood.${m}`) })) })}
  ${textarea({ name: 'note', label: t('tandem.note'), hint: t('form.optional'), form: checkin, maxlength: 4000 })}
  <div class="actions"><button type="submit" class="button">${t('tandem.saveCheckin')}</button></div>
</form></section>`
    }
<section class="section" aria-labelledby="h-close"><h2 id="h-close">${t('tandem.closeTitle')}</h2>
<details${attrs({ open: Object.keys(close.errors).length > 0 })}><summary>${t('tandem.closeOpen')}</summary>
<form method="post" action="${action('close')}" class="form" novalidate>${csrf}${version}
  ${select({ name: 'outcome', id: 'f-close-outcome', label: t('tandem.outcome'), form: close, choices: OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) })) })}
  ${textarea({ name: 'note', id: 'f-close-note', label: t('tandem.note'), hint: t('form.optional'), form: close, maxlength: 4000 })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('tandem.close')}</button></div>
</form></details></section>`;
  }

  const history = [...tandem.checkIns].reverse();
  sendStaff(p, {
    title: t('tandem.title', { beneficiary, volunteer: volunteer ? displayName(volunteer) : '—' }),
    status: banner ? 409 : anyErrors ? 400 : 200,
    here: `/app/tandems/${tandem.id}`,
    main: html`${await notices(p)}
${banner && html`<div class="notice notice--alert" role="alert"><p>${banner}</p></div>`}
<p class="crumbs"><a href="/app/tandems?view=${tandem.status === 'declined' ? 'closed' : tandem.status}">${t('tandems.title')}</a></p>
<h1>${t('tandem.title', { beneficiary, volunteer: volunteer ? displayName(volunteer) : '—' })}</h1>
<p class="lead"><span class="badge badge--${tandem.status}">${t(`tandemStatus.${tandem.status}`)}</span> ${programme?.name[locale] ?? ''}</p>
${(tandem.status === 'proposed' || tandem.status === 'active') && html`<p><a class="button button--secondary" href="/app/tandems/${tandem.id}/agreement">${t('agreement.open')}</a></p>`}
${errorSummary(allErrors, t('form.errorsTitle'))}
<dl class="facts">${facts([
      [t('tandems.beneficiary'), beneficiary],
      [
        t('tandems.volunteer'),
        volunteer
          ? [displayName(volunteer), volunteer.contact.phone, volunteer.contact.email].filter(Boolean).join(' · ')
          : '—',
      ],
      [
        t('tandem.proposed'),
        t('tandem.proposedBy', { date: formatDateTime(tandem.proposedAt, locale), who: staffName(tandem.proposedBy) }),
      ],
      [
        t('tandem.firstMeeting'),
        tandem.firstMeeting
          ? t('tandem.firstMeetingDone', { date: formatDate(tandem.firstMeeting.date, locale) })
          : undefined,
      ],
      [t('tandem.lastContact'), tandem.lastContactOn ? formatDate(tandem.lastContactOn, locale) : undefined],
      [
        t('tandem.declinedInfo'),
        tandem.declined ? `${t(`side.${tandem.declined.by}`)} — ${tandem.declined.reason}` : undefined,
      ],
      [
        t('tandem.closedInfo'),
        tandem.closed
          ? [formatDate(tandem.closed.at, locale), t(`outcome.${tandem.closed.outcome}`), tandem.closed.note]
              .filter(Boolean)
              .join(' — ')
          : undefined,
      ],
    ])}</dl>
${actions}
<section class="section" aria-labelledby="h-history"><h2 id="h-history">${t('tandem.history')}</h2>
${
  history.length === 0
    ? html`<p class="empty">${t('tandem.noCheckins')}</p>`
    : html`<ol class="timeline">${history.map((c) => html`<li><p class="timeline__head"><strong>${formatDate(c.date, locale)}</strong> · ${t(`side.${c.who}`)} · ${t(`mood.${c.mood}`)} <span class="muted">(${staffName(c.recordedBy)})</span></p>${c.note && html`<p class="note">${c.note}</p>`}</li>`)}</ol>`
}
</section>`,
  });
}

export async function showTandem(p: StaffPage): Promise<void> {
  await tandemPage(p, await p.deps.store.tandems.get(p.caller.orgId, String(p.req.params.id)));
}

const PATHS: Record<FormName, Record<string, string>> = {
  meeting: { outcome: 'outcome', date: 'date', charterSigned: 'charter', by: 'by', reason: 'reason' },
  checkin: { date: 'date', who: 'who', mood: 'mood', note: 'note' },
  close: { outcome: 'outcome', note: 'note' },
};

/** Runs one of the tandem's operations from its form; errors come back next to the fields. */
async function act(
  p: StaffPage,
  name: FormName,
  path: string,
  body: (values: FormState['values']) => Record<string, unknown>,
  done: string,
): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const id = String(req.params.id);
  try {
    await perform<Tandem>(deps, req, res, locale, 'post', path, {
      caller,
      params: { id },
      headers: { 'if-match': `"${one(values, 'version')}"` },
      body: body(values),
    });
  } catch (err) {
    const tandem = await deps.store.tandems.get(caller.orgId, id);
    if (err instanceof ValidationError)
      return tandemPage(p, tandem, {
        [name]: {
          values,
          errors: errorsFrom(err.issues, PATHS[name], (f) => t(`tandem.errors.${f}`), Object.values(PATHS[name])[0]!),
        },
      });
    if ((err instanceof HttpError && err.status === 412) || err instanceof VersionConflictError)
      return tandemPage(p, tandem, { [name]: emptyForm(values) }, t('tandem.changed'));
    if (err instanceof ConflictError) return tandemPage(p, tandem, { [name]: emptyForm(values) }, t('tandem.refused'));
    throw err;
  }
  res.redirect(303, `/app/tandems/${encodeURIComponent(id)}?done=${done}`);
}

export const firstMeeting = (p: StaffPage) =>
  act(
    p,
    'meeting',
    '/tandems/{id}/first-meeting',
    (v) =>
      one(v, 'outcome') === 'declined'
        ? { outcome: 'declined', date: one(v, 'date'), by: one(v, 'by'), reason: one(v, 'reason') }
        : { outcome: 'accepted', date: one(v, 'date'), charterSigned: one(v, 'charter') === 'yes' },
    one((p.req.body ?? {}) as FormState['values'], 'outcome') === 'declined' ? 'declined' : 'started',
  );

export const checkIn = (p: StaffPage) =>
  act(
    p,
    'checkin',
    '/tandems/{id}/check-ins',
    (v) => ({
      date: one(v, 'date'),
      who: one(v, 'who'),
      mood: Number(one(v, 'mood')),
      note: one(v, 'note') || undefined,
    }),
    'checkin',
  );

export const closeTandem = (p: StaffPage) =>
  act(
    p,
    'close',
    '/tandems/{id}/close',
    (v) => ({ outcome: one(v, 'outcome'), note: one(v, 'note') || undefined }),
    'closed',
  );
