/** Each repository port over a collection: what a kind of record adds to the common operations. */
import type {
  AuditEvent,
  Beneficiary,
  CheckIn,
  MatchRun,
  Note,
  Organisation,
  Programme,
  ReferralSource,
  StaffUser,
  Tandem,
  TandemStatus,
  Volunteer,
} from '../domain/index.js';
import { ConflictError } from '../errors/conflict-error.js';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import { COLLECTIONS, EXPIRES_AT, RETENTION_MS } from './collections.js';
import { DuplicateKeyError, type CollectionDriver, type Doc, type Filter } from './driver.js';
import type {
  AuditRepository,
  BeneficiaryRepository,
  MatchRunRepository,
  NoteRepository,
  OrganisationRepository,
  ProgrammeRepository,
  ReferralSourceRepository,
  ReservationRepository,
  StaffRepository,
  TandemRepository,
  VolunteerRepository,
} from './ports.js';

import { Collection, fromDoc, pageOptions, People, toDoc, validate, type Stored } from './collection.js';
import { type Locks } from './locks.js';
export class Organisations extends Collection<Organisation> implements OrganisationRepository {
  async findBySlug(slug: string): Promise<Organisation | null> {
    return (await this.query({ slug }, { limit: 1 }))[0] ?? null;
  }

  listAll(): Promise<Organisation[]> {
    return this.query({}, { sort: { _id: 1 } });
  }
}

export class Staff extends Collection<StaffUser> implements StaffRepository {
  async findByEmail(email: string): Promise<StaffUser | null> {
    return (await this.query({ email: email.toLowerCase() }, { limit: 1 }))[0] ?? null;
  }
}

export class Programmes extends Collection<Programme> implements ProgrammeRepository {
  async findBySlug(orgId: string, slug: string): Promise<Programme | null> {
    return (await this.query({ orgId, slug }, { limit: 1 }))[0] ?? null;
  }
}

export class Volunteers extends People<Volunteer> implements VolunteerRepository {
  listCreatedBefore(orgId: string, status: Volunteer['status'], before: Date): Promise<Volunteer[]> {
    return this.query({ orgId, status, createdAt: { $lt: before.toISOString() } }, { sort: { createdAt: 1 } });
  }
}

const personFilter = (orgId: string, personId: string): Filter => ({
  orgId,
  $or: [{ volunteerId: personId }, { beneficiaryId: personId }],
});

export class Tandems extends Collection<Tandem> implements TandemRepository {
  async addCheckIn(orgId: string, id: string, expectedVersion: number, checkIn: CheckIn, at: Date): Promise<Tandem> {
    const current = await this.get(orgId, id);
    const lastContactOn =
      current.lastContactOn && current.lastContactOn > checkIn.date ? current.lastContactOn : checkIn.date;
    return this.update(orgId, id, expectedVersion, { checkIns: [...current.checkIns, checkIn], lastContactOn }, at);
  }

  listLastContactBefore(orgId: string, programmeId: string, day: string): Promise<Tandem[]> {
    return this.query(
      { orgId, programmeId, status: 'active', lastContactOn: { $lt: day } },
      { sort: { lastContactOn: 1, _id: 1 } },
    );
  }

  async countByStatus(orgId: string, programmeId?: string): Promise<Partial<Record<TandemStatus, number>>> {
    return Object.fromEntries(await this.col.countBy(programmeId ? { orgId, programmeId } : { orgId }, 'status'));
  }

  listForPerson(orgId: string, personId: string): Promise<Tandem[]> {
    return this.query(personFilter(orgId, personId), { sort: { proposedAt: 1, _id: 1 } });
  }

  deleteForPerson(orgId: string, personId: string): Promise<number> {
    return this.col.deleteMany(personFilter(orgId, personId));
  }
}

export class MatchRuns extends Collection<MatchRun> implements MatchRunRepository {
  protected override internalFields(run: MatchRun): Stored {
    return { [EXPIRES_AT]: new Date(Date.parse(run.createdAt) + RETENTION_MS.matchRun) };
  }
}

export class Beneficiaries extends People<Beneficiary> implements BeneficiaryRepository {}

export class Notes extends Collection<Note> implements NoteRepository {
  listAbout(orgId: string, aboutId: string): Promise<Note[]> {
    return this.query({ orgId, aboutId }, { sort: { createdAt: 1, _id: 1 } });
  }

  listForPerson(orgId: string, personId: string): Promise<Note[]> {
    return this.query({ orgId, personIds: personId }, { sort: { createdAt: 1, _id: 1 } });
  }

  deleteForPerson(orgId: string, personId: string): Promise<number> {
    return this.col.deleteMany({ orgId, personIds: personId });
  }

  pseudonymiseAuthor(orgId: string, staffId: string, pseudonym: string): Promise<number> {
    return this.col.updateMany({ orgId, authorId: staffId }, { $set: { authorId: pseudonym } });
  }
}

export class ReferralSources extends Collection<ReferralSource> implements ReferralSourceRepository {}

export class Audit implements AuditRepository {
  constructor(private readonly col: CollectionDriver) {}

  async append(event: AuditEvent): Promise<void> {
    const valid = validate(COLLECTIONS.audit.schema, event);
    try {
      await this.col.insertOne(toDoc(valid));
    } catch (err) {
      if (err instanceof DuplicateKeyError)
        throw new ConflictError('unique:audit event.id', 'an audit event with this id already exists');
      throw err;
    }
  }

  async list(
    orgId: string,
    where: { targetId?: string; actor?: string } = {},
    page: { limit?: number; skip?: number } = {},
  ): Promise<AuditEvent[]> {
    const filter: Filter = { orgId };
    if (where.targetId !== undefined) filter['target.id'] = where.targetId;
    if (where.actor !== undefined) filter.actor = where.actor;
    const { limit, skip } = pageOptions(page);
    return (await this.col.find(filter, { sort: { at: -1, _id: -1 }, limit, skip })).map((d) => fromDoc<AuditEvent>(d));
  }

  async pseudonymise(orgId: string, personId: string, pseudonym: string): Promise<number> {
    const asTarget = await this.col.updateMany({ orgId, 'target.id': personId }, { $set: { 'target.id': pseudonym } });
    const asActor = await this.col.updateMany({ orgId, actor: personId }, { $set: { actor: pseudonym } });
    return asTarget + asActor;
  }
}

/** Takers of one volunteer's units waiting for each other: a signal, never thrown out of the repository. */
export class Busy extends Error {}

/** How long takers of one volunteer's units wait for each other before the request is answered 503. */
const RESERVE_WAIT_MS = 10_000;

export class Reservations implements ReservationRepository {
  constructor(
    private readonly col: CollectionDriver,
    private readonly locks: Locks,
  ) {}

  async takeVolunteerUnits(
    orgId: string,
    volunteerId: string,
    capacityUnits: number,
    units: number,
    tandemId: string,
    at: Date,
  ): Promise<number[] | null> {
    const deadline = Date.now() + RESERVE_WAIT_MS;
    const key = `reserve:${orgId}:${volunteerId}`;
    for (let attempt = 0; ; attempt++) {
      // Seen full is an answer at that moment: no need to queue behind the others to hear it.
      if ((await this.freeUnits(orgId, volunteerId, capacityUnits)).length < units) return null;
      try {
        // Waiters look (a read) before they try (a write): a hundred failing inserts a second
        // kept FerretDB's SQLite busy enough to hold the holder past the deadline.
        if (attempt > 0 && (await this.locks.held(key))) throw new Busy();
        return await this.locks.hold(
          key,
          () => new Busy(),
          () => this.takeUnits(orgId, volunteerId, capacityUnits, units, tandemId, at),
        );
      } catch (err) {
        if (!(err instanceof Busy)) throw err;
        if (Date.now() > deadline)
          throw new StoreUnavailableError(`the capacity of volunteer ${volunteerId} stayed busy; retry`);
        await new Promise((r) => setTimeout(r, Math.min(200, 10 * 2 ** attempt) * (0.5 + Math.random())));
      }
    }
  }

  private async freeUnits(orgId: string, volunteerId: string, capacityUnits: number): Promise<number[]> {
    const held = new Set(
      (await this.col.find({ orgId, kind: 'volunteer', personId: volunteerId })).map((d) => d.unit as number),
    );
    return Array.from({ length: capacityUnits }, (_, i) => i).filter((i) => !held.has(i));
  }

  /** Under the volunteer's lock: the lowest free units, each a unique key, so even a taker past an expired lock cannot overbook. */
  private async takeUnits(
    orgId: string,
    volunteerId: string,
    capacityUnits: number,
    units: number,
    tandemId: string,
    at: Date,
  ): Promise<number[] | null> {
    const free = await this.freeUnits(orgId, volunteerId, capacityUnits);
    if (free.length < units) return null;
    const taken: number[] = [];
    for (const unit of free.slice(0, units)) {
      const doc = {
        _id: `v:${orgId}:${volunteerId}:${unit}`,
        orgId,
        kind: 'volunteer',
        personId: volunteerId,
        unit,
        tandemId,
        at: at.toISOString(),
      };
      if (!(await this.take(doc))) {
        await this.col.deleteMany({ _id: { $in: taken.map((u) => `v:${orgId}:${volunteerId}:${u}`) } });
        return null;
      }
      taken.push(unit);
    }
    return taken;
  }

  claimBeneficiary(orgId: string, beneficiaryId: string, tandemId: string, at: Date): Promise<boolean> {
    return this.take({
      _id: `b:${orgId}:${beneficiaryId}`,
      orgId,
      kind: 'beneficiary',
      personId: beneficiaryId,
      tandemId,
      at: at.toISOString(),
    });
  }

  releaseTandem(orgId: string, tandemId: string): Promise<number> {
    return this.col.deleteMany({ orgId, tandemId });
  }

  releaseHeld(
    orgId: string,
    tandemId: string,
    held: { beneficiaryId: string; volunteerId: string; units: readonly number[] },
  ): Promise<number> {
    const ids = [
      `b:${orgId}:${held.beneficiaryId}`,
      ...held.units.map((unit) => `v:${orgId}:${held.volunteerId}:${unit}`),
    ];
    return this.col.deleteMany({ _id: { $in: ids }, tandemId });
  }

  async unitsInUse(orgId: string, volunteerIds?: string[]): Promise<Map<string, number>> {
    return this.col.countBy(
      { orgId, kind: 'volunteer', ...(volunteerIds && { personId: { $in: volunteerIds } }) },
      'personId',
    );
  }

  async openTandems(orgId: string, beneficiaryIds?: string[]): Promise<Map<string, string>> {
    const docs = await this.col.find({
      orgId,
      kind: 'beneficiary',
      ...(beneficiaryIds && { personId: { $in: beneficiaryIds } }),
    });
    return new Map(docs.map((d) => [d.personId as string, d.tandemId as string]));
  }

  async listTakenBefore(orgId: string, before: Date): Promise<{ tandemId: string; personId: string }[]> {
    const docs = await this.col.find({ orgId, at: { $lt: before.toISOString() } }, { sort: { at: 1, _id: 1 } });
    return docs.map((d) => ({ tandemId: d.tandemId as string, personId: d.personId as string }));
  }

  private async take(doc: Doc): Promise<boolean> {
    try {
      await this.col.insertOne(doc);
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }
}
