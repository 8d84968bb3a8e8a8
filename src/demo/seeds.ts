/**
 * The demo loader: the seed programmes (seeds/<slug>.match.json, the `tandem rank` input, and
 * seeds/<slug>.profile.json, the programme's metadata and each person's personal details by id)
 * into a store, with one demo organisation per programme and its staff (admin@, coordinator@,
 * mediator@<slug>.example). Ids and times derive from the files, and records already there are
 * left alone, so a second run changes nothing. `npm run seed` (seeds/load.ts) and `npm start` on
 * an empty embedded store call it; the files are read at run time, never imported.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  Gender,
  RankInput,
  type Beneficiary as ScoredBeneficiary,
  type Volunteer as ScoredVolunteer,
} from '../../scoring/index.js';
import type {
  Beneficiary,
  Contact,
  HouseholdMember,
  Organisation,
  ReferralSource,
  StaffUser,
  Volunteer,
} from '../domain/index.js';
import { Name as PlaceName, Programme, ROLES } from '../domain/index.js';
import { ValidationError } from '../errors/validation-error.js';
import { HistoryFile, historyPeople, historyTandems, insertHistoryTandems } from './history.js';
import { generatePassword, hashPassword } from '../services/password.js';
import { placeFields, resolvePlace, type PlaceMatch } from '../domain/places.js';
import type { Records, Store } from '../store/ports.js';

const Name = z.object({ firstName: z.string(), lastName: z.string().optional() });
const Member = z.object({ firstName: z.string().optional(), age: z.number(), languages: z.array(z.string()) });

/** What the loader reads of a profile; fields it does not use are let through, not refused. */
const Profile = z.object({
  programme: z.object({
    slug: z.string(),
    kind: z.string(),
    name: z.object({ fr: z.string(), nl: z.string(), en: z.string() }),
    description: z.object({ fr: z.string(), nl: z.string(), en: z.string() }).optional(),
    expectedDurationMonths: z.number(),
    meetingRhythm: z.string(),
    lapseWindowDays: z.number(),
    servesMinors: z.boolean(),
    regions: z.array(PlaceName),
    /** Programme settings beyond the matching (checked as the domain checks a programme). */
    settings: Programme.pick({
      manualPairApproval: true,
      notifyContactPerson: true,
      intensity: true,
      stages: true,
    }).optional(),
  }),
  volunteers: z.record(
    z.string(),
    z.object({
      kind: z.enum(['person', 'household', 'section']),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      contact: Name.optional(),
      leader: Name.optional(),
      householdName: z.string().optional(),
      name: z.string().optional(),
      members: z.array(Member).optional(),
      email: z.string().optional(),
      phone: z.string().optional(),
      municipality: z.string(),
      consentVersion: z.string(),
    }),
  ),
  beneficiaries: z.record(
    z.string(),
    z.object({
      kind: z.enum(['person', 'household']),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      contact: Name.optional(),
      guardian: Name.optional(),
      householdName: z.string().optional(),
      members: z.array(Member).optional(),
      email: z.string().optional(),
      phone: z.string().optional(),
      municipality: z.string(),
      consentVersion: z.string(),
      referral: z.string().optional(),
      gender: Gender.optional(),
    }),
  ),
});
type Profile = z.infer<typeof Profile>;

export interface SeedProgramme {
  slug: string;
  match: RankInput;
  profile: Profile;
  /** The programme's past two years (seeds/<slug>.history.json), when there is one. */
  history?: HistoryFile;
}

export interface SeedReport {
  organisations: string[];
  created: number;
  unchanged: number;
  /** The demo staff password, when this run generated it (it is shown once). */
  generatedPassword?: string;
}

/** Reads and checks every seeds/<slug>.{match,profile}.json pair of a folder, and each programme's history. */
export async function readSeeds(dir: string): Promise<SeedProgramme[]> {
  const slugs = (await readdir(dir))
    .filter((f) => f.endsWith('.profile.json'))
    .map((f) => f.slice(0, -'.profile.json'.length))
    .sort();
  return Promise.all(
    slugs.map(async (slug) => {
      const match = parse(RankInput, await readFile(join(dir, `${slug}.match.json`), 'utf8'), `${slug}.match.json`);
      const profile = parse(Profile, await readFile(join(dir, `${slug}.profile.json`), 'utf8'), `${slug}.profile.json`);
      const historyText = await readFile(join(dir, `${slug}.history.json`), 'utf8').catch(
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return undefined;
          throw err;
        },
      );
      const history = historyText === undefined ? undefined : parse(HistoryFile, historyText, `${slug}.history.json`);
      return { slug, match, profile, ...(history && { history }) };
    }),
  );
}

function parse<S extends z.ZodType>(schema: S, text: string, file: string): z.infer<S> {
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) throw ValidationError.fromZod(result.error, [file]);
  return result.data;
}

/** Loads the seeds into a store; `password` is the demo staff's, generated when not given and needed. */
export async function loadSeeds(store: Store, seeds: SeedProgramme[], password?: string): Promise<SeedReport> {
  const report: SeedReport = { organisations: [], created: 0, unchanged: 0 };
  let hash: string | undefined;
  const staffHash = async () => {
    if (!hash) {
      if (!password) password = report.generatedPassword = generatePassword();
      hash = await hashPassword(password);
    }
    return hash;
  };
  const put = <T extends { id: string; orgId: string; version: number }>(
    repo: Records<T>,
    record: T | (() => Promise<T>),
    id: string,
    orgId: string,
  ) => putOnce(report, repo, record, id, orgId);

  for (const { slug, match, profile, history } of seeds) {
    const records = seedRecords(slug, match, profile);
    const { organisation: org } = records;
    report.organisations.push(slug);
    await put(store.organisations, org, org.id, org.id);
    await put(store.programmes, records.programme, records.programme.id, org.id);
    for (const role of ROLES) {
      const id = `usr_${slug}_${role}`;
      const email = `${role}@${slug}.example`;
      // Staff are also known by e-mail across organisations: one already there under another id is left alone.
      if (await store.staff.findByEmail(email)) report.unchanged++;
      else
        await put(
          store.staff,
          async (): Promise<StaffUser> => ({
            ...meta(id, org.id, org.createdAt.slice(0, 10)),
            email,
            name: `Demo ${role}`,
            role,
            passwordHash: await staffHash(),
            status: 'active',
          }),
          id,
          org.id,
        );
    }
    for (const v of records.volunteers) await put(store.volunteers, v, v.id, org.id);
    for (const r of records.referralSources) await put(store.referralSources, r, r.id, org.id);
    for (const b of records.beneficiaries) await put(store.beneficiaries, b, b.id, org.id);
    if (history) await loadHistory(store, report, slug, match, profile, history, records);
  }
  return report;
}

/** Inserts a record unless one with its id is there (then counted as unchanged): what makes a second load change nothing. */
async function putOnce<T extends { id: string; orgId: string; version: number }>(
  report: SeedReport,
  repo: Records<T>,
  record: T | (() => Promise<T>),
  id: string,
  orgId: string,
): Promise<void> {
  if (await repo.find(orgId, id)) return void report.unchanged++;
  await repo.insert(typeof record === 'function' ? await record() : record);
  report.created++;
}

/** The programme's past two years: its past beneficiaries, mapped as the seed's own, then their tandems. */
async function loadHistory(
  store: Store,
  report: SeedReport,
  slug: string,
  match: RankInput,
  profile: Profile,
  history: HistoryFile,
  records: ReturnType<typeof seedRecords>,
): Promise<void> {
  const { organisation: org, programme } = records;
  const people = historyPeople(history);
  const details = parse(Profile.shape.beneficiaries, JSON.stringify(people.details), `${slug}.history.json`);
  const past = seedRecords(slug, { ...match, beneficiaries: people.scored }, { ...profile, beneficiaries: details });
  for (const b of past.beneficiaries) {
    const status = history.beneficiaries[b.id.slice(`ben_${slug}_`.length)]!.status;
    await putOnce(report, store.beneficiaries, { ...b, status }, b.id, org.id);
  }
  const tandems = historyTandems(history, org.id, programme.id, {
    volunteer: (id) => `vol_${slug}_${id}`,
    beneficiary: (id) => `ben_${slug}_${id}`,
    mediator: `usr_${slug}_mediator`,
  });
  await insertHistoryTandems(store, programme, tandems, new Map(records.volunteers.map((v) => [v.id, v])), report);
}

const meta = (id: string, orgId: string, day: string) => {
  const at = `${day}T09:00:00.000Z`;
  return { id, orgId, version: 1, createdAt: at, updatedAt: at };
};

const daysBefore = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** The domain records one programme's seed files describe. */
export function seedRecords(slug: string, match: RankInput, profile: Profile) {
  const p = profile.programme;
  // Times derive from the instance's reference date, so every run writes the same records.
  const day = match.referenceDate ?? '2026-01-01';
  const orgId = `org_${slug}`;
  const programmeId = `prg_${slug}`;
  const volunteerId = (id: string) => `vol_${slug}_${id}`;
  const beneficiaryId = (id: string) => `ben_${slug}_${id}`;
  const consentAt = `${daysBefore(day, 60)}T09:00:00.000Z`;
  const contact = (
    field: string,
    name: z.infer<typeof Name> | undefined,
    person: { firstName?: string; lastName?: string; email?: string; phone?: string },
  ): Contact => {
    const firstName = name?.firstName ?? person.firstName;
    const lastName = name?.lastName ?? person.lastName;
    if (!firstName)
      throw new ValidationError([{ field: `${slug}.profile.json.${field}`, message: 'names no one to contact' }]);
    return {
      firstName,
      ...(lastName && { lastName }),
      ...(person.email && { email: person.email.toLowerCase() }),
      ...(person.phone && { phone: person.phone }),
    };
  };
  const members = (list: z.infer<typeof Member>[] | undefined): HouseholdMember[] =>
    (list ?? []).map((m) => ({ ...(m.firstName && { firstName: m.firstName }), age: m.age, languages: m.languages }));
  // The demo names places as people do; stored with the municipality's code, pages name it in the reader's language.
  // A name two places share (Saint-Nicolas) is the one nearest the person.
  const place = (municipality: string, location: { lat: number; lon: number }) => {
    const r = resolvePlace(municipality);
    const away = (m: PlaceMatch) => (m.lat - location.lat) ** 2 + (m.lon - location.lon) ** 2;
    const found = r.found ?? r.choices.sort((a, b) => away(a) - away(b))[0];
    return { ...(found ? placeFields(found) : { municipality }), location };
  };
  const details = <T>(all: Record<string, T>, id: string, file: string): T => {
    const found = all[id];
    if (!found)
      throw new ValidationError([
        { field: `${slug}.profile.json.${file}.${id}`, message: 'missing: the match file names this person' },
      ]);
    return found;
  };

  const organisation: Organisation = {
    ...meta(orgId, orgId, day),
    slug,
    name: p.name,
    kind: p.kind === 'youth_work' ? 'youth_movement' : 'non_profit',
  };
  const programme: Programme = {
    ...meta(programmeId, orgId, day),
    slug,
    kind: p.kind,
    name: p.name,
    ...(p.description && { description: p.description }),
    rules: match.programme,
    expectedDurationMonths: p.expectedDurationMonths,
    meetingRhythm: parseRhythm(p.meetingRhythm, `${slug}.profile.json.programme.meetingRhythm`),
    lapseWindowDays: p.lapseWindowDays,
    regions: p.regions,
    servesMinors: p.servesMinors,
    status: 'open',
    ...p.settings,
  };
  const volunteers = match.volunteers.map((v: ScoredVolunteer): Volunteer => {
    const d = details(profile.volunteers, v.id, 'volunteers');
    const group = d.householdName ?? d.name;
    return {
      ...meta(volunteerId(v.id), orgId, day),
      kind: d.kind,
      ...(group && { groupName: group }),
      contact: contact(`volunteers.${v.id}`, d.contact ?? d.leader, d),
      ...(d.members && { members: members(d.members) }),
      consent: { textVersion: d.consentVersion, at: consentAt },
      languages: v.languages,
      skills: v.skills,
      availability: v.availability,
      place: place(d.municipality, v.location),
      maxDistanceKm: v.maxDistanceKm ?? match.programme.maxDistanceKm,
      capacity: v.capacity,
      ...(v.gender && { gender: v.gender }),
      ...(v.ageRange && { ageRange: v.ageRange }),
      programmeIds: [programmeId],
      status: 'active',
      // Demo volunteers are screened: interviewed by the programme's coordinator, trained, and
      // for programmes serving minors their certificate of good conduct was seen.
      screening: {
        interview: { date: daysBefore(day, 45), by: `usr_${slug}_coordinator` },
        training: { date: daysBefore(day, 30) },
        ...(p.servesMinors && { goodConductSeenOn: daysBefore(day, 40) }),
      },
    };
  });
  // The partners who referred people, as the organisation's referral sources: named in the
  // language of the municipality the first person they sent lives in.
  const sources = new Map<string, ReferralSource>();
  const referralSource = (partner: string, municipality: string): string => {
    let source = sources.get(partner);
    if (!source) {
      const found = resolvePlace(municipality);
      const language = (found.found ?? found.choices[0])?.municipality?.languages[0];
      source = {
        ...meta(`ref_${slug}_${sources.size + 1}`, orgId, day),
        name: { [language === 'nl' ? 'nl' : 'fr']: partner },
        status: 'active',
      };
      sources.set(partner, source);
    }
    return source.id;
  };
  const beneficiaries = match.beneficiaries.map((b: ScoredBeneficiary): Beneficiary => {
    const d = details(profile.beneficiaries, b.id, 'beneficiaries');
    return {
      ...meta(beneficiaryId(b.id), orgId, day),
      kind: d.kind,
      ...(d.householdName && { groupName: d.householdName }),
      contact: contact(`beneficiaries.${b.id}`, d.contact, d),
      ...(d.guardian && { guardian: contact(`beneficiaries.${b.id}.guardian`, d.guardian, {}) }),
      consent: { textVersion: d.consentVersion, at: consentAt },
      legalBasis: { ground: 'consent' },
      members: members(d.members),
      needs: b.needs,
      languages: b.languages,
      availability: b.availability,
      place: place(d.municipality, b.location),
      ...(b.age !== undefined && { age: b.age }),
      ...(d.gender && { gender: d.gender }),
      waitingSince: b.waitingSince ?? day,
      preferences: {
        ...(b.volunteerGender && { volunteerGender: b.volunteerGender }),
        ...(b.maxDistanceKm !== undefined && { maxDistanceKm: b.maxDistanceKm }),
      },
      excludedVolunteerIds: (b.excludedVolunteerIds ?? []).map(volunteerId),
      ...(d.referral && { referral: { sourceId: referralSource(d.referral, d.municipality) } }),
      programmeIds: [programmeId],
      status: 'active',
    };
  });
  return { organisation, programme, volunteers, beneficiaries, referralSources: [...sources.values()] };
}

const UNITS: Record<string, number> = { minute: 1, minutes: 1, hour: 60, hours: 60 };
const PERIODS: Record<string, Programme['meetingRhythm']['every']> = {
  'a week': 'week',
  'every week': 'week',
  'every two weeks': 'two_weeks',
  'a fortnight': 'two_weeks',
  'a month': 'month',
  'every month': 'month',
};

/** "2 hours a week", "90 minutes every two weeks"; anything after that is kept as the note. */
export function parseRhythm(text: string, field: string): Programme['meetingRhythm'] {
  const m =
    /^(\d+(?:\.\d+)?) (minutes?|hours?) (a week|every week|every two weeks|a fortnight|a month|every month)\b(.*)$/.exec(
      text.trim(),
    );
  if (!m)
    throw new ValidationError([{ field, message: 'must read like "2 hours a week" or "90 minutes every two weeks"' }]);
  const note = m[4]!
    .replace(/[()]/g, '')
    .replace(/^[\s,;:]+/, '')
    .trim();
  return { minutes: Math.round(Number(m[1]) * UNITS[m[2]!]!), every: PERIODS[m[3]!]!, ...(note && { note }) };
}
