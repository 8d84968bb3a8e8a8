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
import { enters, offers } from './offers.js';

/** How far apart a write's time and its landing in the store may be (a change this close to a computation may have missed it). */
const SKEW_MS = 5_000;

const OPEN = new Set<string>(OPEN_TANDEM_STATUSES);

/**
 * The beneficiaries of a programme whose current proposals are stale, leaving out changes newer
 * than `settledBefore` (their own recomputes are still on their way). A change is judged by what
 * it does to the set, not only by its time: a volunteer edited or filled up is stale news to a
 * set that proposes them at an older version or score, and to another set only if they would now
 * enter it (the incremental recompute's own rule, see offers.ts). So the recomputes that did run
 * leave nothing behind, and an edit that moves nobody costs no recompute.
 */
export async function staleBeneficiaries(
  io: MatchingData,
  orgId: string,
  programmeId: string,
  settledBefore: Date,
): Promise<string[]> {
  const { store, clock } = io.deps;
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
  const waiting = beneficiaries.filter((b) => b.status === 'active' && !open.has(b.id));
  // A volunteer changed, or a tandem of theirs changed their free places.
  const volunteerChange = new Map<string, number>();
  const touch = (id: string, at: number) => volunteerChange.set(id, Math.max(at, volunteerChange.get(id) ?? -Infinity));
  for (const v of volunteers) touch(v.id, changedAt(v));
  const tandemChange = new Map<string, number>();
  for (const t of tandems) {
    touch(t.volunteerId, changedAt(t));
    tandemChange.set(t.beneficiaryId, Math.max(changedAt(t), tandemChange.get(t.beneficiaryId) ?? -Infinity));
  }
  const since = (set: ProposalSet) => Date.parse(set.computedAt) - SKEW_MS;
  // Newest change first: a set looks only at the volunteers changed after it, not at everyone.
  const latest = [...volunteerChange].filter(([, at]) => at > -Infinity).sort((x, y) => y[1] - x[1]);

  // Where each volunteer changed since some waiting set was computed now stands with the waiting
  // beneficiaries within reach: one read of free places for all of them, one ranking each when asked.
  let oldest = Infinity;
  for (const b of waiting) oldest = Math.min(oldest, sets.has(b.id) ? since(sets.get(b.id)!) : Infinity);
  const changed = volunteers.filter((v) => v.status === 'active' && (volunteerChange.get(v.id) ?? -Infinity) > oldest);
  const { input } = await io.input(orgId, programme, changed, waiting, clock.now(), false);
  const scored = new Map(input.volunteers.map((v) => [v.id, v]));
  const byId = new Map<string, Volunteer>(volunteers.map((v) => [v.id, v]));
  const offered = new Map<string, Map<string, number>>();
  const offer = (v: Volunteer, b: Beneficiary): number | undefined => {
    let found = offered.get(v.id);
    if (!found) {
      const one = scored.get(v.id);
      // The input's beneficiaries are `waiting`, in order.
      found = one
        ? offers({
            ...input,
            volunteers: [one],
            beneficiaries: input.beneficiaries.filter((_, i) => near(waiting[i]!, v)),
          })
        : new Map();
      offered.set(v.id, found);
    }
    return found.get(b.id);
  };

  const stale: string[] = [];
  const isWaiting = new Set(waiting.map((b) => b.id));
  for (const b of beneficiaries) {
    const set = sets.get(b.id);
    const ownChange = Math.max(changedAt(b), tandemChange.get(b.id) ?? -Infinity);
    if (!isWaiting.has(b.id)) {
      if (set && set.proposals.length > 0 && ownChange > -Infinity) stale.push(b.id);
      continue;
    }
    // Never computed (its first recompute lost).
    if (!set) {
      if (ownChange > -Infinity) stale.push(b.id);
      continue;
    }
    if (selfChanged(b, set) || volunteersChanged(b, set)) stale.push(b.id);
  }
  // Someone no longer in the programme keeps no proposals in it.
  const inProgramme = new Set(beneficiaries.map((b) => b.id));
  for (const [id, set] of sets) if (!inProgramme.has(id) && set.proposals.length > 0) stale.push(id);
  return stale;

  /** Their record is newer than the one the set was computed from, or a tandem of theirs changed since. */
  function selfChanged(b: Beneficiary, set: ProposalSet): boolean {
    if ((tandemChange.get(b.id) ?? -Infinity) > since(set)) return true;
    if (changedAt(b) === -Infinity) return false;
    // An empty set carries no version: its time says.
    const read = set.proposals[0]?.beneficiaryVersion;
    return read === undefined ? changedAt(b) > since(set) : b.version > read;
  }

  /** A volunteer changed since the set was computed, and the set no longer says where they stand. */
  function volunteersChanged(b: Beneficiary, set: ProposalSet): boolean {
    const kept = new Map(set.proposals.map((p) => [p.volunteerId, p]));
    const from = since(set);
    for (const [id, at] of latest) {
      if (at <= from) break;
      const v = byId.get(id);
      const p = kept.get(id);
      // One proposed: their record or their score moved (a volunteer gone from the programme, paused or full has none).
      if (p && (!v || p.volunteerVersion !== v.version || offer(v, b) !== p.score)) return true;
      if (!p && v && near(b, v) && enters(offer(v, b), id, set.proposals, programme.rules.topK)) return true;
    }
    return false;
  }

  /** Within the farthest the two could be paired, whichever radius applies (generous: the ranking decides). */
  function near(b: Beneficiary, v: Volunteer): boolean {
    const reach = Math.max(
      programme.rules.maxDistanceKm,
      v.maxDistanceKm,
      b.preferences.maxDistanceKm ?? 0,
      b.searchRadiusKm ?? 0,
    );
    return haversineKm(v.place.location, b.place.location) <= reach;
  }
}
