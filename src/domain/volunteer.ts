import { z } from 'zod';
import { AgeRange, AvailabilitySlot, Gender, IsoDate, LanguageCode, LOCALES, SkillId } from '../../scoring/index.js';
import { DAY_MS } from './calendar.js';
import { Consent, Contact, HouseholdMember, Id, LongText, Place, RecordMeta, ShortText } from './common.js';

/** How long the link that confirms a sign-up's address works. */
export const CONFIRM_TTL_MS = 7 * DAY_MS;

/** `declined`: not taken on at screening (the reason is in `screening.declined`). */
export const VOLUNTEER_STATUSES = [
  'pending_email',
  'pending_screening',
  'active',
  'paused',
  'declined',
  'left',
] as const;
export const VolunteerStatus = z.enum(VOLUNTEER_STATUSES);
export type VolunteerStatus = z.infer<typeof VolunteerStatus>;

/**
 * Screening before a volunteer is ever proposed. For programmes serving minors, only the date a
 * certificate of good conduct was seen is recorded: the document itself is never stored.
 */
export const Screening = z.strictObject({
  interview: z.strictObject({ date: IsoDate, by: Id }).optional(),
  training: z.strictObject({ date: IsoDate }).optional(),
  goodConductSeenOn: IsoDate.optional(),
  /** Not taken on: when, by whom, and why (told to the person, so written for them). */
  declined: z.strictObject({ on: IsoDate, by: Id, reason: LongText }).optional(),
});
export type Screening = z.infer<typeof Screening>;

/** What a coordinator enters or edits about a volunteer. */
export const VolunteerFields = z.strictObject({
  /** The id the programme's own spreadsheet gives the person: importing it again updates them rather than adding them twice. */
  externalId: z.string().trim().min(1).max(100).optional(),
  /** A person, a household volunteering together, or a youth-movement section. */
  kind: z.enum(['person', 'household', 'section']).default('person'),
  /** The household's or the section's name (e.g. `Chiro Sint-Jozef — Ribbels`). */
  groupName: ShortText.optional(),
  /** The person to contact: the volunteer, or the household's or section's leader. */
  contact: Contact,
  members: z.array(HouseholdMember).max(20).optional(),
  consent: Consent,
  languages: z.array(LanguageCode).min(1).max(50),
  skills: z.array(SkillId).max(200),
  availability: z.array(AvailabilitySlot).max(200),
  place: Place,
  /** How far the volunteer is willing to travel, km. */
  maxDistanceKm: z.number().min(0).max(500),
  /** How many `proposed` or `active` tandems at once; enforced by the store's reservations. */
  capacity: z.number().int().min(0).max(100),
  gender: Gender.optional(),
  ageRange: AgeRange.optional(),
  programmeIds: z.array(Id).max(50),
  status: VolunteerStatus,
  /** A paused volunteer's planned return. */
  pausedUntil: IsoDate.optional(),
  screening: Screening,
  /** The language the volunteer reads tandem's e-mails in: the one they signed up in. */
  locale: z.enum(LOCALES).optional(),
});
export type VolunteerFields = z.infer<typeof VolunteerFields>;

export const Volunteer = VolunteerFields.extend(RecordMeta);
export type Volunteer = z.infer<typeof Volunteer>;

/** The language to write to a volunteer in: theirs, else the first of their languages tandem writes, else French. */
export function volunteerLocale(v: Pick<Volunteer, 'locale' | 'languages'>): (typeof LOCALES)[number] {
  return v.locale ?? (v.languages.find((l) => (LOCALES as readonly string[]).includes(l)) as typeof v.locale) ?? 'fr';
}

export const SCREENING_STEPS = ['interview', 'training', 'good_conduct'] as const;
export type ScreeningStep = (typeof SCREENING_STEPS)[number];

/** Screening steps still missing before a volunteer may be proposed in a programme. */
export function screeningGaps(screening: Screening, programme: { servesMinors: boolean }): ScreeningStep[] {
  const gaps: ScreeningStep[] = [];
  if (!screening.interview) gaps.push('interview');
  if (!screening.training) gaps.push('training');
  if (programme.servesMinors && !screening.goodConductSeenOn) gaps.push('good_conduct');
  return gaps;
}
