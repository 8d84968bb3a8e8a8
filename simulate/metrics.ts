/**
 * What a year under one policy amounts to (per stream), and the figures across streams with
 * their 95 % confidence intervals (Student's t over the streams, which are independent).
 *
 * A beneficiary's wait runs from arrival to the proposal of their first tandem that started;
 * for those never matched it runs until they gave up or the year ended, so a policy that leaves
 * people waiting is not rewarded for it. Only people who arrived during the year count; those
 * on the list at the start take part but are not measured.
 */
import quantileT from '@stdlib/stats-base-dists-t-quantile';
import { mean, median, quantile, sampleStandardDeviation } from 'simple-statistics';
import { FAIRNESS_DIMENSIONS, waitsByGroup, type FairnessDimension } from '../scoring/index.js';
import type { History, SimTandem } from './engine.js';
import { OUTCOME_CODES, type OutcomeCode, type Parameters } from './parameters.js';

export const SURVIVAL_MONTHS = 12;
const DAYS_PER_MONTH = 30.44;

export interface StreamMetrics {
  arrivals: number;
  matchedShare: number;
  gaveUpShare: number;
  medianWaitDays: number;
  p90WaitDays: number;
  /** Mean score of the pairs proposed; null when none was. */
  meanScore: number | null;
  acceptedShare: number | null;
  /** Of the tandems started in the year, the share still going (or completed) after 6 months. */
  lastingShare: number | null;
  /** Share still going (or completed) after 0..12 months. */
  survival: (number | null)[];
  outcomes: Record<OutcomeCode, number | null>;
  /** Per dimension, the longest group median wait over the programme's median. */
  groupWaitRatio: Record<FairnessDimension, number | null>;
  matchedOverTime: number[];
  waits: number[];
  /** Waits of those matched. */
  matchedWaits: number[];
}

export function streamMetrics(h: History, P: Parameters): StreamMetrics {
  const arrived = h.beneficiaries.filter((b) => !b.arrival.initial);
  const waits = arrived.map(
    (b) => (b.firstMatchProposedDay ?? Math.min(b.goneDay ?? h.horizonDay, h.horizonDay)) - b.arrival.day,
  );
  const started = h.tandems.filter((t) => t.accepted && t.meetingDay <= h.horizonDay);
  const met = h.tandems.filter((t) => t.meetingDay <= h.horizonDay);
  const lasted = (t: SimTandem, days: number) => !t.early || t.endDay! - t.meetingDay >= days;
  const share = <T>(items: readonly T[], test: (x: T) => boolean) =>
    items.length ? items.filter(test).length / items.length : null;

  const fairness = waitsByGroup(arrived.map((b, i) => ({ waitDays: waits[i]!, groups: b.arrival.drawn.groups })));
  const groupWaitRatio = Object.fromEntries(
    FAIRNESS_DIMENSIONS.map((d) => {
      const ratios = fairness.groups
        .filter((g) => g.dimension === d && g.people >= P.minGroupSize.value && g.ratio !== null)
        .map((g) => g.ratio!);
      return [d, ratios.length ? Math.max(...ratios) : null];
    }),
  ) as StreamMetrics['groupWaitRatio'];

  return {
    arrivals: arrived.length,
    matchedShare: share(arrived, (b) => b.firstMatchProposedDay !== undefined) ?? 0,
    gaveUpShare: share(arrived, (b) => b.gaveUp === true) ?? 0,
    medianWaitDays: waits.length ? median(waits) : 0,
    p90WaitDays: waits.length ? quantile(waits, 0.9) : 0,
    meanScore: h.tandems.length ? mean(h.tandems.map((t) => t.score)) : null,
    acceptedShare: share(met, (t) => t.accepted),
    lastingShare: share(started, (t) => lasted(t, P.lastingDays.value)),
    survival: Array.from({ length: SURVIVAL_MONTHS + 1 }, (_, m) =>
      share(started, (t) => lasted(t, m * DAYS_PER_MONTH)),
    ),
    outcomes: Object.fromEntries(OUTCOME_CODES.map((o) => [o, share(started, (t) => t.outcome === o)])) as Record<
      OutcomeCode,
      number | null
    >,
    groupWaitRatio,
    matchedOverTime: h.weekly.map((w) => (w.arrived ? w.matched / w.arrived : 0)),
    waits,
    matchedWaits: waits.filter((_, i) => arrived[i]!.firstMatchProposedDay !== undefined),
  };
}

/** A mean across streams and its 95 % confidence interval; null when no stream has the figure. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
  streams: number;
}

export function interval(values: readonly (number | null)[]): Interval | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return null;
  const m = mean(xs);
  if (xs.length < 2) return { mean: m, low: m, high: m, streams: xs.length };
  const half = quantileT(0.975, xs.length - 1) * (sampleStandardDeviation(xs) / Math.sqrt(xs.length));
  return { mean: m, low: m - half, high: m + half, streams: xs.length };
}

export interface PolicySummary {
  arrivals: Interval | null;
  matchedShare: Interval | null;
  gaveUpShare: Interval | null;
  medianWaitDays: Interval | null;
  p90WaitDays: Interval | null;
  meanScore: Interval | null;
  acceptedShare: Interval | null;
  lastingShare: Interval | null;
  survival: (Interval | null)[];
  outcomes: Record<OutcomeCode, Interval | null>;
  groupWaitRatio: Record<FairnessDimension, Interval | null>;
  matchedOverTime: (Interval | null)[];
  /** Waits of every stream together, and those of the people matched, for the distribution chart. */
  waits: number[];
  matchedWaits: number[];
}

export function summarise(streams: readonly StreamMetrics[]): PolicySummary {
  const of = (f: (s: StreamMetrics) => number | null) => interval(streams.map(f));
  const first = streams[0]!;
  return {
    arrivals: of((s) => s.arrivals),
    matchedShare: of((s) => s.matchedShare),
    gaveUpShare: of((s) => s.gaveUpShare),
    medianWaitDays: of((s) => s.medianWaitDays),
    p90WaitDays: of((s) => s.p90WaitDays),
    meanScore: of((s) => s.meanScore),
    acceptedShare: of((s) => s.acceptedShare),
    lastingShare: of((s) => s.lastingShare),
    survival: first.survival.map((_, m) => of((s) => s.survival[m]!)),
    outcomes: Object.fromEntries(OUTCOME_CODES.map((o) => [o, of((s) => s.outcomes[o])])) as Record<
      OutcomeCode,
      Interval | null
    >,
    groupWaitRatio: Object.fromEntries(FAIRNESS_DIMENSIONS.map((d) => [d, of((s) => s.groupWaitRatio[d])])) as Record<
      FairnessDimension,
      Interval | null
    >,
    matchedOverTime: first.matchedOverTime.map((_, w) => of((s) => s.matchedOverTime[w]!)),
    waits: streams.flatMap((s) => s.waits),
    matchedWaits: streams.flatMap((s) => s.matchedWaits),
  };
}

/** A policy against matching by hand, stream by stream (the same arrivals), then across streams. */
export interface Comparison {
  /** Matched share over hand's, minus 1 (0.1 = 10 % more beneficiaries matched). */
  matchedGain: Interval | null;
  /** Median wait over hand's (0.5 = halved). */
  medianWaitRatio: Interval | null;
  /** Share lasting 6 months minus hand's. */
  lastingDifference: Interval | null;
}

export function compare(policy: readonly StreamMetrics[], hand: readonly StreamMetrics[]): Comparison {
  const pairs = policy.map((p, i) => [p, hand[i]!] as const);
  return {
    matchedGain: interval(pairs.map(([p, h]) => (h.matchedShare > 0 ? p.matchedShare / h.matchedShare - 1 : null))),
    medianWaitRatio: interval(
      pairs.map(([p, h]) => (h.medianWaitDays > 0 ? p.medianWaitDays / h.medianWaitDays : null)),
    ),
    lastingDifference: interval(
      pairs.map(([p, h]) =>
        p.lastingShare !== null && h.lastingShare !== null ? p.lastingShare - h.lastingShare : null,
      ),
    ),
  };
}

/** The target: >= 10 % more matched, median wait halved, 6-month survival no worse (point estimates). */
export function meetsTarget(c: Comparison): { matched: boolean; wait: boolean; lasting: boolean; all: boolean } {
  const matched = (c.matchedGain?.mean ?? -Infinity) >= 0.1;
  const wait = (c.medianWaitRatio?.mean ?? Infinity) <= 0.5;
  const lasting = (c.lastingDifference?.mean ?? -Infinity) >= 0;
  return { matched, wait, lasting, all: matched && wait && lasting };
}
