import { assign } from './assign.js';
import { rank, type RankOptions, type RankResult } from './rank.js';
import type { Assignment } from './schema/assignment.js';
import type { Candidate } from './schema/candidate.js';
import type { RankInput } from './schema/instance.js';

export type PlanResult = RankResult & Assignment;

/**
 * Rank, then the optimal assignment over the ranked candidates, under each volunteer's capacity.
 * With a wait limit (`maxWaitDays`), beneficiaries waiting past it come first: their edges carry
 * a bonus larger than any total of scores, so the assignment matches as many of them as it can,
 * then maximises the score. The pairs keep their candidates' scores.
 */
export function plan(input: RankInput, options: RankOptions): PlanResult {
  const ranked = rank(input, options);
  const limit = input.programme.maxWaitDays;
  const bonus = input.beneficiaries.length + 1;
  const overdue = (c: Candidate) => limit !== undefined && (c.waitingDays ?? 0) >= limit;
  const assignment = assign({
    volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
    beneficiaries: input.beneficiaries.map((b) => ({ id: b.id })),
    edges: ranked.candidates.map((c) => ({
      volunteerId: c.volunteerId,
      beneficiaryId: c.beneficiaryId,
      score: overdue(c) ? c.score + bonus : c.score,
    })),
  });
  if (limit === undefined) return { ...ranked, ...assignment };
  const scoreOf = new Map(ranked.candidates.map((c) => [`${c.volunteerId}\u0000${c.beneficiaryId}`, c.score]));
  const kept = assignment.pairs.map((p) => ({ ...p, score: scoreOf.get(`${p.volunteerId}\u0000${p.beneficiaryId}`)! }));
  return { ...ranked, pairs: kept, totalScore: kept.reduce((s, p) => s + p.score, 0) };
}
