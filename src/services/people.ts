import {
  beneficiaryShown,
  dayOf,
  type AuditEvent,
  type Beneficiary,
  type Note,
  type Proposal,
  type StaffUser,
  type Tandem,
  type Volunteer,
} from '../domain/index.js';
import { ConflictError } from '../errors/conflict-error.js';
import type { OutboxMessage } from '../store/outbox.js';
import { commandsFor, type Commands } from './commands/command.js';
import { updateVolunteer } from './commands/volunteers.js';
import { erasePerson, personOf, repository, type ErasureReport, type PersonKind } from './commands/people.js';
import { requireRole, systemActor, type Actor, type ServiceDeps } from './context.js';
import { listAll } from '../store/paging.js';
import { DAY_MS } from '../domain/calendar.js';

export type { ErasureReport, PersonKind };

/** Everything tandem holds about one person (GDPR art. 15), staff password hashes aside. */
export interface PersonExport {
  personId: string;
  kind: PersonKind;
  orgId: string;
  exportedAt: string;
  record: Volunteer | Beneficiary | Omit<StaffUser, 'passwordHash'>;
  tandems: Tandem[];
  proposals: Proposal[];
  auditEvents: AuditEvent[];
  /** Beneficiaries who will not be proposed this volunteer again (ids only). */
  excludedBy: string[];
  /** E-mails written to the person (sent, pending or failed) that are still kept. */
  emails: OutboxMessage[];
  /** Staff notes on the person and on their tandems. */
  notes: Note[];
}

/** Volunteers who never confirmed their e-mail are purged after this long. */
export const UNCONFIRMED_RETENTION_DAYS = 30;

/** People's data-protection duties (export, erasure, the purge of unconfirmed sign-ups) and the return of paused volunteers. */
export class PeopleService {
  private readonly commands: Commands;

  constructor(private readonly deps: ServiceDeps) {
    this.commands = commandsFor(deps);
  }

  /**
   * Brings back the paused volunteers of every organisation whose return date has come (those
   * whose screening is no longer enough stay paused); for the daily job. Returns how many.
   */
  async resumeDue(): Promise<number> {
    const { store, clock } = this.deps;
    const today = dayOf(clock.now());
    let resumed = 0;
    for (const org of await store.organisations.listAll()) {
      const actor = systemActor(org.id, 'resume');
      for (const v of await listAll(store.volunteers, org.id, { status: 'paused' })) {
        if (v.pausedUntil === undefined || v.pausedUntil > today) continue;
        try {
          await this.commands.run(updateVolunteer, actor, {
            volunteerId: v.id,
            expectedVersion: v.version,
            patch: { status: 'active' },
          });
          resumed++;
        } catch (err) {
          // Changed meanwhile, or screening missing for a programme joined since: a coordinator decides.
          if (!(err instanceof ConflictError)) throw err;
        }
      }
    }
    if (resumed) this.deps.logger.info('volunteers.resumed', { resumed });
    return resumed;
  }

  /** The organisation and kind of a person id, searching every organisation (maintenance commands). */
  async locate(personId: string): Promise<{ orgId: string; kind: PersonKind } | null> {
    const { store } = this.deps;
    for (const org of await store.organisations.listAll()) {
      for (const kind of ['volunteer', 'beneficiary', 'staff'] as const) {
        if (await repository(store, kind).find(org.id, personId)) return { orgId: org.id, kind };
      }
    }
    return null;
  }

  async export(actor: Actor, personId: string): Promise<PersonExport> {
    requireRole(actor, ['coordinator', 'admin']);
    const { store, clock } = this.deps;
    const { kind, record } = await personOf(store, actor.orgId, personId);
    const { passwordHash: _, ...shown } = record as StaffUser;
    const [tandems, proposals, auditEvents, excludedBy, emails, notes] = await Promise.all([
      store.tandems.listForPerson(actor.orgId, personId),
      store.proposals.listForPerson(actor.orgId, personId),
      this.auditOf(actor.orgId, personId),
      kind === 'volunteer' ? listAll(store.beneficiaries, actor.orgId, { excludedVolunteerIds: personId }) : [],
      store.outbox.listForPerson(actor.orgId, personId),
      store.notes.listForPerson(actor.orgId, personId),
    ]);
    return {
      personId,
      kind,
      orgId: actor.orgId,
      exportedAt: clock.now().toISOString(),
      record: kind === 'staff' ? shown : kind === 'beneficiary' ? beneficiaryShown(record as Beneficiary) : record,
      tandems,
      proposals,
      auditEvents,
      excludedBy: excludedBy.map((b) => b.id),
      emails,
      notes,
    };
  }

  /** Erases a person (GDPR art. 17): the erasure command (commands/people.ts), for callers without a runner of their own. */
  erase(actor: Actor, personId: string): Promise<ErasureReport> {
    return this.commands.run(erasePerson, actor, { personId });
  }

  /**
   * Erases the volunteers of every organisation still `pending_email` more than
   * UNCONFIRMED_RETENTION_DAYS after signing up; for a scheduled job. Returns how many.
   */
  async purgeUnconfirmed(): Promise<number> {
    const { store, clock } = this.deps;
    const before = new Date(clock.now().getTime() - UNCONFIRMED_RETENTION_DAYS * DAY_MS);
    let purged = 0;
    for (const org of await store.organisations.listAll()) {
      const actor = systemActor(org.id, 'purge-unconfirmed');
      for (const v of await store.volunteers.listCreatedBefore(org.id, 'pending_email', before)) {
        await this.erase(actor, v.id);
        purged++;
      }
    }
    this.deps.logger.info('people.unconfirmed_purged', { purged });
    return purged;
  }

  private async auditOf(orgId: string, personId: string): Promise<AuditEvent[]> {
    const events = new Map<string, AuditEvent>();
    for (const where of [{ targetId: personId }, { actor: personId }]) {
      for (let skip = 0; ; skip += 1000) {
        const page = await this.deps.store.audit.list(orgId, where, { limit: 1000, skip });
        for (const e of page) events.set(e.id, e);
        if (page.length < 1000) break;
      }
    }
    return [...events.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}
