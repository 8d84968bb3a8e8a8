/**
 * The figures behind the statistics page and its CSV, from the records and the day: tandems
 * started per month, how long the waiting wait, how long tandems last (Kaplan-Meier: a tandem
 * still going counts until today, not as ended), and how they ended. Pure.
 */
import { daysSince } from '../../scoring/index.js';
import { OUTCOMES, type Outcome, type Tandem } from '../domain/index.js';
import { addMonths } from '../services/stats.js';

export const DAYS_PER_MONTH = 30.44;

/** Wait brackets, in days: under a month, 1-3, 3-6, 6-12 months, a year and more. */
export const WAIT_BRACKETS = [
  { key: 'lt1', upTo: 30 },
  { key: '1to3', upTo: 91 },
  { key: '3to6', upTo: 182 },
  { key: '6to12', upTo: 365 },
  { key: 'ge12', upTo: Infinity },
] as const;

export interface Figures {
  /** The last `months` calendar months, oldest first (`YYYY-MM`), with the tandems whose first meeting fell in each. */
  started: { month: string; count: number }[];
  waiting: { bracket: (typeof WAIT_BRACKETS)[number]['key']; count: number }[];
  /** Share of started tandems still going after 0, 1, … `months` months; null once nobody is followed that long. */
  survival: { month: number; share: number | null; atRisk: number }[];
  outcomes: { outcome: Outcome; count: number }[];
}

/** `YYYY-MM` of the month `back` months before `day`'s. */
function monthBefore(day: string, back: number): string {
  return addMonths(`${day.slice(0, 7)}-01`, -back).slice(0, 7);
}

export function figures(
  tandems: readonly Tandem[],
  waitingSince: readonly string[],
  today: string,
  months = 12,
): Figures {
  const started = Array.from({ length: months }, (_, i) => ({ month: monthBefore(today, months - 1 - i), count: 0 }));
  const byMonth = new Map(started.map((s) => [s.month, s]));
  const spans: { days: number; ended: boolean }[] = [];
  const outcomes = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
  for (const t of tandems) {
    if (t.closed) outcomes.set(t.closed.outcome, outcomes.get(t.closed.outcome)! + 1);
    const start = t.firstMeeting?.date;
    if (!start) continue;
    const entry = byMonth.get(start.slice(0, 7));
    if (entry) entry.count++;
    const endDay = t.closed?.at.slice(0, 10) ?? t.lapsedAt?.slice(0, 10);
    spans.push({ days: daysSince(start, endDay ?? today), ended: endDay !== undefined });
  }
  const waiting = WAIT_BRACKETS.map((b) => ({ bracket: b.key, count: 0 }));
  for (const since of waitingSince) {
    const days = daysSince(since, today);
    waiting[WAIT_BRACKETS.findIndex((b) => days < b.upTo)]!.count++;
  }
  return {
    started,
    waiting,
    survival: survival(spans, months),
    outcomes: OUTCOMES.map((o) => ({ outcome: o, count: outcomes.get(o)! })),
  };
}

/**
 * Kaplan-Meier estimate of the share still going at each whole month. Past the longest span it
 * is unknown (null), unless that span ended: then nobody is left and the share stays as it fell.
 */
export function survival(spans: readonly { days: number; ended: boolean }[], months: number): Figures['survival'] {
  const sorted = [...spans].sort((a, b) => a.days - b.days || Number(b.ended) - Number(a.ended));
  const last = sorted[sorted.length - 1];
  const out: Figures['survival'] = [];
  let share = 1;
  let i = 0;
  for (let month = 0; month <= months; month++) {
    const until = month * DAYS_PER_MONTH;
    // Each day with ends up to this mark: share x (1 - ended that day / still followed that day).
    while (i < sorted.length && sorted[i]!.days <= until) {
      const day = sorted[i]!.days;
      const atRisk = sorted.length - i;
      let ended = 0;
      for (; i < sorted.length && sorted[i]!.days === day; i++) if (sorted[i]!.ended) ended++;
      share *= 1 - ended / atRisk;
    }
    const known = last !== undefined && (until <= last.days || last.ended);
    out.push({ month, share: known ? share : null, atRisk: sorted.length - i });
  }
  return out;
}

/** A CSV cell: quoted when it holds a comma, a quote or a line break; a leading formula sign defused. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
