/**
 * Whole-programme runs: rank everyone (or one longitude slice, for a run split across workers)
 * and replace the programme's current proposals.
 */
import { assign, rank } from '../../../scoring/index.js';
import type { RegionSlice } from '../../domain/jobs.js';
import { listAll } from '../../store/paging.js';
import { reachBox, sliceByLongitude } from '../regions.js';
import type { MatchingData } from './input.js';
import type { RecomputeResult, RegionPart } from './types.js';

/** Ranks a whole programme and replaces its current proposals. */
export async function recomputeProgramme(
  io: MatchingData,
  orgId: string,
  programmeId: string,
  opts: { runId?: string; onProgress?: (fraction: number) => void } = {},
): Promise<RecomputeResult> {
  const t0 = performance.now();
  const part = await rankRegion(io, orgId, programmeId, undefined, opts.onProgress);
  return {
    ...(await writeRun(io, orgId, programmeId, [part], opts.runId)),
    elapsedMs: Math.round(performance.now() - t0),
  };
}

/**
 * Longitude slices of the programme's waiting beneficiaries for a run split across workers
 * (see rankRegion, writeRun); fewer than `n` when there are too few distinct places.
 */
export async function regions(io: MatchingData, orgId: string, programmeId: string, n: number): Promise<RegionSlice[]> {
  const { store } = io.deps;
  const beneficiaries = await listAll(store.beneficiaries, orgId, { programmeIds: programmeId, status: 'active' });
  return sliceByLongitude(
    beneficiaries.map((b) => b.place.location.lon),
    n,
  );
}

/**
 * Ranks the waiting beneficiaries of one slice (all of them without one) against the volunteers
 * within the programme's radius of them: the same candidates a whole-programme ranking gives them.
 */
export async function rankRegion(
  io: MatchingData,
  orgId: string,
  programmeId: string,
  slice?: RegionSlice,
  onProgress?: (fraction: number) => void,
): Promise<RegionPart> {
  const { store, clock } = io.deps;
  const snapshotAt = clock.now();
  const programme = await store.programmes.get(orgId, programmeId);
  const active = { programmeIds: programmeId, status: 'active' } as const;
  const beneficiaries = slice
    ? (
        await store.beneficiaries.listInBox(orgId, active, {
          minLat: -90,
          maxLat: 90,
          minLon: slice.fromLon,
          maxLon: slice.toLon,
        })
      ).filter((b) => b.place.location.lon < slice.toLon)
    : await listAll(store.beneficiaries, orgId, active);
  const waiting = await io.waiting(orgId, beneficiaries, !slice);
  const box =
    slice &&
    reachBox(
      waiting.map((b) => b.place.location),
      programme.rules.maxDistanceKm,
    );
  const volunteers = !slice
    ? await listAll(store.volunteers, orgId, active)
    : box
      ? await store.volunteers.listInBox(orgId, active, box)
      : [];
  const { input, versions } = await io.input(orgId, programme, volunteers, waiting, snapshotAt, !slice);
  const result = rank(input, {
    today: input.referenceDate!,
    onProgress: (done, total) => onProgress?.(total ? done / total : 1),
  });
  return {
    index: slice?.index ?? 0,
    snapshotAt: snapshotAt.toISOString(),
    drafts: io.drafts(input, result.candidates, versions),
    volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
    beneficiaries: input.beneficiaries.map((b) => b.id),
    feasiblePairs: result.feasiblePairs,
    unmatched: result.unmatched.length,
  };
}

/**
 * Replaces the programme's current proposals by those of a run's parts (a beneficiary found in
 * two parts, having moved meanwhile, counts once), except for beneficiaries whose proposals were
 * computed after the parts' data was read. Safe to run again for the same run: a later try's sets
 * replace what an interrupted one wrote.
 */
export async function writeRun(
  io: MatchingData,
  orgId: string,
  programmeId: string,
  parts: RegionPart[],
  runId?: string,
): Promise<RecomputeResult> {
  const t0 = performance.now();
  const { store } = io.deps;
  const ordered = [...parts].sort((a, b) => a.index - b.index);
  const snapshot = new Date(Math.min(...ordered.map((p) => Date.parse(p.snapshotAt))));
  const owner = new Map<string, number>();
  for (const part of ordered) for (const b of part.beneficiaries) if (!owner.has(b)) owner.set(b, part.index);
  const free = new Map<string, number>();
  for (const part of ordered)
    for (const v of part.volunteers) free.set(v.id, Math.min(v.capacity, free.get(v.id) ?? Infinity));
  const drafts = ordered.flatMap((part) => part.drafts.filter((d) => owner.get(d.beneficiaryId) === part.index));
  const assignment = assign({
    volunteers: [...free].map(([id, capacity]) => ({ id, capacity })),
    beneficiaries: [...owner.keys()].map((id) => ({ id })),
    edges: drafts.map((d) => ({ volunteerId: d.volunteerId, beneficiaryId: d.beneficiaryId, score: d.score })),
  });
  // Everyone the run ranked gets its set; those with a set who are no longer waiting, an empty one.
  const versions = new Map<string, number>();
  for (const d of drafts) versions.set(d.beneficiaryId, d.beneficiaryVersion).set(d.volunteerId, d.volunteerVersion);
  const before = await store.proposals.currentSets(orgId, programmeId);
  const written = await io.publish(
    orgId,
    programmeId,
    [...owner.keys(), ...[...before.keys()].filter((id) => !owner.has(id))],
    drafts,
    snapshot,
    versions,
    { ...(runId !== undefined && { runId }), current: before },
  );
  return {
    programmeId,
    volunteers: free.size,
    beneficiaries: owner.size,
    feasiblePairs: ordered.reduce((n, p) => n + p.feasiblePairs, 0),
    proposals: written,
    pairs: assignment.pairs.length,
    unmatched: ordered.reduce((n, p) => n + p.unmatched, 0),
    elapsedMs: Math.round(performance.now() - t0),
  };
}
