import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IsoDate } from '../../../scoring/index.js';
import { dayOf, Id, LongText, Outcome, Side, Tandem, TandemStatus, Token, type CheckIn } from '../../domain/index.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { ForbiddenError } from '../../errors/forbidden-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { listAll } from '../../store/paging.js';
import type { Where } from '../../store/ports.js';
import { recordAudit } from '../audit.js';
import type { Caller } from '../../http/access.js';
import type { ApiDeps } from '../../http/deps.js';
import { pageOf, sliceOf } from '../../store/paging.js';
import { causeOf, recomputeAround } from '../people.js';
import { route } from '../../http/route.js';
import { expectedVersion, IdParams, IfMatch, Paged, Paging, QueryFlag } from '../schemas.js';
import { MEDIATORS } from './volunteers.js';
import { DAY_MS } from '../../domain/calendar.js';

/** How long an idempotency key is remembered. */
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** "Lapsing soon": the lapse window ends within this many days. */
const LAPSING_NOTICE_DAYS = 14;

const NewTandem = z.strictObject({
  programmeId: Id,
  volunteerId: Id,
  beneficiaryId: Id,
  /** The proposal the mediator chose, if any; without a current proposal for the pair it is a manual pair. */
  proposalId: Id.optional(),
  /** Why a coordinator pairs outside the proposals (a reason code); required for a manual pair. */
  reason: Token.optional(),
});

const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string({ error: 'required: a unique key per intended tandem, reused on retries' })
    .regex(/^[A-Za-z0-9_.:-]{8,100}$/, 'must be 8-100 letters, digits or _ . : -'),
});

const FirstMeeting = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('accepted'),
    date: IsoDate,
    charterSigned: z.literal(true, 'the charter must be signed to start a tandem'),
  }),
  z.strictObject({ outcome: z.literal('declined'), date: IsoDate, by: Side, reason: LongText }),
]);

const CheckInInput = z.strictObject({
  date: IsoDate,
  who: Side,
  mood: z.number().int().min(1).max(5),
  note: LongText.optional(),
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

interface IdempotencyRecord {
  [key: string]: unknown;
  fingerprint: string;
  tandemId?: string;
}

/**
 * Confirms a pair at most once per Idempotency-Key: the key is claimed (a unique insert) before
 * the confirm and then names the tandem, so a replay, even on another process, gets that tandem.
 * A confirm that fails frees the key: nothing happened, and the same request may be retried.
 */
async function confirmOnce(
  deps: ApiDeps,
  caller: Caller,
  key: string,
  body: z.infer<typeof NewTandem>,
  confirm: () => Promise<Tandem>,
): Promise<{ tandem: Tandem; replayed: boolean }> {
  const { clock, store } = deps;
  const { keys } = store;
  const id = `idem:${caller.orgId}:tandem:${key}`;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([body.programmeId, body.volunteerId, body.beneficiaryId]))
    .digest('base64url');
  const expires = () => new Date(clock.now().getTime() + IDEMPOTENCY_TTL_MS);
  if (!(await keys.claim(id, { fingerprint }, expires(), clock.now()))) {
    const seen = await keys.get<IdempotencyRecord>(id, clock.now());
    if (seen && seen.fingerprint !== fingerprint)
      throw new ConflictError('idempotency_key_reused', 'this Idempotency-Key was used for another pair');
    if (seen?.tandemId) return { tandem: await store.tandems.get(caller.orgId, seen.tandemId), replayed: true };
    throw new ConflictError(
      'idempotency_key_in_flight',
      'a request with this Idempotency-Key is still being processed; retry shortly',
    );
  }
  let tandem: Tandem;
  try {
    tandem = await confirm();
  } catch (err) {
    await keys.delete(id);
    throw err;
  }
  await keys.replace(id, { fingerprint, tandemId: tandem.id }, expires(), clock.now());
  return { tandem, replayed: false };
}

/** The current proposal for the pair, if the matching proposed it. */
async function currentProposal(deps: ApiDeps, orgId: string, body: z.infer<typeof NewTandem>) {
  const proposals = await deps.store.proposals.listForBeneficiary(orgId, body.beneficiaryId);
  return proposals.find((p) => p.volunteerId === body.volunteerId && p.programmeId === body.programmeId);
}

async function lapsingSoon(deps: ApiDeps, orgId: string, programmeId: string | undefined): Promise<Tandem[]> {
  const programmes = programmeId
    ? [await deps.store.programmes.get(orgId, programmeId)]
    : await listAll(deps.store.programmes, orgId, {});
  const today = deps.clock.now().getTime();
  const out: Tandem[] = [];
  for (const p of programmes) {
    const cutoff = dayOf(new Date(today - (p.lapseWindowDays - LAPSING_NOTICE_DAYS) * DAY_MS));
    out.push(...(await deps.store.tandems.listLastContactBefore(orgId, p.id, cutoff)));
  }
  return out;
}

/** Reads the tandem (404 across organisations) and the version to move it from. */
async function current(deps: ApiDeps, caller: Caller, id: string, headers: { 'if-match'?: string | undefined }) {
  const tandem = await deps.store.tandems.get(caller.orgId, id);
  return { tandem, version: expectedVersion(headers, tandem) };
}

export const tandemRoutes = [
  route({
    method: 'post',
    path: '/tandems',
    summary:
      "Confirms a pair: a `proposed` tandem holding one of the volunteer's slots. Idempotent per Idempotency-Key. Pairs outside the proposals need a coordinator and a reason",
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
    ],
    response: Tandem,
    async handler({ deps, caller, headers, body, res }) {
      // A replay is answered first: the proposal it confirmed is superseded by now.
      const { tandem, replayed } = await confirmOnce(deps, caller, headers['idempotency-key'], body, async () => {
        await Promise.all([
          deps.store.programmes.get(caller.orgId, body.programmeId),
          deps.store.volunteers.get(caller.orgId, body.volunteerId),
          deps.store.beneficiaries.get(caller.orgId, body.beneficiaryId),
        ]);
        // Proposals stop once a beneficiary has an open tandem: say so rather than call the pair manual.
        if ((await deps.store.reservations.openTandems(caller.orgId, [body.beneficiaryId])).size)
          throw new ConflictError('beneficiary_open_tandem', 'the beneficiary already has a proposed or active tandem');
        const proposal = await currentProposal(deps, caller.orgId, body);
        if (!proposal) {
          if (caller.role !== 'coordinator')
            throw new ForbiddenError('a pair the matching did not propose needs a coordinator');
          if (!body.reason)
            throw new ValidationError([
              { field: 'body.reason', message: 'required for a pair the matching did not propose' },
            ]);
        }
        const created = await deps.services.tandems.confirm(caller.actor, {
          programmeId: body.programmeId,
          volunteerId: body.volunteerId,
          beneficiaryId: body.beneficiaryId,
          ...(proposal && { proposalId: proposal.id }),
        });
        if (!proposal)
          await recordAudit(
            deps,
            caller.actor,
            'tandem.manual_pair',
            { kind: 'tandem', id: created.id },
            { reason: body.reason! },
          );
        return created;
      });
      if (replayed) res.set('Idempotent-Replayed', 'true');
      else
        await recomputeAround(
          deps,
          caller.orgId,
          [tandem.programmeId],
          { volunteerId: tandem.volunteerId },
          causeOf(tandem),
        );
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
        const all = (await lapsingSoon(deps, caller.orgId, query.programme)).filter(
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
    body: FirstMeeting,
    status: 200,
    conflicts: ['tandem_transition', 'version'],
    response: Tandem,
    async handler({ deps, caller, params, headers, body }) {
      const { tandem, version } = await current(deps, caller, params.id, headers);
      if (body.outcome === 'accepted')
        return deps.services.tandems.start(caller.actor, tandem.id, version, { date: body.date, charterSigned: true });
      const declined = await deps.services.tandems.decline(caller.actor, tandem.id, version, {
        by: body.by,
        reason: body.reason,
      });
      await recomputeAround(
        deps,
        caller.orgId,
        [declined.programmeId],
        { volunteerId: declined.volunteerId },
        causeOf(declined),
      );
      await recomputeAround(
        deps,
        caller.orgId,
        [declined.programmeId],
        { beneficiaryId: declined.beneficiaryId },
        causeOf(declined),
      );
      return declined;
    },
  }),
  route({
    method: 'post',
    path: '/tandems/{id}/check-ins',
    summary: 'Records news of an active tandem (who gave it, mood 1-5, a note)',
    tag: 'tandems',
    access: MEDIATORS,
    params: IdParams,
    headers: IfMatch,
    body: CheckInInput,
    status: 201,
    conflicts: ['tandem_not_active', 'version'],
    response: Tandem,
    async handler({ deps, caller, params, headers, body }) {
      const { tandem, version } = await current(deps, caller, params.id, headers);
      const checkIn: Omit<CheckIn, 'recordedBy'> = body;
      return deps.services.tandems.addCheckIn(caller.actor, tandem.id, version, checkIn);
    },
  }),
  route({
    method: 'post',
    path: '/tandems/{id}/close',
    summary: "Ends a tandem with an outcome; the volunteer's slot is freed",
    tag: 'tandems',
    access: MEDIATORS,
    params: IdParams,
    headers: IfMatch,
    body: z.strictObject({ outcome: Outcome, note: LongText.optional() }),
    status: 200,
    conflicts: ['tandem_transition', 'version'],
    response: Tandem,
    async handler({ deps, caller, params, headers, body }) {
      const { tandem, version } = await current(deps, caller, params.id, headers);
      const closed = await deps.services.tandems.close(caller.actor, tandem.id, version, body.outcome, body.note);
      await recomputeAround(
        deps,
        caller.orgId,
        [closed.programmeId],
        { volunteerId: closed.volunteerId },
        causeOf(closed),
      );
      return closed;
    },
  }),
];
