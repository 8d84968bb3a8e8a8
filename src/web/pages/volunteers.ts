/**
 * Volunteers in the pages: the list (searched by name, municipality, skill, language, status)
 * and one volunteer's page: what they offer and when, how far and how many at once, their
 * current tandems; edit, pause until a day, decline at screening with a reason; notes and history.
 */
import { KNOWN_SKILLS, languageName, skillLabel } from '../../../scoring/index.js';
import {
  dayOf,
  OPEN_TANDEM_STATUSES,
  UNITS_PER_SLOT,
  VOLUNTEER_STATUSES,
  type Tandem,
  type Volunteer,
} from '../../domain/index.js';
import { availabilityFieldset, availabilityValues, readAvailability, SLOT_FIELD } from '../availability.js';
import { CSRF_FIELD } from '../csrf.js';
import { formAction } from '../form-action.js';
import { capitalise, formatDate, number } from '../format.js';
import {
  choices,
  emptyForm,
  errorSummary,
  hidden,
  input,
  many,
  one,
  select,
  textarea,
  type FormState,
} from '../forms.js';
import { attrs, html, type SafeHtml } from '../html.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';
import { displayName, loadPeople, nameIn } from '../people.js';
import { placeText } from '../places.js';
import { historySection, noteForm, notesSection, whoIs } from '../timeline.js';
import { facts, PAGE_SIZE, pager, programmesOf, queryValue, slotsText } from './beneficiaries/shared.js';
import { notices } from './notices.js';
import { DISTANCES, SPOKEN } from './signup.js';

/** `/app/volunteers`: everyone who signed up, newest first, with filters. */
export async function volunteerList(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const filters = {
    name: queryValue(req.query.name),
    place: queryValue(req.query.place),
    skill: KNOWN_SKILLS.find((s) => s === req.query.skill) ?? '',
    language: SPOKEN.find((l) => l === req.query.language) ?? '',
    status: VOLUNTEER_STATUSES.find((s) => s === req.query.status) ?? '',
    offset: Math.max(0, Math.floor(Number(req.query.offset) || 0)),
  };
  const query = {
    ...(filters.name && { name: filters.name }),
    ...(filters.place && { place: filters.place }),
    ...(filters.skill && { skill: filters.skill }),
    ...(filters.language && { language: filters.language }),
    ...(filters.status && { status: filters.status }),
  };
  const page = await perform<{ items: Volunteer[]; total: number }>(deps, req, res, locale, 'get', '/volunteers', {
    caller,
    query: { ...query, limit: String(PAGE_SIZE), offset: String(filters.offset) },
  });
  const used = page.items.length
    ? await deps.store.reservations.unitsInUse(
        caller.orgId,
        page.items.map((v) => v.id),
      )
    : new Map<string, number>();
  const form = emptyForm(query);
  const link = (offset: number) =>
    `/app/volunteers?${new URLSearchParams({ ...query, offset: String(offset) }).toString()}`;
  sendStaff(p, {
    title: t('volunteers.title'),
    wide: true,
    main: html`${await notices(p)}
<h1>${t('volunteers.title')}</h1>
<form method="get" action="/app/volunteers" class="filters" role="search" aria-label="${t('volunteers.filters')}">
  ${input({ name: 'name', label: t('volunteers.name'), form, type: 'search', size: 'medium' })}
  ${input({ name: 'place', label: t('waiting.place'), form, type: 'search', size: 'medium' })}
  ${select({ name: 'skill', label: t('volunteers.skill'), form, blank: t('volunteers.any'), choices: KNOWN_SKILLS.map((s) => ({ value: s, label: capitalise(skillLabel(s, locale), locale) })) })}
  ${select({ name: 'language', label: t('volunteers.language'), form, blank: t('volunteers.any'), choices: SPOKEN.map((l) => ({ value: l, label: capitalise(languageName(l, locale), locale) })) })}
  ${select({ name: 'status', label: t('waiting.status'), form, blank: t('volunteers.anyStatus'), choices: VOLUNTEER_STATUSES.map((s) => ({ value: s, label: t(`volunteerStatus.${s}`) })) })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('waiting.apply')}</button></div>
</form>
<p class="count" role="status">${t('volunteers.count', { count: page.total })}</p>
${
  page.items.length === 0
    ? html`<p class="empty">${t('waiting.empty')}</p>`
    : html`<table class="table">
  <caption class="visually-hidden">${t('volunteers.title')}</caption>
  <thead><tr><th scope="col">${t('volunteers.name')}</th><th scope="col">${t('waiting.place')}</th><th scope="col">${t('volunteers.skills')}</th><th scope="col">${t('volunteers.languages')}</th><th scope="col">${t('volunteers.load')}</th><th scope="col">${t('waiting.status')}</th></tr></thead>
  <tbody>${page.items.map(
    (v) => html`<tr>
    <th scope="row" data-label="${t('volunteers.name')}"><a href="/app/volunteers/${v.id}">${displayName(v)}</a></th>
    <td data-label="${t('waiting.place')}">${placeText(v.place, locale)}</td>
    <td data-label="${t('volunteers.skills')}">${v.skills.map((s) => skillLabel(s, locale)).join(', ')}</td>
    <td data-label="${t('volunteers.languages')}">${v.languages.map((l) => languageName(l, locale)).join(', ')}</td>
    <td data-label="${t('volunteers.load')}">${loadText(p, v, used.get(v.id) ?? 0)}</td>
    <td data-label="${t('waiting.status')}">${statusBadge(p, v)}</td>
  </tr>`,
  )}</tbody>
</table>`
}
${pager(t, filters.offset, page.total, link)}`,
  });
}

/** How much of their capacity a volunteer gives now: `1 of 2`, `1.5 of 2` with light tandems. */
function loadText(p: StaffPage, v: Volunteer, usedUnits: number): string {
  return p.t('volunteers.loadOf', { used: number(usedUnits / UNITS_PER_SLOT, p.locale), capacity: v.capacity });
}

function statusBadge(p: StaffPage, v: Volunteer): SafeHtml {
  const tone =
    v.status === 'active' ? 'ok' : v.status === 'paused' || v.status.startsWith('pending') ? 'warn' : 'closed';
  return html`<span class="badge badge--${tone}">${p.t(`volunteerStatus.${v.status}`)}</span>`;
}

type FormName = 'edit' | 'pause' | 'decline';

const EDIT_PATHS: Record<string, string> = {
  languages: 'languages',
  skills: 'skills',
  availability: SLOT_FIELD,
  maxDistanceKm: 'maxDistanceKm',
  capacity: 'capacity',
};

async function volunteerView(
  p: StaffPage,
  volunteer: Volunteer,
  forms: Partial<Record<FormName, FormState>> = {},
  banner?: string,
): Promise<void> {
  const { deps, t, locale, caller } = p;
  const { store } = deps;
  const [programmes, tandems, used, notes] = await Promise.all([
    programmesOf(p),
    store.tandems.listForPerson(caller.orgId, volunteer.id),
    store.reservations.unitsInUse(caller.orgId, [volunteer.id]),
    store.notes.listAbout(caller.orgId, volunteer.id),
  ]);
  const events = (
    await Promise.all(
      [volunteer.id, ...tandems.map((x) => x.id)].map((id) => store.audit.list(caller.orgId, { targetId: id })),
    )
  ).flat();
  const people = await loadPeople(deps, caller.orgId, {
    beneficiaries: tandems.map((x) => x.beneficiaryId),
    staff: [
      ...notes.map((n) => n.authorId),
      ...events.map((e) => e.actor),
      ...(volunteer.screening.declined ? [volunteer.screening.declined.by] : []),
    ],
  });
  const who = whoIs(people.staff, t);
  const programmeName = new Map(programmes.map((prog) => [prog.id, prog.name[locale]]));
  const today = dayOf(deps.clock.now());
  const coordinator = caller.role === 'coordinator';
  const csrf = hidden(CSRF_FIELD, caller.csrfToken);
  const version = hidden('version', volunteer.version);
  const action = (name: string) => `/app/volunteers/${volunteer.id}/${name}`;
  const open = tandems.filter((x) => (OPEN_TANDEM_STATUSES as readonly string[]).includes(x.status));
  const name = displayName(volunteer);
  const edit =
    forms.edit ??
    emptyForm({
      ...availabilityValues(volunteer.availability),
      languages: volunteer.languages,
      skills: volunteer.skills,
      maxDistanceKm: String(volunteer.maxDistanceKm),
      capacity: String(volunteer.capacity),
    });
  const pause = forms.pause ?? emptyForm();
  const decline = forms.decline ?? emptyForm();
  const allErrors: FormState = { values: {}, errors: Object.assign({}, edit.errors, pause.errors, decline.errors) };
  const tandemRow = (x: Tandem) =>
    html`<li><a href="/app/tandems/${x.id}">${nameIn(people.beneficiaries, x.beneficiaryId)}</a> · <span class="badge badge--${x.status}">${t(`tandemStatus.${x.status}`)}</span> · ${programmeName.get(x.programmeId) ?? ''}${x.intensity && html` · ${t(`intensity.${x.intensity}`)}`}</li>`;

  sendStaff(p, {
    title: name,
    status: banner ? 409 : Object.keys(allErrors.errors).length ? 400 : 200,
    here: `/app/volunteers/${volunteer.id}`,
    main: html`${await notices(p)}
${banner && html`<div class="notice notice--alert" role="alert"><p>${banner}</p></div>`}
<p class="crumbs"><a href="/app/volunteers">${t('volunteers.title')}</a></p>
<h1>${name}</h1>
<p class="lead">${statusBadge(p, volunteer)} ${volunteer.programmeIds.map((id) => programmeName.get(id) ?? id).join(', ')}</p>
${errorSummary(allErrors, t('form.errorsTitle'))}
<dl class="facts">${facts([
      [
        t('beneficiary.contact'),
        [volunteer.contact.email, volunteer.contact.phone].filter(Boolean).join(' · ') || undefined,
      ],
      [t('place.municipality'), placeText(volunteer.place, locale)],
      [t('volunteers.radius'), t('proposals.km', { km: number(volunteer.maxDistanceKm, locale) })],
      [t('volunteers.languages'), volunteer.languages.map((l) => languageName(l, locale)).join(', ')],
      [t('volunteers.skills'), volunteer.skills.map((s) => skillLabel(s, locale)).join(', ') || undefined],
      [t('beneficiary.availability'), slotsText(volunteer.availability, t) || undefined],
      [t('volunteers.load'), loadText(p, volunteer, used.get(volunteer.id) ?? 0)],
      [t('volunteers.pausedUntil'), volunteer.pausedUntil && formatDate(volunteer.pausedUntil, locale)],
      [
        t('volunteers.declinedInfo'),
        volunteer.screening.declined &&
          `${formatDate(volunteer.screening.declined.on, locale)} — ${volunteer.screening.declined.reason}`,
      ],
    ])}</dl>
<section class="section" aria-labelledby="h-tandems"><h2 id="h-tandems">${t('volunteers.tandems', { count: open.length })}</h2>
${open.length === 0 ? html`<p class="empty">${t('volunteers.noTandem')}</p>` : html`<ul class="plain">${open.map(tandemRow)}</ul>`}
${tandems.length > open.length && html`<details><summary>${t('volunteers.pastTandems', { count: tandems.length - open.length })}</summary><ul class="plain">${tandems.filter((x) => !open.includes(x)).map(tandemRow)}</ul></details>`}
</section>
${
  volunteer.status === 'pending_screening' &&
  coordinator &&
  html`<section class="section" aria-labelledby="h-decline"><h2 id="h-decline">${t('volunteers.declineTitle')}</h2>
<details${attrs({ open: Object.keys(decline.errors).length > 0 })}><summary>${t('volunteers.declineOpen')}</summary>
<form method="post" action="${action('decline')}" class="form" novalidate>${csrf}${version}
  ${textarea({ name: 'reason', id: 'f-decline-reason', label: t('volunteers.declineReason'), hint: t('volunteers.declineHint'), form: decline, maxlength: 4000 })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('volunteers.decline')}</button></div>
</form></details></section>`
}
${
  coordinator &&
  (volunteer.status === 'active' || volunteer.status === 'paused') &&
  html`<section class="section" aria-labelledby="h-pause"><h2 id="h-pause">${t(volunteer.status === 'paused' ? 'volunteers.resumeTitle' : 'volunteers.pauseTitle')}</h2>
<form method="post" action="${action('pause')}" class="form form--inline" novalidate>${csrf}${version}
  ${volunteer.status === 'paused' ? hidden('resume', 'yes') : input({ name: 'until', id: 'f-pause-until', label: t('volunteers.until'), hint: t('form.optional'), form: pause, type: 'date', min: today, size: 'medium' })}
  <div class="actions"><button type="submit" class="button button--secondary">${t(volunteer.status === 'paused' ? 'volunteers.resume' : 'volunteers.pause')}</button></div>
</form></section>`
}
<section class="section" aria-labelledby="h-edit"><h2 id="h-edit">${t('volunteers.editTitle')}</h2>
<details${attrs({ open: Object.keys(edit.errors).length > 0 })}><summary>${t('volunteers.editOpen')}</summary>
<form method="post" action="${action('edit')}" class="form" novalidate>${csrf}${version}
  ${choices({ name: 'languages', label: t('volunteers.languages'), form: edit, columns: true, choices: SPOKEN.map((l) => ({ value: l, label: capitalise(languageName(l, locale), locale) })) })}
  ${choices({ name: 'skills', label: t('volunteers.skills'), form: edit, columns: true, choices: KNOWN_SKILLS.map((s) => ({ value: s, label: capitalise(skillLabel(s, locale), locale) })) })}
  ${availabilityFieldset(t, edit, t('beneficiary.availability'))}
  ${select({ name: 'maxDistanceKm', label: t('volunteers.radius'), form: edit, choices: [...new Set([...DISTANCES, volunteer.maxDistanceKm])].sort((a, b) => a - b).map((d) => ({ value: String(d), label: t('signup.km', { count: d }) })) })}
  ${input({ name: 'capacity', label: t('volunteers.capacity'), hint: t('volunteers.capacityHint'), form: edit, type: 'number', min: 0, max: 100, size: 'short' })}
  <div class="actions"><button type="submit" class="button">${t('volunteers.save')}</button></div>
</form></details></section>
${notesSection(p, 'volunteer', volunteer.id, notes, who, noteForm(p))}
${historySection(p, events, who)}`,
  });
}

export async function volunteerPage(p: StaffPage): Promise<void> {
  await volunteerView(p, await p.deps.store.volunteers.get(p.caller.orgId, String(p.req.params.id)));
}

/** Runs one of the volunteer's operations from its form; errors come back next to the fields. */
async function act(
  p: StaffPage,
  name: FormName,
  method: 'patch' | 'post',
  path: string,
  body: (values: FormState['values']) => Record<string, unknown> | { problems: Record<string, string> },
  paths: Record<string, string>,
  done: string,
): Promise<void> {
  const { deps, req, t, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const id = String(req.params.id);
  const built = body(values);
  const again = async (form: FormState, banner?: string) =>
    volunteerView(p, await deps.store.volunteers.get(caller.orgId, id), { [name]: form }, banner);
  if ('problems' in built) return again({ values, errors: built.problems as Record<string, string> });
  await formAction(p, {
    method,
    path,
    params: { id },
    body: built,
    done: `/app/volunteers/${encodeURIComponent(id)}?done=${done}`,
    again,
    invalid: { paths, message: (f) => t(`volunteers.errors.${f}`) },
    changed: t('volunteers.changed'),
    refused: (err) => t(`volunteers.refused.${err.rule === 'screening_incomplete' ? 'screening' : 'other'}`),
  });
}

export const editVolunteer = (p: StaffPage) =>
  act(
    p,
    'edit',
    'patch',
    '/volunteers/{id}',
    (v) => {
      const { slots, badDay } = readAvailability(v);
      if (badDay) return { problems: { [`hours_${badDay}`]: p.t('signup.errors.hours') } };
      return {
        languages: many(v, 'languages'),
        skills: many(v, 'skills'),
        availability: slots,
        maxDistanceKm: Number(one(v, 'maxDistanceKm')),
        capacity: one(v, 'capacity') === '' ? -1 : Number(one(v, 'capacity')),
      };
    },
    EDIT_PATHS,
    'saved',
  );

export const pauseVolunteer = (p: StaffPage) =>
  act(
    p,
    'pause',
    'patch',
    '/volunteers/{id}',
    (v) =>
      one(v, 'resume') === 'yes'
        ? { status: 'active' }
        : { status: 'paused', ...(one(v, 'until') && { pausedUntil: one(v, 'until') }) },
    { pausedUntil: 'until', status: 'until' },
    one((p.req.body ?? {}) as FormState['values'], 'resume') === 'yes' ? 'resumed' : 'paused',
  );

export const declineVolunteer = (p: StaffPage) =>
  act(
    p,
    'decline',
    'post',
    '/volunteers/{id}/decline',
    (v) => ({ reason: one(v, 'reason') }),
    { reason: 'reason' },
    'volunteerDeclined',
  );
