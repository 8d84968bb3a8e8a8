import type { AssignInput, Assignment, Pair } from './schema/assignment.js';
import { assignColumns, type AssignColumns } from './schema/checked.js';
import { solveMatching, type MatchingStats } from './solver.js';

/** The rank of each id in id order (ids are unique). */
function idRanks(ids: readonly string[]): Int32Array {
  const ranks = new Int32Array(ids.length);
  Array.from(ids.keys())
    .sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0))
    .forEach((i, rank) => (ranks[i] = rank));
  return ranks;
}

/** Scored edges as columns, each end given by its rank in id order. */
interface RankedEdges {
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
function optimalEdges(edges: RankedEdges, stats?: MatchingStats): Int32Array {
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

/** The optimal edges of columns (see `optimalEdges`), as indices into them, in beneficiary id order. */
export function chosenEdges(c: AssignColumns, stats?: MatchingStats): Int32Array {
  const vRank = idRanks(c.volunteerIds);
  const bRank = idRanks(c.beneficiaryIds);
  const capacity = new Float64Array(c.capacity.length);
  c.capacity.forEach((cap, i) => (capacity[vRank[i]!] = cap));
  const n = c.score.length;
  const b = new Int32Array(n);
  const v = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    b[k] = bRank[c.edgeB[k]!]!;
    v[k] = vRank[c.edgeV[k]!]!;
  }
  return optimalEdges({ beneficiaries: c.beneficiaryIds.length, capacity, b, v, w: c.score }, stats);
}

/** The pairs of the chosen edges, each with its score from `score`, and their total. */
export function pairsOf(c: AssignColumns, chosen: Int32Array, score: Float64Array = c.score): Assignment {
  const pairs: Pair[] = [];
  let totalScore = 0;
  for (const k of chosen) {
    pairs.push({
      volunteerId: c.volunteerIds[c.edgeV[k]!]!,
      beneficiaryId: c.beneficiaryIds[c.edgeB[k]!]!,
      score: score[k]!,
    });
    totalScore += score[k]!;
  }
  return { pairs, totalScore };
}

/** The optimal assignment over edges given as columns. */
export function assignColumnar(c: AssignColumns, stats?: MatchingStats): Assignment {
  return pairsOf(c, chosenEdges(c, stats));
}

/** The optimal assignment over scored edges (see `optimalEdges`). */
export function assign(input: AssignInput, stats?: MatchingStats): Assignment {
  const columns = assignColumns(input);
  if (columns === null) throw new TypeError('assign: the input does not match AssignInput');
  return assignColumnar(columns, stats);
}
