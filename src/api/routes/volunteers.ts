import { z } from 'zod';
import { IsoDate, LanguageCode } from '../../../scoring/index.js';
import {
  Contact,
  Id,
  LongText,
  screeningGaps,
  PlaceFilter,
  PlaceInput,
  SignUp,
  Volunteer,
  VolunteerFields,
  VolunteerStatus,
  type Programme,
  type Screening,
} from '../../domain/index.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { Where } from '../../store/ports.js';
import { recordAudit } from '../audit.js';
import type { Caller } from '../../http/access.js';
import type { ApiDeps } from '../../http/deps.js';
import { pageOf } from '../../store/paging.js';
import { allOf, atPlace, causeOf, named, NameFilter, recomputeAround } from '../people.js';
import { route } from '../../http/route.js';
import { declineVolunteer } from '../../services/commands/volunteers.js';
import { expectedVersion, IdParams, IfMatch, ifMatch, Paged, Paging } from '../schemas.js';
import { COORDINATOR } from './programmes.js';

export const MEDIATORS = ['mediator', 'coordinator'] as const;

/** What staff may change; the status only to pause, resume or leave (screening activates), by a coordinator. */
const VolunteerPatch = z.strictObject({
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

const ScreeningInput = z
  .strictObject({
    interview: z.strictObject({ date: IsoDate }).optional(),
    training: z.strictObject({ date: IsoDate }).optional(),
    goodConductSeenOn: IsoDate.optional(),
  })
  .refine((s) => s.interview || s.training || s.goodConductSeenOn, 'give at least one step');

const ListQuery = z.strictObject({
  programme: Id.optional(),
  status: VolunteerStatus.optional(),
  skill: z.string().max(60).optional(),
  place: PlaceFilter.optional(),
  name: NameFilter.optional(),
  language: LanguageCode.optional(),
  ...Paging,
});

async function programmesOf(deps: ApiDeps, orgId: string, ids: readonly string[]): Promise<Programme[]> {
  return Promise.all(ids.map((id) => deps.store.programmes.get(orgId, id)));
}

async function afterChange(
  deps: ApiDeps,
  caller: Caller,
  before: Volunteer,
  after: Volunteer,
  fields: string[],
): Promise<void> {
  await recordAudit(deps, caller.actor, 'volunteer.update', { kind: 'volunteer', id: after.id }, { fields });
  const programmes = [...new Set([...before.programmeIds, ...after.programmeIds])];
  await recomputeAround(deps, caller.orgId, programmes, { volunteerId: after.id }, causeOf(after));
}

export const volunteerRoutes = [
  route({
    method: 'post',
    path: '/volunteers',
    summary: 'Public sign-up of a volunteer (no session): 202, then a confirmation e-mail',
    tag: 'volunteers',
    access: 'public',
    limiter: 'public',
    body: SignUp,
    status: 202,
    response: z.strictObject({ status: z.literal('pending_email') }),
    async handler({ deps, body }) {
      const { organisation, programmes, locale, consent, ...fields } = body;
      const org = await deps.store.organisations.findBySlug(organisation);
      if (!org) throw new ValidationError([{ field: 'body.organisation', message: 'no such organisation' }]);
      const programmeIds: string[] = [];
      for (const [i, slug] of programmes.entries()) {
        const programme = await deps.store.programmes.findBySlug(org.id, slug);
        if (!programme || programme.status !== 'open')
          throw new ValidationError([{ field: `body.programmes[${i}]`, message: 'no such open programme' }]);
        programmeIds.push(programme.id);
      }
      await deps.services.signup.signUp(
        org.id,
        { ...fields, programmeIds, consent: { textVersion: consent.textVersion, at: deps.clock.now().toISOString() } },
        locale,
      );
      return { status: 'pending_email' as const };
    },
  }),
  route({
    method: 'get',
    path: '/volunteers/confirm/{token}',
    summary: "Confirms a volunteer's e-mail address (the link of the confirmation e-mail)",
    tag: 'volunteers',
    access: 'public',
    limiter: 'public',
    params: z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'not a confirmation token') }),
    status: 200,
    response: z.strictObject({ status: VolunteerStatus }),
    async handler({ deps, params }) {
      const volunteer = await deps.services.signup.confirm(params.token);
      return { status: volunteer.status };
    },
  }),
  route({
    method: 'get',
    path: '/volunteers',
    summary: 'Volunteers, newest first; filters by programme, status, skill, place, name and language',
    tag: 'volunteers',
    access: MEDIATORS,
    query: ListQuery,
    status: 200,
    response: Paged(Volunteer),
    async handler({ deps, caller, query }) {
      const where: Where<Volunteer> = {
        ...(query.programme && { programmeIds: query.programme }),
        ...(query.status && { status: query.status }),
        ...(query.skill && { skills: query.skill }),
        ...(query.language && { languages: query.language }),
      };
      return pageOf(
        deps.store.volunteers,
        caller.orgId,
        where,
        query,
        { createdAt: -1 },
        allOf<Volunteer>(query.place && atPlace(query.place), query.name && named(query.name)),
      );
    },
  }),
  route({
    method: 'get',
    path: '/volunteers/{id}',
    summary: 'One volunteer',
    tag: 'volunteers',
    access: MEDIATORS,
    params: IdParams,
    status: 200,
    response: Volunteer,
    handler: ({ deps, caller, params }) => deps.store.volunteers.get(caller.orgId, params.id),
  }),
  route({
    method: 'patch',
    path: '/volunteers/{id}',
    summary: 'Changes a volunteer: pause or resume, capacity, availability, skills…',
    tag: 'volunteers',
    access: MEDIATORS,
    params: IdParams,
    headers: IfMatch,
    body: VolunteerPatch,
    status: 200,
    conflicts: ['volunteer_transition', 'screening_incomplete', 'version'],
    response: Volunteer,
    async handler({ deps, caller, params, headers, body }) {
      const current = await deps.store.volunteers.get(caller.orgId, params.id);
      const { status, pausedUntil, ...fields } = body;
      let updated = current;
      if (Object.keys(fields).length) {
        if (fields.programmeIds) await programmesOf(deps, caller.orgId, fields.programmeIds);
        updated = await deps.store.volunteers.update(
          caller.orgId,
          current.id,
          expectedVersion(headers, current),
          fields,
          deps.clock.now(),
        );
      }
      // Status moves follow the people service's rules (screening before active; coordinators).
      const to = status ?? (pausedUntil !== undefined ? 'paused' : undefined);
      if (to && (to !== updated.status || pausedUntil !== undefined))
        updated = await deps.services.people.setVolunteerStatus(
          caller.actor,
          current.id,
          updated === current ? expectedVersion(headers, current) : updated.version,
          to,
          pausedUntil,
        );
      await afterChange(deps, caller, current, updated, Object.keys(body));
      return updated;
    },
  }),
  route({
    method: 'post',
    path: '/volunteers/{id}/decline',
    summary: 'Declines a volunteer at screening, with the reason they are given',
    tag: 'volunteers',
    access: COORDINATOR,
    params: IdParams,
    headers: IfMatch,
    body: z.strictObject({ reason: LongText }),
    status: 200,
    conflicts: ['volunteer_transition', 'version'],
    response: Volunteer,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(declineVolunteer, caller.actor, {
        volunteerId: params.id,
        expectedVersion: ifMatch(headers),
        reason: body.reason,
      }),
  }),
  route({
    method: 'post',
    path: '/volunteers/{id}/screening',
    summary:
      'Records screening steps (interview, training, certificate of good conduct seen); complete screening activates the volunteer',
    tag: 'volunteers',
    access: COORDINATOR,
    params: IdParams,
    body: ScreeningInput,
    status: 200,
    conflicts: ['email_unconfirmed', 'version'],
    response: Volunteer,
    async handler({ deps, caller, params, body }) {
      const current = await deps.store.volunteers.get(caller.orgId, params.id);
      if (current.status === 'pending_email')
        throw new ConflictError('email_unconfirmed', 'the volunteer has not confirmed their e-mail address yet');
      const screening: Screening = {
        ...current.screening,
        ...(body.interview && { interview: { date: body.interview.date, by: caller.staff.id } }),
        ...(body.training && { training: body.training }),
        ...(body.goodConductSeenOn && { goodConductSeenOn: body.goodConductSeenOn }),
      };
      let updated = await deps.store.volunteers.update(
        caller.orgId,
        current.id,
        current.version,
        { screening },
        deps.clock.now(),
      );
      const programmes = await programmesOf(deps, caller.orgId, current.programmeIds);
      if (current.status === 'pending_screening' && programmes.every((p) => screeningGaps(screening, p).length === 0)) {
        updated = await deps.services.people.setVolunteerStatus(caller.actor, current.id, updated.version, 'active');
      }
      await afterChange(deps, caller, current, updated, ['screening']);
      return updated;
    },
  }),
];
