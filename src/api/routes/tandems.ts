import { z } from 'zod';
import { Id, LongText, Outcome, Tandem, TandemStatus } from '../../domain/index.js';
import { route } from '../../http/route.js';
import {
  approveTandem,
  CheckInInput,
  checkInTandem,
  closeTandem,
  ConfirmInput,
  confirmTandem,
  FirstMeetingInput,
  MeetingPlan,
  moveStage,
  planMeeting,
  recordFirstMeeting,
  refuseTandem,
} from '../../services/commands/tandems.js';
import { lapsingSoon } from '../../services/lapse.js';
import { listAll, pageOf, sliceOf } from '../../store/paging.js';
import type { Where } from '../../store/ports.js';
import { IdParams, IfMatch, ifMatch, IfMatchAndKey, Paged, Paging, QueryFlag } from '../schemas.js';
import { COORDINATOR } from './programmes.js';
import { MEDIATORS } from './volunteers.js';

const NewTandem = ConfirmInput.omit({ idempotencyKey: true });

const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string({ error: 'required: a unique key per intended tandem, reused on retries' })
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/, 'must be 8-100 letters, digits or _ . : -'),
});

const ListQuery = z.strictObject({
  status: TandemStatus.optional(),
  programme: Id.optional(),
  volunteer: Id.optional(),
  beneficiary: Id.optional(),
  /** Active tandems whose lapse window ends within two weeks (or has ended), oldest contact first. */
  lapsingSoon: QueryFlag.optional(),
  ...Paging,
});

export const tandemRoutes = [
  route({
    method: 'post',
    path: '/tandems',
    summary:
      "Confirms a pair: a `proposed` tandem holding the volunteer's capacity (by its support intensity); the volunteer is told by e-mail. Idempotent per Idempotency-Key. A pair chosen by hand needs a reason; a mediator's waits for a coordinator's approval where the programme asks",
    tag: 'tandems',
    access: MEDIATORS,
    headers: IdempotencyHeaders,
    body: NewTandem,
    status: 201,
    conflicts: [
      'volunteer_capacity',
      'beneficiary_open_tandem',
      'pair_excluded',
      'volunteer_not_active',
      'screening_incomplete',
      'idempotency_key_reused',
      'idempotency_key_in_flight',
      'programme_closed',
    ],
    response: Tandem,
    async handler({ commands, caller, headers, body, res }) {
      const { tandem, replayed } = await commands.run(confirmTandem, caller.actor, {
        ...body,
        idempotencyKey: headers['idempotency-key'],
      });
      if (replayed) res.set('Idempotent-Replayed', 'true');
      return tandem;
    },
  }),
  route({
    method: 'get',
    path: '/tandems',
    summary: 'Tandems, newest first; filters by status, programme, person, and those lapsing soon',
    tag: 'tandems',
    access: MEDIATORS,
    query: ListQuery,
    status: 200,
    response: Paged(Tandem),
    async handler({ deps, caller, query }) {
      if (query.lapsingSoon) {
        const programmes = query.programme
          ? [await deps.store.programmes.get(caller.orgId, query.programme)]
          : await listAll(deps.store.programmes, caller.orgId, {});
        const all = (await lapsingSoon(deps.store, caller.orgId, programmes, deps.clock.now())).filter(
          (t) =>
            (!query.volunteer || t.volunteerId === query.volunteer) &&
            (!query.beneficiary || t.beneficiaryId === query.beneficiary) &&
            (!query.status || t.status === query.status),
        );
        return sliceOf(all, query);
      }
      const where: Where<Tandem> = {
        ...(query.status && { status: query.status }),
        ...(query.programme && { programmeId: query.programme }),
        ...(query.volunteer && { volunteerId: query.volunteer }),
        ...(query.beneficiary && { beneficiaryId: query.beneficiary }),
      };
      return pageOf(deps.store.tandems, caller.orgId, where, query, { createdAt: -1 });
    },
  }),
  route({
    method: 'get',
    path: '/tandems/{id}',
    summary: 'One tandem, with its first meeting and check-ins',
    tag: 'tandems',
    access: MEDIATORS,
    params: IdParams,
    status: 200,
    response: Tandem,
    handler: ({ deps, caller, params }) => deps.store.tandems.get(caller.orgId, params.id),
  }),
  route({
    method: 'post',
    path: '/tandems/{id}/first-meeting',
    summary:
      'Records the first meeting: both accepted and signed the charter (the tandem starts), or one side declined and why (the pair is excluded)',
    tag: 'tandems',
    access: MEDIATORS,
    params: IdParams,
    headers: IfMatch,
    body: FirstMeetingInput.shape.meeting,
    status: 200,
    conflicts: ['tandem_transition', 'awaiting_approval', 'version'],
    response: Tandem,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(recordFirstMeeting, caller.actor, {
        tandemId: params.id,
        expectedVersion: ifMatch(headers),
        meeting: body,
      }),
  }),
  route({
    method: 'post',
    path: '/tandems/{id}/check-ins',
    summary: 'Records news of an active tandem (who gave it, mood 1-5, a note)',
    tag: 'tandems',
    access: MEDIATORS,
    params: IdParams,
    headers: IfMatchAndKey,
    body: CheckInInput.shape.checkIn,
    status: 201,
    conflicts: ['tandem_not_active', 'version'],
    response: Tandem,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(checkInTandem, caller.actor, {
        tandemId: params.id,
        expectedVersion: ifMatch(headers),
        checkIn: body,
        idempotencyKey: headers['idempotency-key'],
      }),
  }),
  route({
    method: 'post',
    path: '/tandems/{id}/close',
    summary: "Ends a tandem with an outcome; the volunteer's slot is freed",
    tag: 'tandems',
    access: MEDIATORS,
    params: IdParams,
    headers: IfMatchAndKey,
    body: z.strictObject({ outcome: Outcome, note: LongText.optional() }),
    status: 200,
    conflicts: ['tandem_transition', 'version'],
    response: Tandem,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(closeTandem, caller.actor, {
        tandemId: params.id,
        expectedVersion: ifMatch(headers),
        idempotencyKey: headers['idempotency-key'],
        ...body,
      }),
  }),
  route({
    method: 'post',
    path: '/tandems/{id}/approve',
    summary:
      "Approves a mediator's pair chosen by hand; then the volunteer (and the contact person where the programme wants it) is told",
    tag: 'tandems',
    access: COORDINATOR,
    params: IdParams,
    headers: IfMatch,
    status: 200,
    conflicts: ['not_awaiting_approval', 'version'],
    response: Tandem,
    handler: ({ commands, caller, params, headers }) =>
      commands.run(approveTandem, caller.actor, { tandemId: params.id, expectedVersion: ifMatch(headers) }),
  }),
  route({
    method: 'post',
    path: '/tandems/{id}/refuse',
    summary:
      "Turns down a mediator's pair chosen by hand before anyone is told: it ends declined and gives back what it held; the pair stays possible",
    tag: 'tandems',
    access: COORDINATOR,
    params: IdParams,
    headers: IfMatch,
    body: z.strictObject({ reason: LongText }),
    status: 200,
    conflicts: ['not_awaiting_approval', 'version'],
    response: Tandem,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(refuseTandem, caller.actor, { tandemId: params.id, expectedVersion: ifMatch(headers), ...body }),
  }),
  route({
    method: 'post',
    path: '/tandems/{id}/meeting-plan',
    summary: 'Plans the first meeting of a proposed tandem (day, time, place), as the agreement states it',
    tag: 'tandems',
    access: MEDIATORS,
    params: IdParams,
    headers: IfMatch,
    body: MeetingPlan,
    status: 200,
    conflicts: ['tandem_not_proposed', 'version'],
    response: Tandem,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(planMeeting, caller.actor, { tandemId: params.id, expectedVersion: ifMatch(headers), plan: body }),
  }),
  route({
    method: 'post',
    path: '/tandems/{id}/stage',
    summary: 'Moves a tandem of a mobility programme to its next stage (before, during, after the mobility) from a day',
    tag: 'tandems',
    access: MEDIATORS,
    params: IdParams,
    headers: IfMatch,
    body: moveStage.input.omit({ tandemId: true, expectedVersion: true }),
    status: 200,
    conflicts: ['no_stages', 'stage_order', 'tandem_transition', 'version'],
    response: Tandem,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(moveStage, caller.actor, { tandemId: params.id, expectedVersion: ifMatch(headers), ...body }),
  }),
];
