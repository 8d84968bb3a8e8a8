/**
 * Weights learnt from how tandems turned out: a logistic regression (ml-logistic-regression) of
 * "lasted 6 months or ended with a positive outcome" on the pair's four criteria as they were
 * when the pair was proposed, with Wald 95 % intervals from the information matrix (ml-matrix).
 * The coefficients become suggested weights on the scale of the programme's current ones. Only
 * a suggestion: a coordinator adopts it, or not. Pure: the records and the day are given.
 */
import LogisticRegression from 'ml-logistic-regression';
import { inverse, Matrix } from 'ml-matrix';
import { CRITERIA, type Criterion, type Weights } from '../../scoring/index.js';
import { WEIGHT_SCALE, type Outcome, type Tandem } from '../domain/index.js';
import { addMonths } from './stats.js';

/** What the model learns from: the pair's criteria. Waiting time is the beneficiary's, not the pair's. */
export const LEARNT_CRITERIA = [
  'proximity',
  'skills',
  'availability',
  'language',
] as const satisfies readonly Criterion[];
export type LearntCriterion = (typeof LEARNT_CRITERIA)[number];

/** Below this many tandems with a known result (and this many of each result), no suggestion. */
export const MIN_TANDEMS = 30;
export const MIN_EACH_RESULT = 5;
export const LASTING_MONTHS = 6;
export const POSITIVE_OUTCOMES: readonly Outcome[] = ['endured', 'found_work', 'training'];

export interface Sample {
  criteria: Record<LearntCriterion, number>;
  good: boolean;
}

/**
 * The tandems whose result is known (ended, closed or lapsed, or still going past 6 months) and
 * whose criteria were kept at confirmation. Good when it lasted 6 months or closed with a
 * positive outcome.
 */
export function outcomeSamples(tandems: readonly Tandem[], today: string): Sample[] {
  const samples: Sample[] = [];
  for (const t of tandems) {
    const start = t.firstMeeting?.date;
    const breakdown = t.criteria;
    if (!start || !breakdown) continue;
    const end = t.closed?.at.slice(0, 10) ?? t.lapsedAt?.slice(0, 10);
    const milestone = addMonths(start, LASTING_MONTHS);
    if (end === undefined && milestone > today) continue; // still going, too early to say
    const lasted = (end ?? today) >= milestone;
    const positive = t.closed !== undefined && POSITIVE_OUTCOMES.includes(t.closed.outcome);
    samples.push({
      criteria: Object.fromEntries(LEARNT_CRITERIA.map((c) => [c, breakdown[c]])) as Sample['criteria'],
      good: lasted || positive,
    });
  }
  return samples;
}

export interface Coefficient {
  estimate: number;
  low: number;
  high: number;
}

export interface LogisticFit {
  intercept: Coefficient;
  coefficients: Record<LearntCriterion, Coefficient>;
}

const Z95 = 1.959964;
/** Gradient steps: enough to converge for a few thousand samples with the step size below. */
const STEPS = 1000;

/** Maximum-likelihood logistic regression with an intercept, and Wald 95 % intervals. */
export function fitLogistic(samples: readonly Sample[]): LogisticFit {
  const X = new Matrix(samples.map((s) => [1, ...LEARNT_CRITERIA.map((c) => s.criteria[c])]));
  const y = Matrix.columnVector(samples.map((s) => (s.good ? 1 : 0)));
  // The library sums the gradient over samples: a step of 4 / trace(X'X) stays below 8 / largest
  // eigenvalue, where gradient ascent on the log-likelihood converges.
  let trace = 0;
  for (const row of X.to2DArray()) for (const v of row) trace += v * v;
  const model = new LogisticRegression({ numSteps: STEPS, learningRate: 4 / trace });
  model.train(X, y);
  // With two classes the first classifier models P(y = 1) (one against the rest).
  const beta = model.classifiers[0]!.weights!.to1DArray();
  // Fisher information X' W X, W = p (1 - p); its inverse estimates the coefficients' covariance.
  const information = new Matrix(beta.length, beta.length);
  for (const row of X.to2DArray()) {
    const p = 1 / (1 + Math.exp(-row.reduce((s, v, j) => s + v * beta[j]!, 0)));
    const w = p * (1 - p);
    for (let i = 0; i < row.length; i++)
      for (let j = 0; j < row.length; j++) information.set(i, j, information.get(i, j) + w * row[i]! * row[j]!);
  }
  const covariance = inverse(information, true);
  const coefficient = (j: number): Coefficient => {
    const se = Math.sqrt(Math.max(0, covariance.get(j, j)));
    return { estimate: beta[j]!, low: beta[j]! - Z95 * se, high: beta[j]! + Z95 * se };
  };
  return {
    intercept: coefficient(0),
    coefficients: Object.fromEntries(
      LEARNT_CRITERIA.map((c, i) => [c, coefficient(i + 1)]),
    ) as LogisticFit['coefficients'],
  };
}

export type Suggestion =
  | { status: 'too_few'; tandems: number; minimum: number; good: number; bad: number }
  | { status: 'no_signal'; tandems: number; fit: LogisticFit }
  | {
      status: 'ready';
      tandems: number;
      good: number;
      fit: LogisticFit;
      /** The four learnt weights on the scale of the current ones; waiting keeps its weight. */
      weights: Record<Criterion, number>;
      intervals: Record<LearntCriterion, { low: number; high: number }>;
    };

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Suggested weights: the positive coefficients, scaled so the four learnt weights sum to what the
 * current four sum to (a criterion with no positive effect gets 0), scaled down if one would pass
 * the settings' maximum, and rounded to their step; the intervals are scaled alike. Too few
 * tandems, or outcomes all alike: no suggestion, and why.
 */
export function suggestWeights(
  samples: readonly Sample[],
  current: Weights | undefined,
  scale: { max: number; step: number } = WEIGHT_SCALE,
): Suggestion {
  const good = samples.filter((s) => s.good).length;
  const bad = samples.length - good;
  if (samples.length < MIN_TANDEMS || good < MIN_EACH_RESULT || bad < MIN_EACH_RESULT)
    return { status: 'too_few', tandems: samples.length, minimum: MIN_TANDEMS, good, bad };
  const fit = fitLogistic(samples);
  const positive = LEARNT_CRITERIA.reduce((s, c) => s + Math.max(0, fit.coefficients[c].estimate), 0);
  if (positive <= 0) return { status: 'no_signal', tandems: samples.length, fit };
  const now = Object.fromEntries(CRITERIA.map((c) => [c, current?.[c] ?? 1])) as Record<Criterion, number>;
  const largest = Math.max(...LEARNT_CRITERIA.map((c) => fit.coefficients[c].estimate));
  const factor = Math.min(LEARNT_CRITERIA.reduce((s, c) => s + now[c], 0) / positive, scale.max / largest);
  const weights = { ...now };
  const intervals = {} as Record<LearntCriterion, { low: number; high: number }>;
  for (const c of LEARNT_CRITERIA) {
    const k = fit.coefficients[c];
    weights[c] = Math.round((Math.max(0, k.estimate) * factor) / scale.step) * scale.step;
    intervals[c] = { low: round2(Math.max(0, k.low) * factor), high: round2(Math.max(0, k.high) * factor) };
  }
  return { status: 'ready', tandems: samples.length, good, fit, weights, intervals };
}
