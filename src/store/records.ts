/**
 * The repository ports implemented once, over a Driver: both adapters share this code, so they
 * share its meaning. Every write is validated against the domain schema first; every query
 * carries the organisation.
 */
import { COLLECTIONS, EXPIRES_AT, type CollectionName, type CollectionSpec } from './collections.js';
import { Keyed } from './keyed.js';
import { Outbox } from './outbox.js';
import { ProposalSets } from './proposals.js';
import { type CollectionDriver, type Driver } from './driver.js';
import type { Store, StoreCapabilities } from './ports.js';

import { Locks } from './locks.js';
import {
  Organisations,
  Staff,
  Programmes,
  Volunteers,
  Tandems,
  MatchRuns,
  Beneficiaries,
  Notes,
  ReferralSources,
  Audit,
  Reservations,
} from './repositories.js';
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
    proposals: new ProposalSets(col('proposalSets'), col('proposalHistory')),
    tandems: make(Tandems, 'tandems'),
    audit: new Audit(col('audit')),
    matchRuns: make(MatchRuns, 'matchRuns'),
    notes: make(Notes, 'notes'),
    referralSources: make(ReferralSources, 'referralSources'),
    keys: new Keyed(col('keys')),
    outbox: new Outbox(col('outbox')),
    async purgeExpired(now: Date): Promise<number> {
      let removed = 0;
      for (const name of ['proposalHistory', 'matchRuns', 'locks', 'keys', 'outbox'] as const)
        removed += await col(name).deleteMany({ [EXPIRES_AT]: { $lt: now } });
      return removed;
    },
    close: () => driver.close(),
  };
}
