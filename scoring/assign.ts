import type { AssignInput, Assignment, Pair } from './schema/assignment.js';
import { solveMatching, type MatchingStats } from './solver.js';

/** The rank of each id in id order (ids are unique). */
export function idRanks(ids: readonly string[]): Int32Array {
  const ranks = new Int32Array(ids.length);
  Array.from(ids.keys())
    .sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0))
    .forEach((i, rank) => (ranks[i] = rank));
  return ranks;
}

/** Scored edges as columns, each end given by its rank in id order. */
export interface RankedEdges {
  /** Beneficiaries in all, and each volunteer's capacity by rank. */
  beneficiaries: number;
  capacity: ArrayLike<number>;
  b: Int32Array;
  v: Int32Array;
  w: Float64Array;
}

/**
 * The optimal assignment over edges given by rank. The edges are put in (beneficiary,
 * volunteer) id order first, so the result does not depend on the order of the input lists.
 * Returns the chosen edges (indices into the columns), in beneficiary id order.
 */
export function optimalEdges(edges: RankedEdges, stats?: MatchingStats): Int32Array {
  const { b, v } = edges;
  const n = b.length;
  const nB = edges.beneficiaries;
  // Counting sort by beneficiary, then each beneficiary's few edges by volunteer.
  const start = new Int32Array(nB + 1);
  for (let e = 0; e < n; e++) start[b[e]! + 1]!++;
  for (let i = 0; i < nB; i++) start[i + 1]! += start[i]!;
  const order = new Int32Array(n);
  const fill = start.slice(0, nB);
  for (let e = 0; e < n; e++) order[fill[b[e]!]!++] = e;
  for (let i = 0; i < nB; i++) {
    const [lo, hi] = [start[i]!, start[i + 1]!];
    if (hi - lo > 32) order.subarray(lo, hi).sort((x, y) => v[x]! - v[y]!);
    else
      for (let k = lo + 1; k < hi; k++) {
        const e = order[k]!;
        let at = k;
        for (; at > lo && v[order[at - 1]!]! > v[e]!; at--) order[at] = order[at - 1]!;
        order[at] = e;
      }
  }
  const edgeW = new Float64Array(n);
  const edgeB = new Int32Array(n);
  const edgeV = new Int32Array(n);
  order.forEach((e, k) => {
    edgeB[k] = b[e]!;
    edgeV[k] = v[e]!;
    edgeW[k] = edges.w[e]!;
  });
  const matchOf = solveMatching({ nB, capacity: edges.capacity, edgeB, edgeV, edgeW }, stats);
  const chosen: number[] = [];
  for (const k of matchOf) if (k >= 0) chosen.push(order[k]!);
  return Int32Array.from(chosen);
}

/** The optimal assignment over scored edges (see `optimalEdges`). */
export function assign(input: AssignInput, stats?: MatchingStats): Assignment {
  const vRank = idRanks(input.volunteers.map((v) => v.id));
  const bRank = idRanks(input.beneficiaries.map((b) => b.id));
  const vIndex = new Map(input.volunteers.map((v, i) => [v.id, i]));
  const bIndex = new Map(input.beneficiaries.map((b, i) => [b.id, i]));
  const capacity = new Float64Array(input.volunteers.length);
  input.volunteers.forEach((v, i) => (capacity[vRank[i]!] = v.capacity));
  const chosen = optimalEdges(
    {
      beneficiaries: input.beneficiaries.length,
      capacity,
      b: Int32Array.from(input.edges, (e) => bRank[bIndex.get(e.beneficiaryId)!]!),
      v: Int32Array.from(input.edges, (e) => vRank[vIndex.get(e.volunteerId)!]!),
      w: Float64Array.from(input.edges, (e) => e.score),
    },
    stats,
  );
  const pairs: Pair[] = [];
  let totalScore = 0;
  for (const e of chosen) {
    const { volunteerId, beneficiaryId, score } = input.edges[e]!;
    pairs.push({ volunteerId, beneficiaryId, score });
    totalScore += score;
  }
  return { pairs, totalScore };
}
