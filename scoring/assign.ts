import type { AssignInput, Assignment, Pair } from './schema/assignment.js';
import { solveMatching, type MatchingStats } from './solver.js';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The optimal assignment over scored edges. People are put in id order first, so the result
 * does not depend on the order of the input lists.
 */
export function assign(input: AssignInput, stats?: MatchingStats): Assignment {
  const volunteers = [...input.volunteers].sort(byId);
  const beneficiaries = [...input.beneficiaries].sort(byId);
  const vIndex = new Map(volunteers.map((v, i) => [v.id, i]));
  const bIndex = new Map(beneficiaries.map((b, i) => [b.id, i]));
  const edges = input.edges
    .map((e) => ({ e, b: bIndex.get(e.beneficiaryId)!, v: vIndex.get(e.volunteerId)! }))
    .sort((x, y) => x.b - y.b || x.v - y.v);
  const matchOf = solveMatching(
    {
      nB: beneficiaries.length,
      capacity: volunteers.map((v) => v.capacity),
      edgeB: edges.map((x) => x.b),
      edgeV: edges.map((x) => x.v),
      edgeW: edges.map((x) => x.e.score),
    },
    stats,
  );
  const pairs: Pair[] = [];
  let totalScore = 0;
  for (const k of matchOf) {
    if (k < 0) continue;
    const { volunteerId, beneficiaryId, score } = edges[k]!.e;
    pairs.push({ volunteerId, beneficiaryId, score });
    totalScore += score;
  }
  return { pairs, totalScore };
}
