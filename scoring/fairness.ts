/**
 * Who waits longer: the median wait of each group of beneficiaries (by first language, gender,
 * municipality, age band, household size) against the programme's median, and the groups that
 * wait more than 1.5 times as long. Shared by the statistics of the product and the simulator,
 * so both flag the same groups. Pure.
 */
import { median } from 'simple-statistics';

export const FAIRNESS_DIMENSIONS = ['firstLanguage', 'gender', 'municipality', 'ageBand', 'householdSize'] as const;
export type FairnessDimension = (typeof FAIRNESS_DIMENSIONS)[number];
export type FairnessGroups = Record<FairnessDimension, string>;

/** A group waiting more than this many times the programme's median wait is flagged. */
export const FAIRNESS_FLAG_RATIO = 1.5;
/** Groups of fewer people are shown but never flagged: their median says little. */
export const FAIRNESS_MIN_GROUP = 3;

/** The group of people whose attribute is not recorded. */
export const UNKNOWN_GROUP = 'unknown';

const AGE_BANDS = [
  { label: '0-12', upTo: 12 },
  { label: '13-17', upTo: 17 },
  { label: '18-25', upTo: 25 },
  { label: '26-39', upTo: 39 },
  { label: '40-64', upTo: 64 },
  { label: '65+', upTo: Infinity },
] as const;

export function ageBand(age: number | undefined): string {
  if (age === undefined) return UNKNOWN_GROUP;
  return AGE_BANDS.find((b) => age <= b.upTo)!.label;
}

/** People in the household (1 for a person on their own). */
export function householdBand(size: number): string {
  return size <= 1 ? '1' : size === 2 ? '2' : size <= 4 ? '3-4' : '5+';
}

export interface GroupWait {
  dimension: FairnessDimension;
  group: string;
  people: number;
  medianWaitDays: number;
  /** The group's median over the programme's; null when the programme's median is 0. */
  ratio: number | null;
  flagged: boolean;
}

export interface WaitsByGroup {
  people: number;
  medianWaitDays: number | null;
  groups: GroupWait[];
}

/**
 * Median waits by group, largest ratio first within each dimension. `waitDays` is how long each
 * person waited for a first tandem, or has been waiting so far.
 */
export function waitsByGroup(people: readonly { waitDays: number; groups: FairnessGroups }[]): WaitsByGroup {
  if (people.length === 0) return { people: 0, medianWaitDays: null, groups: [] };
  const overall = median(people.map((p) => p.waitDays));
  const groups: GroupWait[] = [];
  for (const dimension of FAIRNESS_DIMENSIONS) {
    const byGroup = new Map<string, number[]>();
    for (const p of people) {
      const key = p.groups[dimension];
      (byGroup.get(key) ?? byGroup.set(key, []).get(key)!).push(p.waitDays);
    }
    const rows = [...byGroup].map(([group, waits]): GroupWait => {
      const m = median(waits);
      const ratio = overall > 0 ? m / overall : null;
      const flagged = ratio !== null && ratio > FAIRNESS_FLAG_RATIO && waits.length >= FAIRNESS_MIN_GROUP;
      return { dimension, group, people: waits.length, medianWaitDays: m, ratio, flagged };
    });
    rows.sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0) || b.people - a.people || (a.group < b.group ? -1 : 1));
    groups.push(...rows);
  }
  return { people: people.length, medianWaitDays: overall, groups };
}
