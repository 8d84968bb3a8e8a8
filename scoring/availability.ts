import { DAYS, minutesOf, type AvailabilitySlot } from './schema/slot.js';

const MINUTES_PER_DAY = 1440;
export const HOURS_PER_WEEK = 168;
/** 32-bit words in a mask of the 168 hours of a week. */
export const HOUR_WORDS = Math.ceil(HOURS_PER_WEEK / 32);

/**
 * A person's weekly availability, normalised: disjoint sorted minute-of-week intervals
 * [start, end), plus a 168-bit mask of the hours they touch. Two people with no common hour
 * are rejected by a 6-word AND; otherwise the exact overlap is a merge of two short lists.
 */
export interface WeekAvailability {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly hours: Uint32Array;
  readonly minutes: number;
}

export function weekAvailability(slots: readonly AvailabilitySlot[]): WeekAvailability {
  const raw = slots
    .map((s) => {
      const base = DAYS.indexOf(s.day) * MINUTES_PER_DAY;
      return [base + minutesOf(s.start), base + minutesOf(s.end)] as const;
    })
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const [s, e] of raw) {
    const last = ends.length - 1;
    if (last >= 0 && s <= ends[last]!) ends[last] = Math.max(ends[last]!, e);
    else {
      starts.push(s);
      ends.push(e);
    }
  }
  const hours = new Uint32Array(HOUR_WORDS);
  let minutes = 0;
  for (let i = 0; i < starts.length; i++) {
    minutes += ends[i]! - starts[i]!;
    for (let h = Math.floor(starts[i]! / 60); h <= Math.floor((ends[i]! - 1) / 60); h++)
      hours[h >>> 5]! |= 1 << (h & 31);
  }
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends), hours, minutes };
}

/** True when the two share at least one hour of the week (a necessary condition for any overlap). */
function shareAnHour(a: WeekAvailability, b: WeekAvailability): boolean {
  return hoursIntersect(a.hours, b.hours, 0);
}

/** Whether hour mask `a` meets the mask stored in `masks` from word `at` on (masks packed in one array). */
export function hoursIntersect(a: Uint32Array, masks: Uint32Array, at: number): boolean {
  for (let w = 0; w < HOUR_WORDS; w++) if ((a[w]! & masks[at + w]!) !== 0) return true;
  return false;
}

/** Exact weekly minutes both are free, each minute counted once. */
export function overlapMinutes(a: WeekAvailability, b: WeekAvailability): number {
  if (!shareAnHour(a, b)) return 0;
  return commonMinutes(a.starts, a.ends, 0, a.starts.length, b.starts, b.ends, 0, b.starts.length);
}

/**
 * Minutes common to two lists of disjoint sorted intervals, a's at [aFrom, aTo) of its arrays
 * and b's at [bFrom, bTo) (a table may pack many people's intervals in one array): a merge.
 */
export function commonMinutes(
  aStarts: Int32Array,
  aEnds: Int32Array,
  aFrom: number,
  aTo: number,
  bStarts: Int32Array,
  bEnds: Int32Array,
  bFrom: number,
  bTo: number,
): number {
  let total = 0;
  let i = aFrom;
  let j = bFrom;
  while (i < aTo && j < bTo) {
    const lo = Math.max(aStarts[i]!, bStarts[j]!);
    const hi = Math.min(aEnds[i]!, bEnds[j]!);
    if (hi > lo) total += hi - lo;
    if (aEnds[i]! < bEnds[j]!) i++;
    else j++;
  }
  return total;
}

/** The common windows, as slots (used to explain a pair: "both free Saturday 10:00-12:00"). */
export function commonSlots(a: WeekAvailability, b: WeekAvailability): AvailabilitySlot[] {
  const out: AvailabilitySlot[] = [];
  let i = 0;
  let j = 0;
  while (i < a.starts.length && j < b.starts.length) {
    const lo = Math.max(a.starts[i]!, b.starts[j]!);
    const hi = Math.min(a.ends[i]!, b.ends[j]!);
    if (hi > lo) {
      const day = Math.floor(lo / MINUTES_PER_DAY);
      out.push({ day: DAYS[day]!, start: hhmm(lo - day * MINUTES_PER_DAY), end: hhmm(hi - day * MINUTES_PER_DAY) });
    }
    if (a.ends[i]! < b.ends[j]!) i++;
    else j++;
  }
  return out;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A key equal for two availabilities exactly when their intervals are. */
export function patternKey(a: WeekAvailability): string {
  return `${a.starts.join(',')}|${a.ends.join(',')}`;
}

/**
 * Overlap minutes remembered by weekly pattern: in a large programme people share few weekly
 * rhythms, so the overlap of a beneficiary's pattern with a volunteer's (given as the
 * volunteer's pattern number) is computed once. Rows are made up to a budget of cells; past it,
 * a beneficiary with a new pattern gets no row and the caller computes.
 */
export class OverlapMemo {
  private readonly rows = new Map<string, Int16Array>();
  private cells = 0;

  constructor(
    private readonly patterns: number,
    private readonly budget = 1 << 24,
  ) {}

  /** The row of a beneficiary's pattern (-1: not computed yet), or null past the budget. */
  row(a: WeekAvailability): Int16Array | null {
    const key = patternKey(a);
    let row = this.rows.get(key);
    if (row === undefined) {
      if (this.cells + this.patterns > this.budget) return null;
      row = new Int16Array(this.patterns).fill(-1);
      this.rows.set(key, row);
      this.cells += this.patterns;
    }
    return row;
  }
}
