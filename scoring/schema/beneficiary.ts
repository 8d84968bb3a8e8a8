import { z } from 'zod';
import { Gender, IsoDate, LanguageCode, PersonId, SkillId } from './common.js';
import { Location } from './location.js';
import { AvailabilitySlot } from './slot.js';

/** A beneficiary as the scoring core sees one: a person, or a household seen as one unit. */
export const Beneficiary = z.strictObject({
  id: PersonId,
  location: Location,
  maxDistanceKm: z.number().min(0, 'must be >= 0').finite().optional(),
  /**
   * Optional (added to the contract): a radius a mediator set for this person, which replaces the
   * programme's and may widen it; volunteers' own limits still apply.
   */
  searchRadiusKm: z.number().min(0, 'must be >= 0').finite().optional(),
  /** Most comfortable language first. */
  languages: z.array(LanguageCode).max(50),
  /** Most important first. */
  needs: z.array(SkillId).max(200),
  availability: z.array(AvailabilitySlot).max(200),
  waitingSince: IsoDate.optional(),
  volunteerGender: z.array(Gender).max(3).optional(),
  excludedVolunteerIds: z.array(PersonId).max(10_000).optional(),
  age: z.number().int('must be an integer').min(0).max(130).optional(),
});
export type Beneficiary = z.infer<typeof Beneficiary>;
