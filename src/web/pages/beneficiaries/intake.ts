/** The intake form: a mediator enters a young person or a family. */
import { randomUUID } from 'node:crypto';
import type { Locale } from '../../../../scoring/index.js';
import { programmesOf } from './shared.js';
import { languageName, skillLabel } from '../../../../scoring/index.js';
import { Gender } from '../../../../scoring/index.js';
import { LEGAL_GROUNDS, localName, needsOffered, type Beneficiary, type Programme } from '../../../domain/index.js';
import { listAll } from '../../../store/paging.js';
import { sourceLabel } from '../referral-sources.js';
import { ValidationError } from '../../../errors/validation-error.js';
import { availabilityFieldset, hoursField, readAvailability, SLOT_FIELD } from '../../availability.js';
import { CSRF_FIELD } from '../../csrf.js';
import { formAction } from '../../form-action.js';
import { capitalise } from '../../format.js';
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
} from '../../forms.js';
import { attrs, html } from '../../html.js';
import { sendStaff, type StaffPage } from '../../layout.js';
import { Intake } from '../../../domain/requests.js';
import { readPlace } from '../../places.js';
import { DISTANCES, PRIVACY_VERSION, SPOKEN } from '../signup.js';

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
  gender: 'gender',
  'preferences.volunteerGender': 'volunteerGender',
  'preferences.maxDistanceKm': 'maxDistanceKm',
  'preferences.note': 'note',
  referral: 'referral',
  'referral.sourceId': 'referralSource',
  programmeIds: 'programmes',
  consent: 'consent',
  legalBasis: 'legalBasis',
  'legalBasis.ground': 'legalBasis',
};

/** Genders a person may record for themselves (optional: the waits by group read it). */
const GENDERS = Gender.options;

async function intakeForm(p: StaffPage, programmes: Programme[], form: FormState): Promise<void> {
  const sources = (await listAll(p.deps.store.referralSources, p.caller.orgId, { status: 'active' })).sort((a, b) =>
    localName(a.name, p.locale).text.localeCompare(localName(b.name, p.locale).text, p.locale),
  );
  const { t, locale, caller } = p;
  const open = programmes.filter((prog) => prog.status === 'open');
  const members = Array.from({ length: MEMBER_ROWS }, (_, i) => i + 1);
  sendStaff(p, {
    title: t('intake.title'),
    status: Object.keys(form.errors).length ? 400 : 200,
    here: '/app/beneficiaries/new',
    main: html`<p class="crumbs"><a href="/app/beneficiaries">${t('waiting.title')}</a></p>
<h1>${t('intake.title')}</h1>
${errorSummary(form, t('form.errorsTitle'))}
<form method="post" action="/app/beneficiaries/new" class="form" novalidate>
  ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('key', one(form.values, 'key') || `web-${randomUUID()}`)}
  <section class="section"><h2>${t('intake.who')}</h2>
    ${choices({ name: 'kind', label: t('intake.kind'), form, kind: 'radio', choices: (['person', 'household'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) })) })}
    ${input({ name: 'firstName', label: t('intake.firstName'), form, required: true, maxlength: 200 })}
    ${input({ name: 'lastName', label: t('intake.lastName'), hint: t('form.optional'), form, maxlength: 200 })}
    ${input({ name: 'age', label: t('intake.age'), hint: t('intake.ageHint'), form, type: 'number', min: 0, max: 130, size: 'short' })}
    ${select({ name: 'gender', label: t('intake.gender'), hint: t('intake.genderHint'), form, blank: t('intake.genderUnsaid'), choices: GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) })) })}
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
    ${choices({ name: 'programmes', label: t('intake.programmes'), form, choices: open.map((prog) => ({ value: prog.id, label: prog.name[locale] })) })}
    ${choices({ name: 'needs', label: t('intake.needs'), hint: t('intake.needsHint'), form, columns: true, choices: needsOffered(open).map((s) => ({ value: s, label: capitalise(skillLabel(s, locale), locale) })) })}
    ${choices({ name: 'languages', label: t('intake.languages'), form, columns: true, choices: SPOKEN.map((l) => ({ value: l, label: capitalise(languageName(l, locale), locale) })) })}
    ${availabilityFieldset(t, form, t('intake.availability'))}
  </section>
  <section class="section"><h2>${t('intake.preferences')}</h2>
    ${choices({ name: 'volunteerGender', label: t('intake.volunteerGender'), hint: t('intake.volunteerGenderHint'), form, choices: (['female', 'male', 'other'] as const).map((g) => ({ value: g, label: t(`gender.${g}`) })) })}
    ${select({ name: 'maxDistanceKm', label: t('intake.maxDistance'), form, blank: t('intake.programmeDistance'), choices: DISTANCES.map((d) => ({ value: String(d), label: t('signup.km', { count: d }) })) })}
    ${textarea({ name: 'note', label: t('intake.note'), hint: t('intake.noteHint'), form, maxlength: 4000 })}
    ${sources.length > 0 && select({ name: 'referralSource', label: t('intake.referralSource'), form, blank: t('intake.noReferralSource'), choices: sources.map((src) => ({ value: src.id, label: sourceLabel(src, locale) })) })}
    ${input({ name: 'referral', label: t(sources.length ? 'intake.referralOther' : 'intake.referral'), hint: t('form.optional'), form, maxlength: 200 })}
    ${choices({ name: 'legalBasis', label: t('intake.legalBasis'), hint: t('intake.legalBasisHint'), form, kind: 'radio', choices: LEGAL_GROUNDS.map((g) => ({ value: g, label: t(`intake.ground.${g}`) })) })}
    ${checkbox({ name: 'consent', label: t('intake.consent', { version: PRIVACY_VERSION }), form })}
  </section>
  <div class="actions"><button type="submit" class="button">${t('intake.submit')}</button></div>
</form>`,
  });
}

export async function intakePage(p: StaffPage): Promise<void> {
  const programmes = await programmesOf(p);
  const open = programmes.filter((prog) => prog.status === 'open');
  await intakeForm(
    p,
    programmes,
    emptyForm({
      kind: 'person',
      languages: [p.locale],
      programmes: open.length === 1 ? [open[0]!.id] : [],
      legalBasis: 'consent',
    }),
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
    legalBasis: text('legalBasis') ? { ground: text('legalBasis') } : undefined,
    members: kind === 'household' ? members : [],
    needs: many(values, 'needs'),
    languages: many(values, 'languages'),
    availability: slots,
    place,
    age: int('age'),
    gender: text('gender'),
    preferences: {
      volunteerGender: many(values, 'volunteerGender').length ? many(values, 'volunteerGender') : undefined,
      maxDistanceKm: maxDistance,
      note: text('note'),
    },
    referral:
      text('referral') || text('referralSource')
        ? { sourceId: text('referralSource'), partner: text('referral') }
        : undefined,
    programmeIds: many(values, 'programmes'),
  };
  return { body, problems, places };
}

export async function createBeneficiary(p: StaffPage): Promise<void> {
  const { deps, req, t, locale } = p;
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
  if (Object.keys(errors).length) return await intakeForm(p, programmes, { values, errors });
  // The form's key: sent twice (a double click, a reload), it takes the person in once.
  const key = one(values, 'key');
  await formAction<Beneficiary>(p, {
    method: 'post',
    path: '/beneficiaries',
    body,
    ...(key && { headers: { 'idempotency-key': key } }),
    done: (created) => `/app/beneficiaries/${created.id}?done=created`,
    again: (form) => intakeForm(p, programmes, form),
    invalid: { paths: INTAKE_PATHS, message, fallback: 'firstName' },
  });
}
