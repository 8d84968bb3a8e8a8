import { z } from 'zod';

/** Identifiers of skills and needs: programmes may add their own, so any such token is accepted. */
export const SkillId = z.string().regex(/^[a-z0-9_]+$/, 'must match [a-z0-9_]+');

/** ISO 639-1 two-letter language code. */
export const LanguageCode = z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as "fr"');

export const PersonId = z.string().min(1, 'must not be empty').max(200);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const digits = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
};

/** Whether a YYYY-MM-DD string names a day that exists (in the proleptic Gregorian calendar, as Date reads it). */
const isRealDate = (s: string): boolean => {
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
};

/** What IsoDate accepts, as a plain test. */
export const isIsoDate = (x: unknown): x is string => typeof x === 'string' && ISO_DATE.test(x) && isRealDate(x);

/** A calendar date, YYYY-MM-DD, checked to exist. */
export const IsoDate = z
  .string()
  .regex(ISO_DATE, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'must be a real calendar date');

export const Gender = z.enum(['female', 'male', 'other']);
export type Gender = z.infer<typeof Gender>;

/** Whole days from `from` to `to` (negative when `from` is later). Pure: both dates are given. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whole days elapsed from `since` to `today`, never negative (a date in the future counts 0). */
export function daysSince(since: string, today: string): number {
  return Math.max(0, daysBetween(since, today));
}
