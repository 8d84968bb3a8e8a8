/**
 * The repository ports: what services may ask of a store. Both adapters (MongoDB, embedded)
 * implement them with the same guarantees, checked by one contract suite
 * (test/integration/store). Every method is scoped by organisation, except the few marked
 * otherwise (logging in by e-mail, listing organisations for system jobs).
 *
 * Errors: NotFoundError (absent, or in another organisation), ValidationError (the record does
 * not match its schema), VersionConflictError (stale `expectedVersion`, or another update of the
 * same version won), ConflictError naming the rule (a unique key).
 */
import type {
  AuditEvent,
  Beneficiary,
  CheckIn,
  MatchRun,
  Note,
  Organisation,
  Programme,
  Proposal,
  RecordMetaKey,
  ReferralSource,
  StaffUser,
  Tandem,
  TandemStatus,
  Volunteer,
} from '../domain/index.js';
import type { KeyedRepository } from './keyed.js';
import type { OutboxRepository } from './outbox.js';

export interface Clock {
  now(): Date;
}

type Scalar = string | number | boolean | null;
type Element<V> = V extends readonly (infer E)[] ? E : V;

/**
 * A listing filter: equality on top-level fields (an array field matches when it contains the
 * value), or one of a set of values.
 */
export type Where<T> = { [K in keyof T]?: Field<T[K]> extends Scalar ? Field<T[K]> | { in: Field<T[K]>[] } : never };
type Field<V> = Element<Exclude<V, undefined>>;

export interface Page<T> {
  /** Default: by id. */
  sort?: { [K in keyof T]?: 1 | -1 };
  /** Default 100, at most 1000. */
  limit?: number;
  skip?: number;
}

/** Fields a versioned update may change: everything but identity, tenant, version and times. */
export type Patch<T> = Partial<Omit<T, RecordMetaKey>>;

/** What every record collection offers. */
export interface Records<T extends { id: string; orgId: string; version: number }> {
  /** Stores a new record (version 1 and times are the caller's). ConflictError `unique:<kind>.<field>` on a duplicate key. */
  insert(record: T): Promise<T>;
  /** NotFoundError when absent or in another organisation. */
  get(orgId: string, id: string): Promise<T>;
  find(orgId: string, id: string): Promise<T | null>;
  list(orgId: string, where?: Where<T>, page?: Page<T>): Promise<T[]>;
  count(orgId: string, where?: Where<T>): Promise<number>;
  /**
   * Applies `patch` if the record is still at `expectedVersion`, then bumps the version and sets
   * updatedAt to `at`; of concurrent updates from one version exactly one wins. The result is
   * validated as a whole before anything is written; a patch field set to undefined is removed.
   */
  update(orgId: string, id: string, expectedVersion: number, patch: Patch<T>, at: Date): Promise<T>;
  /** Returns whether a record was removed. */
  delete(orgId: string, id: string): Promise<boolean>;
}

export interface OrganisationRepository extends Records<Organisation> {
  /** Unscoped: for sign-in pages and system jobs that walk every organisation. */
  findBySlug(slug: string): Promise<Organisation | null>;
  listAll(): Promise<Organisation[]>;
}

export interface StaffRepository extends Records<StaffUser> {
  /** Unscoped: signing in starts from an e-mail address, unique across organisations. */
  findByEmail(email: string): Promise<StaffUser | null>;
}

export interface ProgrammeRepository extends Records<Programme> {
  findBySlug(orgId: string, slug: string): Promise<Programme | null>;
}

/** A range of coordinates, edges included; the matching asks for the people within reach of a place. */
export interface Box {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** People records, with a place. */
export interface PeopleRecords<T extends { id: string; orgId: string; version: number }> extends Records<T> {
  /**
   * Every record matching `where` whose `place.location` lies in `box`, unpaged. A range query on
   * plain fields, which both servers answer (no geo index needed).
   */
  listInBox(orgId: string, where: Where<T>, box: Box): Promise<T[]>;
}

export interface VolunteerRepository extends PeopleRecords<Volunteer> {
  /** Volunteers with `status` created before `before` (e.g. unconfirmed e-mails to purge). */
  listCreatedBefore(orgId: string, status: Volunteer['status'], before: Date): Promise<Volunteer[]>;
}

export type BeneficiaryRepository = PeopleRecords<Beneficiary>;

/**
 * What `proposed` and `active` tandems hold: units of a volunteer's capacity (a regular tandem
 * takes UNITS_PER_SLOT of them, a light or intensive one fewer or more) and a beneficiary's single
 * open tandem. Each unit, and each claim, is a document under a unique key, the one write both
 * servers perform atomically (FerretDB 1.x applies conditional updates as a read-modify-write, so
 * two concurrent `{ freeSlots: { $gt: 0 } }` updates can both win).
 */
export interface ReservationRepository {
  /**
   * Takes `units` free units in [0, capacityUnits) of a volunteer for a tandem, all or none, and
   * returns their indexes; null when fewer are free. Takers of one volunteer go one at a time, so
   * two that each need the last free units do not both fail holding half of them.
   */
  takeVolunteerUnits(
    orgId: string,
    volunteerId: string,
    capacityUnits: number,
    units: number,
    tandemId: string,
    at: Date,
  ): Promise<number[] | null>;
  /** Makes `tandemId` the beneficiary's open tandem; false when they already have one. */
  claimBeneficiary(orgId: string, beneficiaryId: string, tandemId: string, at: Date): Promise<boolean>;
  /** Gives back everything a tandem holds (declined, lapsed, closed, or a confirm undone); returns how many. */
  releaseTandem(orgId: string, tandemId: string): Promise<number>;
  /**
   * Gives back exactly what one attempt took for `tandemId` (a confirm undone whose tandem id an
   * earlier tandem already carries): the beneficiary's claim and these units of the volunteer.
   */
  releaseHeld(
    orgId: string,
    tandemId: string,
    held: { beneficiaryId: string; volunteerId: string; units: readonly number[] },
  ): Promise<number>;
  /** Units in use per volunteer (absent: none). */
  unitsInUse(orgId: string, volunteerIds?: string[]): Promise<Map<string, number>>;
  /** Beneficiaries with an open tandem, to that tandem's id. */
  openTandems(orgId: string, beneficiaryIds?: string[]): Promise<Map<string, string>>;
  /** Reservations taken before `before`, with their tandem, to find those a crash left behind. */
  listTakenBefore(orgId: string, before: Date): Promise<{ tandemId: string; personId: string }[]>;
}

/**
 * A beneficiary's proposals in a programme as one computation gave them, numbered: each new set
 * of the beneficiary takes the next version. Replaced whole, never edited.
 */
export interface ProposalSet {
  orgId: string;
  programmeId: string;
  beneficiaryId: string;
  version: number;
  /** When the data it was computed from was read. */
  computedAt: string;
  runId?: string;
  /** Best rank first; empty when nobody is to be proposed any more. */
  proposals: Proposal[];
}

/**
 * Current proposals are the newest set of each beneficiary in each programme; the sets they
 * replaced are kept apart (for the record) and never read as current.
 */
export interface ProposalRepository {
  /** The current set of each of these beneficiaries (of every beneficiary with one, without ids). */
  currentSets(orgId: string, programmeId: string, beneficiaryIds?: string[]): Promise<Map<string, ProposalSet>>;
  /**
   * Makes each set its beneficiary's current one, unless another set took its version first
   * (a unique-key insert: of concurrent writers of a version exactly one wins); says which did.
   * `replacing[i]` is the current set sets[i] was computed against, as the caller read it
   * (undefined: sets[i] is the first): when sets[i] goes in, it leaves the current ones by its
   * key, with no read; an older one that an interruption left behind is pruneSuperseded's.
   */
  publish(sets: ProposalSet[], at: Date, replacing: readonly (ProposalSet | undefined)[]): Promise<boolean[]>;
  /** Current proposals for one beneficiary, best rank first. */
  listForBeneficiary(orgId: string, beneficiaryId: string): Promise<Proposal[]>;
  /**
   * The beneficiaries whose sets in a programme propose this volunteer: every current set, and for
   * a moment a set being replaced (no check that it is still current, which would read the sets
   * again: a caller re-ranking them re-ranks one more at worst).
   */
  heldBy(orgId: string, programmeId: string, volunteerId: string): Promise<string[]>;
  /** Current proposals of a programme, or of these beneficiaries, unpaged. */
  listCurrent(orgId: string, where: { programmeId?: string; beneficiaryIds?: string[] }): Promise<Proposal[]>;
  /** A proposal, current or replaced (then with `supersededAt`); NotFoundError when unknown or purged. */
  get(orgId: string, id: string): Promise<Proposal>;
  /** Takes a proposal out of its beneficiary's current set (a new set without it); false when it is not current. */
  withdraw(orgId: string, id: string, at: Date): Promise<boolean>;
  /** Every proposal naming this person, current or replaced (what a GDPR export shows). */
  listForPerson(orgId: string, personId: string): Promise<Proposal[]>;
  /** Removes every proposal naming this person (erasure); returns how many. */
  deleteForPerson(orgId: string, personId: string): Promise<number>;
  /** Moves out of the current sets any replaced one an interrupted write left there; returns how many. */
  pruneSuperseded(now: Date): Promise<number>;
}

export interface TandemRepository extends Records<Tandem> {
  /** Appends a check-in and moves `lastContactOn` forward, if still at `expectedVersion`. */
  addCheckIn(orgId: string, id: string, expectedVersion: number, checkIn: CheckIn, at: Date): Promise<Tandem>;
  /** Active tandems of a programme whose last contact is before `day` (YYYY-MM-DD), oldest first. */
  listLastContactBefore(orgId: string, programmeId: string, day: string): Promise<Tandem[]>;
  /** Tandems per status, for a programme or the whole organisation. */
  countByStatus(orgId: string, programmeId?: string): Promise<Partial<Record<TandemStatus, number>>>;
  listForPerson(orgId: string, personId: string): Promise<Tandem[]>;
  deleteForPerson(orgId: string, personId: string): Promise<number>;
}

export interface AuditRepository {
  append(event: AuditEvent): Promise<void>;
  /** Newest first. */
  list(
    orgId: string,
    where?: { targetId?: string; actor?: string },
    page?: { limit?: number; skip?: number },
  ): Promise<AuditEvent[]>;
  /** Replaces a person's id by `pseudonym` wherever it appears (as target or actor); returns how many events. */
  pseudonymise(orgId: string, personId: string, pseudonym: string): Promise<number>;
}

export type MatchRunRepository = Records<MatchRun>;

export interface NoteRepository extends Records<Note> {
  /** The notes on a person or a tandem, oldest first, unpaged. */
  listAbout(orgId: string, aboutId: string): Promise<Note[]>;
  /** Every note concerning a person (on them or on one of their tandems), oldest first, unpaged. */
  listForPerson(orgId: string, personId: string): Promise<Note[]>;
  /** Removes every note concerning a person (erasure); returns how many. */
  deleteForPerson(orgId: string, personId: string): Promise<number>;
  /** Replaces an erased staff member's id as author by `pseudonym`; returns how many notes. */
  pseudonymiseAuthor(orgId: string, staffId: string, pseudonym: string): Promise<number>;
}

export type ReferralSourceRepository = Records<ReferralSource>;

/** What the adapter could set up on the server it found. */
export interface StoreCapabilities {
  /** Server-side `$jsonSchema` validators (the zod schemas check every write in any case). */
  validators: boolean;
  /** TTL indexes; without them `purgeExpired` does the job. */
  ttlIndexes: boolean;
}

export interface Store {
  readonly kind: 'mongodb' | 'embedded';
  readonly capabilities: StoreCapabilities;
  readonly organisations: OrganisationRepository;
  readonly staff: StaffRepository;
  readonly programmes: ProgrammeRepository;
  readonly volunteers: VolunteerRepository;
  readonly beneficiaries: BeneficiaryRepository;
  readonly reservations: ReservationRepository;
  readonly proposals: ProposalRepository;
  readonly tandems: TandemRepository;
  readonly audit: AuditRepository;
  readonly matchRuns: MatchRunRepository;
  readonly notes: NoteRepository;
  readonly referralSources: ReferralSourceRepository;
  /** Short-lived records under unique keys: sessions, sign-up tokens, idempotency keys, login throttles. */
  readonly keys: KeyedRepository;
  /** E-mails to send; their recipients are personal data. */
  readonly outbox: OutboxRepository;
  /** Deletes superseded proposals, finished match runs, expired keys and sent messages past their retention; returns how many. */
  purgeExpired(now: Date): Promise<number>;
  close(): Promise<void>;
}

/** Structured logs: an event name and non-personal fields (ids, counts, codes), never names or contacts. */
export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
}
