import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, haversineKm, plan, rank, RankInput, type AssignInput } from '../../../scoring/index.js';
import { generateInstance } from '../../../seeds/generator.js';
import { rankInputArb } from './support/arbitraries.js';
import { exhaustiveRank, referenceAssign } from './support/exhaustive.js';

/*
 * The best-first ranking (scoring/rank.ts) against the exhaustive ranking it replaced
 * (support/exhaustive.ts): the same candidates, order, scores, facts, unmatched records and
 * count of feasible pairs, compared as JSON text, so key order counts too.
 */

const TODAY = '2026-11-22';
const same = (a: unknown, b: unknown): void => {
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
};

const assignInputOf = (
  input: RankInput,
  candidates: { volunteerId: string; beneficiaryId: string; score: number }[],
) => ({
  volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
  beneficiaries: input.beneficiaries.map((b) => ({ id: b.id })),
  edges: candidates.map(({ volunteerId, beneficiaryId, score }) => ({ volunteerId, beneficiaryId, score })),
});

describe('best-first ranking, against the exhaustive ranking', () => {
  const shapes = [
    { maxVolunteers: 12, maxBeneficiaries: 6 },
    { maxVolunteers: 60, maxBeneficiaries: 8, spreadKm: 25 },
    { maxVolunteers: 150, maxBeneficiaries: 4, spreadKm: 8 },
    // Several full leaves of 64 wholly inside a radius: counted and bounded by their masks.
    { maxVolunteers: 400, maxBeneficiaries: 3, spreadKm: 3 },
  ];
  for (const shape of shapes)
    it(`gives identical output on random instances (up to ${shape.maxVolunteers} volunteers, ties, every rule)`, () => {
      fc.assert(
        fc.property(
          rankInputArb(shape).filter((x) => RankInput.safeParse(x).success),
          (input) => {
            same(rank(input, { today: TODAY }), exhaustiveRank(input, TODAY));
          },
        ),
        { numRuns: 150 },
      );
    });

  it('gives identical output on a generated Belgian programme, where most volunteers in range never make a top 5', () => {
    const input = generateInstance({ volunteers: 1500, beneficiaries: 600, seed: 7 });
    const fast = rank(input, { today: TODAY });
    const slow = exhaustiveRank(input, TODAY);
    expect(slow.candidates.length).toBeGreaterThan(1000);
    same(fast, slow);
  });

  it('keeps identical output at a tight radius and a large topK', () => {
    const base = generateInstance({ volunteers: 800, beneficiaries: 300, seed: 11, maxDistanceKm: 3, topK: 40 });
    same(rank(base, { today: TODAY }), exhaustiveRank(base, TODAY));
  });

  it('decides pairs exactly on the circle as the haversine distance does (people at the radius, to the last bit)', () => {
    fc.assert(
      fc.property(
        rankInputArb({ maxVolunteers: 20, maxBeneficiaries: 5, spreadKm: 6 }).filter(
          (x) => RankInput.safeParse(x).success && x.volunteers.length > 0,
        ),
        fc.nat(),
        (input, pick) => {
          // Each beneficiary's radius, and some volunteers' own, set to an exact distance between them.
          const onCircle = structuredClone(input);
          onCircle.beneficiaries.forEach((b, i) => {
            const v = onCircle.volunteers[(pick + i) % onCircle.volunteers.length]!;
            b.maxDistanceKm = haversineKm(b.location, v.location);
            if (i % 2 === 0) v.maxDistanceKm = b.maxDistanceKm;
          });
          same(rank(onCircle, { today: TODAY }), exhaustiveRank(onCircle, TODAY));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('plans the same pairs as assign as it was, over the exhaustive candidates', () => {
    fc.assert(
      fc.property(
        rankInputArb({ maxVolunteers: 30, maxBeneficiaries: 10 }).filter((x) => RankInput.safeParse(x).success),
        (input) => {
          const slow = exhaustiveRank(input, TODAY);
          same(plan(input, { today: TODAY }), { ...slow, ...referenceAssign(assignInputOf(input, slow.candidates)) });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('assign, against assign as it was', () => {
  /** Ids whose string order is not their index order (v10 < v9). */
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${n - i}`);
  const assignArb: fc.Arbitrary<AssignInput> = fc
    .record({ nV: fc.integer({ min: 0, max: 8 }), nB: fc.integer({ min: 0, max: 10 }) })
    .chain(({ nV, nB }) =>
      fc.record({
        volunteers: fc.tuple(
          ...ids('v', nV).map((id) => fc.integer({ min: 0, max: 3 }).map((capacity) => ({ id, capacity }))),
        ),
        beneficiaries: fc.constant(ids('b', nB).map((id) => ({ id }))),
        edges: fc
          .uniqueArray(fc.tuple(fc.nat(Math.max(nV - 1, 0)), fc.nat(Math.max(nB - 1, 0))), {
            selector: ([v, b]) => `${v}/${b}`,
            maxLength: nV && nB ? nV * nB : 0,
          })
          .chain((pairs) =>
            fc.tuple(
              ...pairs.map(([v, b]) =>
                fc
                  .oneof(fc.constantFrom(0.5, 0, -0.25, 1), fc.double({ min: -1, max: 1, noNaN: true }))
                  .map((score) => ({ volunteerId: ids('v', nV)[v]!, beneficiaryId: ids('b', nB)[b]!, score })),
              ),
            ),
          ),
      }),
    );

  it('gives the same pairs, in the same order, and the same total (ties included)', () => {
    fc.assert(
      fc.property(assignArb, (input) => {
        same(assign(input), referenceAssign(input));
      }),
      { numRuns: 500 },
    );
  });
});
