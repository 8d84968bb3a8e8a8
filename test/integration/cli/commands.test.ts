import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AssignInput, Candidate, Pair, type RankInput, Unmatched } from '../../../scoring/index.js';
import { checkAssignment } from '../../unit/scoring/support/assignment.js';
import { bruteForceOptimum, feasiblePairs } from '../../unit/scoring/support/oracle.js';
import { RANK_INPUT } from './fixtures.js';
import { assertBuilt, inputFile, parseStdout, ROOT, tandem, withoutElapsed } from './run.js';

const ASSIGN_INPUT: AssignInput = {
  volunteers: [
    { id: 'v1', capacity: 1 },
    { id: 'v2', capacity: 2 },
    { id: 'v0', capacity: 0 },
  ],
  beneficiaries: [{ id: 'b3' }, { id: 'b1' }, { id: 'b2' }, { id: 'b4' }],
  edges: [
    { volunteerId: 'v1', beneficiaryId: 'b1', score: 0.9 },
    { volunteerId: 'v1', beneficiaryId: 'b2', score: 0.8 },
    { volunteerId: 'v2', beneficiaryId: 'b1', score: 0.7 },
    { volunteerId: 'v2', beneficiaryId: 'b3', score: 0.4 },
    { volunteerId: 'v2', beneficiaryId: 'b4', score: -0.1 },
    { volunteerId: 'v0', beneficiaryId: 'b4', score: 1 },
  ],
};

beforeAll(assertBuilt);

function checkRankOutput(input: RankInput, out: any): void {
  const feasible = feasiblePairs(input);
  for (const c of out.candidates) {
    expect(Candidate.safeParse(c).error).toBeUndefined();
    expect(feasible.get(c.beneficiaryId)!.has(c.volunteerId), `${c.beneficiaryId}/${c.volunteerId}`).toBe(true);
    expect(c.explanation).toMatch(/\S/);
  }
  for (const u of out.unmatched) {
    expect(Unmatched.safeParse(u).error).toBeUndefined();
    expect(u.explanation).toMatch(/\S/);
  }
  for (const b of input.beneficiaries) {
    const n = out.candidates.filter((c: Candidate) => c.beneficiaryId === b.id).length;
    expect(n).toBe(Math.min(input.programme.topK, feasible.get(b.id)!.size));
  }
  expect(out.stats).toMatchObject({ volunteers: input.volunteers.length, beneficiaries: input.beneficiaries.length });
  expect(out.stats.elapsedMs).toBeGreaterThanOrEqual(0);
}

describe('tandem rank', () => {
  it('ranks the feasible volunteers of each beneficiary from a file, one JSON document on stdout, nothing on stderr', () => {
    const r = tandem(['rank', '--input', inputFile(RANK_INPUT)]);
    const out = parseStdout(r);
    expect(r.stderr).toBe('');
    checkRankOutput(RANK_INPUT, out);
    // v2 covers both of b1's needs and is nearer; v1 shares b1's first language. v3 speaks
    // no common language, v4 is full, b3 lives in Antwerp.
    expect(out.candidates.map((c: Candidate) => `${c.beneficiaryId}:${c.volunteerId}:${c.rank}`)).toEqual([
      'b1:v2:1',
      'b1:v1:2',
      'b2:v2:1',
      'b2:v1:2',
    ]);
    expect(out.unmatched.map((u: Unmatched) => u.beneficiaryId)).toEqual(['b3']);
    expect(out.stats.feasiblePairs).toBe(4);
  });

  it('reads the same document from standard input with --input -', () => {
    const fromFile = parseStdout(tandem(['rank', '--input', inputFile(RANK_INPUT)]));
    const fromStdin = parseStdout(tandem(['rank', '--input', '-'], JSON.stringify(RANK_INPUT)));
    expect(withoutElapsed(fromStdin)).toEqual(withoutElapsed(fromFile));
  });

  it('gives the same output byte for byte on the same input, except elapsedMs', () => {
    const file = inputFile(RANK_INPUT);
    const strip = (s: string) => s.replace(/"elapsedMs":\d+/, '"elapsedMs":0');
    expect(strip(tandem(['rank', '--input', file]).stdout)).toBe(strip(tandem(['rank', '--input', file]).stdout));
  });

  it('explains candidates in French or Dutch with --lang', () => {
    const fr = parseStdout(tandem(['rank', '--input', inputFile(RANK_INPUT), '--lang', 'fr']));
    const b1v1 = fr.candidates.find((c: Candidate) => c.beneficiaryId === 'b1' && c.volunteerId === 'v1');
    expect(b1v1.explanation).toMatch(
      /^à 1,1 km · parlent tous deux arabe et français · libres tous deux le samedi 10:00-12:30 · couvre recherche d’emploi/,
    );
    const nl = parseStdout(tandem(['rank', '--input', inputFile(RANK_INPUT), '--lang', 'nl']));
    expect(nl.unmatched[0].explanation).toMatch(/^geen vrijwilliger binnen 10 km/);
  });
});

describe('tandem assign', () => {
  it('returns optimal pairs, sorted by beneficiary then volunteer, from a file', () => {
    const out = parseStdout(tandem(['assign', '--input', inputFile(ASSIGN_INPUT)]));
    for (const p of out.pairs) expect(Pair.safeParse(p).error).toBeUndefined();
    const sum = checkAssignment(ASSIGN_INPUT, out);
    expect(sum).toBeCloseTo(
      bruteForceOptimum(new Map(ASSIGN_INPUT.volunteers.map((v) => [v.id, v.capacity])), ASSIGN_INPUT.edges),
      9,
    );
    expect(out.pairs.map((p: Pair) => `${p.beneficiaryId}-${p.volunteerId}`)).toEqual(['b1-v2', 'b2-v1', 'b3-v2']);
    expect(out.totalScore).toBeCloseTo(1.9, 9);
  });

  it('reads its edges from standard input with --input -', () => {
    const fromFile = parseStdout(tandem(['assign', '--input', inputFile(ASSIGN_INPUT)]));
    const fromStdin = parseStdout(tandem(['assign', '--input', '-'], JSON.stringify(ASSIGN_INPUT)));
    expect(withoutElapsed(fromStdin)).toEqual(withoutElapsed(fromFile));
  });
});

describe('tandem plan', () => {
  function checkPlan(input: RankInput, out: any): void {
    checkRankOutput(input, out);
    const edges = out.candidates.map((c: Candidate) => ({
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
  }

  it('ranks, then pairs optimally over the candidates, from a file', () => {
    const out = parseStdout(tandem(['plan', '--input', inputFile(RANK_INPUT)]));
    checkPlan(RANK_INPUT, out);
    // Not greedy: b1's best (v2) goes to b2, for whom it matters more.
    expect(out.pairs.map((p: Pair) => `${p.beneficiaryId}-${p.volunteerId}`)).toEqual(['b1-v1', 'b2-v2']);
  });

  it('reads standard input with --input -, with the same result', () => {
    const fromStdin = parseStdout(tandem(['plan', '--input', '-'], JSON.stringify(RANK_INPUT)));
    checkPlan(RANK_INPUT, fromStdin);
    expect(withoutElapsed(fromStdin)).toEqual(
      withoutElapsed(parseStdout(tandem(['plan', '--input', inputFile(RANK_INPUT)]))),
    );
  });

  it('loads no zod on valid input, plan or assign (the schemas are loaded only to name a fault)', () => {
    for (const [command, input] of [
      ['plan', RANK_INPUT],
      ['assign', ASSIGN_INPUT],
    ] as const) {
      // Node's module debug log names each module it loads: the core's among them, zod not.
      const r = tandem([command, '--input', inputFile(input)], '', { NODE_DEBUG: 'esm' });
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('/dist/scoring/assign.js');
      expect(r.stderr).not.toContain('/node_modules/zod/');
    }
  });
});

describe('tandem --help and --version', () => {
  it('prints the usage of the three commands on stdout and exits 0', () => {
    for (const args of [['--help'], ['-h'], [], ['help'], ['rank', '--help']]) {
      const r = tandem(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage:/);
      for (const c of ['rank', 'assign', 'plan', '--input']) expect(r.stdout).toContain(c);
      expect(r.stderr).toBe('');
    }
  });

  it('prints the package version and exits 0', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const flag of ['--version', '-v']) {
      const r = tandem([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });
});
