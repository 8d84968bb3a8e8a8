import {
  dayOf,
  screeningGaps,
  type AuditEvent,
  type Beneficiary,
  type Note,
  type Proposal,
  type StaffUser,
  type Tandem,
  type Volunteer,
  type VolunteerStatus,
} from '../domain/index.js';
import { withArticle } from '../domain/text.js';
import { ConflictError } from '../errors/conflict-error.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import { keepsAnAdmin } from './admins.js';
import type { Store } from '../store/ports.js';
import type { OutboxMessage } from '../store/outbox.js';
import {
  audit,
  newId,
  requireRole,
  retryOnVersionConflict,
  systemActor,
  type Actor,
  type ServiceDeps,
} from './context.js';
import { listAll } from '../store/paging.js';
import { DAY_MS } from '../domain/calendar.js';

export type PersonKind = 'volunteer' | 'beneficiary' | 'staff';

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

export interface ErasureReport {
  kind: PersonKind;
  /** The id that replaced the person's in audit events. */
  pseudonym: string;
  tandems: number;
  proposals: number;
  /** E-mails to or about the person still in the outbox. */
  messages: number;
  /** Notes on the person and their tandems (for staff: notes they wrote keep a pseudonym as author). */
  notes: number;
  auditEvents: number;
}

/** Volunteers who never confirmed their e-mail are purged after this long. */
export const UNCONFIRMED_RETENTION_DAYS = 30;

const VOLUNTEER_MOVES: Record<VolunteerStatus, readonly VolunteerStatus[]> = {
  pending_email: ['pending_screening', 'left'],
  pending_screening: ['active', 'declined', 'left'],
  active: ['paused', 'left'],
  paused: ['active', 'left'],
  declined: [],
  left: [],
};

/** People's life in the store: status changes, and the data-protection duties (export, erasure, purge). */
export class PeopleService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Moves a volunteer along pending_email → pending_screening → active ⇄ paused, → left. Becoming
   * active needs the screening every joined programme asks for. A pause may say when they come
   * back (`until`, which the daily job keeps; a paused volunteer may change it); any other move
   * forgets it. Declining at screening is its own command (commands/volunteers.ts), with a reason.
   */
  async setVolunteerStatus(
    actor: Actor,
    id: string,
    expectedVersion: number,
    to: VolunteerStatus,
    until?: string,
  ): Promise<Volunteer> {
    requireRole(actor, ['coordinator', 'admin']);
    const { store, clock } = this.deps;
    const volunteer = await store.volunteers.get(actor.orgId, id);
    const newDate = to === 'paused' && volunteer.status === 'paused';
    if (to === 'declined' || (!newDate && !VOLUNTEER_MOVES[volunteer.status].includes(to)))
      throw new ConflictError('volunteer_transition', `${withArticle(volunteer.status)} volunteer cannot become ${to}`);
    if (until !== undefined && (to !== 'paused' || until <= dayOf(clock.now())))
      throw new ValidationError([{ field: 'body.pausedUntil', message: 'a return date is after today, for a pause' }]);
    if (to === 'active') {
      for (const programmeId of volunteer.programmeIds) {
        const gaps = screeningGaps(volunteer.screening, await store.programmes.get(actor.orgId, programmeId));
        if (gaps.length)
          throw new ConflictError(
            'screening_incomplete',
            `volunteer ${id} lacks ${gaps.join(', ')} for ${programmeId}`,
          );
      }
    }
    const updated = await store.volunteers.update(
      actor.orgId,
      id,
      expectedVersion,
      { status: to, pausedUntil: until },
      clock.now(),
    );
    await audit(this.deps, actor, 'volunteer.status', { kind: 'volunteer', id }, { fields: ['status', 'pausedUntil'] });
    return updated;
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
          await this.setVolunteerStatus(actor, v.id, v.version, 'active');
          resumed++;
        } catch (err) {
          // Changed meanwhile, or screening missing for a programme joined since: a coordinator decides.
          if (!(err instanceof ConflictError || err instanceof VersionConflictError)) throw err;
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
    const { kind, record } = await this.get(actor.orgId, personId);
    const { passwordHash: _, ...shown } = record as StaffUser;
    const [tandems, asVolunteer, asBeneficiary, auditEvents, excludedBy, emails, notes] = await Promise.all([
      store.tandems.listForPerson(actor.orgId, personId),
      listAll(store.proposals, actor.orgId, { volunteerId: personId }),
      listAll(store.proposals, actor.orgId, { beneficiaryId: personId }),
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
      record: kind === 'staff' ? shown : record,
      tandems,
      proposals: [...asVolunteer, ...asBeneficiary],
      auditEvents,
      excludedBy: excludedBy.map((b) => b.id),
      emails,
      notes,
    };
  }

  /**
   * Erases a person (GDPR art. 17): their record, tandems, proposals, notes and outbox e-mails, their id in other
   * beneficiaries' exclusions; audit events keep what happened under a random pseudonym. The
   * record goes last, so an erasure cut short is finished by running it again.
   */
  async erase(actor: Actor, personId: string): Promise<ErasureReport> {
    requireRole(actor, ['coordinator', 'admin']);
    const { store, clock } = this.deps;
    const { orgId } = actor;
    const { kind, record } = await this.get(orgId, personId);
    if (kind === 'staff') {
      const staff = record as StaffUser;
      if (staff.role === 'admin' && actor.role !== 'admin' && actor.role !== 'system')
        throw new ForbiddenError('only an admin may erase an admin');
      await keepsAnAdmin(store, staff, null);
    }
    for (const t of await store.tandems.listForPerson(orgId, personId))
      await store.reservations.releaseTandem(orgId, t.id);
    const tandems = await store.tandems.deleteForPerson(orgId, personId);
    const proposals = await store.proposals.deleteForPerson(orgId, personId);
    const messages = await store.outbox.deleteForPerson(orgId, personId);
    const pseudonym = newId('erased');
    const notes =
      kind === 'staff'
        ? await store.notes.pseudonymiseAuthor(orgId, personId, pseudonym)
        : await store.notes.deleteForPerson(orgId, personId);
    if (kind === 'volunteer') {
      for (const b of await listAll(store.beneficiaries, orgId, { excludedVolunteerIds: personId })) {
        await retryOnVersionConflict(async () => {
          const current = await store.beneficiaries.get(orgId, b.id);
          await store.beneficiaries.update(
            orgId,
            b.id,
            current.version,
            { excludedVolunteerIds: current.excludedVolunteerIds.filter((v) => v !== personId) },
            clock.now(),
          );
        });
      }
    }
    const auditEvents = await store.audit.pseudonymise(orgId, personId, pseudonym);
    await repository(store, kind).delete(orgId, personId);
    await audit(this.deps, actor, 'person.erase', { kind: kind === 'staff' ? 'staff' : kind, id: pseudonym });
    this.deps.logger.info('person.erased', { orgId, kind, tandems, proposals, messages, notes, auditEvents });
    return { kind, pseudonym, tandems, proposals, messages, notes, auditEvents };
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

  private async get(
    orgId: string,
    personId: string,
  ): Promise<{ kind: PersonKind; record: Volunteer | Beneficiary | StaffUser }> {
    for (const kind of ['volunteer', 'beneficiary', 'staff'] as const) {
      const record = await repository(this.deps.store, kind).find(orgId, personId);
      if (record) return { kind, record };
    }
    throw new NotFoundError('person', personId);
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

function repository(store: Store, kind: PersonKind) {
  return kind === 'volunteer' ? store.volunteers : kind === 'beneficiary' ? store.beneficiaries : store.staff;
}
