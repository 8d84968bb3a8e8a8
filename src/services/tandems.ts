import {
  capacityUnits,
  dayOf,
  screeningGaps,
  unitsOf,
  type CheckIn,
  type Intensity,
  type Outcome,
  type Tandem,
  type TandemStatus,
} from '../domain/index.js';
import { ConflictError } from '../errors/conflict-error.js';
import { audit, newId, requireRole, retryOnVersionConflict, type Actor, type ServiceDeps } from './context.js';
import { DAY_MS } from '../domain/calendar.js';

const DECIDERS = ['mediator', 'coordinator'] as const;

/** Where a tandem may go from each status. */
const NEXT: Record<TandemStatus, readonly TandemStatus[]> = {
  proposed: ['active', 'declined'],
  active: ['lapsed', 'closed'],
  lapsed: ['closed'],
  declined: [],
  closed: [],
};

/** The audit verb of each move. */
const VERB: Record<TandemStatus, string> = {
  proposed: 'confirm',
  active: 'start',
  declined: 'decline',
  lapsed: 'lapse',
  closed: 'close',
};

/** Statuses that hold a volunteer's slot and the beneficiary's open tandem. */
const HOLDS = new Set<TandemStatus>(['proposed', 'active']);

/** A crashed confirm may leave reservations without their tandem; older than this they are freed. */
const ORPHAN_AFTER_MS = 10 * 60_000;

/**
 * The life of a tandem, from the mediator's choice to its end. Capacity is enforced by the
 * store's reservations: a confirm first claims the beneficiary's single open tandem, then one of
 * the volunteer's slots, then writes the tandem; a failed step gives back what earlier ones took.
 */
export class TandemService {
  constructor(private readonly deps: ServiceDeps) {}

  /** A mediator chooses a pair: a `proposed` tandem, holding a slot of the volunteer. */
  async confirm(
    actor: Actor,
    input: {
      programmeId: string;
      volunteerId: string;
      beneficiaryId: string;
      proposalId?: string;
      /** In programmes with intensities; default the programme's. */
      intensity?: Intensity;
    },
  ): Promise<Tandem> {
    requireRole(actor, DECIDERS);
    const { store, clock } = this.deps;
    const { orgId } = actor;
    const programme = await store.programmes.get(orgId, input.programmeId);
    if (programme.status !== 'open')
      throw new ConflictError('programme_closed', `programme ${programme.id} takes no new tandems`);
    const checkPair = async () => {
      const [volunteer, beneficiary] = await Promise.all([
        store.volunteers.get(orgId, input.volunteerId),
        store.beneficiaries.get(orgId, input.beneficiaryId),
      ]);
      if (volunteer.status !== 'active')
        throw new ConflictError('volunteer_not_active', `volunteer ${volunteer.id} is ${volunteer.status}`);
      if (!volunteer.programmeIds.includes(programme.id))
        throw new ConflictError(
          'volunteer_not_in_programme',
          `volunteer ${volunteer.id} has not joined ${programme.id}`,
        );
      const gaps = screeningGaps(volunteer.screening, programme);
      if (gaps.length)
        throw new ConflictError('screening_incomplete', `volunteer ${volunteer.id} lacks ${gaps.join(', ')}`);
      if (beneficiary.status !== 'active')
        throw new ConflictError('beneficiary_not_active', `beneficiary ${beneficiary.id} is ${beneficiary.status}`);
      if (!beneficiary.programmeIds.includes(programme.id))
        throw new ConflictError(
          'beneficiary_not_in_programme',
          `beneficiary ${beneficiary.id} is not in ${programme.id}`,
        );
      if (beneficiary.excludedVolunteerIds.includes(volunteer.id))
        throw new ConflictError('pair_excluded', `this pair was declined before`);
      return volunteer;
    };
    await checkPair();

    const now = clock.now();
    const stamp = now.toISOString();
    const tandemId = newId('tan');
    if (!(await store.reservations.claimBeneficiary(orgId, input.beneficiaryId, tandemId, now))) {
      throw new ConflictError(
        'beneficiary_open_tandem',
        `beneficiary ${input.beneficiaryId} already has a proposed or active tandem`,
      );
    }
    try {
      const volunteer = await store.volunteers.get(orgId, input.volunteerId);
      const intensity = programme.intensity ? (input.intensity ?? programme.intensity.default) : undefined;
      const units = await store.reservations.takeVolunteerUnits(
        orgId,
        volunteer.id,
        capacityUnits(volunteer),
        unitsOf(programme, intensity),
        tandemId,
        now,
      );
      const full = () => new ConflictError('volunteer_capacity', `volunteer ${volunteer.id} has no free slot`);
      if (units === null) throw full();
      // Checked again now that both are held: a pause, a lowered capacity or a declined pair in
      // between would otherwise slip through.
      const current = await checkPair();
      if (Math.max(...units) >= capacityUnits(current)) throw full();
      const tandem = await store.tandems.insert({
        id: tandemId,
        orgId,
        version: 1,
        createdAt: stamp,
        updatedAt: stamp,
        programmeId: programme.id,
        volunteerId: input.volunteerId,
        beneficiaryId: input.beneficiaryId,
        ...(input.proposalId && { proposalId: input.proposalId }),
        ...(intensity && { intensity }),
        status: 'proposed',
        proposedAt: stamp,
        proposedBy: actor.userId,
        checkIns: [],
      });
      await audit(this.deps, actor, `tandem.${VERB.proposed}`, { kind: 'tandem', id: tandemId });
      return tandem;
    } catch (err) {
      await store.tandems.delete(orgId, tandemId);
      await store.reservations.releaseTandem(orgId, tandemId);
      throw err;
    }
  }

  /** Both accepted at a first meeting and signed the charter. */
  start(
    actor: Actor,
    id: string,
    expectedVersion: number,
    firstMeeting: { date: string; charterSigned: true },
  ): Promise<Tandem> {
    return this.move(actor, id, expectedVersion, 'active', { firstMeeting, lastContactOn: firstMeeting.date });
  }

  /** One side said no: the pair is excluded from then on, and what the tandem held is given back. */
  async decline(
    actor: Actor,
    id: string,
    expectedVersion: number,
    declined: { by: 'volunteer' | 'beneficiary' | 'mediator'; reason: string },
  ): Promise<Tandem> {
    const { store, clock } = this.deps;
    const tandem = await this.move(
      actor,
      id,
      expectedVersion,
      'declined',
      { declined: { ...declined, at: clock.now().toISOString() } },
      { release: false },
    );
    // The exclusion is written before the release, so a confirm that claims the beneficiary after
    // the release sees it.
    await retryOnVersionConflict(async () => {
      const b = await store.beneficiaries.get(actor.orgId, tandem.beneficiaryId);
      if (b.excludedVolunteerIds.includes(tandem.volunteerId)) return;
      await store.beneficiaries.update(
        actor.orgId,
        b.id,
        b.version,
        { excludedVolunteerIds: [...b.excludedVolunteerIds, tandem.volunteerId] },
        clock.now(),
      );
    });
    await store.reservations.releaseTandem(actor.orgId, id);
    return tandem;
  }

  async addCheckIn(
    actor: Actor,
    id: string,
    expectedVersion: number,
    checkIn: Omit<CheckIn, 'recordedBy'>,
  ): Promise<Tandem> {
    requireRole(actor, DECIDERS);
    const tandem = await this.deps.store.tandems.get(actor.orgId, id);
    if (tandem.status !== 'active')
      throw new ConflictError('tandem_not_active', `check-ins are for active tandems; ${id} is ${tandem.status}`);
    const updated = await this.deps.store.tandems.addCheckIn(
      actor.orgId,
      id,
      expectedVersion,
      { ...checkIn, recordedBy: actor.userId },
      this.deps.clock.now(),
    );
    await audit(this.deps, actor, 'tandem.check_in', { kind: 'tandem', id }, { fields: ['checkIns'] });
    return updated;
  }

  close(actor: Actor, id: string, expectedVersion: number, outcome: Outcome, note?: string): Promise<Tandem> {
    return this.move(actor, id, expectedVersion, 'closed', {
      closed: { at: this.deps.clock.now().toISOString(), outcome, ...(note && { note }) },
    });
  }

  /** Marks lapsed the active tandems of a programme with no contact within its lapse window. */
  async lapseOverdue(actor: Actor, programmeId: string): Promise<Tandem[]> {
    const { store, clock } = this.deps;
    const programme = await store.programmes.get(actor.orgId, programmeId);
    const cutoff = dayOf(new Date(clock.now().getTime() - programme.lapseWindowDays * DAY_MS));
    const lapsed: Tandem[] = [];
    for (const t of await store.tandems.listLastContactBefore(actor.orgId, programmeId, cutoff)) {
      lapsed.push(await this.move(actor, t.id, t.version, 'lapsed', { lapsedAt: clock.now().toISOString() }));
    }
    return lapsed;
  }

  /**
   * Frees reservations whose tandem does not exist or no longer holds them: what a process that
   * died in the middle of a confirm or a decline leaves behind. Returns how many were freed.
   */
  async releaseOrphans(actor: Actor): Promise<number> {
    requireRole(actor, []);
    const { store, clock } = this.deps;
    const before = new Date(clock.now().getTime() - ORPHAN_AFTER_MS);
    let freed = 0;
    for (const tandemId of new Set(
      (await store.reservations.listTakenBefore(actor.orgId, before)).map((r) => r.tandemId),
    )) {
      const tandem = await store.tandems.find(actor.orgId, tandemId);
      if (!tandem || !HOLDS.has(tandem.status)) freed += await store.reservations.releaseTandem(actor.orgId, tandemId);
    }
    if (freed) this.deps.logger.warn('tandem.orphan_reservations_freed', { orgId: actor.orgId, freed });
    return freed;
  }

  private async move(
    actor: Actor,
    id: string,
    expectedVersion: number,
    to: TandemStatus,
    patch: Partial<Tandem>,
    opts = { release: true },
  ): Promise<Tandem> {
    requireRole(actor, DECIDERS);
    const { store, clock } = this.deps;
    const current = await store.tandems.get(actor.orgId, id);
    if (!NEXT[current.status].includes(to))
      throw new ConflictError('tandem_transition', `a ${current.status} tandem cannot become ${to}`);
    const updated = await store.tandems.update(actor.orgId, id, expectedVersion, { ...patch, status: to }, clock.now());
    if (opts.release && !HOLDS.has(to)) await store.reservations.releaseTandem(actor.orgId, id);
    await audit(
      this.deps,
      actor,
      `tandem.${VERB[to]}`,
      { kind: 'tandem', id },
      { fields: ['status', ...Object.keys(patch)] },
    );
    return updated;
  }
}
