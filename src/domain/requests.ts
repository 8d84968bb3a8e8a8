/**
 * What people send: the bodies of intake and sign-up, shared by the API and the pages (both
 * validate with these before a service acts on them).
 */
import { z } from 'zod';
import { coarsen, IsoDate, LOCALES, Location } from '../../scoring/index.js';
import { BeneficiaryFields, BeneficiaryStatus } from './beneficiary.js';
import { Contact, Email, Id, Place, ShortText, Slug } from './common.js';
import { Organisation, Role } from './organisation.js';
import { Programme } from './programme.js';
import { VolunteerFields } from './volunteer.js';

/** A place with exact coordinates, coarsened to about 100 m before anything stores it. */
export const PlaceInput = Place.extend({ location: Location.transform(coarsen) });

/** `place` filter: a 4-digit postcode, or a municipality (case and accents aside). */
export const PlaceFilter = z.string().trim().min(1).max(100);

const {
  status: _status,
  excludedVolunteerIds: _excluded,
  waitingSince: _since,
  mediatorId: _mediator,
  place: _place,
  ...intakeShape
} = BeneficiaryFields.shape;

/** A mediator's intake: waiting from today and followed by the mediator unless told otherwise. */
export const Intake = z.strictObject({
  ...intakeShape,
  place: PlaceInput,
  waitingSince: IsoDate.optional(),
  mediatorId: Id.optional(),
});

/** What a mediator may change of a beneficiary (the kind of record stays). */
const { kind: _kind, ...patchShape } = intakeShape;
export const BeneficiaryPatch = z
  .strictObject({ ...patchShape, place: PlaceInput, waitingSince: IsoDate, mediatorId: Id, status: BeneficiaryStatus })
  .partial();

/** Which fields each kind of volunteer needs (a household its members, a section its ages). */
const signUpRules = (
  ctx: z.core.ParsePayload<{
    kind: string;
    capacity: number;
    members?: unknown[] | undefined;
    groupName?: string | undefined;
    ageRange?: unknown;
  }>,
) => {
  const v = ctx.value;
  const issue = (path: string, message: string) => ctx.issues.push({ code: 'custom', path: [path], message, input: v });
  if (v.kind !== 'section' && v.capacity > 3) issue('capacity', 'must be at most 3 for a first sign-up');
  if (v.kind === 'household' && !v.members?.length) issue('members', 'a household names at least one member');
  if (v.kind !== 'person' && !v.groupName) issue('groupName', 'a household or a section has a name');
  if (v.kind === 'section' && !v.ageRange) issue('ageRange', 'a section says the ages it takes');
};

const signUpShape = {
  programmes: z.array(Slug).min(1).max(10),
  /** Language of the confirmation e-mail. */
  locale: z.enum(LOCALES).default('fr'),
  consent: z.strictObject({ accepted: z.literal(true, 'must be true: consent is required'), textVersion: ShortText }),
  kind: VolunteerFields.shape.kind,
  groupName: VolunteerFields.shape.groupName,
  members: VolunteerFields.shape.members,
  contact: Contact.extend({ email: z.string().max(254).trim().toLowerCase().pipe(Email) }),
  languages: VolunteerFields.shape.languages,
  /** What the volunteer can help with, and when they are free: without either nobody can be proposed. */
  skills: VolunteerFields.shape.skills.min(1, 'choose at least one thing you can help with'),
  availability: VolunteerFields.shape.availability.min(1, 'give at least one moment you are free'),
  place: PlaceInput,
  maxDistanceKm: VolunteerFields.shape.maxDistanceKm,
  /** A first sign-up takes at most a few tandems (a section, as many children as it has places); a coordinator may raise it. */
  capacity: z.number().int().min(1).max(30).default(1),
  gender: VolunteerFields.shape.gender,
  ageRange: VolunteerFields.shape.ageRange,
};

/** A sign-up once its organisation is known: who, where, when, and consent to the stated text. */
export const SignUpDetails = z.strictObject(signUpShape).check(signUpRules);

/** The form of the public sign-up: the organisation, then the details. */
export const SignUp = z.strictObject({ organisation: Slug, ...signUpShape }).check(signUpRules);

/** What staff may change of a volunteer; the status only to pause, resume or leave (screening activates), by a coordinator. */
export const VolunteerPatch = z.strictObject({
  groupName: VolunteerFields.shape.groupName,
  members: VolunteerFields.shape.members,
  contact: Contact.optional(),
  languages: VolunteerFields.shape.languages.optional(),
  skills: VolunteerFields.shape.skills.optional(),
  availability: VolunteerFields.shape.availability.optional(),
  place: PlaceInput.optional(),
  maxDistanceKm: VolunteerFields.shape.maxDistanceKm.optional(),
  capacity: VolunteerFields.shape.capacity.optional(),
  gender: VolunteerFields.shape.gender,
  ageRange: VolunteerFields.shape.ageRange,
  programmeIds: VolunteerFields.shape.programmeIds.optional(),
  status: z.enum(['active', 'paused', 'left']).optional(),
  /** With `status: paused` (or for a paused volunteer): the day they come back. */
  pausedUntil: IsoDate.optional(),
});

/** Screening steps a coordinator records (at least one). */
export const ScreeningSteps = z
  .strictObject({
    interview: z.strictObject({ date: IsoDate }).optional(),
    training: z.strictObject({ date: IsoDate }).optional(),
    goodConductSeenOn: IsoDate.optional(),
  })
  .refine((s) => s.interview || s.training || s.goodConductSeenOn, 'give at least one step');

/** A programme as a coordinator creates it; its slug stays once made. */
export const ProgrammeFields = Programme.omit({
  id: true,
  orgId: true,
  version: true,
  createdAt: true,
  updatedAt: true,
});
export const ProgrammePatch = ProgrammeFields.omit({ slug: true }).partial().extend({
  /** `null`: the programme stops using support intensities (its tandems keep what they count). */
  intensity: ProgrammeFields.shape.intensity.nullable(),
});

export const NewStaff = z.strictObject({ email: Email, name: ShortText, role: Role });
export const StaffPatch = z.strictObject({
  name: ShortText.optional(),
  role: Role.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const OrganisationPatch = z.strictObject({
  name: Organisation.shape.name.optional(),
  kind: Organisation.shape.kind.optional(),
});
