import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BENEFICIARY_KEYS,
  Beneficiary,
  checkedRankInput,
  PROGRAMME_KEYS,
  ProgrammeRules,
  RANK_INPUT_KEYS,
  RankInput,
  Volunteer,
  VOLUNTEER_KEYS,
} from '../../../scoring/index.js';
import { rankInputArb } from './support/arbitraries.js';

/*
 * The hand-written pass over a `rank`/`plan` input must accept exactly what the RankInput schema
 * accepts, and give what it gives: the CLI trusts it on success and asks the schema to name the
 * fault otherwise.
 */

type Doc = { volunteers: any[]; beneficiaries: any[] } & Record<string, any>;

const person = (d: Doc, at: number) => {
  const all = [...d.volunteers, ...d.beneficiaries];
  return all[at % all.length];
};
const slotOf = (d: Doc, at: number) => {
  const p = person(d, at);
  return p.availability[at % p.availability.length];
};

/** Ways to spoil a document, each aimed at one place of it. */
const spoilers: ((d: Doc, at: number) => void)[] = [
  (d, at) => (person(d, at).id = ''),
  (d, at) => (person(d, at).id = 'x'.repeat(201)),
  (d, at) => (person(d, at).id = 7),
  (d, at) => d.volunteers.length && d.volunteers.push({ ...d.volunteers[at % d.volunteers.length] }),
  (d, at) => d.beneficiaries.length && d.beneficiaries.push({ ...d.beneficiaries[at % d.beneficiaries.length] }),
  (d, at) => (person(d, at).location = { lat: 91, lon: 0 }),
  (d, at) => (person(d, at).location = { lat: 0, lon: -180.5 }),
  (d, at) => (person(d, at).location = { lat: '50', lon: 4 }),
  (d, at) => (person(d, at).location = { lat: 50, lon: 4, alt: 0 }),
  (d, at) => delete person(d, at).location,
  (d, at) => (person(d, at).maxDistanceKm = -1),
  (d, at) => (person(d, at).maxDistanceKm = null),
  (d, at) => (person(d, at).searchRadiusKm = 5),
  (d, at) => (person(d, at).searchRadiusKm = -5),
  (d, at) => (person(d, at).languages = ['fra']),
  (d, at) => (person(d, at).languages = Array(51).fill('fr')),
  (d, at) => (person(d, at).languages = 'fr'),
  (d, at) => (person(d, at).needs = ['Job']),
  (d, at) => (person(d, at).skills = ['job-search']),
  (d, at) => (person(d, at).skills = Array(201).fill('x')),
  (d, at) => (person(d, at).availability = [{ day: 'mon', start: '10:00', end: '10:00' }]),
  (d, at) => (person(d, at).availability = [{ day: 'Mon', start: '10:00', end: '11:00' }]),
  (d, at) => (person(d, at).availability = [{ day: 'mon', start: '9:00', end: '11:00' }]),
  (d, at) => (person(d, at).availability = [{ day: 'mon', start: '10:00', end: '24:00' }]),
  (d, at) => (person(d, at).availability = [{ day: 'mon', start: '10:00', end: '11:00', note: '' }]),
  (d, at) => (slotOf(d, at).end = slotOf(d, at).start),
  (d, at) => (person(d, at).capacity = 1.5),
  (d, at) => (person(d, at).capacity = -1),
  (d, at) => (person(d, at).capacity = 10_001),
  (d, at) => (person(d, at).capacity = 3),
  (d, at) => (person(d, at).gender = 'unknown'),
  (d, at) => (person(d, at).gender = 'female'),
  (d, at) => (person(d, at).ageRange = { min: 30, max: 20 }),
  (d, at) => (person(d, at).ageRange = { min: 20, max: 131 }),
  (d, at) => (person(d, at).ageRange = { min: 20 }),
  (d, at) => (person(d, at).ageRange = { min: 20, max: 30 }),
  (d, at) => (person(d, at).waitingSince = '2025-02-30'),
  (d, at) => (person(d, at).waitingSince = '2025-2-3'),
  (d, at) => (person(d, at).waitingSince = '2024-02-29'),
  (d, at) => (person(d, at).volunteerGender = ['female', 'male', 'other', 'female']),
  (d, at) => (person(d, at).volunteerGender = ['nobody']),
  (d, at) => (person(d, at).volunteerGender = []),
  (d, at) => (person(d, at).excludedVolunteerIds = ['']),
  (d, at) => (person(d, at).excludedVolunteerIds = ['v0']),
  (d, at) => (person(d, at).age = 12.5),
  (d, at) => (person(d, at).age = 131),
  (d, at) => (person(d, at).age = 20),
  (d, at) => (person(d, at).mediator = 'm'),
  (d, at) => (d.volunteers[at % Math.max(1, d.volunteers.length)] = null),
  (d) => (d.referenceDate = '2026-13-01'),
  (d) => (d.referenceDate = '2026-01-15'),
  (d) => (d.programme.topK = 0),
  (d) => (d.programme.topK = 1001),
  (d) => (d.programme.topK = 2.5),
  (d) => (d.programme.extra = 1),
  (d) => (d.programme.maxDistanceKm = -0.5),
  (d) => (d.programme.maxDistanceKm = '5'),
  (d) => (d.programme.minOverlapMinutes = 7 * 1440 + 1),
  (d) => (d.programme.minOverlapMinutes = 30.5),
  (d) => (d.programme.requireCommonLanguage = 1),
  (d) => delete d.programme.requireCommonLanguage,
  (d) => (d.programme.weights = { skills: -1 }),
  (d) => (d.programme.weights = { skills: 2, kindness: 1 }),
  (d) => (d.programme.weights = { proximity: 0.5 }),
  (d) => (d.programme.weights = null),
  (d) => (d.programme.targetOverlapMinutes = 0),
  (d) => (d.programme.targetOverlapMinutes = 60),
  (d) => (d.programme.maxWaitDays = 3651),
  (d) => (d.programme.maxWaitDays = 90),
  (d) => delete d.programme,
  (d) => (d.extra = true),
  (d) => delete (d as Partial<Doc>).beneficiaries,
  (d) => ((d as any).volunteers = {}),
];

describe('checkedRankInput', () => {
  it('knows the keys of each schema', () => {
    expect(RANK_INPUT_KEYS).toEqual(Object.keys(RankInput.shape));
    expect(PROGRAMME_KEYS).toEqual(Object.keys(ProgrammeRules.shape));
    expect(VOLUNTEER_KEYS).toEqual(Object.keys(Volunteer.shape));
    expect(BENEFICIARY_KEYS).toEqual(Object.keys(Beneficiary.shape));
  });

  it('accepts every valid input as the schema reads it', () => {
    fc.assert(
      fc.property(rankInputArb(), (input) => {
        const doc = JSON.parse(JSON.stringify(input));
        expect(checkedRankInput(doc)).toEqual(RankInput.parse(doc));
      }),
    );
  });

  it('rejects exactly what the schema rejects, however the document is spoilt', () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        rankInputArb(),
        fc.array(fc.tuple(fc.nat(spoilers.length - 1), fc.nat()), { minLength: 1, maxLength: 3 }),
        (input, spoils) => {
          const doc: Doc = JSON.parse(JSON.stringify(input));
          for (const [which, at] of spoils) {
            try {
              spoilers[which]!(doc, at);
            } catch {
              // An earlier spoil left nothing for this one to aim at.
            }
          }
          const bySchema = RankInput.safeParse(doc);
          const checked = checkedRankInput(doc);
          expect(checked !== null).toBe(bySchema.success);
          if (bySchema.success) expect(checked).toEqual(bySchema.data);
          else rejected++;
        },
      ),
      { numRuns: 1000 },
    );
    expect(rejected).toBeGreaterThan(400);
  });
});
