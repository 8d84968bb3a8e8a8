import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Candidate,
  explainCandidate,
  explainUnmatched,
  LOCALES,
  Pair,
  RankInput,
  Unmatched,
} from '../../../scoring/index.js';
import { checkAssignment } from '../../unit/scoring/support/assignment.js';
import { exhaustiveRank, referenceAssign } from '../../unit/scoring/support/exhaustive.js';
import { cmpId, feasiblePairs } from '../../unit/scoring/support/oracle.js';
import { assertBuilt, parseStdout, ROOT, tandem, withoutElapsed } from './run.js';

/*
 * `tandem plan` on each demo programme in seeds/*.match.json, whatever exists: another part of
 * the project writes them. On CI there must be at least one, or this file would test nothing.
 */
const SEEDS = readdirSync(join(ROOT, 'seeds'), { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.match.json'))
  .map((e) => e.name)
  .sort();

beforeAll(assertBuilt);

describe('tandem plan on the demo programmes', () => {
  it.runIf(Boolean(process.env.CI))('finds at least one seeds/*.match.json on CI', () => {
    expect(SEEDS.length).toBeGreaterThan(0);
  });

  it.each(SEEDS)('plans %s: valid output, every candidate feasible and explained, optimal pairs', (name) => {
    const input = RankInput.parse(JSON.parse(readFileSync(join(ROOT, 'seeds', name), 'utf8')));
    const out = parseStdout(tandem(['plan', '--input', join(ROOT, 'seeds', name)]));
    expect(Object.keys(out).sort()).toEqual(['candidates', 'pairs', 'stats', 'totalScore', 'unmatched']);

    const feasible = feasiblePairs(input);
    const perB = new Map<string, Candidate[]>();
    for (const c of out.candidates as Candidate[]) {
      expect(Candidate.safeParse(c).error).toBeUndefined();
      expect(c.explanation, `${c.beneficiaryId}/${c.volunteerId} has no explanation`).toMatch(/\S/);
      expect(
        feasible.get(c.beneficiaryId)?.has(c.volunteerId),
        `${c.beneficiaryId}/${c.volunteerId} is not feasible`,
      ).toBe(true);
      (perB.get(c.beneficiaryId) ?? perB.set(c.beneficiaryId, []).get(c.beneficiaryId)!).push(c);
    }
    for (const b of input.beneficiaries) {
      const cs = perB.get(b.id) ?? [];
      const strict = [...feasible.get(b.id)!.values()].filter((f) => !f.border).length;
      expect(cs.length).toBeGreaterThanOrEqual(Math.min(input.programme.topK, strict));
      expect(cs.length).toBeLessThanOrEqual(Math.min(input.programme.topK, feasible.get(b.id)!.size));
      cs.forEach((c, i) => {
        expect(c.rank).toBe(i + 1);
        const prev = cs[i - 1];
        if (prev)
          expect(prev.score > c.score || (prev.score === c.score && cmpId(prev.volunteerId, c.volunteerId) < 0)).toBe(
            true,
          );
      });
      expect(out.unmatched.some((u: Unmatched) => u.beneficiaryId === b.id)).toBe(cs.length === 0);
    }
    for (const u of out.unmatched as Unmatched[]) {
      expect(Unmatched.safeParse(u).error).toBeUndefined();
      expect(u.explanation).toMatch(/\S/);
    }

    const edges = (out.candidates as Candidate[]).map((c) => ({
      volunteerId: c.volunteerId,
      beneficiaryId: c.beneficiaryId,
      score: c.score,
    }));
    for (const p of out.pairs) expect(Pair.safeParse(p).error).toBeUndefined();
    checkAssignment(
      {
        volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
        beneficiaries: input.beneficiaries.map((b) => ({ id: b.id })),
        edges,
      },
      out,
    );
    // Optimality over the candidates: the same as `tandem assign` on them.
    const assign = tandem(
      ['assign', '--input', '-'],
      JSON.stringify({
        volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
        beneficiaries: input.beneficiaries.map((b) => ({ id: b.id })),
        edges,
      }),
    );
    expect(parseStdout(assign).totalScore).toBeCloseTo(out.totalScore, 9);
  });
});

describe('tandem plan on the demo programmes, against the exhaustive ranking it replaced', () => {
  const cases = SEEDS.flatMap((name) => LOCALES.map((locale) => [name, locale] as const));
  it.each(cases)('writes for %s in %s the very bytes the exhaustive ranking gives', (name, locale) => {
    const input = RankInput.parse(JSON.parse(readFileSync(join(ROOT, 'seeds', name), 'utf8')));
    const run = tandem(['plan', '--input', join(ROOT, 'seeds', name), '--lang', locale]);
    const slow = exhaustiveRank(input, input.referenceDate!);
    const needs = new Map(input.beneficiaries.map((b) => [b.id, b.needs]));
    for (const c of slow.candidates) c.explanation = explainCandidate(c, needs.get(c.beneficiaryId)!, locale);
    for (const u of slow.unmatched) u.explanation = explainUnmatched(u, locale);
    const { pairs, totalScore } = referenceAssign({
      volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
      beneficiaries: input.beneficiaries.map((b) => ({ id: b.id })),
      edges: slow.candidates.map(({ volunteerId, beneficiaryId, score }) => ({ volunteerId, beneficiaryId, score })),
    });
    const want = {
      candidates: slow.candidates,
      pairs,
      totalScore,
      unmatched: slow.unmatched,
      stats: {
        volunteers: input.volunteers.length,
        beneficiaries: input.beneficiaries.length,
        feasiblePairs: slow.feasiblePairs,
      },
    };
    expect(JSON.stringify(withoutElapsed(parseStdout(run)))).toBe(JSON.stringify(want));
  });
});
