/**
 * A programme's simulation: calibrate behaviour on the pairs matching by hand makes from the
 * seed file, then run every policy on the same arrival streams and sum up.
 */
import type { PairCriteria } from './parameters.js';
import { Behaviour } from './behaviour.js';
import { dateOf, drawArrivals, run, type History } from './engine.js';
import {
  compare,
  streamMetrics,
  summarise,
  type Comparison,
  type PolicySummary,
  type StreamMetrics,
} from './metrics.js';
import { type PARAMETERS, POLICIES, programmeParameters, type Parameters, type PolicyName } from './parameters.js';
import { byHand } from './policies.js';
import { Population, type SeedFiles } from './population.js';

/** A whole simulation, as run.ts writes it (JSON) and report.ts draws it. */
export interface SimulationOutput {
  seed: number;
  streams: number;
  weeks: number;
  command: string;
  elapsedSeconds: number;
  parameters: typeof PARAMETERS;
  programmes: ProgrammeResult[];
}

export interface ProgrammeResult {
  slug: string;
  streams: number;
  startDate: string;
  calibration: { pairs: number; acceptIntercept: number; baseWeeklyHazard: number };
  policies: Record<PolicyName, PolicySummary>;
  /** Each policy but hand, against hand. */
  versusHand: Record<Exclude<PolicyName, 'hand'>, Comparison>;
}

/**
 * The pairs a mediator makes by hand from the seed file (every slot free, no weekly limit) that
 * have the minimum time in common: those that can become tandems, as in the published figures.
 */
export function calibrationPairs(seed: SeedFiles): PairCriteria[] {
  const input = seed.match;
  const order = [...input.beneficiaries]
    .sort((a, b) => (a.waitingSince ?? '').localeCompare(b.waitingSince ?? '') || (a.id < b.id ? -1 : 1))
    .map((b) => b.id);
  const referenceDate = input.referenceDate ?? '2026-01-01';
  return byHand({ input: { ...input, referenceDate }, order, limit: Infinity, waitLimitDays: 0 })
    .filter((c) => c.overlapMinutes >= input.programme.minOverlapMinutes)
    .map((c) => c.breakdown);
}

export function calibrate(seed: SeedFiles, P: Parameters): Behaviour {
  return Behaviour.calibrate(P, calibrationPairs(seed));
}

/** Day 0 of a simulated period (P.weeks) that ends on the seed's reference date. */
export function startDateOf(seed: SeedFiles, P: Parameters): string {
  return dateOf(seed.match.referenceDate ?? '2026-01-01', -P.weeks.value * 7);
}

/** One stream under one policy: what the demo's history is made of. */
export function simulateStream(seed: SeedFiles, P: Parameters, streamKey: string, policy: PolicyName): History {
  const population = new Population(seed);
  const programme = programmeParameters(seed.slug);
  const arrivals = drawArrivals(population, programme, P.weeks.value, streamKey);
  return run({
    population,
    programme,
    parameters: P,
    behaviour: calibrate(seed, P),
    arrivals,
    policy,
    startDate: startDateOf(seed, P),
  });
}

export function simulateProgramme(
  seed: SeedFiles,
  P: Parameters,
  options: { seed: number; streams: number; onStream?: () => void },
): ProgrammeResult {
  const population = new Population(seed);
  const programme = programmeParameters(seed.slug);
  const pairs = calibrationPairs(seed);
  const behaviour = Behaviour.calibrate(P, pairs);
  const startDate = startDateOf(seed, P);
  const perPolicy = Object.fromEntries(POLICIES.map((p) => [p, [] as StreamMetrics[]])) as Record<
    PolicyName,
    StreamMetrics[]
  >;
  for (let s = 0; s < options.streams; s++) {
    const arrivals = drawArrivals(population, programme, P.weeks.value, `${options.seed}/${seed.slug}/${s}`);
    for (const policy of POLICIES) {
      const history = run({ population, programme, parameters: P, behaviour, arrivals, policy, startDate });
      perPolicy[policy].push(streamMetrics(history, P));
    }
    options.onStream?.();
  }
  return {
    slug: seed.slug,
    streams: options.streams,
    startDate,
    calibration: {
      pairs: pairs.length,
      acceptIntercept: behaviour.acceptIntercept,
      baseWeeklyHazard: behaviour.baseHazard,
    },
    policies: Object.fromEntries(POLICIES.map((p) => [p, summarise(perPolicy[p])])) as Record<
      PolicyName,
      PolicySummary
    >,
    versusHand: {
      greedy: compare(perPolicy.greedy, perPolicy.hand),
      plan: compare(perPolicy.plan, perPolicy.hand),
      fair: compare(perPolicy.fair, perPolicy.hand),
    },
  };
}
