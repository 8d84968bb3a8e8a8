import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  availabilityScore,
  combine,
  languageScore,
  normaliseWeights,
  proximityScore,
  round,
  skillsScore,
  matchedNeeds,
  WAITING_FULL_DAYS,
  waitingScore,
} from '../../../scoring/criteria.js';
import { CRITERIA, type Breakdown } from '../../../scoring/index.js';

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const breakdownArb = fc.record({ proximity: unit, skills: unit, availability: unit, language: unit, waiting: unit });
const weightsArb = fc.record(
  {
    proximity: fc.double({ min: 0, max: 10, noNaN: true }),
    skills: fc.double({ min: 0, max: 10, noNaN: true }),
    availability: fc.double({ min: 0, max: 10, noNaN: true }),
    language: fc.double({ min: 0, max: 10, noNaN: true }),
    waiting: fc.double({ min: 0, max: 10, noNaN: true }),
  },
  { requiredKeys: [] },
);

describe('proximity', () => {
  it('is 1 next door, 0 at the radius and linear in between', () => {
    expect(proximityScore(0, 10)).toBe(1);
    expect(proximityScore(10, 10)).toBe(0);
    expect(proximityScore(2.5, 10)).toBeCloseTo(0.75, 12);
  });

  it('stays at 0 beyond the radius rather than going negative', () => {
    expect(proximityScore(15, 10)).toBe(0);
  });

  it('is full for a pair allowed no distance at all', () => {
    expect(proximityScore(0, 0)).toBe(1);
  });

  it('never increases with distance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (d1, d2, r) => {
          const [near, far] = d1 <= d2 ? [d1, d2] : [d2, d1];
          expect(proximityScore(near, r)).toBeGreaterThanOrEqual(proximityScore(far, r));
        },
      ),
    );
  });
});

describe('skills', () => {
  const has = (...skills: string[]) => {
    const set = new Set(skills);
    return (need: string) => set.has(need);
  };

  it('weighs the first need most (need i of n weighs n - i)', () => {
    expect(skillsScore(['a', 'b', 'c'], has('a'))).toBeCloseTo(3 / 6, 12);
    expect(skillsScore(['a', 'b', 'c'], has('c'))).toBeCloseTo(1 / 6, 12);
    expect(skillsScore(['a', 'b', 'c'], has('a', 'b', 'c'))).toBe(1);
  });

  it('lists the matched needs in the beneficiary’s order', () => {
    expect(matchedNeeds(['c', 'a', 'b'], has('a', 'b', 'x'))).toEqual(['a', 'b']);
  });

  it('is full when nothing is needed', () => {
    expect(skillsScore([], has('a'))).toBe(1);
    expect(matchedNeeds([], has('a'))).toEqual([]);
  });

  it('is 0 when no need is covered', () => {
    expect(skillsScore(['a', 'b'], has('x'))).toBe(0);
  });

  it('never decreases when one more need is covered', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1 }),
        fc.subarray(['a', 'b', 'c', 'd', 'e', 'f']),
        fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
        (needs, skills, extra) => {
          const before = skillsScore(needs, has(...skills));
          const after = skillsScore(needs, has(...skills, extra));
          expect(after).toBeGreaterThanOrEqual(before);
          expect(after).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('availability', () => {
  it('reaches 1 at the target and stays there', () => {
    expect(availabilityScore(60, 120)).toBe(0.5);
    expect(availabilityScore(120, 120)).toBe(1);
    expect(availabilityScore(600, 120)).toBe(1);
  });

  it('does not divide by zero when the target is 0', () => {
    expect(availabilityScore(0, 0)).toBe(0);
    expect(availabilityScore(5, 0)).toBe(1);
  });
});

describe('language', () => {
  it('is 1 for the beneficiary’s first language, 0.75 for another common one, else 0', () => {
    expect(languageScore(true, true)).toBe(1);
    expect(languageScore(true, false)).toBe(0.75);
    expect(languageScore(false, false)).toBe(0);
  });
});

describe('waiting', () => {
  it('grows linearly to 1 after a year and stays there', () => {
    expect(waitingScore(0)).toBe(0);
    expect(waitingScore(WAITING_FULL_DAYS / 2)).toBeCloseTo(0.5, 12);
    expect(waitingScore(WAITING_FULL_DAYS)).toBe(1);
    expect(waitingScore(3 * WAITING_FULL_DAYS)).toBe(1);
  });

  it('grows to 1 at a programme’s wait limit instead, and never falls', () => {
    expect(waitingScore(45, 90)).toBeCloseTo(0.5, 12);
    expect(waitingScore(90, 90)).toBe(1);
    expect(waitingScore(400, 90)).toBe(1);
    for (let d = 0; d < 500; d++) expect(waitingScore(d + 1, 90)).toBeGreaterThanOrEqual(waitingScore(d, 90));
  });

  it('treats a waiting date in the future as no waiting', () => {
    expect(waitingScore(-30)).toBe(0);
  });
});

describe('weights', () => {
  it('count a missing criterion as 1 and sum to 1', () => {
    const w = normaliseWeights({ skills: 3 });
    expect(w).toEqual({ proximity: 1 / 7, skills: 3 / 7, availability: 1 / 7, language: 1 / 7, waiting: 1 / 7 });
  });

  it('are equal when none are given', () => {
    expect(normaliseWeights(undefined)).toEqual({
      proximity: 0.2,
      skills: 0.2,
      availability: 0.2,
      language: 0.2,
      waiting: 0.2,
    });
  });

  it('stay all zero when all are zero (no division by zero)', () => {
    const w = normaliseWeights({ proximity: 0, skills: 0, availability: 0, language: 0, waiting: 0 });
    expect(Object.values(w)).toEqual([0, 0, 0, 0, 0]);
  });

  it('always sum to 1 or are all zero', () => {
    fc.assert(
      fc.property(weightsArb, (weights) => {
        const w = normaliseWeights(weights);
        const sum = CRITERIA.reduce((s, c) => s + w[c], 0);
        if (sum === 0) expect(CRITERIA.every((c) => (weights[c] ?? 1) === 0)).toBe(true);
        else expect(sum).toBeCloseTo(1, 12);
      }),
    );
  });
});

describe('combined score', () => {
  it('is the weighted mean of the criteria, rounded to 6 decimals', () => {
    const b: Breakdown = { proximity: 1, skills: 0.5, availability: 0, language: 0.75, waiting: 0.1234567 };
    expect(combine(b, normaliseWeights(undefined))).toBe(round((1 + 0.5 + 0 + 0.75 + 0.1234567) / 5, 6));
  });

  it('is 1 when every criterion is full', () => {
    fc.assert(
      fc.property(weightsArb, (weights) => {
        const w = normaliseWeights(weights);
        const full = combine({ proximity: 1, skills: 1, availability: 1, language: 1, waiting: 1 }, w);
        expect(full).toBe(CRITERIA.some((c) => w[c] > 0) ? 1 : 0);
      }),
    );
  });

  it('stays in [0, 1] and never decreases when one criterion improves', () => {
    fc.assert(
      fc.property(breakdownArb, weightsArb, fc.constantFrom(...CRITERIA), unit, (b, weights, c, x) => {
        const w = normaliseWeights(weights);
        const better = { ...b, [c]: Math.max(b[c], x) };
        const s = combine(b, w);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(combine(better, w)).toBeGreaterThanOrEqual(s);
      }),
      { numRuns: 300 },
    );
  });
});
