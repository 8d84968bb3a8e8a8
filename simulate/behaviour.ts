/**
 * What people do once a pair is proposed, as functions of the pair's criteria (see
 * parameters.ts): whether they accept at the first meeting, and the weekly hazard of the tandem
 * ending early. Both are calibrated on the pairs a mediator makes by hand from the programme's
 * seed file, the status quo that the published figures describe.
 */
import { PAIR_CRITERIA, type OutcomeCode, type OutcomeMix, type PairCriteria, type Parameters } from './parameters.js';

/**
 * A uniform draw in [0, 1) fixed by a key: the same pair meets the same fate under every policy
 * (common random numbers), so policies differ by their choices, not by luck.
 */
export function uniform(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const dot = (coefficients: PairCriteria, x: PairCriteria) =>
  PAIR_CRITERIA.reduce((s, c) => s + coefficients[c] * x[c], 0);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export class Behaviour {
  constructor(
    private readonly params: Parameters,
    /** Log-odds of acceptance of the worst possible pair. */
    readonly acceptIntercept: number,
    /** Weekly hazard of ending early of the worst possible pair. */
    readonly baseHazard: number,
  ) {}

  /** Sets the two free constants so that the pairs made by hand meet the calibration targets. */
  static calibrate(params: Parameters, handPairs: readonly PairCriteria[]): Behaviour {
    if (handPairs.length === 0) throw new Error('calibration needs at least one pair made by hand');
    const { acceptance, hazard, weeks } = params;
    const a = acceptance.coefficients.value;
    const b = hazard.coefficients.value;
    const intercept = bisect(
      (z) => mean(handPairs, (x) => sigmoid(z + dot(a, x))) - acceptance.calibratedRate.value,
      -30,
      30,
    );
    const maxRelative = Math.max(...handPairs.map((x) => Math.exp(-dot(b, x))));
    const h0 = bisect(
      (h) =>
        hazard.calibratedYearSurvival.value - mean(handPairs, (x) => (1 - h * Math.exp(-dot(b, x))) ** weeks.value),
      0,
      1 / maxRelative,
    );
    return new Behaviour(params, intercept, h0);
  }

  acceptance(x: PairCriteria): number {
    return sigmoid(this.acceptIntercept + dot(this.params.acceptance.coefficients.value, x));
  }

  weeklyHazard(x: PairCriteria): number {
    return this.baseHazard * Math.exp(-dot(this.params.hazard.coefficients.value, x));
  }

  /** Days until the tandem would end early, by inversion of the weekly hazard (continuous time). */
  daysUntilEarlyEnd(x: PairCriteria, u: number): number {
    const h = this.weeklyHazard(x);
    return h <= 0 ? Infinity : (7 * Math.log(1 - u)) / Math.log(1 - h);
  }
}

/** The outcome whose cumulative share first exceeds u (shares are normalised). */
export function drawOutcome(mix: OutcomeMix, u: number): OutcomeCode {
  const entries = Object.entries(mix) as [OutcomeCode, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = u * total;
  for (const [code, w] of entries) {
    r -= w;
    if (r < 0) return code;
  }
  return entries[entries.length - 1]![0];
}

function mean<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((s, x) => s + f(x), 0) / items.length;
}

/** A root of an increasing function on [lo, hi] (or the nearer end when it has none there). */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
