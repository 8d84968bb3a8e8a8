import { z } from 'zod';
import { LanguageCode, PersonId, SkillId } from './common.js';
import { AvailabilitySlot } from './slot.js';
import { RULES } from './values.js';

const Unit = z.number().min(0).max(1);

/** Per-criterion scores in [0, 1]. */
export const Breakdown = z.strictObject({
  proximity: Unit,
  skills: Unit,
  availability: Unit,
  language: Unit,
  waiting: Unit,
});
export type Breakdown = z.infer<typeof Breakdown>;

/** A feasible (volunteer, beneficiary) pair with its score and the facts behind it. */
export const Candidate = z.strictObject({
  beneficiaryId: PersonId,
  volunteerId: PersonId,
  rank: z.number().int().min(1),
  score: Unit,
  distanceKm: z.number().min(0),
  overlapMinutes: z.number().int().min(0),
  commonLanguages: z.array(LanguageCode),
  matchedNeeds: z.array(SkillId),
  breakdown: Breakdown,
  /** Optional (added to the contract): the weekly windows both are free, and days waited. */
  commonSlots: z.array(AvailabilitySlot).optional(),
  waitingDays: z.number().int().min(0).optional(),
  explanation: z.string().optional(),
});
export type Candidate = z.infer<typeof Candidate>;

/** Why a beneficiary has no feasible volunteer: what excluded the volunteers nearest to them. */
export const Unmatched = z.strictObject({
  beneficiaryId: PersonId,
  /** Radius searched (km) and how many volunteers with capacity were in it. */
  radiusKm: z.number().min(0),
  nearby: z.number().int().min(0),
  /** For each rule, how many of those nearby volunteers it was the first to exclude. */
  excludedBy: z.partialRecord(z.enum(RULES), z.number().int().min(0)),
  /** Distance to the nearest volunteer with capacity when none is within the radius. */
  nearestKm: z.number().min(0).optional(),
  explanation: z.string().optional(),
});
export type Unmatched = z.infer<typeof Unmatched>;
