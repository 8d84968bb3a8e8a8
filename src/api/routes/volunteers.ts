import { z } from 'zod';
import { LanguageCode } from '../../../scoring/index.js';
import {
  Id,
  LongText,
  PlaceFilter,
  ScreeningSteps,
  SignUp,
  Volunteer,
  VolunteerPatch,
  VolunteerStatus,
} from '../../domain/index.js';
import { ValidationError } from '../../errors/validation-error.js';
import { declineVolunteer, screenVolunteer, updateVolunteer } from '../../services/commands/volunteers.js';
import type { Where } from '../../store/ports.js';
import { pageOf } from '../../store/paging.js';
import { allOf, atPlace, named, NameFilter } from '../people.js';
import { route } from '../../http/route.js';
import { IdempotencyHeader, IdParams, IfMatch, ifMatch, Paged, Paging } from '../schemas.js';
import { COORDINATOR } from './programmes.js';
import { signUp } from '../../services/commands/signup.js';
import { systemActor } from '../../services/context.js';

export const MEDIATORS = ['mediator', 'coordinator'] as const;

const ListQuery = z.strictObject({
  programme: Id.optional(),
  status: VolunteerStatus.optional(),
  skill: z.string().max(60).optional(),
  place: PlaceFilter.optional(),
  name: NameFilter.optional(),
  language: LanguageCode.optional(),
  ...Paging,
});

export const volunteerRoutes = [
  route({
    method: 'post',
    path: '/volunteers',
    summary: 'Public sign-up of a volunteer (no session): 202, then a confirmation e-mail',
    tag: 'volunteers',
    access: 'public',
    limiter: 'public',
    headers: IdempotencyHeader,
    body: SignUp,
    status: 202,
    response: z.strictObject({ status: z.literal('pending_email') }),
    async handler({ deps, commands, headers, body }) {
      const { organisation, ...details } = body;
      const org = await deps.store.organisations.findBySlug(organisation);
      if (!org) throw new ValidationError([{ field: 'body.organisation', message: 'no such organisation' }]);
      await commands.run(signUp, systemActor(org.id, 'signup'), {
        ...details,
        idempotencyKey: headers['idempotency-key'],
      });
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
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(updateVolunteer, caller.actor, {
        volunteerId: params.id,
        expectedVersion: ifMatch(headers),
        patch: body,
      }),
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
    headers: IfMatch,
    body: ScreeningSteps,
    status: 200,
    conflicts: ['email_unconfirmed', 'version'],
    response: Volunteer,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(screenVolunteer, caller.actor, {
        volunteerId: params.id,
        expectedVersion: ifMatch(headers),
        steps: body,
      }),
  }),
];
