/**
 * Between the store and the scoring core: which people are matchable (active, with a free slot,
 * without an open tandem), their scoring-core form, and proposals back into the store. Proposals
 * carry the versions of both people and the time their data was read (`computedAt`).
 */
import { randomUUID } from 'node:crypto';
import {
  explainCandidate,
  LOCALES,
  type rank,
  type Beneficiary as ScoredBeneficiary,
  type RankInput,
  type Volunteer as ScoredVolunteer,
} from '../../../scoring/index.js';
import {
  dayOf,
  freeTandems,
  type Beneficiary,
  type Programme,
  type Proposal,
  type Volunteer,
} from '../../domain/index.js';
import { listAll } from '../../store/paging.js';
import type { Box, Clock, ProposalSet, Store, Where } from '../../store/ports.js';
import { overlaps } from '../regions.js';
import type { ProposalDraft } from './types.js';

export type Versions = Map<string, number>;

/** Up to this many people, reservations are asked about by id; beyond, one pass over the organisation's is cheaper. */
const FEW = 500;

/** The reads and writes every matching step shares. */
export class MatchingData {
  constructor(readonly deps: { store: Store; clock: Clock }) {}

  /** The whole programme's matchable people, as the scoring core takes them. */
  async loadAll(orgId: string, programmeId: string) {
    const { store, clock } = this.deps;
    const programme = await store.programmes.get(orgId, programmeId);
    const active = { programmeIds: programmeId, status: 'active' } as const;
    const [volunteers, beneficiaries] = await Promise.all([
      listAll(store.volunteers, orgId, active),
      listAll(store.beneficiaries, orgId, active),
    ]);
    return this.input(orgId, programme, volunteers, await this.waiting(orgId, beneficiaries, true), clock.now(), true);
  }

  /** Those of `beneficiaries` without an open tandem (`whole`: they are the whole programme). */
  async waiting(orgId: string, beneficiaries: Beneficiary[], whole: boolean): Promise<Beneficiary[]> {
    if (beneficiaries.length === 0) return [];
    const open = await this.deps.store.reservations.openTandems(
      orgId,
      whole || beneficiaries.length > FEW ? undefined : beneficiaries.map((b) => b.id),
    );
    return beneficiaries.filter((b) => !open.has(b.id));
  }

  /** Active volunteers of the programme in any of the boxes, once each; overlapping boxes are read as one. */
  async volunteersNear(orgId: string, where: Where<Volunteer>, boxes: (Box | undefined)[]): Promise<Volunteer[]> {
    const merged: Box[] = [];
    for (const box of boxes) {
      if (!box) continue;
      const i = merged.findIndex((m) => overlaps(m, box));
      if (i < 0) merged.push(box);
      else {
        const m = merged[i]!;
        merged[i] = {
          minLat: Math.min(m.minLat, box.minLat),
          maxLat: Math.max(m.maxLat, box.maxLat),
          minLon: Math.min(m.minLon, box.minLon),
          maxLon: Math.max(m.maxLon, box.maxLon),
        };
      }
    }
    const found = new Map<string, Volunteer>();
    for (const box of merged)
      for (const v of await this.deps.store.volunteers.listInBox(orgId, where, box)) found.set(v.id, v);
    return [...found.values()];
  }

  /** The scoring core's input for these people, with free slots (`whole`: they are the whole programme) and versions. */
  async input(
    orgId: string,
    programme: Programme,
    volunteers: Volunteer[],
    beneficiaries: Beneficiary[],
    at: Date,
    whole: boolean,
  ): Promise<{ input: RankInput; versions: Versions; full: ScoredVolunteer[] }> {
    const used = volunteers.length
      ? await this.deps.store.reservations.unitsInUse(
          orgId,
          whole || volunteers.length > FEW ? undefined : volunteers.map((v) => v.id),
        )
      : new Map<string, number>();
    const versions: Versions = new Map([...volunteers, ...beneficiaries].map((p) => [p.id, p.version]));
    const scored = volunteers.map((v) => scoredVolunteer(v, freeTandems(v, used.get(v.id) ?? 0, programme)));
    const input: RankInput = {
      programme: programme.rules,
      referenceDate: dayOf(at),
      volunteers: scored.filter((v) => v.capacity > 0),
      beneficiaries: beneficiaries.map(scoredBeneficiary),
    };
    // Those with no free place: not ranked, but a why-not counts them.
    return { input, versions, full: scored.filter((v) => v.capacity <= 0) };
  }

  drafts(input: RankInput, candidates: ReturnType<typeof rank>['candidates'], versions: Versions): ProposalDraft[] {
    const needs = new Map(input.beneficiaries.map((b) => [b.id, b.needs]));
    return candidates.map((c) => ({
      ...c,
      volunteerVersion: versions.get(c.volunteerId)!,
      beneficiaryVersion: versions.get(c.beneficiaryId)!,
      explanation: Object.fromEntries(
        LOCALES.map((l) => [l, explainCandidate(c, needs.get(c.beneficiaryId)!, l)]),
      ) as Proposal['explanation'],
    }));
  }

  /**
   * Makes the drafts of each of `beneficiaryIds` (none: an empty set) their current proposals,
   * computed from data read at `computedAt` with these `versions`, except where the current set
   * comes from newer data. Each set is one decision (see ProposalRepository.publish): a writer that
   * loses the race for a version looks again at what won. `current`: these beneficiaries' current
   * sets as the caller read them a moment ago, so that the first try reads nothing (read just
   * before: a set numbered from an older read may take a version already replaced and moved out,
   * go in, and be passed over at once as older than the current one). Returns how many proposals
   * it wrote.
   */
  async publish(
    orgId: string,
    programmeId: string,
    beneficiaryIds: readonly string[],
    drafts: ProposalDraft[],
    computedAt: Date,
    versions: Versions,
    { runId, current: known }: { runId?: string; current?: Map<string, ProposalSet> } = {},
  ): Promise<number> {
    const { store, clock } = this.deps;
    const stamp = clock.now().toISOString();
    const computed = computedAt.toISOString();
    const byBeneficiary = new Map<string, ProposalDraft[]>();
    for (const d of drafts) byBeneficiary.set(d.beneficiaryId, [...(byBeneficiary.get(d.beneficiaryId) ?? []), d]);
    const proposals = (id: string): Proposal[] =>
      (byBeneficiary.get(id) ?? []).map((d) => ({
        ...d,
        id: `pro_${randomUUID()}`,
        orgId,
        version: 1,
        createdAt: stamp,
        updatedAt: stamp,
        programmeId,
        computedAt: computed,
        ...(runId ? { runId } : {}),
        supersededAt: null,
      }));
    /** The current set comes from data newer than this computation's. */
    const newer = (set: ProposalSet) =>
      set.computedAt > computed ||
      set.proposals.some(
        (p) =>
          p.beneficiaryVersion > (versions.get(p.beneficiaryId) ?? Infinity) ||
          p.volunteerVersion > (versions.get(p.volunteerId) ?? Infinity),
      );
    let written = 0;
    let todo = [...new Set(beneficiaryIds)];
    for (let round = 0; round < PUBLISH_ROUNDS && todo.length; round++) {
      const current = (round === 0 && known) || (await store.proposals.currentSets(orgId, programmeId, todo));
      const sets: ProposalSet[] = [];
      const replacing: (ProposalSet | undefined)[] = [];
      for (const beneficiaryId of todo) {
        const set = current.get(beneficiaryId);
        const items = proposals(beneficiaryId);
        // Even an empty set is written: it says when the beneficiary was last computed (see reconcile.ts).
        if (set && newer(set)) continue;
        sets.push({
          orgId,
          programmeId,
          beneficiaryId,
          version: (set?.version ?? 0) + 1,
          computedAt: computed,
          ...(runId ? { runId } : {}),
          proposals: items,
        });
        replacing.push(set);
      }
      const won = await store.proposals.publish(sets, clock.now(), replacing);
      written += sets.reduce((n, s, i) => n + (won[i] ? s.proposals.length : 0), 0);
      todo = sets.filter((_, i) => !won[i]).map((s) => s.beneficiaryId);
    }
    return written;
  }
}

/** Times a computation looks again at a beneficiary whose set another one wrote meanwhile. */
const PUBLISH_ROUNDS = 5;

export function scoredVolunteer(v: Volunteer, freeSlots: number): ScoredVolunteer {
  return {
    id: v.id,
    location: v.place.location,
    maxDistanceKm: v.maxDistanceKm,
    languages: v.languages,
    skills: v.skills,
    availability: v.availability,
    capacity: Math.max(0, freeSlots),
    ...(v.gender ? { gender: v.gender } : {}),
    ...(v.ageRange ? { ageRange: v.ageRange } : {}),
  };
}

export function scoredBeneficiary(b: Beneficiary): ScoredBeneficiary {
  return {
    id: b.id,
    location: b.place.location,
    ...(b.preferences.maxDistanceKm !== undefined ? { maxDistanceKm: b.preferences.maxDistanceKm } : {}),
    ...(b.searchRadiusKm !== undefined ? { searchRadiusKm: b.searchRadiusKm } : {}),
    languages: b.languages,
    needs: b.needs,
    availability: b.availability,
    waitingSince: b.waitingSince,
    ...(b.preferences.volunteerGender ? { volunteerGender: b.preferences.volunteerGender } : {}),
    excludedVolunteerIds: b.excludedVolunteerIds,
    ...(b.age !== undefined ? { age: b.age } : {}),
  };
}
