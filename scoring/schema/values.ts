/**
 * The values the schemas are built from, and the plain functions over them, with no zod: the
 * scoring core imports them from here, so that `tandem plan` on a valid input never loads zod
 * (the schemas are loaded only to name a fault).
 */

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const GENDERS = ['female', 'male', 'other'] as const;

export const CRITERIA = ['proximity', 'skills', 'availability', 'language', 'waiting'] as const;
export type Criterion = (typeof CRITERIA)[number];

export const RULES = ['capacity', 'excluded', 'gender', 'age', 'language', 'distance', 'availability'] as const;
export type Rule = (typeof RULES)[number];

/** Minutes since midnight of an HH:MM string already validated by `Time`. */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const digits = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
};

/** Whether a YYYY-MM-DD string names a day that exists (in the proleptic Gregorian calendar, as Date reads it). */
export const isRealDate = (s: string): boolean => {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
};

/** What IsoDate accepts, as a plain test. */
export const isIsoDate = (x: unknown): x is string => typeof x === 'string' && ISO_DATE.test(x) && isRealDate(x);

/**
 * Days from 1970-01-01 to a real YYYY-MM-DD date, by arithmetic (Date.parse costs more, and
 * the core counts days per person): March-based years, so that a leap day ends its year.
 */
function dayNumber(date: string): number {
  const month = digits(date, 5, 7);
  const year = digits(date, 0, 4) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + digits(date, 8, 10) - 1;
  return (
    era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468
  );
}

/** Whole days from `from` to `to` (negative when `from` is later). Pure: both dates are given. */
export function daysBetween(from: string, to: string): number {
  if (isIsoDate(from) && isIsoDate(to)) return dayNumber(to) - dayNumber(from);
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whole days elapsed from `since` to `today`, never negative (a date in the future counts 0). */
export function daysSince(since: string, today: string): number {
  return Math.max(0, daysBetween(since, today));
}
