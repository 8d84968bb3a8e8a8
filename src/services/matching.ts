import { randomUUID } from 'node:crypto';
import {
  assign,
  explainCandidate,
  explainUnmatched,
  LOCALES,
  rank,
  type Beneficiary as ScoredBeneficiary,
  type Candidate,
  type ProgrammeRules,
  type RankInput,
  type Unmatched,
  type Volunteer as ScoredVolunteer,
} from '../../scoring/index.js';
import {
  dayOf,
  freeTandems,
  type Beneficiary,
  type Programme,
  type Proposal,
  type RecordMetaKey,
  type Volunteer,
} from '../domain/index.js';
import type { RegionSlice } from '../jobs/queue.js';
import type { Box, Clock, Records, Store, Where } from '../store/ports.js';
import { overlaps, reachBox, sliceByLongitude } from './regions.js';

export interface RecomputeResult {
  programmeId: string;
  volunteers: number;
  beneficiaries: number;
  /** Feasible (volunteer, beneficiary) pairs found; the best topK of each beneficiary's are kept as proposals. */
  feasiblePairs: number;
  proposals: number;
  /** Pairs in the optimal assignment over the new proposals (a full recompute only). */
  pairs?: number;
  /** Beneficiaries left without any feasible volunteer. */
  unmatched: number;
  elapsedMs: number;
}

export interface ProgrammePlan {
  programmeId: string;
  /** The proposals chosen by the optimal assignment, by beneficiary. */
  pairs: Proposal[];
  totalScore: number;
  /** Waiting beneficiaries of the programme that the plan leaves without a pair. */
  unpaired: number;
}

/** A proposal before it is stored: the scored pair, its explanations and the versions it was computed from. */
export type ProposalDraft = Omit<Proposal, RecordMetaKey | 'programmeId' | 'computedAt' | 'runId' | 'supersededAt'>;

/** What ranking one region of a programme gives, for the step that writes the run (plain JSON: it may travel through Redis). */
export interface RegionPart {
  index: number;
  /** When its people were read. */
  snapshotAt: string;
  drafts: ProposalDraft[];
  /** The volunteers with a free slot it ranked (its halo included), with their free slots. */
  volunteers: { id: string; capacity: number }[];
  /** The waiting beneficiaries of the region. */
  beneficiaries: string[];
  feasiblePairs: number;
  unmatched: number;
}

type PersonRef = { volunteerId: string } | { beneficiaryId: string };
type Versions = Map<string, number>;

/** Up to this many people, reservations are asked about by id; beyond, one pass over the organisation's is cheaper. */
const FEW = 500;

/**
 * Turns the store's people into the scoring core's input and its output into proposals. Only
 * active volunteers with a free slot and waiting beneficiaries (active, no open tandem) are
 * ranked; a volunteer's capacity in the core is what is left of it. Proposals carry the versions
 * of both people and the time their data was read (`computedAt`): a computation never replaces
 * proposals computed from newer data.
 */
export class MatchingService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** Ranks a whole programme and replaces its current proposals. */
  async recomputeProgramme(
    orgId: string,
    programmeId: string,
    opts: { runId?: string; onProgress?: (fraction: number) => void } = {},
  ): Promise<RecomputeResult> {
    const t0 = performance.now();
    const part = await this.rankRegion(orgId, programmeId, undefined, opts.onProgress);
    return {
      ...(await this.writeRun(orgId, programmeId, [part], opts.runId)),
      elapsedMs: Math.round(performance.now() - t0),
    };
  }

  /**
   * Longitude slices of the programme's waiting beneficiaries for a run split across workers
   * (see rankRegion, writeRun); fewer than `n` when there are too few distinct places.
   */
  async regions(orgId: string, programmeId: string, n: number): Promise<RegionSlice[]> {
    const { store } = this.deps;
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
  async rankRegion(
    orgId: string,
    programmeId: string,
    slice?: RegionSlice,
    onProgress?: (fraction: number) => void,
  ): Promise<RegionPart> {
    const { store, clock } = this.deps;
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
    const waiting = await this.waiting(orgId, beneficiaries, !slice);
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
    const { input, versions } = await this.input(orgId, programme, volunteers, waiting, snapshotAt, !slice);
    const result = rank(input, {
      today: input.referenceDate!,
      onProgress: (done, total) => onProgress?.(total ? done / total : 1),
    });
    return {
      index: slice?.index ?? 0,
      snapshotAt: snapshotAt.toISOString(),
      drafts: this.drafts(input, result.candidates, versions),
      volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
      beneficiaries: input.beneficiaries.map((b) => b.id),
      feasiblePairs: result.feasiblePairs,
      unmatched: result.unmatched.length,
    };
  }

  /**
   * Replaces the programme's current proposals by those of a run's parts (a beneficiary found in
   * two parts, having moved meanwhile, counts once), except for beneficiaries whose proposals were
   * computed after the parts' data was read. Safe to run again for the same run: what an
   * interrupted try wrote is removed first.
   */
  async writeRun(orgId: string, programmeId: string, parts: RegionPart[], runId?: string): Promise<RecomputeResult> {
    const t0 = performance.now();
    const { store, clock } = this.deps;
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
    const newer = new Set(
      (await store.proposals.listComputedAfter(orgId, programmeId, snapshot)).map((p) => p.beneficiaryId),
    );
    if (runId) await store.proposals.deleteForRun(orgId, runId);
    await store.proposals.supersede(orgId, programmeId, {}, clock.now(), snapshot);
    const kept = drafts.filter((d) => !newer.has(d.beneficiaryId));
    await this.insert(orgId, programmeId, kept, snapshot, runId);
    return {
      programmeId,
      volunteers: free.size,
      beneficiaries: owner.size,
      feasiblePairs: ordered.reduce((n, p) => n + p.feasiblePairs, 0),
      proposals: kept.length,
      pairs: assignment.pairs.length,
      unmatched: ordered.reduce((n, p) => n + p.unmatched, 0),
      elapsedMs: Math.round(performance.now() - t0),
    };
  }

  /**
   * Re-ranks the beneficiaries a changed person can affect: for a beneficiary, themselves; for a
   * volunteer, everyone who held a proposal with them and everyone within reach whose kept
   * candidates they would now enter. Reads only the people within reach of those (boxes of
   * coordinates).
   */
  async recomputeAround(orgId: string, programmeId: string, person: PersonRef): Promise<RecomputeResult> {
    const t0 = performance.now();
    const { store, clock } = this.deps;
    const snapshotAt = clock.now();
    const programme = await store.programmes.get(orgId, programmeId);
    const radius = programme.rules.maxDistanceKm;
    const active = { programmeIds: programmeId, status: 'active' } as const;
    const matchable = (p: Volunteer | Beneficiary | null) =>
      p !== null && p.status === 'active' && p.programmeIds.includes(programmeId);

    let affected: Beneficiary[];
    /** Current proposals already read, by beneficiary (each read of proposals is a scan on FerretDB). */
    let known: Map<string, Proposal[]> | undefined;
    /** Places around which volunteers may rank among the affected beneficiaries' best. */
    let around: Beneficiary[][];
    if ('beneficiaryId' in person) {
      const b = await store.beneficiaries.find(orgId, person.beneficiaryId);
      affected = b ? [b] : [];
      around = [affected];
    } else {
      const previous = await store.proposals.listForVolunteer(orgId, person.volunteerId);
      const held = [...new Set(previous.filter((p) => p.programmeId === programmeId).map((p) => p.beneficiaryId))];
      const before = (await Promise.all(held.map((id) => store.beneficiaries.find(orgId, id)))).filter(
        (b): b is Beneficiary => b !== null,
      );
      const volunteer = await store.volunteers.find(orgId, person.volunteerId);
      let reached: Beneficiary[] = [];
      if (volunteer && matchable(volunteer)) {
        const box = reachBox([volunteer.place.location], Math.min(radius, volunteer.maxDistanceKm))!;
        const near = await this.waiting(orgId, await store.beneficiaries.listInBox(orgId, active, box), false);
        const { input } = await this.input(orgId, programme, [volunteer], near, snapshotAt, false);
        // Where they would now stand with each beneficiary within reach: only those whose kept
        // candidates they would enter change.
        const offers = new Map(
          rank(
            { ...input, programme: { ...input.programme, topK: 1 } },
            { today: input.referenceDate! },
          ).candidates.map((c) => [c.beneficiaryId, c.score]),
        );
        const kept = (known = await this.currentProposals(orgId, programmeId, [
          ...new Set([...offers.keys(), ...held]),
        ]));
        const enters = (b: Beneficiary) => {
          const score = offers.get(b.id);
          if (score === undefined) return false;
          const list = kept.get(b.id) ?? [];
          if (list.length < programme.rules.topK) return true;
          const last = list.reduce((worst, p) => (p.rank > worst.rank ? p : worst));
          return score > last.score || (score === last.score && volunteer.id < last.volunteerId);
        };
        reached = near.filter(enters);
      }
      const ids = new Set(reached.map((b) => b.id));
      affected = [...reached, ...before.filter((b) => !ids.has(b.id))];
      around = [reached, before.filter((b) => !ids.has(b.id))];
    }

    const waiting = await this.waiting(orgId, affected.filter(matchable), false);
    const volunteers = await this.volunteersNear(
      orgId,
      active,
      around.map((group) =>
        reachBox(
          group.filter((b) => waiting.includes(b)).map((b) => b.place.location),
          radius,
        ),
      ),
    );
    const { input, versions } = await this.input(orgId, programme, volunteers, waiting, snapshotAt, false);
    for (const b of affected) versions.set(b.id, b.version);
    const result = rank(input, { today: input.referenceDate! });

    // The version check: a beneficiary whose current proposals come from newer data keeps them.
    const ids = affected.map((b) => b.id);
    const byBeneficiary = known ?? (await this.currentProposals(orgId, programmeId, ids));
    const current = ids.flatMap((id) => byBeneficiary.get(id) ?? []);
    const stale = new Set(
      current
        .filter(
          (p) =>
            p.computedAt > snapshotAt.toISOString() ||
            p.beneficiaryVersion > (versions.get(p.beneficiaryId) ?? Infinity) ||
            p.volunteerVersion > (versions.get(p.volunteerId) ?? Infinity),
        )
        .map((p) => p.beneficiaryId),
    );
    const fresh = ids.filter((id) => !stale.has(id));
    if (fresh.length)
      await store.proposals.supersede(orgId, programmeId, { beneficiaryIds: fresh }, clock.now(), snapshotAt);
    const drafts = this.drafts(input, result.candidates, versions).filter((d) => !stale.has(d.beneficiaryId));
    await this.insert(orgId, programmeId, drafts, snapshotAt);
    return {
      programmeId,
      volunteers: input.volunteers.length,
      beneficiaries: input.beneficiaries.length,
      feasiblePairs: result.feasiblePairs,
      proposals: drafts.length,
      unmatched: result.unmatched.length,
      elapsedMs: Math.round(performance.now() - t0),
    };
  }

  /** The optimal assignment over the programme's current proposals and the slots still free. */
  async plan(orgId: string, programmeId: string): Promise<ProgrammePlan> {
    const { input } = await this.loadAll(orgId, programmeId);
    const proposals = await listAll(this.deps.store.proposals, orgId, { programmeId, supersededAt: null });
    const waiting = new Set(input.beneficiaries.map((b) => b.id));
    const free = new Map(input.volunteers.map((v) => [v.id, v.capacity]));
    const usable = proposals.filter((p) => waiting.has(p.beneficiaryId) && (free.get(p.volunteerId) ?? 0) > 0);
    const byPair = new Map(usable.map((p) => [`${p.volunteerId}\u0000${p.beneficiaryId}`, p]));
    const result = assign({
      volunteers: input.volunteers.map((v) => ({ id: v.id, capacity: v.capacity })),
      beneficiaries: input.beneficiaries.map((b) => ({ id: b.id })),
      edges: usable.map((p) => ({ volunteerId: p.volunteerId, beneficiaryId: p.beneficiaryId, score: p.score })),
    });
    return {
      programmeId,
      pairs: result.pairs.map((p) => byPair.get(`${p.volunteerId}\u0000${p.beneficiaryId}`)!),
      totalScore: result.totalScore,
      unpaired: waiting.size - result.pairs.length,
    };
  }

  /**
   * Why a waiting beneficiary has no feasible volunteer, in the three languages; null when they
   * have one (or are not waiting in this programme).
   */
  async whyUnmatched(
    orgId: string,
    programmeId: string,
    beneficiaryId: string,
  ): Promise<(Unmatched & { explanations: Record<(typeof LOCALES)[number], string> }) | null> {
    const { input } = await this.loadAll(orgId, programmeId);
    const scope = { ...input, beneficiaries: input.beneficiaries.filter((b) => b.id === beneficiaryId) };
    const u = rank(scope, { today: input.referenceDate! }).unmatched[0];
    if (!u) return null;
    return {
      ...u,
      explanations: Object.fromEntries(LOCALES.map((l) => [l, explainUnmatched(u, l)])) as Record<
        (typeof LOCALES)[number],
        string
      >,
    };
  }

  /**
   * How a waiting beneficiary's candidates would rank under other rules (a coordinator trying
   * weights before saving them): computed, never stored.
   */
  async preview(
    orgId: string,
    programmeId: string,
    beneficiaryId: string,
    rules: ProgrammeRules,
  ): Promise<Candidate[]> {
    const { input } = await this.loadAll(orgId, programmeId);
    const scope = {
      ...input,
      programme: rules,
      beneficiaries: input.beneficiaries.filter((b) => b.id === beneficiaryId),
    };
    return rank(scope, { today: input.referenceDate! }).candidates;
  }

  /** The current proposals of a programme for these beneficiaries, by beneficiary. */
  private async currentProposals(
    orgId: string,
    programmeId: string,
    beneficiaryIds: string[],
  ): Promise<Map<string, Proposal[]>> {
    const byBeneficiary = new Map<string, Proposal[]>();
    if (beneficiaryIds.length === 0) return byBeneficiary;
    for (const p of await this.deps.store.proposals.listCurrentFor(orgId, programmeId, beneficiaryIds)) {
      byBeneficiary.set(p.beneficiaryId, [...(byBeneficiary.get(p.beneficiaryId) ?? []), p]);
    }
    return byBeneficiary;
  }

  /** The whole programme's matchable people, as the scoring core takes them. */
  private async loadAll(orgId: string, programmeId: string) {
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
  private async waiting(orgId: string, beneficiaries: Beneficiary[], whole: boolean): Promise<Beneficiary[]> {
    if (beneficiaries.length === 0) return [];
    const open = await this.deps.store.reservations.openTandems(
      orgId,
      whole || beneficiaries.length > FEW ? undefined : beneficiaries.map((b) => b.id),
    );
    return beneficiaries.filter((b) => !open.has(b.id));
  }

  /** Active volunteers of the programme in any of the boxes, once each; overlapping boxes are read as one. */
  private async volunteersNear(
    orgId: string,
    where: Where<Volunteer>,
    boxes: (Box | undefined)[],
  ): Promise<Volunteer[]> {
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
  private async input(
    orgId: string,
    programme: Programme,
    volunteers: Volunteer[],
    beneficiaries: Beneficiary[],
    at: Date,
    whole: boolean,
  ): Promise<{ input: RankInput; versions: Versions }> {
    const used = volunteers.length
      ? await this.deps.store.reservations.unitsInUse(
          orgId,
          whole || volunteers.length > FEW ? undefined : volunteers.map((v) => v.id),
        )
      : new Map<string, number>();
    const versions: Versions = new Map([...volunteers, ...beneficiaries].map((p) => [p.id, p.version]));
    const input: RankInput = {
      programme: programme.rules,
      referenceDate: dayOf(at),
      volunteers: volunteers
        .map((v) => scoredVolunteer(v, freeTandems(v, used.get(v.id) ?? 0, programme)))
        .filter((v) => v.capacity > 0),
      beneficiaries: beneficiaries.map(scoredBeneficiary),
    };
    return { input, versions };
  }

  private drafts(
    input: RankInput,
    candidates: ReturnType<typeof rank>['candidates'],
    versions: Versions,
  ): ProposalDraft[] {
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

  /** Stores drafts as current proposals computed from data read at `computedAt`. */
  private async insert(
    orgId: string,
    programmeId: string,
    drafts: ProposalDraft[],
    computedAt: Date,
    runId?: string,
  ): Promise<void> {
    if (drafts.length === 0) return;
    const stamp = this.deps.clock.now().toISOString();
    const computed = computedAt.toISOString();
    await this.deps.store.proposals.insertMany(
      drafts.map((d) => ({
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
      })),
    );
  }
}

function scoredVolunteer(v: Volunteer, freeSlots: number): ScoredVolunteer {
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

function scoredBeneficiary(b: Beneficiary): ScoredBeneficiary {
  return {
    id: b.id,
    location: b.place.location,
    ...(b.preferences.maxDistanceKm !== undefined ? { maxDistanceKm: b.preferences.maxDistanceKm } : {}),
    languages: b.languages,
    needs: b.needs,
    availability: b.availability,
    waitingSince: b.waitingSince,
    ...(b.preferences.volunteerGender ? { volunteerGender: b.preferences.volunteerGender } : {}),
    excludedVolunteerIds: b.excludedVolunteerIds,
    ...(b.age !== undefined ? { age: b.age } : {}),
  };
}

const PAGE = 1000;

/** Every record matching `where`, page by page (the ports cap a page at 1000). */
export async function listAll<T extends { id: string; orgId: string; version: number }>(
  repo: Records<T>,
  orgId: string,
  where: Where<T>,
): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await repo.list(orgId, where, { limit: PAGE, skip });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}
