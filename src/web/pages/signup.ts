/**
 * The public sign-up of volunteers: choose an organisation, fill in one form (it works as a
 * plain form post; the script only adds place suggestions), then open the link sent by e-mail.
 * The form is checked with the API's own sign-up schema and sent through the API's operation;
 * a honeypot field, a rate limit, a CSRF token and the e-mail link keep robots out.
 */
import { KNOWN_SKILLS, languageName, skillLabel, type Locale } from '../../../scoring/index.js';
import type { WebDeps } from '../operations.js';
import { SignUp } from '../../domain/requests.js';
import { localName, type Organisation, type Programme } from '../../domain/index.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { listAll } from '../../store/paging.js';
import { availabilityFieldset, hoursField, readAvailability, SLOT_FIELD } from '../availability.js';
import { anonymousToken, anonymousTokenValid, CSRF_FIELD } from '../csrf.js';
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
  type FormState,
} from '../forms.js';
import { capitalise, nameText, regionText } from '../format.js';
import { attrs, html } from '../html.js';
import { send, type Page } from '../layout.js';
import { perform } from '../operations.js';
import { readPlace } from '../places.js';

/** The version of the privacy text in locales/*.json (`privacy`); bump it whenever that text changes. */
export const PRIVACY_VERSION = 'privacy-2026-01';

/** Languages offered as boxes to tick: the programmes' most common, then others often met. */
export const SPOKEN = [
  'fr',
  'nl',
  'en',
  'de',
  'ar',
  'es',
  'it',
  'pt',
  'pl',
  'ro',
  'tr',
  'ru',
  'uk',
  'fa',
  'ps',
  'so',
  'ti',
  'ln',
] as const;

export const DISTANCES = [1, 2, 3, 5, 10, 15, 25] as const;

export const HONEYPOT = 'website';

/** Who signs up: a person, a household volunteering together, or a youth-movement section. */
const KINDS = ['person', 'household', 'section'] as const;
/** Rows for a household's members on the form. */
const MEMBERS = [1, 2, 3, 4];
/** Children a section may take in at once. */
export const MAX_SECTION_PLACES = 30;

/** Where each part of the sign-up schema is entered on the form. */
const FIELD_OF_PATH: Record<string, string> = {
  'contact.firstName': 'firstName',
  'contact.lastName': 'lastName',
  'contact.email': 'email',
  'contact.phone': 'phone',
  place: 'municipality',
  'place.postcode': 'postcode',
  maxDistanceKm: 'maxDistanceKm',
  languages: 'languages',
  skills: 'skills',
  availability: SLOT_FIELD,
  capacity: 'capacity',
  groupName: 'householdName',
  members: 'memberAge1',
  ageRange: 'ageMin',
  programmes: 'programmes',
  consent: 'consent',
  gender: 'gender',
};

/** The services a programme asks for: what its waiting beneficiaries need, known ones first. */
const SERVICES_TTL_MS = 5 * 60_000;
const servicesCache = new Map<string, { at: number; skills: string[] }>();

async function servicesOf(deps: WebDeps, orgId: string): Promise<string[]> {
  const now = deps.clock.now().getTime();
  const cached = servicesCache.get(orgId);
  if (cached && now - cached.at < SERVICES_TTL_MS) return cached.skills;
  const needed = new Set<string>();
  for (const b of await listAll(deps.store.beneficiaries, orgId, { status: 'active' }))
    for (const n of b.needs) needed.add(n);
  const known = KNOWN_SKILLS.filter((s) => needed.has(s));
  const skills = needed.size
    ? [...known, ...[...needed].filter((s) => !KNOWN_SKILLS.includes(s)).sort()]
    : [...KNOWN_SKILLS];
  servicesCache.set(orgId, { at: now, skills });
  return skills;
}

async function openProgrammes(deps: WebDeps, orgId: string): Promise<Programme[]> {
  return (await listAll(deps.store.programmes, orgId, { status: 'open' })).sort((a, b) => a.slug.localeCompare(b.slug));
}

/** `/signup`: the organisations taking volunteers (straight to the form when there is one). */
export async function chooseOrganisation(p: Page): Promise<void> {
  const { deps, t, locale, res } = p;
  const offers: { org: Organisation; programmes: Programme[] }[] = [];
  for (const org of (await deps.store.organisations.listAll()).sort((a, b) =>
    localName(a.name, locale).text.localeCompare(localName(b.name, locale).text),
  )) {
    const programmes = await openProgrammes(deps, org.id);
    if (programmes.length) offers.push({ org, programmes });
  }
  if (offers.length === 1) return res.redirect(303, `/signup/${offers[0]!.org.slug}`);
  send(p, {
    title: t('signup.chooseTitle'),
    main: html`<h1>${t('signup.chooseTitle')}</h1>
<p class="lead">${t('signup.chooseLead')}</p>
<ul class="cards">
${offers.map(
  ({ org, programmes }) => html`<li class="card">
  <h2><a href="/signup/${org.slug}">${nameText(org.name, locale)}</a></h2>
  ${programmes.map((prog) => html`<p><strong>${prog.name[locale]}</strong>${prog.description && html` — ${prog.description[locale]}`}</p>`)}
  <p class="region">${[...new Set(programmes.flatMap((prog) => prog.regions.map((r) => regionText(r, locale))))].join(' · ')}</p>
</li>`,
)}
</ul>`,
  });
}

async function organisationOf(deps: WebDeps, slug: string): Promise<{ org: Organisation; programmes: Programme[] }> {
  const org = /^[a-z0-9-]{1,50}$/.test(slug) ? await deps.store.organisations.findBySlug(slug) : null;
  const programmes = org ? await openProgrammes(deps, org.id) : [];
  if (!org || programmes.length === 0) throw new NotFoundError('organisation', slug);
  return { org, programmes };
}

interface FormPage {
  org: Organisation;
  programmes: Programme[];
  skills: string[];
  form: FormState;
  token: string;
  banner?: string;
  status?: number;
}

function renderForm(p: Page, f: FormPage): void {
  const { t, locale } = p;
  const { org, programmes, form } = f;
  const here = `/signup/${org.slug}`;
  const privacy = p.t('privacy.paragraphs', {
    returnObjects: true,
    org: nameText(org.name, locale),
  }) as unknown as string[];
  const main = html`<h1>${t('signup.title', { org: nameText(org.name, locale) })}</h1>
<p class="lead">${t('signup.lead')}</p>
${f.banner && html`<div class="notice notice--warn" role="alert"><p>${f.banner}</p></div>`}
${errorSummary(form, t('form.errorsTitle'))}
<form method="post" action="${here}?lang=${locale}" class="form" novalidate${attrs({ 'data-need-skills': t('signup.errors.skills'), 'data-need-slots': t('signup.errors.slots') })}>
  ${hidden(CSRF_FIELD, f.token)}
  <div class="hp" aria-hidden="true">
    <label for="f-${HONEYPOT}">${t('signup.honeypot')}</label>
    <input type="text" id="f-${HONEYPOT}" name="${HONEYPOT}" tabindex="-1" autocomplete="off">
  </div>

  <section class="section" aria-labelledby="s-you">
    <h2 id="s-you">${t('signup.you')}</h2>
    ${input({ name: 'firstName', label: t('signup.firstName'), form, required: true, autocomplete: 'given-name', maxlength: 200 })}
    ${input({ name: 'lastName', label: t('signup.lastName'), hint: t('form.optional'), form, autocomplete: 'family-name', maxlength: 200 })}
    ${input({ name: 'email', label: t('signup.email'), hint: t('signup.emailHint'), form, type: 'email', required: true, autocomplete: 'email', maxlength: 254 })}
    ${input({ name: 'phone', label: t('signup.phone'), hint: t('form.optional'), form, type: 'tel', autocomplete: 'tel', maxlength: 20, size: 'medium' })}
    ${select({ name: 'gender', label: t('signup.gender'), hint: t('signup.genderHint'), form, blank: t('signup.genderNone'), choices: (['female', 'male', 'other'] as const).map((g) => ({ value: g, label: t(`gender.${g}`) })) })}
  </section>

  <section class="section" aria-labelledby="s-who">
    <h2 id="s-who">${t('signup.who')}</h2>
    ${choices({ name: 'kind', label: t('signup.kindLabel'), form, kind: 'radio', choices: KINDS.map((k) => ({ value: k, label: t(`signup.kinds.${k}`) })) })}
    <details class="group"${attrs({ open: one(form.values, 'kind') === 'household' || Boolean(form.errors.householdName || form.errors.memberAge1) })}><summary>${t('signup.household')}</summary>
      <p class="hint">${t('signup.householdHint')}</p>
      ${input({ name: 'householdName', label: t('signup.householdName'), form, maxlength: 200 })}
      ${MEMBERS.map((i) => html`<div class="row">${input({ name: `memberName${i}`, label: t('signup.memberName', { n: i }), form, maxlength: 200 })}${input({ name: `memberAge${i}`, label: t('signup.memberAge', { n: i }), form, type: 'number', min: 0, max: 130, size: 'short' })}</div>`)}
    </details>
    <details class="group"${attrs({ open: one(form.values, 'kind') === 'section' || Boolean(form.errors.sectionName || form.errors.ageMin || form.errors.sectionPlaces) })}><summary>${t('signup.section')}</summary>
      <p class="hint">${t('signup.sectionHint')}</p>
      ${input({ name: 'sectionName', label: t('signup.sectionName'), form, maxlength: 200 })}
      <div class="row">${input({ name: 'ageMin', label: t('signup.ageMin'), form, type: 'number', min: 0, max: 130, size: 'short' })}${input({ name: 'ageMax', label: t('signup.ageMax'), form, type: 'number', min: 0, max: 130, size: 'short' })}</div>
      ${input({ name: 'sectionPlaces', label: t('signup.sectionPlaces'), hint: t('signup.sectionPlacesHint'), form, type: 'number', min: 1, max: MAX_SECTION_PLACES, size: 'short' })}
    </details>
  </section>

  <section class="section" aria-labelledby="s-where">
    <h2 id="s-where">${t('signup.where')}</h2>
    ${input({ name: 'municipality', label: t('place.municipality'), hint: t('place.hint'), form, required: true, autocomplete: 'address-level2', list: 'places', maxlength: 100 })}
    <datalist id="places" data-source="/places"></datalist>
    ${input({ name: 'postcode', label: t('place.postcode'), hint: t('form.optional'), form, inputmode: 'numeric', pattern: '[0-9]{4}', maxlength: 4, autocomplete: 'postal-code', size: 'short' })}
    ${select({ name: 'maxDistanceKm', label: t('signup.distance'), form, choices: DISTANCES.map((d) => ({ value: String(d), label: t('signup.km', { count: d }) })) })}
  </section>

  <section class="section" aria-labelledby="s-what">
    <h2 id="s-what">${t('signup.what')}</h2>
    ${choices({ name: 'languages', label: t('signup.languages'), hint: t('signup.languagesHint'), form, columns: true, choices: SPOKEN.map((l) => ({ value: l, label: capitalise(languageName(l, locale), locale) })) })}
    ${choices({ name: 'skills', label: t('signup.skills'), hint: t('signup.skillsHint'), form, columns: true, choices: f.skills.map((s) => ({ value: s, label: capitalise(skillLabel(s, locale), locale) })) })}
  </section>

  <section class="section" aria-labelledby="s-when">
    <h2 id="s-when">${t('signup.when')}</h2>
    ${availabilityFieldset(t, form, t('signup.availability'))}
    ${select({ name: 'capacity', label: t('signup.capacity'), hint: t('signup.capacityHint'), form, choices: [1, 2, 3].map((n) => ({ value: String(n), label: t('signup.people', { count: n }) })) })}
  </section>

  <section class="section" aria-labelledby="s-programmes">
    <h2 id="s-programmes">${t('signup.programmes')}</h2>
    ${choices({
      name: 'programmes',
      label: t('signup.programmesLegend'),
      form,
      choices: programmes.map((prog) => ({
        value: prog.slug,
        label: `${prog.name[locale]}${prog.description ? ` — ${prog.description[locale]}` : ''}`,
      })),
    })}
  </section>

  <section class="section" aria-labelledby="s-privacy">
    <h2 id="s-privacy">${t('privacy.title')}</h2>
    <div class="privacy" id="privacy-text">${privacy.map((para) => html`<p>${para}</p>`)}<p class="hint">${t('privacy.version', { version: PRIVACY_VERSION })}</p></div>
    ${checkbox({ name: 'consent', label: t('signup.consent'), form, required: true })}
  </section>

  <div class="actions"><button type="submit" class="button">${t('signup.submit')}</button></div>
</form>`;
  send(p, {
    title: t('signup.title', { org: nameText(org.name, locale) }),
    main,
    here,
    status: f.status ?? (Object.keys(form.errors).length ? 400 : 200),
  });
}

/** Defaults of a blank form: one programme ticked when there is only one, 5 km, one person. */
function blankForm(programmes: Programme[], locale: Locale): FormState {
  return emptyForm({
    kind: 'person',
    maxDistanceKm: '5',
    capacity: '1',
    languages: [locale],
    programmes: programmes.length === 1 ? [programmes[0]!.slug] : [],
  });
}

export async function showForm(p: Page, secret: string): Promise<void> {
  const { org, programmes } = await organisationOf(p.deps, String(p.req.params.org));
  renderForm(p, {
    org,
    programmes,
    skills: await servicesOf(p.deps, org.id),
    form: blankForm(programmes, p.locale),
    token: anonymousToken(secret, p.req, p.res),
  });
}

/**
 * What the form describes, as the sign-up schema takes it, and what the form itself found wrong
 * (field → message key under `signup.errors`), with the places to choose from for an unclear one.
 */
export function signUpBody(
  values: FormState['values'],
  org: Organisation,
  locale: Locale,
): { body: Record<string, unknown>; problems: Record<string, string>; places: string[] } {
  const problems: Record<string, string> = {};
  const text = (name: string) => one(values, name) || undefined;
  const { place, problem, places } = readPlace(one(values, 'municipality'), one(values, 'postcode'), locale);
  if (problem) problems.municipality = problem;
  const { slots, badDay } = readAvailability(values);
  if (badDay) problems[hoursField(badDay)] = 'hours';
  const int = (name: string) => (text(name) === undefined ? undefined : Number(text(name)));
  const kind = (KINDS as readonly string[]).includes(one(values, 'kind')) ? one(values, 'kind') : 'person';
  const members = MEMBERS.filter((i) => text(`memberName${i}`) || text(`memberAge${i}`)).map((i) => ({
    ...(text(`memberName${i}`) && { firstName: text(`memberName${i}`) }),
    age: int(`memberAge${i}`),
    languages: [],
  }));
  if (kind === 'household' && !members.length) problems.memberAge1 = 'members';
  const ageRange = { min: int('ageMin'), max: int('ageMax') };
  if (kind === 'section' && (ageRange.min === undefined || ageRange.max === undefined)) problems.ageMin = 'ageRange';
  const group =
    kind === 'household'
      ? { groupName: text('householdName'), members }
      : kind === 'section'
        ? { groupName: text('sectionName'), ageRange, capacity: int('sectionPlaces') ?? 1 }
        : {};
  const body = {
    organisation: org.slug,
    programmes: many(values, 'programmes'),
    locale,
    consent: { accepted: one(values, 'consent') === 'yes', textVersion: PRIVACY_VERSION },
    kind,
    contact: {
      firstName: one(values, 'firstName'),
      lastName: text('lastName'),
      email: one(values, 'email'),
      phone: text('phone'),
    },
    languages: many(values, 'languages'),
    skills: many(values, 'skills'),
    availability: slots,
    place,
    maxDistanceKm: Number(one(values, 'maxDistanceKm')),
    capacity: Number(one(values, 'capacity')),
    gender: text('gender'),
    ...group,
  };
  return { body, problems, places };
}

export async function submitForm(p: Page, secret: string): Promise<void> {
  const { deps, req, res, t, locale } = p;
  const { org, programmes } = await organisationOf(deps, String(req.params.org));
  const values = (req.body ?? {}) as FormState['values'];
  const again = async (form: FormState, extra: { banner?: string; status?: number } = {}) =>
    renderForm(p, {
      org,
      programmes,
      skills: await servicesOf(deps, org.id),
      form,
      token: anonymousToken(secret, req, res),
      ...extra,
    });

  if (res.locals.rateLimited) return again(emptyForm(values), { banner: t('form.tooMany'), status: 429 });
  if (!anonymousTokenValid(secret, req)) return again(emptyForm(values), { banner: t('form.expired'), status: 403 });
  // Robots fill every field; people never see this one. They get the same answer as a person.
  if (one(values, HONEYPOT)) {
    req.log.warn({ event: 'signup.honeypot' }, 'honeypot filled');
    return res.redirect(303, `/signup/${org.slug}/sent`);
  }

  const { body, problems, places } = signUpBody(values, org, locale);
  const message = (field: string) => t(`signup.errors.${field}`);
  const errors: Record<string, string> = {};
  for (const [field, key] of Object.entries(problems))
    errors[field] = t(`signup.errors.${key}`, { places: places.join(' · ') });
  const checked = SignUp.safeParse(body);
  if (!checked.success) {
    for (const [field, msg] of Object.entries(
      errorsFrom(ValidationError.fromZod(checked.error).issues, FIELD_OF_PATH, message, 'form'),
    ))
      errors[field] ??= msg;
  }
  if (Object.keys(errors).length) return again({ values, errors });
  try {
    await perform(deps, req, res, locale, 'post', '/volunteers', { body });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return again({ values, errors: errorsFrom(err.issues, FIELD_OF_PATH, message, 'form') });
  }
  res.redirect(303, `/signup/${org.slug}/sent`);
}

export async function sent(p: Page): Promise<void> {
  const { t, locale } = p;
  const { org } = await organisationOf(p.deps, String(p.req.params.org));
  send(p, {
    title: t('signup.sentTitle'),
    main: html`<div class="panel panel--ok">
<h1>${t('signup.sentTitle')}</h1>
<p class="lead">${t('signup.sentLead', { org: nameText(org.name, locale) })}</p>
<p>${t('signup.sentSpam')}</p>
</div>`,
  });
}

/** The page behind the e-mail's link (a browser asking for HTML; the API answers JSON to others). */
export async function confirmEmail(p: Page): Promise<void> {
  const { deps, req, res, t, locale } = p;
  // The link's token stays out of the language switch's links (and so out of any Referer).
  const here = '/signup';
  try {
    await perform(deps, req, res, locale, 'get', '/volunteers/confirm/{token}', {
      params: { token: req.params.token },
    });
  } catch (err) {
    if (!(err instanceof NotFoundError) && !(err instanceof ValidationError)) throw err;
    return send(p, {
      title: t('confirm.badTitle'),
      status: 404,
      here,
      main: html`<div class="panel panel--warn"><h1>${t('confirm.badTitle')}</h1><p class="lead">${t('confirm.badLead')}</p><p><a href="/signup">${t('confirm.again')}</a></p></div>`,
    });
  }
  send(p, {
    title: t('confirm.okTitle'),
    here,
    main: html`<div class="panel panel--ok"><h1>${t('confirm.okTitle')}</h1><p class="lead">${t('confirm.okLead')}</p><p>${t('confirm.next')}</p></div>`,
  });
}
