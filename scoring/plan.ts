import { chosenEdges, pairsOf } from './assign.js';
import { ranking, type RankOptions, type RankResult, type Ranking } from './rank.js';
import type { Assignment } from './schema/assignment.js';
import type { AssignColumns } from './schema/checked.js';
import type { RankInput } from './schema/instance.js';

export type PlanResult = RankResult & Assignment;

/**
 * The assignment problem over a ranking's kept candidates, under each volunteer's capacity from
 * the input. With a wait limit (`maxWaitDays`), beneficiaries waiting past it come first: their
 * edges carry a bonus larger than any total of scores, so the assignment matches as many of
 * them as it can, then maximises the score.
 */
export function plannedEdges(input: RankInput, ranked: Ranking): AssignColumns {
  const limit = input.programme.maxWaitDays;
  const bonus = input.beneficiaries.length + 1;
  const edgeV = new Int32Array(ranked.size);
  const edgeB = new Int32Array(ranked.size);
  const w = Float64Array.from(ranked.score);
  for (let i = 0; i < ranked.beneficiaries.length; i++) {
    const overdue = limit !== undefined && ranked.waitingDays[i]! >= limit;
    for (let k = ranked.start[i]!; k < ranked.start[i + 1]!; k++) {
      edgeV[k] = ranked.inputIndex[ranked.row[k]!]!;
      edgeB[k] = i;
      if (overdue) w[k]! += bonus;
    }
  }
  return {
    volunteerIds: input.volunteers.map((v) => v.id),
    capacity: Float64Array.from(input.volunteers, (v) => v.capacity),
    beneficiaryIds: input.beneficiaries.map((b) => b.id),
    edgeV,
    edgeB,
    score: w,
  };
}

/** Optimal pairs over a ranking's kept candidates (see `plannedEdges`); the pairs keep their candidates' scores. */
export function assignRanked(input: RankInput, ranked: Ranking): Assignment {
  const columns = plannedEdges(input, ranked);
  return pairsOf(columns, chosenEdges(columns), ranked.score);
}

/** Rank, then the optimal assignment over the ranked candidates, under each volunteer's capacity. */
export function plan(input: RankInput, options: RankOptions): PlanResult {
  const ranked = ranking(input, options);
  return { ...ranked.result(), ...assignRanked(input, ranked) };
}
