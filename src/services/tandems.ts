import type { CheckIn, Intensity, Outcome, Tandem } from '../domain/index.js';
import type { JobSink } from '../domain/jobs.js';
import { commandsFor, type Commands } from './commands/command.js';
import { checkInTandem, closeTandem, confirmTandem, HOLDS, recordFirstMeeting } from './commands/tandems.js';
import { requireRole, type Actor, type ServiceDeps } from './context.js';
import { lapseOverdue } from './lapse.js';

/** A crashed confirm may leave reservations without their tandem; older than this they are freed. */
const ORPHAN_AFTER_MS = 10 * 60_000;

/**
 * The life of a tandem, from the mediator's choice to its end: the service that owns the tandem
 * commands (commands/tandems.ts), for callers that hold no runner of their own, and the repair of
 * what a crashed confirm left.
 */
export class TandemService {
  readonly commands: Commands;

  constructor(private readonly deps: ServiceDeps & { jobs?: JobSink }) {
    this.commands = commandsFor(deps);
  }

  /** A mediator chooses a pair: a `proposed` tandem, holding the volunteer's units. */
  async confirm(
    actor: Actor,
    input: {
      programmeId: string;
      volunteerId: string;
      beneficiaryId: string;
      proposalId?: string;
      reason?: string;
      intensity?: Intensity;
    },
  ): Promise<Tandem> {
    return (await this.commands.run(confirmTandem, actor, input)).tandem;
  }

  /** Both accepted at a first meeting and signed the charter. */
  start(actor: Actor, id: string, expectedVersion: number, firstMeeting: { date: string; charterSigned: true }) {
    return this.commands.run(recordFirstMeeting, actor, {
      tandemId: id,
      expectedVersion,
      meeting: { outcome: 'accepted', ...firstMeeting },
    });
  }

  /** One side said no: the pair is excluded from then on, and what the tandem held is given back. */
  decline(
    actor: Actor,
    id: string,
    expectedVersion: number,
    declined: { by: 'volunteer' | 'beneficiary' | 'mediator'; reason: string; date?: string },
  ) {
    const date = declined.date ?? this.deps.clock.now().toISOString().slice(0, 10);
    return this.commands.run(recordFirstMeeting, actor, {
      tandemId: id,
      expectedVersion,
      meeting: { outcome: 'declined', by: declined.by, reason: declined.reason, date },
    });
  }

  addCheckIn(actor: Actor, id: string, expectedVersion: number, checkIn: Omit<CheckIn, 'recordedBy'>) {
    return this.commands.run(checkInTandem, actor, { tandemId: id, expectedVersion, checkIn });
  }

  close(actor: Actor, id: string, expectedVersion: number, outcome: Outcome, note?: string) {
    return this.commands.run(closeTandem, actor, { tandemId: id, expectedVersion, outcome, ...(note && { note }) });
  }

  /** Marks lapsed the active tandems of a programme with no contact within its lapse window. */
  lapseOverdue(actor: Actor, programmeId: string): Promise<Tandem[]> {
    requireRole(actor, ['mediator', 'coordinator']);
    return this.commands.act(actor, (ctx) => lapseOverdue(ctx, programmeId));
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
}
