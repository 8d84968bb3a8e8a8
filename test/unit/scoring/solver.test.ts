import fc from 'fast-check';
import * as highsModule from 'highs';
import type { Highs, InitOptions } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assign } from '../../../scoring/assign.js';
import { solveMatching, type MatchingStats } from '../../../scoring/solver.js';
import type { AssignInput } from '../../../scoring/index.js';
import { checkAssignment } from './support/assignment.js';
import { bruteForceOptimum, rng, shuffled } from './support/oracle.js';

/*
 * highs ships ESM at runtime (its default export is the loader) but CommonJS-flavoured types,
 * which TypeScript's NodeNext resolution wraps in `default` once more: unwrap to the function.
 */
function highsLoader(): (options?: InitOptions) => Promise<Highs> {
  let m: unknown = highsModule;
  while (typeof m !== 'function') m = (m as { default: unknown }).default;
  return m as (options?: InitOptions) => Promise<Highs>;
}

const closeTo = (got: number, want: number) => Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want));

/** Scores with many exact ties, zeros and negatives, or arbitrary. */
const scoreArb = fc.oneof(
  fc.constantFrom(0.5, 0.5, 1, 0.25, 0, -0.5),
  fc.integer({ min: -3, max: 10 }).map((x) => x / 8),
  fc.double({ min: -1, max: 1, noNaN: true }),
);

/** Small instances: up to 4 volunteers (capacity 0..3) and 6 beneficiaries, some isolated. */
const smallArb: fc.Arbitrary<AssignInput> = fc
  .record({
    capacities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 4 }),
    nB: fc.integer({ min: 0, max: 6 }),
  })
  .chain(({ capacities, nB }) => {
    const pairs = capacities.flatMap((_, v) => Array.from({ length: nB }, (_, b) => [v, b] as const));
    return fc.record({
      volunteers: fc.constant(capacities.map((capacity, i) => ({ id: `v${i}`, capacity }))),
      beneficiaries: fc.constant(Array.from({ length: nB }, (_, i) => ({ id: `b${i}` }))),
      edges: fc
        .subarray(pairs)
        .chain((chosen) =>
          fc
            .tuple(...chosen.map(() => scoreArb))
            .map((scores) =>
              chosen.map(([v, b], k) => ({ volunteerId: `v${v}`, beneficiaryId: `b${b}`, score: scores[k]! })),
            ),
        ),
    });
  });

function reorder(input: AssignInput, seed: number): AssignInput {
  return {
    volunteers: shuffled(input.volunteers, seed),
    beneficiaries: shuffled(input.beneficiaries, seed + 1),
    edges: shuffled(input.edges, seed + 2),
  };
}

/** A random medium instance: clustered so that volunteers compete for the same beneficiaries. */
function mediumInstance(seed: number): AssignInput {
  const r = rng(seed);
  const nV = 5 + Math.floor(r() * 40);
  const nB = 5 + Math.floor(r() * 120);
  const volunteers = Array.from({ length: nV }, (_, i) => ({
    id: `v${String(i).padStart(3, '0')}`,
    capacity: Math.floor(r() * 4),
  }));
  const beneficiaries = Array.from({ length: nB }, (_, i) => ({ id: `b${String(i).padStart(3, '0')}` }));
  const tieHeavy = r() < 0.3;
  const density = 0.05 + r() * 0.3;
  const edges: AssignInput['edges'] = [];
  volunteers.forEach((v, i) =>
    beneficiaries.forEach((b, j) => {
      // Nearby indices are likelier to be linked: contested neighbourhoods, not a uniform graph.
      const near = Math.abs(i / nV - j / nB) < 0.15;
      if (r() < (near ? 3 * density : density / 3)) {
        const score = tieHeavy ? [0.5, 0.75, 1][Math.floor(r() * 3)]! : r() < 0.05 ? -r() : Number(r().toFixed(6));
        edges.push({ volunteerId: v.id, beneficiaryId: b.id, score });
      }
    }),
  );
  return { volunteers, beneficiaries, edges };
}

/** The b-matching LP in CPLEX LP format; its constraint matrix is totally unimodular. */
function lpOf(input: AssignInput): string {
  const terms = (ks: number[]) => {
    const parts = ks.map((k, n) => {
      const w = input.edges[k]!.score;
      return `${n === 0 ? (w < 0 ? '-' : '') : w < 0 ? ' -' : ' +'} ${Math.abs(w)} x${k}`;
    });
    // Short lines: the LP format is line based.
    const lines: string[] = [];
    for (let i = 0; i < parts.length; i += 8) lines.push(parts.slice(i, i + 8).join(''));
    return lines.join('\n   ');
  };
  const ones = (ks: number[]) => {
    const lines: string[] = [];
    for (let i = 0; i < ks.length; i += 12)
      lines.push(
        ks
          .slice(i, i + 12)
          .map((k) => `x${k}`)
          .join(' + '),
      );
    return lines.join('\n   + ');
  };
  const all = input.edges.map((_, k) => k);
  const byB = new Map<string, number[]>();
  const byV = new Map<string, number[]>();
  input.edges.forEach((e, k) => {
    (byB.get(e.beneficiaryId) ?? byB.set(e.beneficiaryId, []).get(e.beneficiaryId)!).push(k);
    (byV.get(e.volunteerId) ?? byV.set(e.volunteerId, []).get(e.volunteerId)!).push(k);
  });
  const capacity = new Map(input.volunteers.map((v) => [v.id, v.capacity]));
  const rows = [
    ...[...byB].map(([_b, ks], i) => ` once${i}: ${ones(ks)} <= 1`),
    ...[...byV].map(([v, ks], i) => ` cap${i}: ${ones(ks)} <= ${capacity.get(v)}`),
  ];
  return [
    'Maximize',
    ` total: ${all.length ? terms(all) : '0 x0'}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...all.map((k) => ` 0 <= x${k} <= 1`),
    'End',
    '',
  ].join('\n');
}

describe('exact b-matching solver', () => {
  it('pairs each beneficiary with its best volunteer when nobody competes', () => {
    const out = assign({
      volunteers: [
        { id: 'v1', capacity: 1 },
        { id: 'v2', capacity: 1 },
      ],
      beneficiaries: [{ id: 'b1' }, { id: 'b2' }],
      edges: [
        { volunteerId: 'v1', beneficiaryId: 'b1', score: 0.9 },
        { volunteerId: 'v2', beneficiaryId: 'b2', score: 0.8 },
      ],
    });
    expect(out.pairs).toEqual([
      { volunteerId: 'v1', beneficiaryId: 'b1', score: 0.9 },
      { volunteerId: 'v2', beneficiaryId: 'b2', score: 0.8 },
    ]);
    expect(out.totalScore).toBeCloseTo(1.7, 12);
  });

  it('gives up a greedy best edge when two others together are worth more', () => {
    // Greedy would take v1-b1 (0.9) and leave b2 alone; 0.8 + 0.7 is better.
    const out = assign({
      volunteers: [
        { id: 'v1', capacity: 1 },
        { id: 'v2', capacity: 1 },
      ],
      beneficiaries: [{ id: 'b1' }, { id: 'b2' }],
      edges: [
        { volunteerId: 'v1', beneficiaryId: 'b1', score: 0.9 },
        { volunteerId: 'v1', beneficiaryId: 'b2', score: 0.8 },
        { volunteerId: 'v2', beneficiaryId: 'b1', score: 0.7 },
      ],
    });
    expect(out.pairs.map((p) => `${p.volunteerId}-${p.beneficiaryId}`)).toEqual(['v2-b1', 'v1-b2']);
    expect(out.totalScore).toBeCloseTo(1.5, 12);
  });

  it('gives a volunteer up to its capacity, and no one to a volunteer of capacity 0', () => {
    const out = assign({
      volunteers: [
        { id: 'v1', capacity: 2 },
        { id: 'v0', capacity: 0 },
      ],
      beneficiaries: [{ id: 'b1' }, { id: 'b2' }, { id: 'b3' }],
      edges: ['b1', 'b2', 'b3'].flatMap((b, i) => [
        { volunteerId: 'v1', beneficiaryId: b, score: 0.5 + i / 10 },
        { volunteerId: 'v0', beneficiaryId: b, score: 1 },
      ]),
    });
    expect(out.pairs.map((p) => `${p.volunteerId}-${p.beneficiaryId}`)).toEqual(['v1-b2', 'v1-b3']);
  });

  it('leaves out edges with a score of 0 or less', () => {
    const out = assign({
      volunteers: [{ id: 'v1', capacity: 3 }],
      beneficiaries: [{ id: 'b1' }, { id: 'b2' }, { id: 'b3' }],
      edges: [
        { volunteerId: 'v1', beneficiaryId: 'b1', score: 0 },
        { volunteerId: 'v1', beneficiaryId: 'b2', score: -0.3 },
        { volunteerId: 'v1', beneficiaryId: 'b3', score: 0.1 },
      ],
    });
    expect(out).toEqual({ pairs: [{ volunteerId: 'v1', beneficiaryId: 'b3', score: 0.1 }], totalScore: 0.1 });
  });

  it('returns nothing for no edges, no volunteers or no beneficiaries', () => {
    expect(assign({ volunteers: [], beneficiaries: [], edges: [] })).toEqual({ pairs: [], totalScore: 0 });
    expect(assign({ volunteers: [{ id: 'v', capacity: 1 }], beneficiaries: [{ id: 'b' }], edges: [] })).toEqual({
      pairs: [],
      totalScore: 0,
    });
  });

  it('displaces along a long alternating path to fit one more beneficiary', () => {
    // A chain b0-v0-b1-v1-...: the optimum shifts every pair by one when b_n arrives last.
    const n = 30;
    const volunteers = Array.from({ length: n }, (_, i) => ({ id: `v${String(i).padStart(2, '0')}`, capacity: 1 }));
    const beneficiaries = Array.from({ length: n + 1 }, (_, i) => ({ id: `b${String(i).padStart(2, '0')}` }));
    const edges = volunteers.flatMap((v, i) => [
      { volunteerId: v.id, beneficiaryId: beneficiaries[i]!.id, score: 1 },
      { volunteerId: v.id, beneficiaryId: beneficiaries[i + 1]!.id, score: 1.01 },
    ]);
    const out = assign({ volunteers, beneficiaries, edges });
    expect(out.pairs).toHaveLength(n);
    expect(out.totalScore).toBeCloseTo(n * 1.01, 9);
  });

  it('counts its work in stats.settled', () => {
    const stats: MatchingStats = { settled: 0 };
    solveMatching({ nB: 2, capacity: [1], edgeB: [0, 1], edgeV: [0, 0], edgeW: [1, 2] }, stats);
    expect(stats.settled).toBeGreaterThan(0);
  });

  it('matches exhaustive search on hundreds of small instances (ties, zeros, negatives, capacity 0..3)', () => {
    fc.assert(
      fc.property(smallArb, (input) => {
        const out = assign(input);
        const sum = checkAssignment(input, out);
        const best = bruteForceOptimum(new Map(input.volunteers.map((v) => [v.id, v.capacity])), input.edges);
        expect(closeTo(sum, best), `total ${sum}, optimum ${best}`).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('solves the index-level problem directly, each beneficiary on one of its own edges or none', () => {
    fc.assert(
      fc.property(smallArb, (input) => {
        const vIndex = new Map(input.volunteers.map((v, i) => [v.id, i]));
        const bIndex = new Map(input.beneficiaries.map((b, i) => [b.id, i]));
        const matchOf = solveMatching({
          nB: input.beneficiaries.length,
          capacity: input.volunteers.map((v) => v.capacity),
          edgeB: input.edges.map((e) => bIndex.get(e.beneficiaryId)!),
          edgeV: input.edges.map((e) => vIndex.get(e.volunteerId)!),
          edgeW: input.edges.map((e) => e.score),
        });
        expect(matchOf).toHaveLength(input.beneficiaries.length);
        let sum = 0;
        const load = new Map<number, number>();
        matchOf.forEach((k, b) => {
          if (k < 0) return;
          const e = input.edges[k]!;
          expect(bIndex.get(e.beneficiaryId)).toBe(b);
          expect(e.score).toBeGreaterThan(0);
          const v = vIndex.get(e.volunteerId)!;
          load.set(v, (load.get(v) ?? 0) + 1);
          expect(load.get(v)!).toBeLessThanOrEqual(input.volunteers[v]!.capacity);
          sum += e.score;
        });
        const best = bruteForceOptimum(new Map(input.volunteers.map((v) => [v.id, v.capacity])), input.edges);
        expect(closeTo(sum, best), `total ${sum}, optimum ${best}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same pairs whatever the order of volunteers, beneficiaries and edges', () => {
    fc.assert(
      fc.property(smallArb, fc.integer(), (input, seed) => {
        expect(assign(reorder(input, seed))).toEqual(assign(input));
      }),
      { numRuns: 300 },
    );
    for (let seed = 1; seed <= 10; seed++) {
      const input = mediumInstance(seed);
      expect(assign(reorder(input, seed * 7))).toEqual(assign(input));
    }
  });
});

describe('exact b-matching solver against the LP optimum (HiGHS)', () => {
  let highs: Highs;
  beforeAll(async () => {
    highs = await highsLoader()();
  });

  function lpOptimum(input: AssignInput): number {
    const result = highs.solve(lpOf(input), { output_flag: false });
    expect(result.Status).toBe('Optimal');
    return result.ObjectiveValue;
  }

  it('the LP model itself is right on a hand-checked instance', () => {
    const input: AssignInput = {
      volunteers: [
        { id: 'v1', capacity: 1 },
        { id: 'v2', capacity: 2 },
      ],
      beneficiaries: [{ id: 'b1' }, { id: 'b2' }, { id: 'b3' }],
      edges: [
        { volunteerId: 'v1', beneficiaryId: 'b1', score: 0.9 },
        { volunteerId: 'v1', beneficiaryId: 'b2', score: 0.8 },
        { volunteerId: 'v2', beneficiaryId: 'b1', score: 0.7 },
        { volunteerId: 'v2', beneficiaryId: 'b3', score: 0.4 },
        { volunteerId: 'v2', beneficiaryId: 'b2', score: -0.2 },
      ],
    };
    expect(lpOptimum(input)).toBeCloseTo(0.8 + 0.7 + 0.4, 9);
  });

  it('reaches the LP optimum on medium random instances', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const input = mediumInstance(seed);
      const out = assign(input);
      const sum = checkAssignment(input, out);
      const lp = lpOptimum(input);
      expect(closeTo(out.totalScore, lp), `seed ${seed}: total ${out.totalScore} (sum ${sum}), LP ${lp}`).toBe(true);
    }
  }, 30_000); // 30 LP solves: 3 to 6 s on a loaded 2-core machine
});
