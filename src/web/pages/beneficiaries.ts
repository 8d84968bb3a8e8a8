/**
 * The mediators' side of beneficiaries: the waiting list (longest wait first, with filters), the
 * intake form, and one beneficiary's page with the ranked proposals, each criterion drawn as a
 * bar and explained in plain words, to confirm or set aside; or why nobody fits.
 */
import { randomUUID } from 'node:crypto';
import {
  CRITERIA,
  daysSince,
  KNOWN_SKILLS,
  languageName,
  skillLabel,
  type AvailabilitySlot,
  type Locale,
} from '../../../scoring/index.js';
import { dayOf, type Beneficiary, type Programme, type Proposal, type Tandem } from '../../domain/index.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { ForbiddenError } from '../../errors/forbidden-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { listAll } from '../../store/paging.js';
import { availabilityFieldset, hoursField, readAvailability, SLOT_FIELD } from '../availability.js';
import { bar } from '../charts.js';
import { CSRF_FIELD } from '../csrf.js';
import { capitalise, formatDate, formatWait, number, percent } from '../format.js';
import {
  checkbox,
  choices,
  emptyForm,
  errorsFrom,
  errorSummary,
  hidden,
  input,
  many,
  one,
  select,
  textarea,
  type FormState,
} from '../forms.js';
import { attrs, html, type Renderable, type SafeHtml } from '../html.js';
import type { T } from '../i18n.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { Intake } from '../../domain/requests.js';
import { perform } from '../operations.js';
import { displayName, loadPeople } from '../people.js';
import { placeText, readPlace } from '../places.js';
import { notices } from './notices.js';
import { DISTANCES, PRIVACY_VERSION, SPOKEN } from './signup.js';

const PAGE_SIZE = 50;

/** Why a proposal is set aside; the reason code goes into the audit trail, never free text. */
export const REJECT_REASONS = ['not_suitable', 'already_known', 'too_far', 'schedule', 'other'] as const;

export async function programmesOf(p: StaffPage): Promise<Programme[]> {
  return (await listAll(p.deps.store.programmes, p.caller.orgId, {})).sort((a, b) => a.slug.localeCompare(b.slug));
}

const queryValue = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 100) : '');

export function slotsText(slots: readonly AvailabilitySlot[], t: T): string {
  return slots.map((s) => `${t(`days.${s.day}`)} ${s.start}–${s.end}`).join(' · ');
}

/** `/app/beneficiaries`: who waits, longest first. */
export async function waitingList(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const programmes = await programmesOf(p);
  const filters = {
    programme: queryValue(req.query.programme),
    status: (['active', 'paused', 'left'] as const).find((s) => s === req.query.status) ?? 'active',
    mine: req.query.mine === '1',
    place: queryValue(req.query.place),
    offset: Math.max(0, Math.floor(Number(req.query.offset) || 0)),
  };
  const page = await perform<{ items: Beneficiary[]; total: number }>(deps, req, res, locale, 'get', '/beneficiaries', {
    caller,
    query: {
      ...(filters.programme && { programme: filters.programme }),
      status: filters.status,
      ...(filters.mine && { mediator: caller.staff.id }),
      ...(filters.place && { place: filters.place }),
      sort: 'waiting',
      limit: String(PAGE_SIZE),
      offset: String(filters.offset),
    },
  });
  const ids = page.items.map((b) => b.id);
  const [open, proposals] = await Promise.all([
    deps.store.reservations.openTandems(caller.orgId, ids),
    ids.length
      ? deps.store.proposals.list(caller.orgId, { beneficiaryId: { in: ids }, supersededAt: null }, { limit: 1000 })
      : [],
  ]);
  const proposed = new Map<string, number>();
  for (const pr of proposals) proposed.set(pr.beneficiaryId, (proposed.get(pr.beneficiaryId) ?? 0) + 1);
  const today = dayOf(deps.clock.now());
  const names = new Map(programmes.map((prog) => [prog.id, prog.name[locale]]));
  const form = emptyForm({
    programme: filters.programme,
    status: filters.status,
    place: filters.place,
    mine: filters.mine ? '1' : undefined,
  });
  const pageLink = (offset: number) => {
    const q = new URLSearchParams({
      ...(filters.programme && { programme: filters.programme }),
      status: filters.status,
      ...(filters.mine && { mine: '1' }),
      ...(filters.place && { place: filters.place }),
      offset: String(offset),
    });
    return `/app/beneficiaries?${q.toString()}`;
  };
  sendStaff(p, {
    title: t('waiting.title'),
    wide: true,
    main: html`${await notices(p)}
<div class="page-head">
  <h1>${t('waiting.title')}</h1>
  <a class="button button--secondary" href="/app/beneficiaries/new">${t('waiting.new')}</a>
</div>
<form method="get" action="/app/beneficiaries" class="filters" role="search" aria-label="${t('waiting.filters')}">
  ${select({ name: 'programme', label: t('waiting.programme'), form, blank: t('waiting.allProgrammes'), choices: programmes.map((prog) => ({ value: prog.id, label: prog.name[locale] })) })}
  ${select({ name: 'status', label: t('waiting.status'), form, choices: (['active', 'paused', 'left'] as const).map((s) => ({ value: s, label: t(`beneficiaryStatus.${s}`) })) })}
  ${input({ name: 'place', label: t('waiting.place'), form, type: 'search', size: 'medium' })}
  ${checkbox({ name: 'mine', value: '1', label: t('waiting.mine'), form })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('waiting.apply')}</button></div>
</form>
<p class="count" role="status">${t('waiting.count', { count: page.total })}</p>
${
  page.items.length === 0
    ? html`<p class="empty">${t('waiting.empty')}</p>`
    : html`<table class="table">
  <caption class="visually-hidden">${t('waiting.title')}</caption>
  <thead><tr><th scope="col">${t('waiting.name')}</th><th scope="col">${t('waiting.waits')}</th><th scope="col">${t('waiting.programme')}</th><th scope="col">${t('waiting.place')}</th><th scope="col">${t('waiting.needs')}</th><th scope="col">${t('waiting.state')}</th></tr></thead>
  <tbody>
  ${page.items.map((b) => {
    const count = proposed.get(b.id) ?? 0;
    const state = open.has(b.id)
      ? html`<span class="badge badge--ok">${t('waiting.inTandem')}</span>`
      : count
        ? html`<span class="badge">${t('waiting.proposals', { count })}</span>`
        : html`<span class="badge badge--warn">${t('waiting.noCandidate')}</span>`;
    return html`<tr>
      <th scope="row" data-label="${t('waiting.name')}"><a href="/app/beneficiaries/${b.id}">${displayName(b)}</a>${b.kind === 'household' && html` <span class="muted">(${t('kind.household')})</span>`}</th>
      <td data-label="${t('waiting.waits')}">${formatWait(t, daysSince(b.waitingSince, today))}</td>
      <td data-label="${t('waiting.programme')}">${b.programmeIds.map((id) => names.get(id) ?? id).join(', ')}</td>
      <td data-label="${t('waiting.place')}">${placeText(b.place, locale)}</td>
      <td data-label="${t('waiting.needs')}">${b.needs.map((n) => skillLabel(n, locale)).join(', ')}</td>
      <td data-label="${t('waiting.state')}">${state}</td>
    </tr>`;
  })}
  </tbody>
</table>`
}
${
  page.total > PAGE_SIZE &&
  html`<nav class="pager" aria-label="${t('waiting.pages')}">
  ${filters.offset > 0 && html`<a href="${pageLink(Math.max(0, filters.offset - PAGE_SIZE))}">${t('waiting.previous')}</a>`}
  <span>${t('waiting.range', { from: filters.offset + 1, to: Math.min(page.total, filters.offset + PAGE_SIZE), total: page.total })}</span>
  ${filters.offset + PAGE_SIZE < page.total && html`<a href="${pageLink(filters.offset + PAGE_SIZE)}">${t('waiting.next')}</a>`}
</nav>`
}`,
  });
}

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
  const open = openId ? await deps.store.tandems.find(caller.orgId, openId) : null;
  const people = await loadPeople(deps, caller.orgId, {
    volunteers: [...ranked.items.map((x) => x.volunteerId), ...(open ? [open.volunteerId] : [])],
    staff: beneficiary.mediatorId ? [beneficiary.mediatorId] : [],
  });
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
      <button type="submit" class="button">${t('proposals.confirm', { name: vName })}</button>
    </form>
    <details class="reject">
      <summary>${t('proposals.reject')}</summary>
      <form method="post" action="/app/proposals/${pr.id}/reject" class="form form--inline">
        ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('beneficiaryId', beneficiary.id)}
        ${select({ name: 'reason', id: `f-reason-${pr.id}`, label: t('proposals.reason'), form: emptyForm(), choices: REJECT_REASONS.map((r) => ({ value: r, label: t(`rejectReason.${r}`) })) })}
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
      [t('beneficiary.referral'), beneficiary.referral?.partner],
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
</section>`,
  });
}

export function facts(rows: [string, string | undefined][]): SafeHtml {
  return html`${rows.filter(([, v]) => v).map(([k, v]) => html`<div class="facts__row"><dt>${k}</dt><dd>${v}</dd></div>`)}`;
}

/** Posts a confirm; the redirect says how it went, with who was faster if someone was. */
export async function confirmPair(p: StaffPage): Promise<void> {
  const { deps, req, res, locale, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const beneficiaryId = String(req.params.id);
  const volunteerId = one(values, 'volunteerId');
  const programmeId = one(values, 'programmeId');
  const fromPlan = one(values, 'back') === 'plan';
  const back = fromPlan
    ? `/app/programmes/${encodeURIComponent(programmeId)}/plan`
    : `/app/beneficiaries/${encodeURIComponent(beneficiaryId)}`;
  let tandem: Tandem;
  try {
    tandem = await perform<Tandem>(deps, req, res, locale, 'post', '/tandems', {
      caller,
      headers: { 'idempotency-key': one(values, 'key') },
      body: { programmeId, volunteerId, beneficiaryId },
    });
  } catch (err) {
    return res.redirect(303, `${back}?${(await raceOutcome(p, err, beneficiaryId, volunteerId)).toString()}`);
  }
  res.redirect(303, fromPlan ? `${back}?done=confirmed` : `/app/tandems/${tandem.id}?done=confirmed`);
}

async function raceOutcome(
  p: StaffPage,
  err: unknown,
  beneficiaryId: string,
  volunteerId: string,
): Promise<URLSearchParams> {
  if (err instanceof ConflictError) {
    if (err.rule === 'beneficiary_open_tandem') {
      const tandemId = (await p.deps.store.reservations.openTandems(p.caller.orgId, [beneficiaryId])).get(
        beneficiaryId,
      );
      return new URLSearchParams({ outcome: 'taken', ...(tandemId && { tandem: tandemId }) });
    }
    if (err.rule === 'volunteer_capacity') return new URLSearchParams({ outcome: 'full', volunteer: volunteerId });
    return new URLSearchParams({ outcome: 'refused', rule: err.rule });
  }
  // No current proposal for the pair any more: recomputed since the page was drawn.
  if (err instanceof ForbiddenError || err instanceof ValidationError) return new URLSearchParams({ outcome: 'stale' });
  throw err;
}

export async function rejectProposal(p: StaffPage): Promise<void> {
  const { deps, req, res, locale, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const reason = one(values, 'reason');
  const beneficiary = await perform<Beneficiary>(deps, req, res, locale, 'post', '/proposals/{id}/reject', {
    caller,
    params: { id: req.params.id },
    body: { reason: (REJECT_REASONS as readonly string[]).includes(reason) ? reason : 'other' },
  });
  res.redirect(303, `/app/beneficiaries/${beneficiary.id}?done=rejected`);
}

/* ------------------------------------------------------------------ intake */

const MEMBER_ROWS = 4;

const INTAKE_PATHS: Record<string, string> = {
  kind: 'kind',
  groupName: 'groupName',
  'contact.firstName': 'firstName',
  'contact.lastName': 'lastName',
  'contact.email': 'email',
  'contact.phone': 'phone',
  guardian: 'guardianFirstName',
  'guardian.phone': 'guardianPhone',
  'guardian.email': 'guardianEmail',
  members: 'members',
  needs: 'needs',
  languages: 'languages',
  availability: SLOT_FIELD,
  place: 'municipality',
  'place.postcode': 'postcode',
  age: 'age',
  'preferences.volunteerGender': 'volunteerGender',
  'preferences.maxDistanceKm': 'maxDistanceKm',
  'preferences.note': 'note',
  referral: 'referral',
  programmeIds: 'programmes',
  consent: 'consent',
};

function intakeForm(p: StaffPage, programmes: Programme[], form: FormState): void {
  const { t, locale, caller } = p;
  const members = Array.from({ length: MEMBER_ROWS }, (_, i) => i + 1);
  sendStaff(p, {
    title: t('intake.title'),
    status: Object.keys(form.errors).length ? 400 : 200,
    here: '/app/beneficiaries/new',
    main: html`<p class="crumbs"><a href="/app/beneficiaries">${t('waiting.title')}</a></p>
<h1>${t('intake.title')}</h1>
${errorSummary(form, t('form.errorsTitle'))}
<form method="post" action="/app/beneficiaries/new" class="form" novalidate>
  ${hidden(CSRF_FIELD, caller.csrfToken)}
  <section class="section"><h2>${t('intake.who')}</h2>
    ${choices({ name: 'kind', label: t('intake.kind'), form, kind: 'radio', choices: (['person', 'household'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) })) })}
    ${input({ name: 'firstName', label: t('intake.firstName'), form, required: true, maxlength: 200 })}
    ${input({ name: 'lastName', label: t('intake.lastName'), hint: t('form.optional'), form, maxlength: 200 })}
    ${input({ name: 'age', label: t('intake.age'), hint: t('intake.ageHint'), form, type: 'number', min: 0, max: 130, size: 'short' })}
    ${input({ name: 'email', label: t('intake.email'), hint: t('form.optional'), form, type: 'email', maxlength: 254 })}
    ${input({ name: 'phone', label: t('intake.phone'), hint: t('form.optional'), form, type: 'tel', maxlength: 20, size: 'medium' })}
    <details class="exact"${attrs({ open: one(form.values, 'kind') === 'household' || Boolean(form.errors.members || form.errors.groupName) })}><summary>${t('intake.household')}</summary>
      ${input({ name: 'groupName', label: t('intake.groupName'), hint: t('intake.groupNameHint'), form, maxlength: 200 })}
    <fieldset class="field${form.errors.members ? ' field--error' : ''}" id="f-members"><legend>${t('intake.members')}</legend>
      <p class="hint">${t('intake.membersHint')}</p>${form.errors.members && html`<p class="error">${form.errors.members}</p>`}
      ${members.map((i) => html`<div class="row">${input({ name: `memberName${i}`, label: t('intake.memberName', { n: i }), form, maxlength: 200 })}${input({ name: `memberAge${i}`, label: t('intake.memberAge', { n: i }), form, type: 'number', min: 0, max: 130, size: 'short' })}</div>`)}
    </fieldset>
    </details>
    <details class="exact"${attrs({ open: Boolean(one(form.values, 'guardianFirstName') || form.errors.guardianFirstName) })}><summary>${t('intake.guardian')}</summary>
      ${input({ name: 'guardianFirstName', label: t('intake.guardianFirstName'), form, maxlength: 200 })}
      ${input({ name: 'guardianLastName', label: t('intake.lastName'), form, maxlength: 200 })}
      ${input({ name: 'guardianPhone', label: t('intake.phone'), form, type: 'tel', maxlength: 20, size: 'medium' })}
      ${input({ name: 'guardianEmail', label: t('intake.email'), form, type: 'email', maxlength: 254 })}
    </details>
  </section>
  <section class="section"><h2>${t('signup.where')}</h2>
    ${input({ name: 'municipality', label: t('place.municipality'), hint: t('place.hint'), form, required: true, list: 'places', maxlength: 100 })}
    <datalist id="places" data-source="/places"></datalist>
    ${input({ name: 'postcode', label: t('place.postcode'), hint: t('form.optional'), form, inputmode: 'numeric', pattern: '[0-9]{4}', maxlength: 4, size: 'short' })}
  </section>
  <section class="section"><h2>${t('intake.needsTitle')}</h2>
    ${choices({ name: 'programmes', label: t('intake.programmes'), form, choices: programmes.filter((prog) => prog.status === 'open').map((prog) => ({ value: prog.id, label: prog.name[locale] })) })}
    ${choices({ name: 'needs', label: t('intake.needs'), hint: t('intake.needsHint'), form, columns: true, choices: KNOWN_SKILLS.map((s) => ({ value: s, label: capitalise(skillLabel(s, locale), locale) })) })}
    ${choices({ name: 'languages', label: t('intake.languages'), form, columns: true, choices: SPOKEN.map((l) => ({ value: l, label: capitalise(languageName(l, locale), locale) })) })}
    ${availabilityFieldset(t, form, t('intake.availability'))}
  </section>
  <section class="section"><h2>${t('intake.preferences')}</h2>
    ${choices({ name: 'volunteerGender', label: t('intake.volunteerGender'), hint: t('intake.volunteerGenderHint'), form, choices: (['female', 'male', 'other'] as const).map((g) => ({ value: g, label: t(`gender.${g}`) })) })}
    ${select({ name: 'maxDistanceKm', label: t('intake.maxDistance'), form, blank: t('intake.programmeDistance'), choices: DISTANCES.map((d) => ({ value: String(d), label: t('signup.km', { count: d }) })) })}
    ${textarea({ name: 'note', label: t('intake.note'), hint: t('intake.noteHint'), form, maxlength: 4000 })}
    ${input({ name: 'referral', label: t('intake.referral'), hint: t('form.optional'), form, maxlength: 200 })}
    ${checkbox({ name: 'consent', label: t('intake.consent', { version: PRIVACY_VERSION }), form })}
  </section>
  <div class="actions"><button type="submit" class="button">${t('intake.submit')}</button></div>
</form>`,
  });
}

export async function intakePage(p: StaffPage): Promise<void> {
  const programmes = await programmesOf(p);
  const open = programmes.filter((prog) => prog.status === 'open');
  intakeForm(
    p,
    programmes,
    emptyForm({ kind: 'person', languages: [p.locale], programmes: open.length === 1 ? [open[0]!.id] : [] }),
  );
}

/** The intake as the API's schema takes it, and what the form itself found wrong (field → message key). */
export function intakeBody(
  values: FormState['values'],
  now: Date,
  locale: Locale,
): { body: Record<string, unknown>; problems: Record<string, string>; places: string[] } {
  const problems: Record<string, string> = {};
  const text = (name: string) => one(values, name) || undefined;
  const int = (name: string) => (text(name) === undefined ? undefined : Number(text(name)));
  const { place, problem, places } = readPlace(one(values, 'municipality'), one(values, 'postcode'), locale);
  if (problem) problems.municipality = problem;
  const { slots, badDay } = readAvailability(values);
  if (badDay) problems[hoursField(badDay)] = 'hours';
  const kind = one(values, 'kind') === 'household' ? 'household' : 'person';
  const members = Array.from({ length: MEMBER_ROWS }, (_, i) => i + 1)
    .filter((i) => text(`memberName${i}`) || text(`memberAge${i}`))
    .map((i) => ({
      firstName: text(`memberName${i}`),
      age: int(`memberAge${i}`),
      languages: many(values, 'languages'),
    }));
  const guardian = text('guardianFirstName') || text('guardianPhone') || text('guardianEmail');
  const maxDistance = int('maxDistanceKm');
  const body = {
    kind,
    groupName: text('groupName'),
    contact: {
      firstName: one(values, 'firstName'),
      lastName: text('lastName'),
      email: text('email')?.toLowerCase(),
      phone: text('phone'),
    },
    guardian: guardian
      ? {
          firstName: one(values, 'guardianFirstName'),
          lastName: text('guardianLastName'),
          email: text('guardianEmail')?.toLowerCase(),
          phone: text('guardianPhone'),
        }
      : undefined,
    consent: one(values, 'consent') ? { textVersion: PRIVACY_VERSION, at: now.toISOString() } : undefined,
    members: kind === 'household' ? members : [],
    needs: many(values, 'needs'),
    languages: many(values, 'languages'),
    availability: slots,
    place,
    age: int('age'),
    preferences: {
      volunteerGender: many(values, 'volunteerGender').length ? many(values, 'volunteerGender') : undefined,
      maxDistanceKm: maxDistance,
      note: text('note'),
    },
    referral: text('referral') ? { partner: text('referral') } : undefined,
    programmeIds: many(values, 'programmes'),
  };
  return { body, problems, places };
}

export async function createBeneficiary(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const programmes = await programmesOf(p);
  const { body, problems, places } = intakeBody(values, deps.clock.now(), locale);
  const message = (field: string) => t(`intake.errors.${field}`);
  const errors: Record<string, string> = {};
  for (const [field, key] of Object.entries(problems))
    errors[field] = t(`signup.errors.${key}`, { places: places.join(' · ') });
  const checked = Intake.safeParse(body);
  if (!checked.success) {
    for (const [field, msg] of Object.entries(
      errorsFrom(ValidationError.fromZod(checked.error).issues, INTAKE_PATHS, message, 'firstName'),
    ))
      errors[field] ??= msg;
  }
  if (Object.keys(errors).length) return intakeForm(p, programmes, { values, errors });
  try {
    const created = await perform<Beneficiary>(deps, req, res, locale, 'post', '/beneficiaries', { caller, body });
    res.redirect(303, `/app/beneficiaries/${created.id}?done=created`);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    intakeForm(p, programmes, { values, errors: errorsFrom(err.issues, INTAKE_PATHS, message, 'firstName') });
  }
}
