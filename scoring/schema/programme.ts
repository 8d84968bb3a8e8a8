import { z } from 'zod';

const Weight = z.number().min(0, 'must be >= 0').finite();

/** Relative importance of each criterion; a missing one counts 1. */
export const Weights = z.strictObject({
  proximity: Weight.optional(),
  skills: Weight.optional(),
  availability: Weight.optional(),
  language: Weight.optional(),
  waiting: Weight.optional(),
});
export type Weights = z.infer<typeof Weights>;

/** The matching rules of a programme: hard rules, how many candidates to keep, weights. */
export const ProgrammeRules = z.strictObject({
  maxDistanceKm: z.number().min(0, 'must be >= 0').finite(),
  minOverlapMinutes: z
    .number()
    .int('must be an integer')
    .min(0, 'must be >= 0')
    .max(7 * 1440),
  requireCommonLanguage: z.boolean(),
  topK: z.number().int('must be an integer').min(1, 'must be >= 1').max(1000),
  weights: Weights.optional(),
  /** Weekly minutes at which the availability criterion is full; default max(2 x minOverlapMinutes, 120). */
  targetOverlapMinutes: z
    .number()
    .int('must be an integer')
    .min(1)
    .max(7 * 1440)
    .optional(),
  /**
   * A limit on how long anyone waits, in days (optional, beyond the CLI contract's fields): the
   * waiting criterion is full at the limit instead of at a year, and `plan` matches as many
   * beneficiaries waiting past it as it can before anything else.
   */
  maxWaitDays: z.number().int('must be an integer').min(1, 'must be >= 1').max(3650, 'must be <= 3650').optional(),
});
export type ProgrammeRules = z.infer<typeof ProgrammeRules>;
