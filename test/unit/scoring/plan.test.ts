import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, plan, rank, RankInput } from '../../../scoring/index.js';
import { rankInputArb } from './support/arbitraries.js';
import { bruteForceOptimum } from './support/oracle.js';
import { checkAssignment } from './support/assignment.js';

const today = { today: '2026-11-22' };

describe('plan', () => {
  it('is rank plus an optimal assignment over the ranked candidates, under each volunteer’s capacity', () => {
    fc.assert(
      fc.property(
        rankInputArb({ maxVolunteers: 5, maxBeneficiaries: 5 }).filter((x) => RankInput.safeParse(x).success),
        (input) => {
          const out = plan(input, today);
          const ranked = rank(input, today);
          expect(out.candidates).toEqual(ranked.candidates);
          expect(out.unmatched).toEqual(ranked.unmatched);
          expect(out.feasiblePairs).toBe(ranked.feasiblePairs);
          const edges = ranked.candidates.map((c) => ({
            volunteerId: c.volunteerId,
            beneficiaryId: c.beneficiaryId,
            score: c.score,
          }));
          const assignInput = {
            volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
            beneficiaries: input.beneficiaries.map((b) => ({ id: b.id })),
            edges,
          };
          const sum = checkAssignment(assignInput, out);
          const best = bruteForceOptimum(new Map(input.volunteers.map((v) => [v.id, v.capacity])), edges);
          expect(Math.abs(sum - best)).toBeLessThanOrEqual(1e-6 * Math.max(1, best));
          expect(out.totalScore).toBe(assign(assignInput).totalScore);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('with a wait limit, matches as many beneficiaries waiting past it as possible, then maximises the score', () => {
    const BIG = 1000; // more than any total score of five beneficiaries
    fc.assert(
      fc.property(
        rankInputArb({ maxVolunteers: 5, maxBeneficiaries: 5 }).filter((x) => RankInput.safeParse(x).success),
        fc.integer({ min: 1, max: 300 }),
        (raw, maxWaitDays) => {
          const input = { ...raw, programme: { ...raw.programme, maxWaitDays } };
          const out = plan(input, today);
          const ranked = rank(input, today);
          const overdue = new Set(
            ranked.candidates.filter((c) => c.waitingDays! >= maxWaitDays).map((c) => c.beneficiaryId),
          );
          const edges = ranked.candidates.map((c) => ({
            volunteerId: c.volunteerId,
            beneficiaryId: c.beneficiaryId,
            score: c.score + (overdue.has(c.beneficiaryId) ? BIG : 0),
          }));
          const best = bruteForceOptimum(new Map(input.volunteers.map((v) => [v.id, v.capacity])), edges);
          const matchedOverdue = out.pairs.filter((p) => overdue.has(p.beneficiaryId)).length;
          expect(matchedOverdue).toBe(Math.floor(best / BIG + 1e-9));
          expect(out.totalScore).toBeCloseTo(best - BIG * matchedOverdue, 6);
          for (const p of out.pairs) {
            const c = ranked.candidates.find(
              (x) => x.volunteerId === p.volunteerId && x.beneficiaryId === p.beneficiaryId,
            );
            expect(p.score).toBe(c!.score);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives a long-waiting beneficiary the only volunteer past the wait limit, though another fits better', () => {
    const slot = { day: 'mon' as const, start: '10:00', end: '12:00' };
    const input = {
      programme: { maxDistanceKm: 10, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 3 },
      referenceDate: '2026-11-22',
      volunteers: [
        {
          id: 'v1',
          location: { lat: 50.63, lon: 5.58 },
          languages: ['fr'],
          skills: [],
          availability: [slot],
          capacity: 1,
        },
      ],
      beneficiaries: [
        // Next door, just arrived; 8 km away, waiting 100 days.
        {
          id: 'b1',
          location: { lat: 50.631, lon: 5.58 },
          languages: ['fr'],
          needs: [],
          availability: [slot],
          waitingSince: '2026-11-20',
        },
        {
          id: 'b2',
          location: { lat: 50.7, lon: 5.58 },
          languages: ['fr'],
          needs: [],
          availability: [slot],
          waitingSince: '2026-08-14',
        },
      ],
    };
    expect(plan(input, today).pairs.map((p) => p.beneficiaryId)).toEqual(['b1']);
    const limited = plan({ ...input, programme: { ...input.programme, maxWaitDays: 90 } }, today);
    expect(limited.pairs.map((p) => p.beneficiaryId)).toEqual(['b2']);
  });

  it('shares a volunteer of capacity 2 between two beneficiaries, but not three', () => {
    const person = { languages: ['fr'], availability: [{ day: 'mon' as const, start: '10:00', end: '12:00' }] };
    const out = plan(
      {
        programme: { maxDistanceKm: 10, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 3 },
        referenceDate: '2026-11-22',
        volunteers: [{ id: 'v1', location: { lat: 50.63, lon: 5.58 }, skills: [], capacity: 2, ...person }],
        beneficiaries: ['b1', 'b2', 'b3'].map((id, i) => ({
          id,
          location: { lat: 50.63 + i / 200, lon: 5.58 },
          needs: [],
          ...person,
        })),
      },
      today,
    );
    expect(out.candidates).toHaveLength(3);
    expect(out.pairs.map((p) => p.beneficiaryId)).toEqual(['b1', 'b2']);
  });
});
