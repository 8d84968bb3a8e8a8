import { MinHeap } from './heap.js';

/** A bipartite instance by index: beneficiaries 0..nB-1, volunteers 0..nV-1. */
export interface MatchingProblem {
  nB: number;
  capacity: ArrayLike<number>; // per volunteer
  edgeB: ArrayLike<number>;
  edgeV: ArrayLike<number>;
  edgeW: ArrayLike<number>;
}

export interface MatchingStats {
  /** Nodes settled by all shortest-path searches together (the solver's work). */
  settled: number;
}

/**
 * Exact maximum-weight b-matching: each beneficiary in at most one pair, each volunteer in at
 * most `capacity` pairs, the sum of the chosen edges' weights maximal. Edges of weight <= 0
 * never help and are ignored.
 *
 * Min-cost flow by successive shortest paths with node potentials (the Hungarian method, one
 * beneficiary at a time). Each beneficiary b sends one unit of flow to a sink T along the
 * cheapest path in the residual graph: through a volunteer (cost -w) with spare capacity,
 * possibly displacing other beneficiaries along alternating paths, or to T directly at cost 0
 * (b stays unpaired; a displaced beneficiary may also leave that way). Adding one source and
 * augmenting along a shortest path keeps the flow of minimum cost, so after the last
 * beneficiary the pairs have maximum total weight. Potentials keep every reduced cost >= 0,
 * so each search is a Dijkstra that stops when T is settled and touches only the nodes it
 * reached: work stays local to the contested region, and disjoint regions cost the sum of
 * their parts.
 *
 * Returns, per beneficiary, the index of its chosen edge or -1.
 */
export function solveMatching(p: MatchingProblem, stats?: MatchingStats): Int32Array {
  const { nB, capacity, edgeB, edgeV, edgeW } = p;
  const nV = capacity.length;
  const nE = edgeB.length;

  // Forward adjacency per beneficiary (CSR), keeping only edges that can be used.
  const start = new Int32Array(nB + 1);
  for (let e = 0; e < nE; e++) if (edgeW[e]! > 0 && capacity[edgeV[e]!]! > 0) start[edgeB[e]! + 1]!++;
  for (let b = 0; b < nB; b++) start[b + 1]! += start[b]!;
  const adj = new Int32Array(start[nB]!);
  const fill = start.slice(0, nB);
  for (let e = 0; e < nE; e++) if (edgeW[e]! > 0 && capacity[edgeV[e]!]! > 0) adj[fill[edgeB[e]!]!++] = e;

  // Node ids: beneficiaries 0..nB-1, volunteers nB..nB+nV-1, sink T = nB+nV.
  const T = nB + nV;
  const pot = new Float64Array(T + 1); // potentials; pot[T] stays 0 (see the update below)
  const dist = new Float64Array(T + 1).fill(Infinity);
  const via = new Int32Array(T + 1); // volunteer: edge it was reached by; beneficiary: its volunteer node; T: last node
  const done = new Uint8Array(T + 1);
  const matchOf = new Int32Array(nB).fill(-1);
  // The edges matched at each volunteer, as a list in a segment of `held` no longer than it can
  // fill (its capacity, or its usable edges if fewer): appended at the end, removed by moving the
  // last into the hole. The lists' order decides which of equal paths is taken.
  const segment = new Int32Array(nV + 1);
  for (let k = 0; k < adj.length; k++) segment[edgeV[adj[k]!]! + 1]!++;
  for (let v = 0; v < nV; v++) segment[v + 1] = segment[v]! + Math.min(segment[v + 1]!, capacity[v]!);
  const held = new Int32Array(segment[nV]!);
  const count = new Int32Array(nV);
  const touched = new Int32Array(T + 1);
  let nTouched = 0;
  const settledNodes = new Int32Array(T + 1);
  let nSettled = 0;
  const heap = new MinHeap();

  const reach = (node: number, d: number, from: number) => {
    if (d < dist[node]!) {
      if (dist[node] === Infinity) touched[nTouched++] = node;
      dist[node] = d;
      via[node] = from;
      heap.push(d, node);
    }
  };

  for (let src = 0; src < nB; src++) {
    if (start[src] === start[src + 1]) continue; // no usable edge: stays unpaired
    // A fresh source has no incoming residual edge, so any potential high enough for its own
    // edges keeps every reduced cost >= 0.
    let ps = 0;
    for (let k = start[src]!; k < start[src + 1]!; k++) {
      const e = adj[k]!;
      ps = Math.max(ps, edgeW[e]! + pot[nB + edgeV[e]!]!);
    }
    pot[src] = ps;

    reach(src, 0, -1);
    let D = Infinity;
    while (heap.size > 0) {
      const d = heap.peekKey();
      const u = heap.pop();
      if (done[u] || d > dist[u]!) continue;
      done[u] = 1;
      settledNodes[nSettled++] = u;
      if (u === T) {
        D = d;
        break;
      }
      if (u < nB) {
        // Beneficiary: to each volunteer it is not paired with, or out to T (unpaired).
        const mine = matchOf[u]!;
        for (let k = start[u]!; k < start[u + 1]!; k++) {
          const e = adj[k]!;
          if (e === mine) continue;
          const v = nB + edgeV[e]!;
          reach(v, d + Math.max(0, -edgeW[e]! + pot[u]! - pot[v]!), e);
        }
        reach(T, d + Math.max(0, pot[u]! - pot[T]!), u);
      } else {
        // Volunteer: back along a current pair (displacing that beneficiary), or to T if it has room.
        const v = u - nB;
        for (let k = segment[v]!; k < segment[v]! + count[v]!; k++) {
          const e = held[k]!;
          const b = edgeB[e]!;
          reach(b, d + Math.max(0, edgeW[e]! + pot[u]! - pot[b]!), u);
        }
        if (count[v]! < capacity[v]!) reach(T, d + Math.max(0, pot[u]! - pot[T]!), u);
      }
    }
    if (stats) stats.settled += nSettled;

    // Potentials: settled nodes move by dist - D, the others stay (T's potential stays 0).
    for (let i = 0; i < nSettled; i++) pot[settledNodes[i]!]! += dist[settledNodes[i]!]! - D;

    augment(src, via[T]!);

    for (let i = 0; i < nTouched; i++) {
      dist[touched[i]!] = Infinity;
      done[touched[i]!] = 0;
    }
    nTouched = 0;
    nSettled = 0;
    heap.clear();
  }
  return matchOf;

  function augment(source: number, last: number): void {
    let v: number;
    if (last < nB) {
      if (last === source) return; // the cheapest choice is to stay unpaired
      // Path ends with a displaced beneficiary leaving unpaired: its volunteer takes the predecessor.
      const old = matchOf[last]!;
      v = edgeV[old]!;
      release(v, old);
      matchOf[last] = -1;
    } else v = last - nB;
    for (;;) {
      const e = via[nB + v]!;
      const b = edgeB[e]!;
      held[segment[v]! + count[v]!++] = e;
      const old = matchOf[b]!;
      matchOf[b] = e;
      if (b === source) return;
      v = edgeV[old]!;
      release(v, old);
    }
  }

  function release(v: number, e: number): void {
    let i = segment[v]!;
    while (held[i] !== e) i++;
    held[i] = held[segment[v]! + --count[v]!]!;
  }
}
