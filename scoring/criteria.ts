import type { Weights } from './schema/programme.js';
import { CRITERIA } from './schema/values.js';
import type { Breakdown } from './schema/candidate.js';

/**
 * Criterion scores, each in [0, 1] and monotone in what it measures. Small and separate so
 * each can be tested and explained on its own.
 */

/** 1 next door, falling linearly to 0 at the pair's radius. */
export function proximityScore(distanceKm: number, radiusKm: number): number {
  if (radiusKm <= 0) return 1;
  return clamp01(1 - distanceKm / radiusKm);
}

/** Whether the volunteer covers `need`, the i-th of the beneficiary's needs. */
export type Covers = (need: string, i: number) => boolean;

/**
 * Share of the needs covered, the first need weighing most: need i of n weighs n - i.
 * No needs at all: nothing is missing, so 1.
 */
export function skillsScore(needs: readonly string[], covers: Covers): number {
  const n = needs.length;
  let got = 0;
  for (let i = 0; i < n; i++) if (covers(needs[i]!, i)) got += needWeight(i, n);
  return skillsShare(got, n);
}

/** The weight of need i of n in the skills score. */
export function needWeight(i: number, n: number): number {
  return n - i;
}

/** The skills score of a volunteer covering needs of summed weight `got`, out of n needs. */
export function skillsShare(got: number, n: number): number {
  return n === 0 ? 1 : got / ((n * (n + 1)) / 2);
}

/** The needs covered, in the beneficiary's order. */
export function matchedNeeds(needs: readonly string[], covers: Covers): string[] {
  return needs.filter(covers);
}

/** Weekly common minutes against the programme's target (a full score at the target). */
export function availabilityScore(overlapMinutes: number, targetMinutes: number): number {
  return clamp01(overlapMinutes / Math.max(targetMinutes, 1));
}

/** 1 when they share the beneficiary's first language, 0.75 for another common language, else 0. */
export function languageScore(anyCommon: boolean, sharesFirstLanguage: boolean): number {
  if (sharesFirstLanguage) return 1;
  return anyCommon ? 0.75 : 0;
}

/** By default a year of waiting gives the full score. */
export const WAITING_FULL_DAYS = 365;
/** Rises linearly to 1 at `fullDays`: the programme's wait limit when it sets one (`maxWaitDays`), else a year. */
export function waitingScore(waitingDays: number, fullDays: number = WAITING_FULL_DAYS): number {
  return clamp01(waitingDays / Math.max(fullDays, 1));
}

/** The weights with missing criteria at 1, normalised to sum 1 (all zero stays all zero). */
export function normaliseWeights(weights: Weights | undefined): Breakdown {
  const w = Object.fromEntries(CRITERIA.map((c) => [c, weights?.[c] ?? 1])) as Breakdown;
  const sum = CRITERIA.reduce((s, c) => s + w[c], 0);
  return Object.fromEntries(CRITERIA.map((c) => [c, sum > 0 ? w[c] / sum : 0])) as Breakdown;
}

/** Weighted mean of the breakdown, rounded to 6 decimals so ties are exact and visible in the output. */
export function combine(b: Breakdown, w: Breakdown): number {
  return combineScores(b.proximity, b.skills, b.availability, b.language, b.waiting, w);
}

/**
 * `combine` of the criteria given one by one (no object per pair). Spelled out in CRITERIA
 * order; each weight is >= 0, so the result never decreases when one criterion grows, to the
 * bit: a bound made with a criterion at its best is never below the pair's score.
 */
export function combineScores(
  proximity: number,
  skills: number,
  availability: number,
  language: number,
  waiting: number,
  w: Breakdown,
): number {
  const s = proximity * w.proximity + skills * w.skills + availability * w.availability;
  return round(clamp01(s + language * w.language + waiting * w.waiting), 6);
}

/** Powers of ten, so that rounding, done for every scored pair, computes none. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

export function round(x: number, decimals: number): number {
  const f = POW10[decimals] ?? 10 ** decimals;
  return Math.round(x * f) / f;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
