/** Incremental recompute: only the beneficiaries a changed person can affect are ranked again. */
import { rank } from '../../../scoring/index.js';
import type { Beneficiary, Volunteer } from '../../domain/index.js';
import type { PersonRef } from '../../domain/jobs.js';
import { reachBox } from '../regions.js';
import type { MatchingData } from './input.js';
import { enters, offers } from './offers.js';
import type { RecomputeResult } from './types.js';

/**
 * Re-ranks the beneficiaries a changed person can affect: for a beneficiary, themselves; for a
 * volunteer, everyone who held a proposal with them and everyone within reach whose kept
 * candidates they would now enter. Reads only the people within reach of those (boxes of
 * coordinates).
 */
export async function recomputeAround(
  io: MatchingData,
  orgId: string,
  programmeId: string,
  person: PersonRef,
): Promise<RecomputeResult> {
  const t0 = performance.now();
  const { store, clock } = io.deps;
  const snapshotAt = clock.now();
  const programme = await store.programmes.get(orgId, programmeId);
  const radius = programme.rules.maxDistanceKm;
  const active = { programmeIds: programmeId, status: 'active' } as const;
  const matchable = (p: Volunteer | Beneficiary | null) =>
    p !== null && p.status === 'active' && p.programmeIds.includes(programmeId);

  let affected: Beneficiary[];
  /** Places around which volunteers may rank among the affected beneficiaries' best. */
  let around: Beneficiary[][];
  if ('beneficiaryId' in person) {
    const b = await store.beneficiaries.find(orgId, person.beneficiaryId);
    affected = b ? [b] : [];
    around = [affected];
  } else {
    const held = await store.proposals.heldBy(orgId, programmeId, person.volunteerId);
    const before = (await Promise.all(held.map((id) => store.beneficiaries.find(orgId, id)))).filter(
      (b): b is Beneficiary => b !== null,
    );
    const volunteer = await store.volunteers.find(orgId, person.volunteerId);
    let reached: Beneficiary[] = [];
    if (volunteer && matchable(volunteer)) {
      // A beneficiary whose radius a mediator widened may be reached beyond the programme's.
      const box = reachBox([volunteer.place.location], volunteer.maxDistanceKm)!;
      const near = await io.waiting(orgId, await store.beneficiaries.listInBox(orgId, active, box), false);
      const { input } = await io.input(orgId, programme, [volunteer], near, snapshotAt, false);
      // Only the beneficiaries whose kept candidates they would now enter change.
      const offered = offers(input);
      const kept = await store.proposals.currentSets(orgId, programmeId, [...new Set([...offered.keys(), ...held])]);
      reached = near.filter((b) =>
        enters(offered.get(b.id), volunteer.id, kept.get(b.id)?.proposals ?? [], programme.rules.topK),
      );
    }
    const ids = new Set(reached.map((b) => b.id));
    affected = [...reached, ...before.filter((b) => !ids.has(b.id))];
    around = [reached, before.filter((b) => !ids.has(b.id))];
  }

  const waiting = await io.waiting(orgId, affected.filter(matchable), false);
  const volunteers = await io.volunteersNear(
    orgId,
    active,
    around.map((group) => {
      const reached = group.filter((b) => waiting.includes(b));
      return reachBox(
        reached.map((b) => b.place.location),
        Math.max(radius, ...reached.map((b) => b.searchRadiusKm ?? 0)),
      );
    }),
  );
  const { input, versions } = await io.input(orgId, programme, volunteers, waiting, snapshotAt, false);
  for (const b of affected) versions.set(b.id, b.version);
  const result = rank(input, { today: input.referenceDate! });

  // Each affected beneficiary gets this computation's set, unless theirs comes from newer data.
  const drafts = io.drafts(input, result.candidates, versions);
  const written = await io.publish(
    orgId,
    programmeId,
    affected.map((b) => b.id),
    drafts,
    snapshotAt,
    versions,
  );
  return {
    programmeId,
    volunteers: input.volunteers.length,
    beneficiaries: input.beneficiaries.length,
    feasiblePairs: result.feasiblePairs,
    proposals: written,
    unmatched: result.unmatched.length,
    elapsedMs: Math.round(performance.now() - t0),
  };
}
