import type { AvailabilitySlot } from './schema/slot.js';
import { DAYS, minutesOf } from './schema/values.js';

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
  /** The hours wholly inside one interval: two people both free a whole hour share 60 minutes. */
  readonly fullHours: Uint32Array;
  readonly minutes: number;
}

export function weekAvailability(slots: readonly AvailabilitySlot[]): WeekAvailability {
  // Slots as [start, end) minutes of the week, sorted by start then end (insertion: lists are short).
  const n = slots.length;
  const rawStarts = new Int32Array(n);
  const rawEnds = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    const base = DAYS.indexOf(slot.day) * MINUTES_PER_DAY;
    const start = base + minutesOf(slot.start);
    const end = base + minutesOf(slot.end);
    let at = i;
    for (; at > 0 && (rawStarts[at - 1]! > start || (rawStarts[at - 1] === start && rawEnds[at - 1]! > end)); at--) {
      rawStarts[at] = rawStarts[at - 1]!;
      rawEnds[at] = rawEnds[at - 1]!;
    }
    rawStarts[at] = start;
    rawEnds[at] = end;
  }
  // Overlapping or touching intervals merged.
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (count > 0 && rawStarts[i]! <= rawEnds[count - 1]!)
      rawEnds[count - 1] = Math.max(rawEnds[count - 1]!, rawEnds[i]!);
    else {
      rawStarts[count] = rawStarts[i]!;
      rawEnds[count++] = rawEnds[i]!;
    }
  }
  const starts = rawStarts.slice(0, count);
  const ends = rawEnds.slice(0, count);
  const hours = new Uint32Array(HOUR_WORDS);
  const fullHours = new Uint32Array(HOUR_WORDS);
  let minutes = 0;
  for (let i = 0; i < count; i++) {
    minutes += ends[i]! - starts[i]!;
    for (let h = Math.floor(starts[i]! / 60); h <= Math.floor((ends[i]! - 1) / 60); h++) {
      hours[h >>> 5]! |= 1 << (h & 31);
      if (h * 60 >= starts[i]! && (h + 1) * 60 <= ends[i]!) fullHours[h >>> 5]! |= 1 << (h & 31);
    }
  }
  return { starts, ends, hours, fullHours, minutes };
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

/** "HH:MM" of every minute of a day, made once: a plan writes a few of them per candidate. */
const HHMM = Array.from(
  { length: MINUTES_PER_DAY + 1 },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`,
);

function hhmm(minutes: number): string {
  return HHMM[minutes]!;
}

/** A key equal for two availabilities exactly when their intervals are. */
function patternKey(a: WeekAvailability): string {
  return `${a.starts.join(',')}|${a.ends.join(',')}`;
}

/**
 * Weekly patterns interned: in a large programme people share few weekly rhythms, so each list
 * of slots is normalised once per distinct list, and lists with the same intervals (in any
 * order) get the same number.
 */
export class WeekPatterns {
  private readonly bySlots = new Map<string, number>();
  private readonly byIntervals = new Map<string, number>();
  readonly weeks: WeekAvailability[] = [];

  /** The number of a list of slots' pattern; `weeks[n]` is its availability. */
  id(slots: readonly AvailabilitySlot[]): number {
    // Days are three letters and times five characters, so plain concatenation is a key.
    let key = '';
    for (const s of slots) key += s.day + s.start + s.end;
    let id = this.bySlots.get(key);
    if (id === undefined) {
      const week = weekAvailability(slots);
      const intervals = patternKey(week);
      id = this.byIntervals.get(intervals);
      if (id === undefined) {
        id = this.weeks.length;
        this.weeks.push(week);
        this.byIntervals.set(intervals, id);
      }
      this.bySlots.set(key, id);
    }
    return id;
  }
}

/** A table's weekly patterns: row j's pattern, and its intervals packed at [slots[j], slots[j + 1]). */
export interface PackedWeeks {
  readonly pattern: Int32Array;
  readonly patterns: number;
  readonly slots: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * The overlap of one beneficiary's week with the rows of a table, remembered by pattern (the
 * beneficiary's and the row's, numbered by one WeekPatterns): computed once per pair of patterns
 * while one beneficiary pattern stays selected (the ranking searches beneficiaries grouped by
 * pattern, so one row serves them all and no row is made per pattern). Whether a pair reaches
 * the minimum is kept as two bits per row pattern (known, enough), a few hundred bytes that stay
 * in cache while a search asks for every volunteer in its radius; the minutes, read only for the
 * pairs that are scored, sit beside.
 */
export class OverlapMemo {
  private readonly words: number;
  private readonly row: Uint32Array;
  private readonly known: Int16Array;
  private week: WeekAvailability | null = null;
  /** The selected pattern, -1 for none: then each call computes. */
  private pattern = -1;

  constructor(
    private readonly t: PackedWeeks,
    private readonly minOverlap: number,
  ) {
    this.words = Math.ceil(t.patterns / 32);
    this.row = new Uint32Array(2 * this.words);
    this.known = new Int16Array(t.patterns);
  }

  /** Makes `week` (its number `pattern`, -1 for none) the beneficiary's. */
  select(week: WeekAvailability, pattern: number): void {
    this.week = week;
    if (pattern !== this.pattern && pattern >= 0) this.row.fill(0);
    this.pattern = pattern;
  }

  /** Whether row j has at least the minimum in common with the beneficiary. */
  enough(j: number): boolean {
    const bits = this.row;
    if (this.pattern < 0) return this.compute(j) >= this.minOverlap;
    const p = this.t.pattern[j]!;
    const w = p >>> 5;
    const bit = 1 << (p & 31);
    if ((bits[w]! & bit) !== 0) return (bits[this.words + w]! & bit) !== 0;
    const minutes = (this.known[p] = this.compute(j));
    bits[w]! |= bit;
    if (minutes < this.minOverlap) return false;
    bits[this.words + w]! |= bit;
    return true;
  }

  /** The minutes row j has in common with the beneficiary (remembered once known). */
  minutes(j: number): number {
    if (this.pattern < 0) return this.compute(j);
    const p = this.t.pattern[j]!;
    if ((this.row[p >>> 5]! & (1 << (p & 31))) === 0) this.enough(j);
    return this.known[p]!;
  }

  private compute(j: number): number {
    const { starts, ends } = this.week!;
    const t = this.t;
    return commonMinutes(starts, ends, 0, starts.length, t.starts, t.ends, t.slots[j]!, t.slots[j + 1]!);
  }
}
