import type { z } from 'zod';
import {
  AuditEvent,
  Beneficiary,
  MatchRun,
  Note,
  Organisation,
  Programme,
  ReferralSource,
  StaffUser,
  Tandem,
  Volunteer,
} from '../domain/index.js';
import type { IndexSpec } from './driver.js';
import { DAY_MS } from '../domain/calendar.js';

/** Internal Date field a TTL index (or `purgeExpired`) removes documents by. */
export const EXPIRES_AT = '_expiresAt';

/** How long superseded proposals and match runs are kept, for the record. */
export const RETENTION_MS = { proposal: 90 * DAY_MS, matchRun: 365 * DAY_MS, lock: DAY_MS };

/** Checks each spec while keeping the collection names as a type. */
function specs<K extends string>(all: Record<K, CollectionSpec>): Record<K, CollectionSpec> {
  return all;
}

const ttl: IndexSpec = { fields: { [EXPIRES_AT]: 1 }, expireAfterSeconds: 0 };

export interface CollectionSpec {
  /** The record kind, as ConflictError rules and messages name it. */
  kind: string;
  schema?: z.ZodType;
  indexes: IndexSpec[];
}

/**
 * Every collection, its schema and its indexes: unique keys, what listings filter and sort on
 * (proposals per beneficiary, tandems by last contact for the lapse job), and TTLs.
 */
export const COLLECTIONS = specs({
  organisations: { kind: 'organisation', schema: Organisation, indexes: [{ fields: { slug: 1 }, unique: true }] },
  staff: {
    kind: 'staff',
    schema: StaffUser,
    indexes: [{ fields: { email: 1 }, unique: true }, { fields: { orgId: 1, role: 1 } }],
  },
  programmes: { kind: 'programme', schema: Programme, indexes: [{ fields: { orgId: 1, slug: 1 }, unique: true }] },
  volunteers: {
    kind: 'volunteer',
    schema: Volunteer,
    indexes: [
      { fields: { orgId: 1, status: 1, createdAt: 1 } },
      { fields: { orgId: 1, programmeIds: 1 } },
      { fields: { orgId: 1, 'place.location.lon': 1 } },
    ],
  },
  beneficiaries: {
    kind: 'beneficiary',
    schema: Beneficiary,
    indexes: [
      { fields: { orgId: 1, status: 1 } },
      { fields: { orgId: 1, programmeIds: 1 } },
      { fields: { orgId: 1, 'place.location.lon': 1 } },
    ],
  },
  /** Each beneficiary's current proposals in a programme, one document per set (see proposals.ts). */
  proposalSets: {
    kind: 'proposal set',
    indexes: [
      { fields: { orgId: 1, beneficiaryId: 1, version: 1 } },
      { fields: { orgId: 1, programmeId: 1 } },
      { fields: { orgId: 1, 'proposals.volunteerId': 1 } },
      { fields: { orgId: 1, 'proposals.id': 1 } },
    ],
  },
  /** The sets current ones replaced, until their retention ends. */
  proposalHistory: {
    kind: 'proposal set',
    indexes: [
      { fields: { orgId: 1, beneficiaryId: 1 } },
      { fields: { orgId: 1, 'proposals.volunteerId': 1 } },
      { fields: { orgId: 1, 'proposals.id': 1 } },
      ttl,
    ],
  },
  tandems: {
    kind: 'tandem',
    schema: Tandem,
    indexes: [
      { fields: { orgId: 1, programmeId: 1, status: 1, lastContactOn: 1 } },
      { fields: { orgId: 1, volunteerId: 1 } },
      { fields: { orgId: 1, beneficiaryId: 1 } },
    ],
  },
  audit: {
    kind: 'audit event',
    schema: AuditEvent,
    indexes: [
      { fields: { orgId: 1, at: -1 } },
      { fields: { orgId: 1, 'target.id': 1, at: -1 } },
      { fields: { orgId: 1, actor: 1 } },
    ],
  },
  matchRuns: { kind: 'match run', schema: MatchRun, indexes: [{ fields: { orgId: 1, createdAt: -1 } }, ttl] },
  notes: {
    kind: 'note',
    schema: Note,
    indexes: [{ fields: { orgId: 1, aboutId: 1, createdAt: 1 } }, { fields: { orgId: 1, personIds: 1 } }],
  },
  referralSources: { kind: 'referral source', schema: ReferralSource, indexes: [{ fields: { orgId: 1, status: 1 } }] },
  /** A volunteer's taken slots and a beneficiary's open tandem, one document each (see ReservationRepository). */
  reservations: {
    kind: 'reservation',
    indexes: [
      { fields: { orgId: 1, tandemId: 1 } },
      { fields: { orgId: 1, kind: 1, personId: 1 } },
      { fields: { orgId: 1, at: 1 } },
    ],
  },
  /** One document per update in flight, keyed by record and next version: the winner of a race holds it. */
  locks: { kind: 'lock', indexes: [ttl] },
  /** Sessions, sign-up tokens, idempotency keys, login throttles (see keyed.ts): one document per key, until it expires. */
  keys: { kind: 'key', indexes: [ttl] },
  /** E-mails waiting to be sent, then kept a while (see outbox.ts). */
  outbox: {
    kind: 'message',
    indexes: [{ fields: { status: 1, createdAt: 1 } }, { fields: { orgId: 1, personId: 1 } }, ttl],
  },
});

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];
