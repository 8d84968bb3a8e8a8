import { z } from 'zod';
import { GENDERS, ISO_DATE, isRealDate } from './values.js';

/** Identifiers of skills and needs: programmes may add their own, so any such token is accepted. */
export const SkillId = z.string().regex(/^[a-z0-9_]+$/, 'must match [a-z0-9_]+');

/** ISO 639-1 two-letter language code. */
export const LanguageCode = z.string().regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as "fr"');

export const PersonId = z.string().min(1, 'must not be empty').max(200);

/** A calendar date, YYYY-MM-DD, checked to exist. */
export const IsoDate = z
  .string()
  .regex(ISO_DATE, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'must be a real calendar date');

export const Gender = z.enum(GENDERS);
export type Gender = z.infer<typeof Gender>;
