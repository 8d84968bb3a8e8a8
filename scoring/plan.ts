import { assign } from './assign.js';
import { rank, type RankOptions, type RankResult } from './rank.js';
import type { Assignment } from './schema/assignment.js';
import type { RankInput } from './schema/instance.js';

export type PlanResult = RankResult & Assignment;

/** Rank, then the optimal assignment over the ranked candidates, under each volunteer's capacity. */
export function plan(input: RankInput, options: RankOptions): PlanResult {
  const ranked = rank(input, options);
  const assignment = assign({
    volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
    beneficiaries: input.beneficiaries.map((b) => ({ id: b.id })),
    edges: ranked.candidates.map((c) => ({
      volunteerId: c.volunteerId,
      beneficiaryId: c.beneficiaryId,
      score: c.score,
    })),
  });
  return { ...ranked, ...assignment };
}
