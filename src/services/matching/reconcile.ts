/**
 * The reconciliation sweep's question: whose current proposals are older than what they depend
 * on? A beneficiary's set was computed from their own record, the volunteers within reach (their
 * records and free places) and whether they wait; any of these changed after the set was
 * computed, and the recompute that change asked for was lost (Redis emptied, a worker killed, a
 * request cut off after its write), leaves the set stale. Each stale beneficiary is recomputed,
 * so proposals converge to what a fresh full run gives whatever the queue lost.
 */
import { haversineKm } from '../../../scoring/index.js';
import type { Beneficiary, Volunteer } from '../../domain/index.js';
import { OPEN_TANDEM_STATUSES } from '../../domain/index.js';
import { listAll } from '../../store/paging.js';
import type { ProposalSet } from '../../store/ports.js';
import type { MatchingData } from './input.js';

/** How far apart a write's time and its landing in the store may be (a change this close to a computation may have missed it). */
const SKEW_MS = 5_000;

const OPEN = new Set<string>(OPEN_TANDEM_STATUSES);

/**
 * The beneficiaries of a programme whose current proposals are stale, leaving out changes newer
 * than `settledBefore` (their own recomputes are still on their way).
 */
export async function staleBeneficiaries(
  io: MatchingData,
  orgId: string,
  programmeId: string,
  settledBefore: Date,
): Promise<string[]> {
  const { store } = io.deps;
  const programme = await store.programmes.get(orgId, programmeId);
  const [beneficiaries, volunteers, tandems, sets] = await Promise.all([
    listAll(store.beneficiaries, orgId, { programmeIds: programmeId }),
    listAll(store.volunteers, orgId, { programmeIds: programmeId }),
    listAll(store.tandems, orgId, { programmeId }),
    store.proposals.currentSets(orgId, programmeId),
  ]);
  const settled = settledBefore.toISOString();
  const changedAt = (r: { updatedAt: string }) => (r.updatedAt <= settled ? Date.parse(r.updatedAt) : -Infinity);
  const open = new Set(tandems.filter((t) => OPEN.has(t.status)).map((t) => t.beneficiaryId));
  // A volunteer changed, or a tandem of theirs changed their free places.
  const volunteerChange = new Map<string, number>();
  const touch = (id: string, at: number) => volunteerChange.set(id, Math.max(at, volunteerChange.get(id) ?? -Infinity));
  for (const v of volunteers) touch(v.id, changedAt(v));
  const beneficiaryChange = new Map<string, number>(beneficiaries.map((b) => [b.id, changedAt(b)]));
  for (const t of tandems) {
    touch(t.volunteerId, changedAt(t));
    beneficiaryChange.set(t.beneficiaryId, Math.max(changedAt(t), beneficiaryChange.get(t.beneficiaryId) ?? -Infinity));
  }
  const byId = new Map<string, Volunteer>(volunteers.map((v) => [v.id, v]));
  const stale: string[] = [];
  for (const b of beneficiaries) {
    const set = sets.get(b.id);
    const waiting = b.status === 'active' && !open.has(b.id);
    if (!set) {
      // Never computed (its first recompute lost): only a waiting person needs one.
      if (waiting && (beneficiaryChange.get(b.id) ?? -Infinity) > -Infinity) stale.push(b.id);
      continue;
    }
    if (!waiting) {
      if (set.proposals.length > 0 && (beneficiaryChange.get(b.id) ?? -Infinity) > -Infinity) stale.push(b.id);
      continue;
    }
    const since = Date.parse(set.computedAt) - SKEW_MS;
    if ((beneficiaryChange.get(b.id) ?? -Infinity) > since || volunteersChangedSince(b, set, since)) stale.push(b.id);
  }
  // Someone no longer in the programme keeps no proposals in it.
  const inProgramme = new Set(beneficiaries.map((b) => b.id));
  for (const [id, set] of sets) if (!inProgramme.has(id) && set.proposals.length > 0) stale.push(id);
  return stale;

  /** Whether a volunteer this set depends on (proposed in it, or within reach) changed after `since`. */
  function volunteersChangedSince(b: Beneficiary, set: ProposalSet, since: number): boolean {
    const proposed = new Set(set.proposals.map((p) => p.volunteerId));
    for (const [id, at] of volunteerChange) {
      if (at <= since) continue;
      if (proposed.has(id)) return true;
      const v = byId.get(id);
      if (v && haversineKm(v.place.location, b.place.location) <= reach(b, v)) return true;
    }
    return false;
  }

  /** The farthest apart the two could be paired, whichever radius applies (generous: a false alarm costs a recompute). */
  function reach(b: Beneficiary, v: Volunteer): number {
    return Math.max(programme.rules.maxDistanceKm, v.maxDistanceKm, b.preferences.maxDistanceKm ?? 0);
  }
}
