import fc from 'fast-check';
import type { Beneficiary, RankInput, Volunteer } from '../../../../scoring/index.js';
import { DAYS, hhmm, type Loc, type Slot } from './oracle.js';

export const LANGS = ['fr', 'nl', 'en', 'ar'] as const;
export const SKILLS = ['job_search', 'cv_writing', 'admin_paperwork', 'homework_help', 'our_own_service'] as const;
export const GENDERS = ['female', 'male', 'other'] as const;

/**
 * Places where people are put: Liège, both sides of the antimeridian, near both poles. Around
 * the last three a lat/lon box is easy to get wrong.
 */
export const CENTRES: readonly Loc[] = [
  { lat: 50.6326, lon: 5.5797 },
  { lat: 0.02, lon: 179.995 },
  { lat: -12.5, lon: -179.99 },
  { lat: 89.96, lon: 12.3 },
  { lat: -89.97, lon: -100 },
];

/** A point up to `spreadKm` east/west and north/south of a centre, kept a valid lat/lon. */
export function placeNear(c: Loc, eastM: number, northM: number): Loc {
  const lat = Math.max(-90, Math.min(90, c.lat + northM / 1000 / 111.195));
  const cos = Math.max(Math.cos((lat * Math.PI) / 180), 1e-3);
  let lon = c.lon + eastM / 1000 / (111.195 * cos);
  lon = ((((lon + 180) % 360) + 360) % 360) - 180;
  return { lat: Number(lat.toFixed(6)), lon: Number(lon.toFixed(6)) };
}

export const locationNear = (c: Loc, spreadKm: number): fc.Arbitrary<Loc> =>
  fc
    .tuple(
      fc.integer({ min: -spreadKm * 1000, max: spreadKm * 1000 }),
      fc.integer({ min: -spreadKm * 1000, max: spreadKm * 1000 }),
    )
    .map(([e, n]) => placeNear(c, e, n));

/** Mostly Monday and Tuesday, so that overlaps are common; any minute of the day. */
export const slotArb: fc.Arbitrary<Slot> = fc
  .record({
    day: fc.oneof(
      { arbitrary: fc.constantFrom('mon' as const, 'tue' as const), weight: 4 },
      { arbitrary: fc.constantFrom(...DAYS), weight: 1 },
    ),
    from: fc.integer({ min: 0, max: 1438 }),
    len: fc.integer({ min: 1, max: 600 }),
  })
  .map(({ day, from, len }) => ({ day, start: hhmm(from), end: hhmm(Math.min(from + len, 1439)) }));

export const slotsArb = (max: number) => fc.array(slotArb, { minLength: 0, maxLength: max });

const dateArb = fc
  .integer({ min: 0, max: 900 })
  .map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

function volunteerArb(c: Loc, spreadKm: number): fc.Arbitrary<Omit<Volunteer, 'id'>> {
  return fc.record(
    {
      location: locationNear(c, spreadKm),
      maxDistanceKm: fc.integer({ min: 0, max: 15 }),
      languages: fc.subarray([...LANGS]),
      skills: fc.subarray([...SKILLS]),
      availability: slotsArb(4),
      capacity: fc.integer({ min: 0, max: 3 }),
      gender: fc.constantFrom(...GENDERS),
      ageRange: fc
        .tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 40 }))
        .map(([min, span]) => ({ min, max: min + span })),
    },
    { requiredKeys: ['location', 'languages', 'skills', 'availability', 'capacity'] },
  );
}

function beneficiaryArb(c: Loc, spreadKm: number, nV: number): fc.Arbitrary<Omit<Beneficiary, 'id'>> {
  return fc.record(
    {
      location: locationNear(c, spreadKm),
      maxDistanceKm: fc.integer({ min: 0, max: 15 }),
      searchRadiusKm: fc.integer({ min: 0, max: 25 }),
      languages: fc.shuffledSubarray([...LANGS]),
      needs: fc.shuffledSubarray([...SKILLS]),
      availability: slotsArb(4),
      waitingSince: dateArb,
      volunteerGender: fc.subarray([...GENDERS]),
      excludedVolunteerIds: fc.subarray(Array.from({ length: nV }, (_, i) => volunteerId(i))),
      age: fc.integer({ min: 0, max: 100 }),
    },
    { requiredKeys: ['location', 'languages', 'needs', 'availability'] },
  );
}

/** Ids whose string order differs from their numeric order, so tie-breaking is exercised. */
export const volunteerId = (i: number) => `v${i}`;
export const beneficiaryId = (i: number) => `b${i}`;

export interface RankArbOptions {
  maxVolunteers?: number;
  maxBeneficiaries?: number;
  spreadKm?: number;
}

/**
 * Small random `rank` inputs around one of the CENTRES. Some volunteers are twins of others
 * under another id (equal scores, so ties are common).
 */
export function rankInputArb(o: RankArbOptions = {}): fc.Arbitrary<RankInput> {
  const spread = o.spreadKm ?? 12;
  return fc
    .record({
      centre: fc.constantFrom(...CENTRES),
      nV: fc.integer({ min: 0, max: o.maxVolunteers ?? 10 }),
      nB: fc.integer({ min: 0, max: o.maxBeneficiaries ?? 6 }),
      twins: fc.integer({ min: 0, max: 3 }),
    })
    .chain(({ centre, nV, nB, twins }) =>
      fc.record({
        programme: fc.record(
          {
            maxDistanceKm: fc.integer({ min: 0, max: 20 }),
            minOverlapMinutes: fc.integer({ min: 0, max: 240 }),
            requireCommonLanguage: fc.boolean(),
            topK: fc.integer({ min: 1, max: 5 }),
            weights: fc.record(
              {
                proximity: fc.integer({ min: 0, max: 4 }),
                skills: fc.integer({ min: 0, max: 4 }),
                availability: fc.integer({ min: 0, max: 4 }),
                language: fc.integer({ min: 0, max: 4 }),
                waiting: fc.integer({ min: 0, max: 4 }),
              },
              { requiredKeys: [] },
            ),
            targetOverlapMinutes: fc.integer({ min: 1, max: 600 }),
          },
          { requiredKeys: ['maxDistanceKm', 'minOverlapMinutes', 'requireCommonLanguage', 'topK'] },
        ),
        referenceDate: dateArb,
        volunteers: fc.array(volunteerArb(centre, spread), { minLength: nV, maxLength: nV }).map((vs) => {
          const withIds = vs.map((v, i) => ({ id: volunteerId(i), ...v }));
          for (let t = 0; t < Math.min(twins, withIds.length); t++)
            withIds.push({ ...structuredClone(withIds[t]!), id: volunteerId(withIds.length) });
          return withIds;
        }),
        beneficiaries: fc
          .array(beneficiaryArb(centre, spread, nV), { minLength: nB, maxLength: nB })
          .map((bs) => bs.map((b, i) => ({ id: beneficiaryId(i), ...b }))),
      }),
    );
}
