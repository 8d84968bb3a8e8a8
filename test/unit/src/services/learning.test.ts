import { describe, expect, it } from 'vitest';
import type { Tandem } from '../../../../src/domain/index.js';
import {
  fitLogistic,
  LEARNT_CRITERIA,
  MIN_TANDEMS,
  outcomeSamples,
  suggestWeights,
  type LearntCriterion,
  type Sample,
} from '../../../../src/services/learning.js';

/** A small seeded generator (Park-Miller), so the data and the test's verdict never change. */
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Outcomes drawn from a known logistic model of the four criteria. */
function simulate(n: number, truth: Record<LearntCriterion, number>, intercept: number, seed: number): Sample[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const criteria = Object.fromEntries(LEARNT_CRITERIA.map((c) => [c, r()])) as Sample['criteria'];
    const z = intercept + LEARNT_CRITERIA.reduce((s, c) => s + truth[c] * criteria[c], 0);
    return { criteria, good: r() < 1 / (1 + Math.exp(-z)) };
  });
}

const TRUTH = { proximity: 0.3, skills: 2.0, availability: 0.9, language: 1.4 };
/** The stated tolerance: with 2,000 tandems each coefficient lies within 0.4 of the truth (about 2.5 standard errors). */
const TOLERANCE = 0.4;

describe('weights learnt from outcomes', () => {
  it('recover the order and, within the stated tolerance, the values of the weights that made the outcomes', () => {
    const fit = fitLogistic(simulate(2000, TRUTH, -1.5, 7));
    const byFit = [...LEARNT_CRITERIA].sort((a, b) => fit.coefficients[b].estimate - fit.coefficients[a].estimate);
    const byTruth = [...LEARNT_CRITERIA].sort((a, b) => TRUTH[b] - TRUTH[a]);
    expect(byFit).toEqual(byTruth);
    for (const c of LEARNT_CRITERIA) {
      expect(Math.abs(fit.coefficients[c].estimate - TRUTH[c]), c).toBeLessThan(TOLERANCE);
      // The 95 % interval holds the truth and is not absurdly wide.
      expect(fit.coefficients[c].low).toBeLessThan(TRUTH[c]);
      expect(fit.coefficients[c].high).toBeGreaterThan(TRUTH[c]);
      expect(fit.coefficients[c].high - fit.coefficients[c].low).toBeLessThan(1.5);
    }
    expect(Math.abs(fit.intercept.estimate + 1.5)).toBeLessThan(TOLERANCE);
  });

  it('suggest weights in the order of the effects, on the scale and steps of the settings, waiting untouched', () => {
    const s = suggestWeights(simulate(2000, TRUTH, -1.5, 11), { proximity: 2, skills: 1, waiting: 1.5 });
    expect(s.status).toBe('ready');
    if (s.status !== 'ready') return;
    // The four sum to what the current four do (2 + 1 + 1 + 1), within the rounding to steps of 0.5.
    const sum = LEARNT_CRITERIA.reduce((x, c) => x + s.weights[c], 0);
    expect(Math.abs(sum - 5)).toBeLessThanOrEqual(1);
    for (const c of LEARNT_CRITERIA) expect(Number.isInteger(s.weights[c] * 2) && s.weights[c] <= 3).toBe(true);
    expect(s.weights.waiting).toBe(1.5);
    expect(s.weights.skills).toBeGreaterThan(s.weights.language);
    expect(s.weights.language).toBeGreaterThan(s.weights.availability);
    expect(s.weights.availability).toBeGreaterThan(s.weights.proximity);
    for (const c of LEARNT_CRITERIA) {
      expect(s.intervals[c].low).toBeLessThanOrEqual(s.weights[c]);
      expect(s.intervals[c].high).toBeGreaterThanOrEqual(s.weights[c]);
    }
  });

  it('say there are too few tandems below the minimum, or when outcomes are all alike', () => {
    expect(suggestWeights(simulate(MIN_TANDEMS - 1, TRUTH, 0, 3), undefined)).toMatchObject({
      status: 'too_few',
      tandems: MIN_TANDEMS - 1,
      minimum: MIN_TANDEMS,
    });
    const allGood = simulate(100, TRUTH, 0, 3).map((x) => ({ ...x, good: true }));
    expect(suggestWeights(allGood, undefined).status).toBe('too_few');
  });

  it('scale the weights down rather than pass the settings’ maximum', () => {
    const s = suggestWeights(simulate(2000, { ...TRUTH, skills: 4 }, -2, 13), {
      proximity: 3,
      skills: 3,
      availability: 3,
      language: 3,
    });
    expect(s.status).toBe('ready');
    if (s.status === 'ready') expect(s.weights.skills).toBe(3);
  });

  it('suggest nothing when no criterion goes with better outcomes', () => {
    const s = suggestWeights(simulate(1500, { proximity: -1, skills: -1, availability: -1, language: -1 }, 1, 5), {});
    expect(s.status).toBe('no_signal');
  });
});

describe('the tandems it learns from', () => {
  const breakdown = { proximity: 0.5, skills: 1, availability: 0.25, language: 1, waiting: 0.1 };
  const base = {
    id: 'tdm_1',
    orgId: 'org',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    programmeId: 'prg',
    volunteerId: 'vol',
    beneficiaryId: 'ben',
    proposalId: 'pro',
    status: 'active',
    proposedAt: '2026-01-01T00:00:00.000Z',
    proposedBy: 'usr',
    checkIns: [],
    firstMeeting: { date: '2026-01-10', charterSigned: true },
    criteria: breakdown,
  } as const satisfies Tandem;
  const samples = (t: Tandem, today = '2026-11-22') => outcomeSamples([t], today);

  it('count a tandem still going after 6 months as good, and leave out one too young to say', () => {
    expect(samples(base)).toEqual([
      { criteria: { proximity: 0.5, skills: 1, availability: 0.25, language: 1 }, good: true },
    ]);
    expect(samples(base, '2026-05-01')).toEqual([]);
  });

  it('count an early ending as bad unless its outcome was positive', () => {
    const lapsed = { ...base, status: 'lapsed', lapsedAt: '2026-03-01T03:00:00.000Z' } as const;
    expect(samples(lapsed)[0]!.good).toBe(false);
    const work = {
      ...base,
      status: 'closed',
      closed: { at: '2026-03-01T10:00:00.000Z', outcome: 'found_work' },
    } as const;
    expect(samples(work)[0]!.good).toBe(true);
    const moved = { ...base, status: 'closed', closed: { at: '2026-03-01T10:00:00.000Z', outcome: 'moved' } } as const;
    expect(samples(moved)[0]!.good).toBe(false);
    const late = { ...base, status: 'closed', closed: { at: '2026-08-01T10:00:00.000Z', outcome: 'moved' } } as const;
    expect(samples(late)[0]!.good).toBe(true);
  });

  it('leave out pairs that never met or whose criteria were not kept', () => {
    const { firstMeeting: _m, ...proposed } = base;
    expect(samples({ ...proposed, status: 'proposed' })).toEqual([]);
    const { criteria: _c, ...manual } = base;
    expect(samples(manual)).toEqual([]);
  });
});
