import { idRanks, optimalEdges } from './assign.js';
import { ranking, type RankOptions, type RankResult, type Ranking } from './rank.js';
import type { Assignment, Pair } from './schema/assignment.js';
import type { RankInput } from './schema/instance.js';

export type PlanResult = RankResult & Assignment;

/**
 * Optimal pairs over a ranking's kept candidates, under each volunteer's capacity from the input.
 * With a wait limit (`maxWaitDays`), beneficiaries waiting past it come first: their edges carry
 * a bonus larger than any total of scores, so the assignment matches as many of them as it can,
 * then maximises the score. The pairs keep their candidates' scores.
 */
export function assignRanked(input: RankInput, ranked: Ranking): Assignment {
  const limit = input.programme.maxWaitDays;
  const bonus = input.beneficiaries.length + 1;
  const w = Float64Array.from(ranked.score);
  if (limit !== undefined)
    for (let i = 0; i < ranked.beneficiaries.length; i++)
      if (ranked.waitingDays[i]! >= limit) for (let k = ranked.start[i]!; k < ranked.start[i + 1]!; k++) w[k]! += bonus;
  const vRank = idRanks(input.volunteers.map((v) => v.id));
  const bRank = idRanks(input.beneficiaries.map((b) => b.id));
  const capacity = new Float64Array(input.volunteers.length);
  input.volunteers.forEach((v, i) => (capacity[vRank[i]!] = v.capacity));
  const rowRank = new Map(input.volunteers.map((v, i) => [v, vRank[i]!]));
  const n = ranked.size;
  const b = new Int32Array(n);
  const v = new Int32Array(n);
  const ofCandidate = new Int32Array(n);
  for (let i = 0; i < ranked.beneficiaries.length; i++)
    for (let k = ranked.start[i]!; k < ranked.start[i + 1]!; k++) {
      b[k] = bRank[i]!;
      v[k] = rowRank.get(ranked.table.rows[ranked.row[k]!]!)!;
      ofCandidate[k] = i;
    }
  const chosen = optimalEdges({ beneficiaries: input.beneficiaries.length, capacity, b, v, w });
  const pairs: Pair[] = [];
  let totalScore = 0;
  for (const k of chosen) {
    const score = ranked.score[k]!;
    pairs.push({
      volunteerId: ranked.table.rows[ranked.row[k]!]!.id,
      beneficiaryId: ranked.beneficiaries[ofCandidate[k]!]!.id,
      score,
    });
    totalScore += score;
  }
  return { pairs, totalScore };
}

/** Rank, then the optimal assignment over the ranked candidates, under each volunteer's capacity. */
export function plan(input: RankInput, options: RankOptions): PlanResult {
  const ranked = ranking(input, options);
  return { ...ranked.result(), ...assignRanked(input, ranked) };
}
