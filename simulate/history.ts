/**
 * Two years of history for a demo programme, from the simulator: the seed's own volunteers take
 * newcomers over the two years before the seed's reference date, matched by tandem's plan, and what
 * became of each pair (first meetings, check-ins, lapses, closings with their outcomes,
 * rematches). Written to seeds/<slug>.history.json, which the demo loader reads: the statistics,
 * the survival curve, the waits by group and the suggested weights open on real shapes.
 *
 *   npm run build && node dist/simulate/history.js      rewrites the four files (deterministic)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Beneficiary, Breakdown } from '../scoring/index.js';
import { Random } from '../seeds/random.js';
import { uniform } from './behaviour.js';
import { dateOf, run, type Arrivals, type SimTandem } from './engine.js';
import { PARAMETERS, programmeParameters, type OutcomeCode, type Parameters } from './parameters.js';
import { Population, readSeedFiles, type SeedFiles } from './population.js';
import { calibrate, startDateOf } from './simulate.js';

type Side = 'volunteer' | 'beneficiary' | 'mediator';

export interface HistoryTandem {
  /** A seed volunteer's id (`v001`) and a past beneficiary's (`h001`). */
  volunteerId: string;
  beneficiaryId: string;
  proposedOn: string;
  score: number;
  criteria: Breakdown;
  status: 'proposed' | 'active' | 'declined' | 'lapsed' | 'closed';
  firstMeeting?: string;
  declined?: { on: string; by: Side };
  checkIns: { date: string; who: Side; mood: number }[];
  lapsedOn?: string;
  closed?: { on: string; outcome: OutcomeCode };
}

export interface HistoryBeneficiary {
  /** The scoring core's record (with `waitingSince`, the day they arrived). */
  scored: Beneficiary;
  /** Personal details in the profile's shape, invented from a seed person's (another family name). */
  details: Record<string, unknown>;
  status: 'active' | 'left';
}

export interface History {
  slug: string;
  about: string;
  from: string;
  to: string;
  beneficiaries: Record<string, HistoryBeneficiary>;
  tandems: HistoryTandem[];
}

/**
 * The demo's past: nobody leaves the seed's volunteer pool (they are the programme's volunteers
 * today), and two years of it, so that enough tandems have a result (6 months on, or ended) for
 * the suggested weights (learning.ts, MIN_TANDEMS) to show on a first start.
 */
const DEMO: Parameters = {
  ...PARAMETERS,
  weeks: { value: 104, assumption: 'the demo programmes have run for two years' },
  volunteerLeavesAfterEarlyEnd: { value: 0, assumption: 'the demo keeps its volunteers' },
  volunteerLeavesAfterCompletion: { value: 0, assumption: 'the demo keeps its volunteers' },
  volunteerIdleLeavesPerWeek: { value: 0, assumption: 'the demo keeps its volunteers' },
};

/** Check-ins about every four weeks, the news given by either side or seen by the mediator. */
const CHECK_IN_DAYS = 28;
const SIDES: readonly Side[] = ['volunteer', 'beneficiary', 'mediator'];

export function demoHistory(seed: SeedFiles): History {
  const population = new Population(seed);
  const programme = programmeParameters(seed.slug);
  const key = `demo/${seed.slug}`;
  const random = new Random(key);
  const weeks = DEMO.weeks.value;
  const arrivals: Arrivals = {
    key,
    volunteers: seed.match.volunteers.map((v) => ({
      id: v.id,
      day: -365,
      readyDay: 0,
      drawn: { scored: v, sourceId: v.id },
      initial: true,
    })),
    beneficiaries: [],
  };
  const rate = programme.beneficiariesPerYear.value;
  for (
    let day = (-Math.log(1 - random.float()) * 365) / rate;
    day < weeks * 7;
    day += (-Math.log(1 - random.float()) * 365) / rate
  ) {
    const id = `h${String(arrivals.beneficiaries.length + 1).padStart(3, '0')}`;
    arrivals.beneficiaries.push({
      id,
      day: Math.floor(day),
      drawn: population.beneficiary(id, random),
      initial: false,
    });
  }
  const startDate = startDateOf(seed, DEMO);
  const h = run({
    population,
    programme,
    parameters: DEMO,
    behaviour: calibrate(seed, DEMO),
    arrivals,
    policy: 'plan',
    startDate,
  });
  const on = (day: number) => dateOf(startDate, day);
  const today = h.horizonDay;

  const familyNames = familyNamesByLanguage(seed);
  const beneficiaries: Record<string, HistoryBeneficiary> = {};
  const open = new Set(
    h.tandems.filter((t) => t.meetingDay > today || (t.accepted && t.endDay! > today)).map((t) => t.beneficiaryId),
  );
  for (const b of h.beneficiaries) {
    const source = seed.profile.beneficiaries[b.arrival.drawn.sourceId]!;
    const first = b.arrival.drawn.scored.languages[0] ?? '';
    const names = familyNames.get(first) ?? familyNames.get('')!;
    const lastName = names[Math.floor(uniform(`${key}|name|${b.id}`) * names.length)]!;
    beneficiaries[b.id] = {
      scored: { ...b.arrival.drawn.scored, waitingSince: on(b.arrival.day) },
      details: rename(source, lastName, `${seed.slug}.${b.id}`),
      status: b.goneDay !== undefined && b.goneDay <= today && !open.has(b.id) ? 'left' : 'active',
    };
  }
  return {
    slug: seed.slug,
    about: `Two simulated years (npm run build && node dist/simulate/history.js): the seed's volunteers, newcomers drawn from the seed's people, matched by the plan; see simulate/parameters.ts`,
    from: startDate,
    to: on(today),
    beneficiaries,
    tandems: h.tandems.map((t) => tandemOf(t, key, on, today, population.lapseWindowDays)),
  };
}

function tandemOf(
  t: SimTandem,
  key: string,
  on: (day: number) => string,
  today: number,
  lapseWindowDays: number,
): HistoryTandem {
  const pairKey = `${key}|${t.beneficiaryId}|${t.volunteerId}`;
  const base = {
    volunteerId: t.volunteerId,
    beneficiaryId: t.beneficiaryId,
    proposedOn: on(t.proposedDay),
    score: t.score,
    criteria: t.breakdown,
    checkIns: [] as HistoryTandem['checkIns'],
  };
  if (t.meetingDay > today) return { ...base, status: 'proposed' };
  if (!t.accepted)
    return {
      ...base,
      status: 'declined',
      declined: { on: on(t.meetingDay), by: uniform(`${pairKey}|who-declined`) < 0.5 ? 'volunteer' : 'beneficiary' },
    };
  const ended = t.endDay! <= today;
  const lapsed = ended && t.outcome === 'no_contact';
  // A lapsed pair's last news came a lapse window before the lapse; others are followed to their end or today.
  const lastNews = lapsed ? t.endDay! - lapseWindowDays : ended ? t.endDay! : today;
  const checkIns: HistoryTandem['checkIns'] = [];
  for (let day = t.meetingDay + CHECK_IN_DAYS, n = 0; day <= lastNews; day += CHECK_IN_DAYS, n++) {
    const u = uniform(`${pairKey}|check-in|${n}`);
    const mood = (t.early ? 2 : 3) + Math.floor(u * 3);
    checkIns.push({ date: on(day), who: SIDES[n % SIDES.length]!, mood: Math.min(5, mood) });
  }
  const started = { ...base, firstMeeting: on(t.meetingDay), checkIns };
  if (!ended) return { ...started, status: 'active' };
  if (lapsed) return { ...started, status: 'lapsed', lapsedOn: on(t.endDay!) };
  return { ...started, status: 'closed', closed: { on: on(t.endDay!), outcome: t.outcome! } };
}

/** Family names of the seed's beneficiaries by first language ('' for all), so invented names stay plausible. */
function familyNamesByLanguage(seed: SeedFiles): Map<string, string[]> {
  const byLanguage = new Map<string, string[]>([['', []]]);
  for (const b of seed.match.beneficiaries) {
    const d = seed.profile.beneficiaries[b.id] as Record<string, unknown> | undefined;
    const name = (d?.lastName ?? (d?.contact as { lastName?: string } | undefined)?.lastName) as string | undefined;
    if (!name) continue;
    for (const key of [b.languages[0] ?? '', '']) {
      const list = byLanguage.get(key) ?? byLanguage.set(key, []).get(key)!;
      if (!list.includes(name)) list.push(name);
    }
  }
  return byLanguage;
}

/** A seed person's details under another family name, with an address of their own at a reserved domain. */
function rename(source: Record<string, unknown>, lastName: string, tag: string): Record<string, unknown> {
  const details = structuredClone(source);
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  let first = '';
  if (typeof details.lastName === 'string') {
    first = typeof details.firstName === 'string' ? details.firstName : '';
    details.lastName = lastName;
  }
  const contact = details.contact as { firstName?: string; lastName?: string } | undefined;
  if (contact) {
    const old = contact.lastName;
    first = contact.firstName ?? first;
    contact.lastName = lastName;
    if (typeof details.householdName === 'string' && old)
      details.householdName = details.householdName.replace(old, lastName);
  }
  const guardian = details.guardian as { firstName?: string; lastName?: string } | undefined;
  if (guardian) {
    guardian.lastName = lastName;
    first = guardian.firstName ?? first;
  }
  delete details.phone;
  details.email = `${ascii(first)}.${ascii(lastName)}.${ascii(tag)}@history.example`;
  return details;
}

export const DEMO_PROGRAMMES = ['voisins-solidaires', 'mentorat-liege', 'jeugdwerk-mechelen', 'dynamo-mobility'];

export function historyJson(history: History): string {
  return `${JSON.stringify(history, null, 2)}\n`;
}

function main(): void {
  const dir = join(import.meta.dirname, '..', '..', 'seeds');
  for (const slug of DEMO_PROGRAMMES) {
    const history = demoHistory(readSeedFiles(dir, slug));
    writeFileSync(join(dir, `${slug}.history.json`), historyJson(history));
    const count = (s: string) => history.tandems.filter((t) => t.status === s).length;
    process.stdout.write(
      `${slug}: ${Object.keys(history.beneficiaries).length} past beneficiaries, ${history.tandems.length} tandems (${count('active')} active, ${count('closed')} closed, ${count('lapsed')} lapsed, ${count('declined')} declined, ${count('proposed')} proposed)\n`,
    );
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
