import { describe, expect, it } from 'vitest';
import { rank, type Beneficiary, type ProgrammeRules, type Rule, type Volunteer } from '../../../scoring/index.js';

/*
 * The hard rules (scoring/feasibility.ts) seen through rank(): a pair is feasible when the
 * volunteer is proposed; otherwise the beneficiary's `unmatched` record names the rule that
 * excluded the volunteer. Going through rank() keeps these tests about the contract, not about
 * the internal layout the rules run on.
 */

const LIEGE = { lat: 50.6326, lon: 5.5797 };
/** 1 km north of Liège along the meridian (1 degree = 111.195 km on the contract's sphere). */
const north = (km: number) => ({ lat: LIEGE.lat + km / ((6371.0088 * Math.PI) / 180), lon: LIEGE.lon });

const rules: ProgrammeRules = { maxDistanceKm: 10, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 5 };

const volunteer = (o: Partial<Volunteer> = {}): Volunteer => ({
  id: 'v1',
  location: LIEGE,
  languages: ['fr'],
  skills: ['job_search'],
  availability: [{ day: 'mon', start: '18:00', end: '20:00' }],
  capacity: 1,
  ...o,
});
const beneficiary = (o: Partial<Beneficiary> = {}): Beneficiary => ({
  id: 'b1',
  location: north(2),
  languages: ['fr'],
  needs: ['job_search'],
  availability: [{ day: 'mon', start: '18:00', end: '20:00' }],
  ...o,
});

/** 'feasible' when proposed; else the rule blamed, or 'unreached' when not within the beneficiary's radius or full. */
type Outcome = Rule | 'feasible' | 'unreached';

function judge(v: Volunteer, b: Beneficiary, r: ProgrammeRules = rules): Outcome {
  const out = rank(
    { programme: r, referenceDate: '2026-11-22', volunteers: [v], beneficiaries: [b] },
    { today: '2026-11-22' },
  );
  if (out.candidates.length) return 'feasible';
  const u = out.unmatched[0]!;
  if (u.nearby === 0) return 'unreached';
  const blamed = Object.keys(u.excludedBy) as Rule[];
  expect(blamed).toHaveLength(1);
  return blamed[0]!;
}

describe('hard rules', () => {
  it('accept a pair that meets every rule, measuring its distance and overlap', () => {
    const out = rank(
      { programme: rules, referenceDate: '2026-11-22', volunteers: [volunteer()], beneficiaries: [beneficiary()] },
      { today: '2026-11-22' },
    );
    expect(out.candidates).toHaveLength(1);
    expect(out.candidates[0]!.distanceKm).toBeCloseTo(2, 3);
    expect(out.candidates[0]!.overlapMinutes).toBe(120);
    expect(out.feasiblePairs).toBe(1);
  });

  it('leave out a volunteer with no capacity left (not even counted as nearby)', () => {
    expect(judge(volunteer({ capacity: 0 }), beneficiary())).toBe('unreached');
    expect(judge(volunteer({ capacity: 1 }), beneficiary())).toBe('feasible');
  });

  it('reject a pair farther apart than the programme allows', () => {
    expect(judge(volunteer(), beneficiary({ location: north(10.01) }))).toBe('unreached');
    expect(judge(volunteer(), beneficiary({ location: north(9.99) }))).toBe('feasible');
  });

  it('apply the smallest of the programme’s, the volunteer’s and the beneficiary’s radii', () => {
    expect(judge(volunteer({ maxDistanceKm: 1.99 }), beneficiary())).toBe('distance');
    expect(judge(volunteer({ maxDistanceKm: 2.01 }), beneficiary())).toBe('feasible');
    expect(judge(volunteer(), beneficiary({ maxDistanceKm: 1.99 }))).toBe('unreached');
    expect(judge(volunteer(), beneficiary({ maxDistanceKm: 2.01 }))).toBe('feasible');
    expect(judge(volunteer({ maxDistanceKm: 50 }), beneficiary({ maxDistanceKm: 50, location: north(10.5) }))).toBe(
      'unreached',
    );
  });

  it('accept a pair at the very same place when no distance is allowed at all', () => {
    expect(judge(volunteer({ maxDistanceKm: 0 }), beneficiary({ location: LIEGE, maxDistanceKm: 0 }))).toBe('feasible');
    expect(judge(volunteer(), beneficiary({ location: LIEGE }), { ...rules, maxDistanceKm: 0 })).toBe('feasible');
  });

  it('reject a volunteer the beneficiary excluded after an earlier pairing', () => {
    expect(judge(volunteer(), beneficiary({ excludedVolunteerIds: ['v9', 'v1'] }))).toBe('excluded');
    expect(judge(volunteer(), beneficiary({ excludedVolunteerIds: ['v9'] }))).toBe('feasible');
    expect(judge(volunteer(), beneficiary({ excludedVolunteerIds: [] }))).toBe('feasible');
  });

  it('honour a preferred volunteer gender, rejecting a volunteer who gave none', () => {
    expect(judge(volunteer({ gender: 'male' }), beneficiary({ volunteerGender: ['female'] }))).toBe('gender');
    expect(judge(volunteer(), beneficiary({ volunteerGender: ['female'] }))).toBe('gender');
    expect(judge(volunteer({ gender: 'other' }), beneficiary({ volunteerGender: ['female', 'other'] }))).toBe(
      'feasible',
    );
    expect(judge(volunteer({ gender: 'male' }), beneficiary())).toBe('feasible');
  });

  it('reject every volunteer when the beneficiary gives an empty list of accepted genders', () => {
    // The contract: "v.gender is in b.volunteerGender, when b gives volunteerGender"; nothing is in [].
    expect(judge(volunteer({ gender: 'female' }), beneficiary({ volunteerGender: [] }))).toBe('gender');
  });

  it('require the age within the volunteer’s age range, bounds included, only when both are given', () => {
    const range = { ageRange: { min: 12, max: 18 } };
    expect(judge(volunteer(range), beneficiary({ age: 11 }))).toBe('age');
    expect(judge(volunteer(range), beneficiary({ age: 19 }))).toBe('age');
    expect(judge(volunteer(range), beneficiary({ age: 12 }))).toBe('feasible');
    expect(judge(volunteer(range), beneficiary({ age: 18 }))).toBe('feasible');
    expect(judge(volunteer(range), beneficiary())).toBe('feasible');
    expect(judge(volunteer(), beneficiary({ age: 40 }))).toBe('feasible');
    expect(judge(volunteer({ ageRange: { min: 0, max: 130 } }), beneficiary({ age: 130 }))).toBe('feasible');
  });

  it('require a common language only when the programme says so', () => {
    const v = volunteer({ languages: ['nl', 'en'] });
    const b = beneficiary({ languages: ['ar', 'fr'] });
    expect(judge(v, b)).toBe('language');
    expect(judge(v, b, { ...rules, requireCommonLanguage: false })).toBe('feasible');
    expect(judge(v, beneficiary({ languages: ['ar', 'en'] }))).toBe('feasible');
    expect(judge(volunteer({ languages: [] }), beneficiary({ languages: [] }))).toBe('language');
  });

  it('require the weekly overlap to reach the minimum, the minimum itself being enough', () => {
    const b = (end: string) => beneficiary({ availability: [{ day: 'mon', start: '17:00', end }] });
    expect(judge(volunteer(), b('19:00'))).toBe('feasible');
    expect(judge(volunteer(), b('18:59'))).toBe('availability');
    expect(judge(volunteer(), beneficiary({ availability: [{ day: 'tue', start: '18:00', end: '20:00' }] }))).toBe(
      'availability',
    );
  });

  it('accept any overlap, even none, when the programme asks for 0 minutes', () => {
    expect(judge(volunteer(), beneficiary({ availability: [] }), { ...rules, minOverlapMinutes: 0 })).toBe('feasible');
  });
});
