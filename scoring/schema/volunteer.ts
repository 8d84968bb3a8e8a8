import { z } from 'zod';
import { Gender, LanguageCode, PersonId, SkillId } from './common.js';
import { Location } from './location.js';
import { AvailabilitySlot } from './slot.js';

export const AgeRange = z
  .strictObject({ min: z.number().int().min(0).max(130), max: z.number().int().min(0).max(130) })
  .check((ctx) => {
    if (ctx.value.max < ctx.value.min) {
      ctx.issues.push({ code: 'custom', message: 'must be >= min', path: ['max'], input: ctx.value.max });
    }
  });
export type AgeRange = z.infer<typeof AgeRange>;

/** A volunteer as the scoring core sees one (a person, a household or a youth-movement section). */
export const Volunteer = z.strictObject({
  id: PersonId,
  location: Location,
  maxDistanceKm: z.number().min(0, 'must be >= 0').finite().optional(),
  languages: z.array(LanguageCode).max(50),
  skills: z.array(SkillId).max(200),
  availability: z.array(AvailabilitySlot).max(200),
  capacity: z.number().int('must be an integer').min(0, 'must be >= 0').max(10_000),
  gender: Gender.optional(),
  ageRange: AgeRange.optional(),
});
export type Volunteer = z.infer<typeof Volunteer>;
