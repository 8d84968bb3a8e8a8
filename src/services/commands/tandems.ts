/**
 * The tandem's commands, from the mediator's choice to its end. Capacity is enforced by the
 * store's reservations: a confirm first claims the beneficiary's single open tandem, then the
 * volunteer's units, then writes the tandem; a failed step gives back what earlier ones took.
 */
import { withArticle } from '../../domain/text.js';
import { z } from 'zod';
import { IsoDate, Time } from '../../../scoring/index.js';
import {
  capacityUnits,
  currentStage,
  dayOf,
  Id,
  Intensity,
  LongText,
  OPEN_TANDEM_STATUSES,
  Outcome,
  screeningGaps,
  ShortText,
  Side,
  Stage,
  STAGES,
  unitsOf,
  type Programme,
  type Tandem,
  type TandemStatus,
  type Volunteer,
} from '../../domain/index.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import { newId, retryOnVersionConflict } from '../context.js';
import { keyDigest, keyedId } from '../idempotency.js';
import { excludePair } from '../pairs.js';
import { asRead, command, ExpectedVersion, pastDay, type CommandContext } from './command.js';

const DECIDERS = ['mediator', 'coordinator'] as const;

/** Where a tandem may go from each status. */
const NEXT: Record<TandemStatus, readonly TandemStatus[]> = {
  proposed: ['active', 'declined'],
  active: ['lapsed', 'closed'],
  lapsed: ['closed'],
  declined: [],
  closed: [],
};

/** Statuses that hold a volunteer's units and the beneficiary's open tandem. */
export const HOLDS = new Set<TandemStatus>(OPEN_TANDEM_STATUSES);

/** Outcomes that end the person's wait: they found what the programme was for. */
const FULFILLED = new Set<Outcome>(['endured', 'found_work', 'training']);

/** The tandem an Idempotency-Key names: one per key and organisation, so a replay finds it. */
const tandemIdFor = (orgId: string, key: string | undefined) => keyedId('tan', orgId, key, () => newId('tan'));

/** Who took a full volunteer's last place, and when: for a 409 the mediator can act on. */
async function fullError(ctx: CommandContext, volunteer: Volunteer): Promise<ConflictError> {
  const { store, actor } = ctx;
  const [last] = await store.tandems.list(
    actor.orgId,
    { volunteerId: volunteer.id, status: { in: [...OPEN_TANDEM_STATUSES] } },
    { sort: { proposedAt: -1 }, limit: 1 },
  );
  if (!last) return new ConflictError('volunteer_capacity', `volunteer ${volunteer.id} has no free place`);
  const by = await store.staff.find(actor.orgId, last.proposedBy);
  return new ConflictError(
    'volunteer_capacity',
    `volunteer ${volunteer.id} has no free place: the last one went to tandem ${last.id}, confirmed by ${by?.name ?? last.proposedBy} at ${last.proposedAt}`,
  );
}

/** Whether the volunteer has room for a tandem of this programme now (the failure path's look). */
async function isFull(ctx: CommandContext, volunteer: Volunteer, units: number): Promise<boolean> {
  const used = await ctx.store.reservations.unitsInUse(ctx.actor.orgId, [volunteer.id]);
  return capacityUnits(volunteer) - (used.get(volunteer.id) ?? 0) < units;
}

function checkVolunteer(programme: Programme, volunteer: Volunteer) {
  if (programme.status !== 'open')
    throw new ConflictError('programme_closed', `programme ${programme.id} takes no new tandems`);
  if (volunteer.status !== 'active')
    throw new ConflictError('volunteer_not_active', `volunteer ${volunteer.id} is ${volunteer.status}`);
  if (!volunteer.programmeIds.includes(programme.id))
    throw new ConflictError('volunteer_not_in_programme', `volunteer ${volunteer.id} has not joined ${programme.id}`);
  const gaps = screeningGaps(volunteer.screening, programme);
  if (gaps.length)
    throw new ConflictError('screening_incomplete', `volunteer ${volunteer.id} lacks ${gaps.join(', ')}`);
}

/** When and where the two are to meet first, as the agreement states it. */
export const MeetingPlan = z.strictObject({ date: IsoDate, time: Time.optional(), place: ShortText.optional() });

export const ConfirmInput = z.strictObject({
  programmeId: Id,
  volunteerId: Id,
  beneficiaryId: Id,
  /** The proposal the mediator chose, if any; the pair's current proposal is looked up in any case. */
  proposalId: Id.optional(),
  /** Why this pair, for one the matching did not propose (required then). */
  reason: LongText.optional(),
  /** In programmes with intensities; default the programme's. */
  intensity: Intensity.optional(),
  /** When and where the two are to meet first, if known already. */
  meetingPlan: MeetingPlan.optional(),
  /** Makes the confirm idempotent: a replay with the same key gets the same tandem. */
  idempotencyKey: z.string().optional(),
});

/**
 * A mediator chooses a pair: a `proposed` tandem holding the volunteer's units. A pair outside
 * the current proposals needs a reason; a mediator's waits for a coordinator's approval where the
 * programme asks for it (the default), still holding the units. Eight store round trips: the
 * beneficiary's claim, the programme, both people and the beneficiary's proposals (read once,
 * after the claim, so a decline's exclusion written before its release is seen), the
 * volunteer's units, the tandem, its audit entry.
 */
export const confirmTandem = command({
  name: 'tandem.confirm',
  roles: DECIDERS,
  input: ConfirmInput,
  async run(ctx, input): Promise<{ tandem: Tandem; replayed: boolean }> {
    const { store, clock, actor } = ctx;
    const { orgId } = actor;
    const now = clock.now();
    const stamp = now.toISOString();
    const tandemId = tandemIdFor(orgId, input.idempotencyKey);
    const samePair = (t: Tandem) =>
      t.programmeId === input.programmeId &&
      t.volunteerId === input.volunteerId &&
      t.beneficiaryId === input.beneficiaryId;
    /** What an earlier request with this key made, or a refusal when the key named another pair. */
    const replay = (t: Tandem) => {
      if (!samePair(t))
        throw new ConflictError('idempotency_key_reused', 'this Idempotency-Key was used for another pair');
      return { tandem: t, replayed: true };
    };

    if (!(await store.reservations.claimBeneficiary(orgId, input.beneficiaryId, tandemId, now))) {
      const holder = (await store.reservations.openTandems(orgId, [input.beneficiaryId])).get(input.beneficiaryId);
      if (input.idempotencyKey && holder === tandemId) {
        const made = await store.tandems.find(orgId, tandemId);
        if (!made)
          throw new ConflictError(
            'idempotency_key_in_flight',
            'a request with this Idempotency-Key is still being processed; retry shortly',
          );
        return replay(made);
      }
      throw new ConflictError(
        'beneficiary_open_tandem',
        `beneficiary ${input.beneficiaryId} already has a proposed or active tandem`,
      );
    }
    const taken: number[] = [];
    const undo = () =>
      store.reservations.releaseHeld(orgId, tandemId, {
        beneficiaryId: input.beneficiaryId,
        volunteerId: input.volunteerId,
        units: taken,
      });
    try {
      const [programme, volunteer, beneficiary, proposals] = await Promise.all([
        store.programmes.get(orgId, input.programmeId),
        store.volunteers.get(orgId, input.volunteerId),
        store.beneficiaries.get(orgId, input.beneficiaryId),
        store.proposals.listForBeneficiary(orgId, input.beneficiaryId),
      ]);
      checkVolunteer(programme, volunteer);
      if (beneficiary.status !== 'active')
        throw new ConflictError('beneficiary_not_active', `beneficiary ${beneficiary.id} is ${beneficiary.status}`);
      if (!beneficiary.programmeIds.includes(programme.id))
        throw new ConflictError(
          'beneficiary_not_in_programme',
          `beneficiary ${beneficiary.id} is not in ${programme.id}`,
        );
      if (beneficiary.excludedVolunteerIds.includes(volunteer.id))
        throw new ConflictError('pair_excluded', `this pair was declined before`);
      const intensity = programme.intensity ? (input.intensity ?? programme.intensity.default) : undefined;
      const units = unitsOf(programme, intensity);
      const proposal = proposals.find((p) => p.volunteerId === volunteer.id && p.programmeId === programme.id);
      if (!proposal) {
        // Proposals of a volunteer who just became full are gone: say so, rather than call the pair manual.
        if (await isFull(ctx, volunteer, units)) throw await fullError(ctx, volunteer);
        // The system (an import of existing pairs) records pairs made elsewhere: no reason to give.
        if (!input.reason && actor.role !== 'system')
          throw new ValidationError([
            { field: 'body.reason', message: 'required for a pair the matching did not propose' },
          ]);
      }
      const waitsForApproval = !proposal && actor.role === 'mediator' && programme.manualPairApproval !== 'none';
      const got = await store.reservations.takeVolunteerUnits(
        orgId,
        volunteer.id,
        capacityUnits(volunteer),
        units,
        tandemId,
        now,
      );
      if (got === null) throw await fullError(ctx, volunteer);
      taken.push(...got);
      let tandem: Tandem;
      try {
        tandem = await store.tandems.insert({
          id: tandemId,
          orgId,
          version: 1,
          createdAt: stamp,
          updatedAt: stamp,
          programmeId: programme.id,
          volunteerId: volunteer.id,
          beneficiaryId: beneficiary.id,
          // The proposal's criteria stay with the tandem: what weights learnt from outcomes rest on.
          ...(proposal && { proposalId: proposal.id, criteria: proposal.breakdown }),
          ...(intensity && { intensity }),
          ...(!proposal && input.reason && { manual: { reason: input.reason } }),
          ...(waitsForApproval && { approval: { status: 'pending' as const } }),
          ...(input.meetingPlan && { meetingPlan: input.meetingPlan }),
          ...(programme.stages && { stages: [{ stage: 'before' as const, from: dayOf(now), by: actor.userId }] }),
          status: 'proposed',
          proposedAt: stamp,
          proposedBy: actor.userId,
          checkIns: [],
        });
      } catch (err) {
        // The key made a tandem before, since given back: what we took here goes back too.
        const made = input.idempotencyKey && (await store.tandems.find(orgId, tandemId));
        if (!made) throw err;
        await undo();
        return replay(made);
      }
      ctx.raise({ type: 'TandemConfirmed', tandem, manual: !proposal });
      return { tandem, replayed: false };
    } catch (err) {
      await undo();
      // A key used before: its tandem says what this request was (looked at on failure only).
      const made = input.idempotencyKey && (await store.tandems.find(orgId, tandemId));
      if (made) return replay(made);
      throw err;
    }
  },
});

/** Reads a tandem (404 across organisations); 412 when the caller read another version (If-Match). */
async function current(
  ctx: CommandContext,
  id: string,
  expectedVersion: number | undefined,
  read?: Tandem,
): Promise<Tandem> {
  return asRead('tandem', read ?? (await ctx.store.tandems.get(ctx.actor.orgId, id)), expectedVersion);
}

/** Reads the tandem to move, checking the version the caller read (If-Match) and the transition. */
async function moving(
  ctx: CommandContext,
  id: string,
  expectedVersion: number | undefined,
  to: TandemStatus,
  read?: Tandem,
) {
  const tandem = await current(ctx, id, expectedVersion, read);
  if (!NEXT[tandem.status].includes(to))
    throw new ConflictError('tandem_transition', `${withArticle(tandem.status)} tandem cannot become ${to}`);
  return { current: tandem, version: tandem.version };
}

/**
 * A step's write (`mine`), or, when a concurrent request with the same Idempotency-Key made the
 * same step first (this one then loses the version race), the tandem as that one left it.
 */
async function sameOnReplay(
  ctx: CommandContext,
  id: string,
  from: number,
  replayed: (t: Tandem) => boolean,
  write: () => Promise<Tandem>,
): Promise<{ tandem: Tandem; mine: boolean }> {
  try {
    return { tandem: await write(), mine: true };
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    // The request that won the version may still be writing: wait (briefly) until the tandem moves on.
    for (let i = 0; i < REPLAY_WAITS; i++) {
      const now = await ctx.store.tandems.get(ctx.actor.orgId, id);
      if (replayed(now)) return { tandem: now, mine: false };
      if (now.version !== from) break;
      await new Promise((r) => setTimeout(r, REPLAY_PAUSE_MS));
    }
    throw err;
  }
}

/** How long a replay that lost the version race waits for the request that won it: 5 s at most. */
const REPLAY_WAITS = 50;
const REPLAY_PAUSE_MS = 100;

export const FirstMeetingInput = z.strictObject({
  tandemId: Id,
  expectedVersion: ExpectedVersion,
  meeting: z.discriminatedUnion('outcome', [
    z.strictObject({
      outcome: z.literal('accepted'),
      date: IsoDate,
      charterSigned: z.literal(true, 'the charter must be signed to start a tandem'),
    }),
    z.strictObject({ outcome: z.literal('declined'), date: IsoDate, by: Side, reason: LongText }),
  ]),
});

/**
 * The first meeting: both accepted and signed the charter (the tandem starts), or one side
 * declined and why (the pair is excluded from then on, and what the tandem held is given back;
 * the exclusion is written before the release, so a confirm that claims the beneficiary after
 * the release sees it).
 */
export const recordFirstMeeting = command({
  name: 'tandem.first_meeting',
  roles: DECIDERS,
  input: FirstMeetingInput,
  async run(ctx, { tandemId, expectedVersion, meeting }): Promise<Tandem> {
    const { store, clock, actor } = ctx;
    const to = meeting.outcome === 'accepted' ? 'active' : 'declined';
    const { current, version } = await moving(ctx, tandemId, expectedVersion, to);
    if (to === 'active' && current.approval?.status === 'pending')
      throw new ConflictError('awaiting_approval', `tandem ${tandemId} waits for a coordinator's approval`);
    pastDay(ctx, meeting.date, 'body.date', { day: dayOf(new Date(current.proposedAt)), what: 'the proposal' });
    if (meeting.outcome === 'accepted') {
      const tandem = await store.tandems.update(
        actor.orgId,
        tandemId,
        version,
        {
          status: 'active',
          firstMeeting: { date: meeting.date, charterSigned: true },
          lastContactOn: meeting.date,
        },
        clock.now(),
      );
      ctx.raise({ type: 'TandemStarted', tandem });
      return tandem;
    }
    const tandem = await store.tandems.update(
      actor.orgId,
      tandemId,
      version,
      { status: 'declined', declined: { by: meeting.by, reason: meeting.reason, at: clock.now().toISOString() } },
      clock.now(),
    );
    ctx.raise({ type: 'TandemDeclined', tandem });
    ctx.raise((await excludePair(ctx, actor.orgId, tandem.beneficiaryId, tandem.volunteerId)).event);
    await store.reservations.releaseTandem(actor.orgId, tandemId);
    return tandem;
  },
});

export const CheckInInput = z.strictObject({
  tandemId: Id,
  expectedVersion: ExpectedVersion,
  /** A retry with the same key adds nothing and answers the same. */
  idempotencyKey: z.string().optional(),
  checkIn: z.strictObject({
    date: IsoDate,
    who: Side,
    mood: z.number().int().min(1).max(5),
    note: LongText.optional(),
  }),
});

/** News of an active tandem: who gave it, mood 1-5, a note; it moves the last contact forward. */
export const checkInTandem = command({
  name: 'tandem.check_in',
  roles: DECIDERS,
  input: CheckInInput,
  async run(ctx, { tandemId, expectedVersion, checkIn, idempotencyKey }): Promise<Tandem> {
    const { store, clock, actor } = ctx;
    const requestKey = idempotencyKey && keyDigest(actor.orgId, idempotencyKey);
    const replayed = (t: Tandem) => requestKey !== undefined && t.checkIns.some((c) => c.requestKey === requestKey);
    const seen = await store.tandems.get(actor.orgId, tandemId);
    if (replayed(seen)) return seen;
    const tandem0 = await current(ctx, tandemId, expectedVersion, seen);
    if (tandem0.status !== 'active')
      throw new ConflictError(
        'tandem_not_active',
        `check-ins are for active tandems; ${tandemId} is ${tandem0.status}`,
      );
    pastDay(
      ctx,
      checkIn.date,
      'body.date',
      tandem0.firstMeeting && { day: tandem0.firstMeeting.date, what: 'the first meeting' },
    );
    const stage = currentStage(tandem0);
    const { tandem, mine } = await sameOnReplay(ctx, tandemId, tandem0.version, replayed, () =>
      store.tandems.addCheckIn(
        actor.orgId,
        tandemId,
        tandem0.version,
        { ...checkIn, recordedBy: actor.userId, ...(stage && { stage }), ...(requestKey && { requestKey }) },
        clock.now(),
      ),
    );
    if (!mine) return tandem;
    ctx.raise({ type: 'TandemCheckedIn', tandem });
    return tandem;
  },
});

export const CloseInput = z.strictObject({
  tandemId: Id,
  expectedVersion: ExpectedVersion,
  outcome: Outcome,
  note: LongText.optional(),
  /** A retry with the same key closes nothing more and answers the same. */
  idempotencyKey: z.string().optional(),
});

/**
 * Ends a tandem with an outcome; what it held is given back and the pair is not proposed again.
 * An outcome that fulfils the programme (it endured, work or training found) also ends the
 * person's wait: they leave the waiting list.
 */
export const closeTandem = command({
  name: 'tandem.close',
  roles: DECIDERS,
  input: CloseInput,
  async run(ctx, { tandemId, expectedVersion, outcome, note, idempotencyKey }): Promise<Tandem> {
    const { store, clock, actor } = ctx;
    const requestKey = idempotencyKey && keyDigest(actor.orgId, idempotencyKey);
    const replayed = (t: Tandem) => requestKey !== undefined && t.closed?.requestKey === requestKey;
    const seen = await store.tandems.get(actor.orgId, tandemId);
    let tandem = seen;
    if (!replayed(seen)) {
      const { version } = await moving(ctx, tandemId, expectedVersion, 'closed', seen);
      const closed = {
        at: clock.now().toISOString(),
        outcome,
        ...(note && { note }),
        ...(requestKey && { requestKey }),
      };
      const written = await sameOnReplay(ctx, tandemId, version, replayed, () =>
        store.tandems.update(actor.orgId, tandemId, version, { status: 'closed', closed }, clock.now()),
      );
      tandem = written.tandem;
      if (written.mine) ctx.raise({ type: 'TandemClosed', tandem });
    }
    // On a replay too: what follows a closing is idempotent, and the first try may have stopped short of it.
    const { beneficiary, event } = await excludePair(ctx, actor.orgId, tandem.beneficiaryId, tandem.volunteerId);
    ctx.raise(event);
    if (beneficiary && FULFILLED.has(tandem.closed!.outcome) && beneficiary.status === 'active')
      await leaveWaitingList(ctx, beneficiary.id);
    await store.reservations.releaseTandem(actor.orgId, tandemId);
    return tandem;
  },
});

const Versioned = { tandemId: Id, expectedVersion: ExpectedVersion };

/** A mediator's pair chosen by hand, waiting for a coordinator: the one thing approve and refuse act on. */
async function awaitingApproval(ctx: CommandContext, id: string, expectedVersion: number | undefined) {
  const tandem = await current(ctx, id, expectedVersion);
  if (tandem.status !== 'proposed' || tandem.approval?.status !== 'pending')
    throw new ConflictError('not_awaiting_approval', `tandem ${id} awaits no approval`);
  return tandem;
}

/** A coordinator approves a mediator's pair chosen by hand: from now on the people are told. */
export const approveTandem = command({
  name: 'tandem.approve',
  roles: ['coordinator'],
  input: z.strictObject(Versioned),
  async run(ctx, { tandemId, expectedVersion }): Promise<Tandem> {
    const { store, clock, actor } = ctx;
    const pending = await awaitingApproval(ctx, tandemId, expectedVersion);
    const tandem = await store.tandems.update(
      actor.orgId,
      tandemId,
      pending.version,
      { approval: { status: 'approved', by: actor.userId, at: clock.now().toISOString() } },
      clock.now(),
    );
    ctx.raise({ type: 'TandemApproved', tandem });
    return tandem;
  },
});

/**
 * A coordinator turns down a mediator's pair chosen by hand before anyone was told: the tandem
 * ends declined and gives back what it held, but the pair is not excluded (neither person said no).
 */
export const refuseTandem = command({
  name: 'tandem.refuse',
  roles: ['coordinator'],
  input: z.strictObject({ ...Versioned, reason: LongText }),
  async run(ctx, { tandemId, expectedVersion, reason }): Promise<Tandem> {
    const { store, clock, actor } = ctx;
    const pending = await awaitingApproval(ctx, tandemId, expectedVersion);
    const tandem = await store.tandems.update(
      actor.orgId,
      tandemId,
      pending.version,
      { status: 'declined', declined: { by: 'mediator', reason, at: clock.now().toISOString() } },
      clock.now(),
    );
    await store.reservations.releaseTandem(actor.orgId, tandemId);
    ctx.raise({ type: 'TandemRefused', tandem });
    return tandem;
  },
});

/** When and where the two are to meet first (what the agreement states), while the tandem is proposed. */
export const planMeeting = command({
  name: 'tandem.plan_meeting',
  roles: DECIDERS,
  input: z.strictObject({ ...Versioned, plan: MeetingPlan }),
  async run(ctx, { tandemId, expectedVersion, plan }): Promise<Tandem> {
    const { store, clock, actor } = ctx;
    const proposed = await current(ctx, tandemId, expectedVersion);
    if (proposed.status !== 'proposed')
      throw new ConflictError(
        'tandem_not_proposed',
        `a first meeting is planned for a proposed tandem; ${tandemId} is ${proposed.status}`,
      );
    const tandem = await store.tandems.update(
      actor.orgId,
      tandemId,
      proposed.version,
      { meetingPlan: plan },
      clock.now(),
    );
    ctx.raise({ type: 'MeetingPlanned', tandem });
    return tandem;
  },
});

/** Moves a tandem of a programme with stages on (before → during → after the mobility), from a day. */
export const moveStage = command({
  name: 'tandem.stage',
  roles: DECIDERS,
  input: z.strictObject({ ...Versioned, stage: Stage, from: IsoDate }),
  async run(ctx, { tandemId, expectedVersion, stage, from }): Promise<Tandem> {
    const { store, clock, actor } = ctx;
    const [tandem0, programme] = await current(ctx, tandemId, expectedVersion).then(
      async (t) => [t, await store.programmes.get(actor.orgId, t.programmeId)] as const,
    );
    if (!programme.stages) throw new ConflictError('no_stages', `programme ${programme.id} does not follow stages`);
    if (!HOLDS.has(tandem0.status))
      throw new ConflictError('tandem_transition', `${withArticle(tandem0.status)} tandem changes stage no more`);
    const now = currentStage(tandem0);
    if (now && STAGES.indexOf(stage) <= STAGES.indexOf(now))
      throw new ConflictError('stage_order', `a tandem goes ${STAGES.join(' → ')}; this one is ${now}`);
    const last = tandem0.stages?.at(-1);
    pastDay(ctx, from, 'body.from', last && { day: last.from, what: 'the stage before' });
    const tandem = await store.tandems.update(
      actor.orgId,
      tandemId,
      tandem0.version,
      { stages: [...(tandem0.stages ?? []), { stage, from, by: actor.userId }] },
      clock.now(),
    );
    ctx.raise({ type: 'TandemStageChanged', tandem });
    return tandem;
  },
});

async function leaveWaitingList(ctx: CommandContext, beneficiaryId: string): Promise<void> {
  const { store, clock, actor } = ctx;
  await retryOnVersionConflict(async () => {
    const b = await store.beneficiaries.get(actor.orgId, beneficiaryId);
    if (b.status !== 'active') return;
    const person = await store.beneficiaries.update(actor.orgId, b.id, b.version, { status: 'left' }, clock.now());
    ctx.raise({ type: 'PersonChanged', kind: 'beneficiary', person, fields: ['status'] });
  });
}

/** An active tandem without contact within its programme's lapse window (the nightly check). */
export async function lapse(ctx: CommandContext, tandem: Tandem): Promise<Tandem> {
  const { store, clock, actor } = ctx;
  const { version } = await moving(ctx, tandem.id, tandem.version, 'lapsed');
  const lapsed = await store.tandems.update(
    actor.orgId,
    tandem.id,
    version,
    { status: 'lapsed', lapsedAt: clock.now().toISOString() },
    clock.now(),
  );
  await store.reservations.releaseTandem(actor.orgId, tandem.id);
  ctx.raise({ type: 'TandemLapsed', tandem: lapsed });
  return lapsed;
}
