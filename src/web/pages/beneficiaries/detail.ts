/**
 * One beneficiary's page: the ranked proposals, each criterion drawn as a bar and explained in
 * plain words, to confirm or set aside; or why nobody fits.
 */
import { placeText } from '../../places.js';
import { facts, programmesOf, REJECT_REASONS, slotsText } from './shared.js';
import { randomUUID } from 'node:crypto';
import { CRITERIA, daysSince, languageName, skillLabel } from '../../../../scoring/index.js';
import { dayOf, type Beneficiary, type Proposal, type ReferralSource } from '../../../domain/index.js';
import { listAll } from '../../../store/paging.js';
import { sourceLabel } from '../referral-sources.js';
import { bar } from '../../charts.js';
import { CSRF_FIELD } from '../../csrf.js';
import { formatDate, formatWait, number, percent } from '../../format.js';
import { emptyForm, hidden, select } from '../../forms.js';
import { html, type Renderable } from '../../html.js';
import { sendStaff, type StaffPage } from '../../layout.js';
import { perform } from '../../operations.js';
import { displayName, loadPeople } from '../../people.js';
import { notices } from '../notices.js';
import { historySection, noteForm, notesSection, whoIs } from '../../timeline.js';
import { intensityField, pairingSections } from './pairing.js';

/** `/app/beneficiaries/:id`: who they are, their proposals and what to do with them. */
export async function beneficiaryPage(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const beneficiary = await deps.store.beneficiaries.get(caller.orgId, String(req.params.id));
  const [programmes, ranked, openIds] = await Promise.all([
    programmesOf(p),
    perform<{
      items: (Proposal & { explanation: string })[];
      unmatched: { programmeId: string; explanation: string }[];
    }>(deps, req, res, locale, 'get', '/beneficiaries/{id}/proposals', { caller, params: { id: beneficiary.id } }),
    deps.store.reservations.openTandems(caller.orgId, [beneficiary.id]),
  ]);
  const openId = openIds.get(beneficiary.id);
  const [notes, events, sources] = await Promise.all([
    deps.store.notes.listAbout(caller.orgId, beneficiary.id),
    deps.store.audit.list(caller.orgId, { targetId: beneficiary.id }),
    listAll(deps.store.referralSources, caller.orgId, {}),
  ]);
  const open = openId ? await deps.store.tandems.find(caller.orgId, openId) : null;
  const people = await loadPeople(deps, caller.orgId, {
    volunteers: [...ranked.items.map((x) => x.volunteerId), ...(open ? [open.volunteerId] : [])],
    staff: [
      ...(beneficiary.mediatorId ? [beneficiary.mediatorId] : []),
      ...notes.map((n) => n.authorId),
      ...events.map((e) => e.actor),
    ],
  });
  const who = whoIs(people.staff, t);
  const programmeName = new Map(programmes.map((prog) => [prog.id, prog.name[locale]]));
  const today = dayOf(deps.clock.now());
  const name = displayName(beneficiary);

  const proposalCard = (pr: Proposal & { explanation: string }) => {
    const v = people.volunteers.get(pr.volunteerId);
    const vName = v ? displayName(v) : '—';
    return html`<li class="proposal">
  <div class="proposal__head">
    <span class="rank" aria-label="${t('proposals.rank', { rank: pr.rank })}">${pr.rank}</span>
    <h3>${vName}</h3>
    <span class="score">${t('proposals.score', { score: percent(pr.score, locale) })}</span>
  </div>
  <p class="proposal__facts">${[v && placeText(v.place, locale), t('proposals.km', { km: number(pr.distanceKm, locale) }), pr.commonLanguages.map((l) => languageName(l, locale)).join(', ')].filter(Boolean).join(' · ')}</p>
  <p class="explanation">${pr.explanation}</p>
  <dl class="bars">
    ${CRITERIA.map((c) => html`<div class="bars__row"><dt>${t(`criteria.${c}`)}</dt><dd>${bar(pr.breakdown[c])}<span class="bars__value">${percent(pr.breakdown[c], locale)}</span></dd></div>`)}
  </dl>
  <div class="proposal__actions">
    <form method="post" action="/app/beneficiaries/${beneficiary.id}/confirm">
      ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('volunteerId', pr.volunteerId)}${hidden('programmeId', pr.programmeId)}${hidden('key', `web-${randomUUID()}`)}
      ${intensityField(
        p,
        programmes.find((prog) => prog.id === pr.programmeId),
        `f-intensity-${pr.id}`,
      )}
      <button type="submit" class="button">${t('proposals.confirm', { name: vName })}</button>
    </form>
    <details class="reject">
      <summary>${t('proposals.reject')}</summary>
      <form method="post" action="/app/proposals/${pr.id}/reject" class="form form--inline">
        ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('beneficiaryId', beneficiary.id)}
        ${select({ name: 'reason', id: `f-reason-${pr.id}`, label: t('proposals.reason'), form: emptyForm(), choices: REJECT_REASONS.map((r) => ({ value: r, label: t(`rejectReason.${r}`) })) })}
        <p class="hint">${t('pairing.rejectPermanent')}</p>
        <button type="submit" class="button button--secondary">${t('proposals.rejectSubmit', { name: vName })}</button>
      </form>
    </details>
  </div>
</li>`;
  };

  let proposalsPart: Renderable;
  if (open) {
    proposalsPart = html`<div class="notice" role="status"><p>${t(`proposals.open.${open.status}`, { volunteer: people.volunteers.get(open.volunteerId) ? displayName(people.volunteers.get(open.volunteerId)!) : '—', date: formatDate(open.proposedAt, locale) })}</p><p><a href="/app/tandems/${open.id}">${t('proposals.seeTandem')}</a></p></div>`;
  } else if (ranked.items.length) {
    proposalsPart = html`<ol class="proposals">${ranked.items.map(proposalCard)}</ol>`;
  } else if (ranked.unmatched.length) {
    proposalsPart = html`<div class="notice notice--warn"><h3>${t('proposals.noneTitle')}</h3>${ranked.unmatched.map((u) => html`<p><strong>${programmeName.get(u.programmeId) ?? ''}</strong> — ${u.explanation}</p>`)}<p class="hint">${t('proposals.noneHint')}</p></div>`;
  } else if (beneficiary.status !== 'active') {
    proposalsPart = html`<p class="empty">${t('proposals.notActive', { status: t(`beneficiaryStatus.${beneficiary.status}`) })}</p>`;
  } else {
    proposalsPart = html`<p class="empty">${t('proposals.computing')}</p>`;
  }

  const mediator = beneficiary.mediatorId ? people.staff.get(beneficiary.mediatorId)?.name : undefined;
  sendStaff(p, {
    title: name,
    main: html`${await notices(p)}
<p class="crumbs"><a href="/app/beneficiaries">${t('waiting.title')}</a></p>
<h1>${name}</h1>
<p class="lead">${t('beneficiary.waiting', { wait: formatWait(t, daysSince(beneficiary.waitingSince, today)), since: formatDate(beneficiary.waitingSince, locale) })} · ${beneficiary.programmeIds.map((id) => programmeName.get(id) ?? id).join(', ')}</p>
<section class="section" aria-labelledby="h-proposals">
  <h2 id="h-proposals">${t('proposals.title')}</h2>
  ${proposalsPart}
</section>
<section class="section" aria-labelledby="h-about">
  <h2 id="h-about">${t('beneficiary.about')}</h2>
  <dl class="facts">
    ${facts([
      [t('beneficiary.kind'), t(`kind.${beneficiary.kind}`)],
      [t('place.municipality'), placeText(beneficiary.place, locale)],
      [t('beneficiary.age'), beneficiary.age !== undefined ? String(beneficiary.age) : undefined],
      [t('beneficiary.languages'), beneficiary.languages.map((l) => languageName(l, locale)).join(', ')],
      [t('beneficiary.needs'), beneficiary.needs.map((n) => skillLabel(n, locale)).join(', ')],
      [t('beneficiary.availability'), slotsText(beneficiary.availability, t)],
      [
        t('beneficiary.members'),
        beneficiary.members
          .map((m) => [m.firstName, t('beneficiary.memberAge', { count: m.age })].filter(Boolean).join(', '))
          .join(' · ') || undefined,
      ],
      [
        t('beneficiary.volunteerGender'),
        beneficiary.preferences.volunteerGender?.map((g) => t(`gender.${g}`)).join(', '),
      ],
      [
        t('beneficiary.maxDistance'),
        beneficiary.preferences.maxDistanceKm !== undefined
          ? t('proposals.km', { km: number(beneficiary.preferences.maxDistanceKm, locale) })
          : undefined,
      ],
      [t('beneficiary.note'), beneficiary.preferences.note],
      [t('beneficiary.referral'), referralText(beneficiary, sources, locale)],
      [t('beneficiary.mediator'), mediator],
      [
        t('beneficiary.contact'),
        [beneficiary.contact.email, beneficiary.contact.phone].filter(Boolean).join(' · ') || undefined,
      ],
      [
        t('beneficiary.guardian'),
        beneficiary.guardian &&
          [displayName({ contact: beneficiary.guardian }), beneficiary.guardian.phone, beneficiary.guardian.email]
            .filter(Boolean)
            .join(' · '),
      ],
    ])}
  </dl>
</section>
${await pairingSections(p, { beneficiary, programmes, open, unmatched: ranked.items.length === 0 && ranked.unmatched.length > 0 })}
${notesSection(p, 'beneficiary', beneficiary.id, notes, who, noteForm(p))}
${historySection(p, events, who)}`,
  });
}

/** Who referred the person: one of the organisation's sources in the reader's language, or the partner named. */
function referralText(beneficiary: Beneficiary, sources: readonly ReferralSource[], locale: StaffPage['locale']) {
  const source = sources.find((s) => s.id === beneficiary.referral?.sourceId);
  return (
    [source && sourceLabel(source, locale), beneficiary.referral?.partner].filter(Boolean).join(' — ') || undefined
  );
}
