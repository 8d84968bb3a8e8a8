import { z } from 'zod';
import { AvailabilitySlot, Gender, IsoDate, LanguageCode, SkillId } from '../../scoring/index.js';
import {
  basisShown,
  Consent,
  Contact,
  HouseholdMember,
  Id,
  LegalBasis,
  LegalBasisShown,
  LongText,
  Place,
  RecordMeta,
  ShortText,
} from './common.js';

/** Whether the person is in a tandem is told by their tandems, not by this status. */
export const BENEFICIARY_STATUSES = ['active', 'paused', 'left'] as const;
export const BeneficiaryStatus = z.enum(BENEFICIARY_STATUSES);
export type BeneficiaryStatus = z.infer<typeof BeneficiaryStatus>;

/**
 * Who referred the person: one of the organisation's referral sources (a CPAS youth service, a
 * school, a reception centre), or a partner named in words.
 */
export const Referral = z
  .strictObject({
    sourceId: Id.optional(),
    partner: ShortText.optional(),
    date: IsoDate.optional(),
  })
  .refine((r) => r.sourceId !== undefined || r.partner !== undefined, 'name a referral source or a partner');

/** What a mediator enters or edits about a beneficiary. */
export const BeneficiaryFields = z
  .strictObject({
    /** The id the programme's own spreadsheet gives the person: importing it again updates them rather than adding them twice. */
    externalId: z.string().trim().min(1).max(100).optional(),
    kind: z.enum(['person', 'household']),
    /** The household's name (e.g. `Famille Hamdan`). */
    groupName: ShortText.optional(),
    /** The person, or the household's contact person. */
    contact: Contact,
    /** For a minor: the adult to contact. */
    guardian: Contact.optional(),
    consent: Consent.optional(),
    /** On what ground the programme holds the data (absent on records taken in before it was recorded). */
    legalBasis: LegalBasis.optional(),
    /** Household members; empty for a person. */
    members: z.array(HouseholdMember).max(20),
    /** Most important first. */
    needs: z.array(SkillId).max(200),
    /** Most comfortable first. */
    languages: z.array(LanguageCode).min(1).max(50),
    availability: z.array(AvailabilitySlot).max(200),
    place: Place,
    /** The person's gender, or the household's contact person's: optional, for the waits by group in the statistics. */
    gender: Gender.optional(),
    /** The person's age, or for a household the age the programme matches on (e.g. the child's). */
    age: z.number().int().min(0).max(130).optional(),
    waitingSince: IsoDate,
    preferences: z.strictObject({
      volunteerGender: z.array(Gender).max(3).optional(),
      maxDistanceKm: z.number().min(0).max(500).optional(),
      note: LongText.optional(),
    }),
    /**
     * A radius a mediator set for this person, in km, which replaces the programme's and may
     * widen it (someone nobody near can help); volunteers' own limits still apply.
     */
    searchRadiusKm: z.number().min(0).max(500).optional(),
    /** Volunteers never to propose again: earlier pairs that were declined or failed. */
    excludedVolunteerIds: z.array(Id).max(10_000),
    referral: Referral.optional(),
    programmeIds: z.array(Id).min(1).max(50),
    /** The mediator who follows this person. */
    mediatorId: Id.optional(),
    status: BeneficiaryStatus,
  })
  .check((ctx) => {
    const b = ctx.value;
    if (b.legalBasis && b.legalBasis.ground !== 'consent' && b.legalBasis.at === undefined) {
      ctx.issues.push({ code: 'custom', path: ['legalBasis', 'at'], message: 'required', input: b.legalBasis });
    }
    if (b.legalBasis?.ground === 'consent' && !b.consent) {
      ctx.issues.push({
        code: 'custom',
        path: ['consent'],
        message: 'must be recorded when the legal basis is consent',
        input: b.consent,
      });
    }
    if ((b.kind === 'person') !== (b.members.length === 0)) {
      ctx.issues.push({
        code: 'custom',
        path: ['members'],
        message: b.kind === 'person' ? 'must be empty for a person' : 'must not be empty for a household',
        input: b.members,
      });
    }
  });
export type BeneficiaryFields = z.infer<typeof BeneficiaryFields>;

export const Beneficiary = BeneficiaryFields.extend(RecordMeta);
export type Beneficiary = z.infer<typeof Beneficiary>;

/** A beneficiary as the API and the export show them: the legal basis with its date (see LegalBasis). */
export function beneficiaryShown(b: Beneficiary): BeneficiaryShown {
  const basis = b.legalBasis && basisShown(b.legalBasis, b.consent);
  const { legalBasis: _stored, ...rest } = b;
  return { ...rest, ...(basis && { legalBasis: basis }) };
}

export const BeneficiaryShown = Beneficiary.safeExtend({ legalBasis: LegalBasisShown.optional() });
export type BeneficiaryShown = z.infer<typeof BeneficiaryShown>;

/** The output schema of a stored beneficiary: derives the basis's date, documented as always there. */
export const BeneficiaryView = Beneficiary.transform(beneficiaryShown).pipe(BeneficiaryShown);
