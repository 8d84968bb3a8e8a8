/**
 * What people send: the bodies of intake and sign-up, shared by the API and the pages (both
 * validate with these before a service acts on them).
 */
import { z } from 'zod';
import { coarsen, IsoDate, LOCALES, Location } from '../../scoring/index.js';
import { BeneficiaryFields, BeneficiaryStatus } from './beneficiary.js';
import { Contact, Email, Id, Place, ShortText, Slug } from './common.js';
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

/** The form of the public sign-up: who, where, when, and consent to the stated text. */
export const SignUp = z.strictObject({
  organisation: Slug,
  programmes: z.array(Slug).min(1).max(10),
  /** Language of the confirmation e-mail. */
  locale: z.enum(LOCALES).default('fr'),
  consent: z.strictObject({ accepted: z.literal(true, 'must be true: consent is required'), textVersion: ShortText }),
  kind: VolunteerFields.shape.kind,
  groupName: VolunteerFields.shape.groupName,
  members: VolunteerFields.shape.members,
  contact: Contact.extend({ email: z.string().trim().toLowerCase().pipe(Email) }),
  languages: VolunteerFields.shape.languages,
  skills: VolunteerFields.shape.skills,
  availability: VolunteerFields.shape.availability,
  place: PlaceInput,
  maxDistanceKm: VolunteerFields.shape.maxDistanceKm,
  /** A first sign-up takes at most a few tandems; a coordinator may raise it. */
  capacity: z.number().int().min(1).max(3).default(1),
  gender: VolunteerFields.shape.gender,
  ageRange: VolunteerFields.shape.ageRange,
});
