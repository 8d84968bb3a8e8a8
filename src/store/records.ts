/**
 * The repository ports implemented once, over a Driver: both adapters share this code, so they
 * share its meaning. Every write is validated against the domain schema first; every query
 * carries the organisation.
 */
import type { z } from 'zod';
import type {
  AuditEvent,
  Beneficiary,
  CheckIn,
  MatchRun,
  Note,
  Organisation,
  Programme,
  Proposal,
  ReferralSource,
  StaffUser,
  Tandem,
  TandemStatus,
  Volunteer,
} from '../domain/index.js';
import { ConflictError } from '../errors/conflict-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import { COLLECTIONS, EXPIRES_AT, RETENTION_MS, type CollectionName, type CollectionSpec } from './collections.js';
import { Keyed } from './keyed.js';
import { Outbox } from './outbox.js';
import { DuplicateKeyError, type CollectionDriver, type Doc, type Driver, type Filter, type Update } from './driver.js';
import type {
  AuditRepository,
  BeneficiaryRepository,
  Box,
  MatchRunRepository,
  NoteRepository,
  OrganisationRepository,
  Page,
  Patch,
  ProgrammeRepository,
  ProposalRepository,
  Records,
  ReferralSourceRepository,
  ReservationRepository,
  StaffRepository,
  Store,
  StoreCapabilities,
  TandemRepository,
  VolunteerRepository,
  Where,
} from './ports.js';

type Meta = { id: string; orgId: string; version: number };
type Stored = Record<string, unknown>;

const META_KEYS = new Set(['id', 'orgId', 'version', 'createdAt', 'updatedAt']);
const MAX_LIMIT = 1000;
/** An update lock older than this is taken to be left by a crashed process. */
const LOCK_LEASE_MS = 30_000;

function toDoc(record: Stored, extra: Stored = {}): Doc {
  const { id, ...rest } = record;
  return { _id: id as string, ...rest, ...extra };
}

/** A stored document as a record: `_id` back to `id`, internal `_…` fields dropped. */
function fromDoc<T>(doc: Doc): T {
  const out: Stored = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) if (!key.startsWith('_')) out[key] = value;
  return out as T;
}

function validate<T>(schema: z.ZodType | undefined, value: T, prefix: (string | number)[] = []): T {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error, prefix);
  return result.data as T;
}

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
/** A top-level field name: nothing an operator (`$where`) or a path could hide in. */
const FIELD = /^[A-Za-z][A-Za-z0-9]*$/;

/** The values of `{ in: [...] }`, if that is what `value` is. */
function inValues(value: unknown): unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Object.keys(value).join() !== 'in') return undefined;
  const values = (value as { in: unknown }).in;
  return Array.isArray(values) && values.every(isScalar) ? values : undefined;
}

/** A listing filter from its caller, checked: field names only, scalar values only. */
function whereFilter(where: Record<string, unknown> = {}): Filter {
  const filter: Filter = {};
  for (const [field, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (!FIELD.test(field)) throw new ValidationError([{ field: `where.${field}`, message: 'unknown field' }]);
    const values = inValues(value);
    if (isScalar(value)) filter[field] = value;
    else if (values) filter[field] = { $in: values };
    else throw new ValidationError([{ field: `where.${field}`, message: 'must be a value or { in: [values] }' }]);
  }
  return filter;
}

function pageOptions(page: Page<unknown> = {}) {
  const sort: Record<string, 1 | -1> = {};
  for (const [field, dir] of Object.entries(page.sort ?? {})) {
    if (!FIELD.test(field) || (dir !== 1 && dir !== -1))
      throw new ValidationError([{ field: `sort.${field}`, message: 'must be 1 or -1 on a field' }]);
    sort[field === 'id' ? '_id' : field] = dir;
  }
  if (!('_id' in sort)) sort._id = 1;
  const limit = page.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new ValidationError([{ field: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` }]);
  const skip = page.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0)
    throw new ValidationError([{ field: 'skip', message: 'must be an integer >= 0' }]);
  return { sort, limit, skip };
}

/**
 * Serialises updates of one record version through a lock document keyed by record and next
 * version: of concurrent updaters from the same version, only the one whose insert succeeds
 * writes. Released once the write is done; one left by a crash expires after the lease.
 */
class Locks {
  constructor(private readonly col: CollectionDriver) {}

  async hold<R>(key: string, onTaken: () => Error, write: () => Promise<R>): Promise<R> {
    if (!(await this.take(key)) && !(await this.takeStale(key))) throw onTaken();
    try {
      return await write();
    } finally {
      await this.col.deleteMany({ _id: key });
    }
  }

  private async take(key: string): Promise<boolean> {
    // Store-internal lease time: wall-clock, whatever clock the services are given.
    const now = Date.now();
    try {
      await this.col.insertOne({ _id: key, at: now, [EXPIRES_AT]: new Date(now + RETENTION_MS.lock) });
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  private async takeStale(key: string): Promise<boolean> {
    const held = await this.col.findOne({ _id: key });
    if (held && (held.at as number) > Date.now() - LOCK_LEASE_MS) return false;
    if (held) await this.col.deleteMany({ _id: key, at: held.at });
    return this.take(key);
  }
}

class Collection<T extends Meta> implements Records<T> {
  constructor(
    protected readonly col: CollectionDriver,
    protected readonly spec: CollectionSpec,
    private readonly locks: Locks,
  ) {}

  async insert(record: T): Promise<T> {
    const valid = validate(this.spec.schema, record);
    await this.write(valid, () => this.col.insertOne(toDoc(valid, this.internalFields(valid))));
    return valid;
  }

  /** Fields stored beside the record but not part of it (such as a TTL date). */
  protected internalFields(_record: T): Stored {
    return {};
  }

  async get(orgId: string, id: string): Promise<T> {
    const found = await this.find(orgId, id);
    if (!found) throw new NotFoundError(this.spec.kind, id);
    return found;
  }

  async find(orgId: string, id: string): Promise<T | null> {
    // By _id alone, the organisation checked here: FerretDB 1.x scans the collection for any
    // other filter beside _id. Single-record writes then go by _id too, once this check passed
    // (an organisation never changes: update refuses to).
    const doc = await this.col.findOne({ _id: id });
    return doc && doc.orgId === orgId ? fromDoc<T>(doc) : null;
  }

  async list(orgId: string, where?: Where<T>, page?: Page<T>): Promise<T[]> {
    return this.query({ ...whereFilter(where), orgId }, pageOptions(page));
  }

  async count(orgId: string, where?: Where<T>): Promise<number> {
    return this.col.count({ ...whereFilter(where), orgId });
  }

  async update(orgId: string, id: string, expectedVersion: number, patch: Patch<T>, at: Date): Promise<T> {
    const current = await this.get(orgId, id);
    const conflict = () => new VersionConflictError(this.spec.kind, id, expectedVersion);
    if (current.version !== expectedVersion) throw conflict();
    const $set: Stored = {};
    const $unset: Record<string, ''> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (META_KEYS.has(key)) throw new ValidationError([{ field: key, message: 'cannot be changed' }]);
      if (value === undefined) $unset[key] = '';
      else $set[key] = value;
    }
    Object.assign($set, { version: expectedVersion + 1, updatedAt: at.toISOString() });
    const next = { ...current, ...$set } as Stored;
    for (const key of Object.keys($unset)) delete next[key];
    validate(this.spec.schema, next);
    const update: Update = Object.keys($unset).length ? { $set, $unset } : { $set };
    return this.locks.hold(`${this.spec.kind}:${id}:${expectedVersion + 1}`, conflict, () =>
      this.write(next, async () => {
        const doc = await this.col.updateOne({ _id: id, version: expectedVersion }, update);
        if (!doc) throw conflict();
        return fromDoc<T>(doc);
      }),
    );
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    return (await this.find(orgId, id)) !== null && (await this.col.deleteMany({ _id: id })) > 0;
  }

  protected async query(filter: Filter, options?: Parameters<CollectionDriver['find']>[1]): Promise<T[]> {
    return (await this.col.find(filter, options)).map((doc) => fromDoc<T>(doc));
  }

  /** Runs a write; a duplicate key becomes a ConflictError naming the unique key it hit. */
  protected async write<R>(record: Stored, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      throw new ConflictError(await this.uniqueKeyTaken(record), `a ${this.spec.kind} with this key already exists`);
    }
  }

  private async uniqueKeyTaken(record: Stored): Promise<string> {
    for (const index of this.spec.indexes.filter((i) => i.unique)) {
      const fields = Object.keys(index.fields);
      const filter = Object.fromEntries(fields.map((f) => [f, record[f]]));
      const holder = await this.col.findOne(filter);
      if (holder && holder._id !== record.id) return `unique:${this.spec.kind}.${fields.join('+')}`;
    }
    return `unique:${this.spec.kind}.id`;
  }
}

class Organisations extends Collection<Organisation> implements OrganisationRepository {
  async findBySlug(slug: string): Promise<Organisation | null> {
    return (await this.query({ slug }, { limit: 1 }))[0] ?? null;
  }

  listAll(): Promise<Organisation[]> {
    return this.query({}, { sort: { _id: 1 } });
  }
}

class Staff extends Collection<StaffUser> implements StaffRepository {
  async findByEmail(email: string): Promise<StaffUser | null> {
    return (await this.query({ email: email.toLowerCase() }, { limit: 1 }))[0] ?? null;
  }
}

class Programmes extends Collection<Programme> implements ProgrammeRepository {
  async findBySlug(orgId: string, slug: string): Promise<Programme | null> {
    return (await this.query({ orgId, slug }, { limit: 1 }))[0] ?? null;
  }
}

/** People with a place: range queries on its coordinates. */
class People<T extends Meta> extends Collection<T> {
  listInBox(orgId: string, where: Where<T>, box: Box): Promise<T[]> {
    return this.query({
      ...whereFilter(where),
      orgId,
      'place.location.lat': { $gte: box.minLat, $lte: box.maxLat },
      'place.location.lon': { $gte: box.minLon, $lte: box.maxLon },
    });
  }
}

class Volunteers extends People<Volunteer> implements VolunteerRepository {
  listCreatedBefore(orgId: string, status: Volunteer['status'], before: Date): Promise<Volunteer[]> {
    return this.query({ orgId, status, createdAt: { $lt: before.toISOString() } }, { sort: { createdAt: 1 } });
  }
}

const personFilter = (orgId: string, personId: string): Filter => ({
  orgId,
  $or: [{ volunteerId: personId }, { beneficiaryId: personId }],
});

class Proposals extends Collection<Proposal> implements ProposalRepository {
  async insertMany(proposals: Proposal[]): Promise<void> {
    if (proposals.length === 0) return;
    const valid = proposals.map((p, i) => validate(this.spec.schema, p, [i]));
    await this.write({}, () => this.col.insertMany(valid.map((p) => toDoc(p))));
  }

  listForBeneficiary(orgId: string, beneficiaryId: string): Promise<Proposal[]> {
    return this.query({ orgId, beneficiaryId, supersededAt: null }, { sort: { rank: 1, _id: 1 } });
  }

  listForVolunteer(orgId: string, volunteerId: string): Promise<Proposal[]> {
    return this.query({ orgId, volunteerId, supersededAt: null }, { sort: { score: -1, _id: 1 } });
  }

  supersede(
    orgId: string,
    programmeId: string,
    people: { volunteerIds?: string[]; beneficiaryIds?: string[] },
    at: Date,
    computedUpTo?: Date,
  ): Promise<number> {
    const filter: Filter = {
      orgId,
      programmeId,
      supersededAt: null,
      ...(computedUpTo && { computedAt: { $lte: computedUpTo.toISOString() } }),
    };
    const or = [
      ...(people.volunteerIds ? [{ volunteerId: { $in: people.volunteerIds } }] : []),
      ...(people.beneficiaryIds ? [{ beneficiaryId: { $in: people.beneficiaryIds } }] : []),
    ];
    // One list as a plain condition, which an index can serve (an `$or` is scanned).
    if (or.length === 1) Object.assign(filter, or[0]);
    else if (or.length) filter.$or = or;
    return this.col.updateMany(filter, {
      $set: { supersededAt: at.toISOString(), [EXPIRES_AT]: new Date(at.getTime() + RETENTION_MS.proposal) },
    });
  }

  listCurrentFor(orgId: string, programmeId: string, beneficiaryIds: string[]): Promise<Proposal[]> {
    return this.query({ orgId, programmeId, supersededAt: null, beneficiaryId: { $in: beneficiaryIds } });
  }

  listComputedAfter(orgId: string, programmeId: string, at: Date): Promise<Proposal[]> {
    return this.query({ orgId, programmeId, supersededAt: null, computedAt: { $gt: at.toISOString() } });
  }

  deleteForRun(orgId: string, runId: string): Promise<number> {
    return this.col.deleteMany({ orgId, runId });
  }

  deleteForPerson(orgId: string, personId: string): Promise<number> {
    return this.col.deleteMany(personFilter(orgId, personId));
  }
}

class Tandems extends Collection<Tandem> implements TandemRepository {
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

class MatchRuns extends Collection<MatchRun> implements MatchRunRepository {
  protected override internalFields(run: MatchRun): Stored {
    return { [EXPIRES_AT]: new Date(Date.parse(run.createdAt) + RETENTION_MS.matchRun) };
  }
}

class Beneficiaries extends People<Beneficiary> implements BeneficiaryRepository {}

class Notes extends Collection<Note> implements NoteRepository {
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

class ReferralSources extends Collection<ReferralSource> implements ReferralSourceRepository {}

class Audit implements AuditRepository {
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
class Busy extends Error {}

/** How long takers of one volunteer's units wait for each other before the request is answered 503. */
const RESERVE_WAIT_MS = 10_000;

class Reservations implements ReservationRepository {
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
    for (let attempt = 0; ; attempt++) {
      // Seen full is an answer at that moment: no need to queue behind the others to hear it.
      if ((await this.freeUnits(orgId, volunteerId, capacityUnits)).length < units) return null;
      try {
        return await this.locks.hold(
          `reserve:${orgId}:${volunteerId}`,
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

/** The repositories of a store over any driver; the adapter adds its kind and what its server supports. */
export function createStore(driver: Driver, kind: Store['kind'], capabilities: StoreCapabilities): Store {
  const col = (name: CollectionName) => driver.collection(name);
  const locks = new Locks(col('locks'));
  const make = <R>(Ctor: new (c: CollectionDriver, s: CollectionSpec, l: Locks) => R, name: CollectionName) =>
    new Ctor(col(name), COLLECTIONS[name], locks);
  return {
    kind,
    capabilities,
    organisations: make(Organisations, 'organisations'),
    staff: make(Staff, 'staff'),
    programmes: make(Programmes, 'programmes'),
    volunteers: make(Volunteers, 'volunteers'),
    beneficiaries: make(Beneficiaries, 'beneficiaries'),
    reservations: new Reservations(col('reservations'), locks),
    proposals: make(Proposals, 'proposals'),
    tandems: make(Tandems, 'tandems'),
    audit: new Audit(col('audit')),
    matchRuns: make(MatchRuns, 'matchRuns'),
    notes: make(Notes, 'notes'),
    referralSources: make(ReferralSources, 'referralSources'),
    keys: new Keyed(col('keys')),
    outbox: new Outbox(col('outbox')),
    async purgeExpired(now: Date): Promise<number> {
      let removed = 0;
      for (const name of ['proposals', 'matchRuns', 'locks', 'keys', 'outbox'] as const)
        removed += await col(name).deleteMany({ [EXPIRES_AT]: { $lt: now } });
      return removed;
    },
    close: () => driver.close(),
  };
}
