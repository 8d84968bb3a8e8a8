import { randomUUID } from 'node:crypto';
import {
  assign,
  explainCandidate,
  explainUnmatched,
  LOCALES,
  plan as planPairs,
  rank,
  type Beneficiary as ScoredBeneficiary,
  type Candidate,
  type RankInput,
  type Unmatched,
  type Volunteer as ScoredVolunteer,
} from '../../scoring/index.js';
import { dayOf, type Beneficiary, type Programme, type Proposal, type Volunteer } from '../domain/index.js';
import type { Clock, Records, Store, Where } from '../store/ports.js';

export interface RecomputeResult {
  programmeId: string;
  volunteers: number;
  beneficiaries: number;
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

type PersonRef = { volunteerId: string } | { beneficiaryId: string };

/**
 * Turns the store's people into the scoring core's input and its output into proposals. Only
 * active volunteers with a free slot and waiting beneficiaries (active, no open tandem) are
 * ranked; a volunteer's capacity in the core is what is left of it.
 */
export class MatchingService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /** Ranks a whole programme and replaces its current proposals. */
  async recomputeProgramme(orgId: string, programmeId: string, opts: { runId?: string; onProgress?: (fraction: number) => void } = {}): Promise<RecomputeResult> {
    const t0 = performance.now();
    const { programme, input, versions } = await this.load(orgId, programmeId);
    const result = planPairs(input, { today: input.referenceDate!, onProgress: (done, total) => opts.onProgress?.(total ? done / total : 1) });
    await this.replace(orgId, programme, input, result.candidates, { beneficiaryIds: undefined }, versions, opts.runId);
    return {
      programmeId,
      volunteers: input.volunteers.length,
      beneficiaries: input.beneficiaries.length,
      proposals: result.candidates.length,
      pairs: result.pairs.length,
      unmatched: result.unmatched.length,
      elapsedMs: Math.round(performance.now() - t0),
    };
  }

  /**
   * Re-ranks the beneficiaries a changed person can affect: for a beneficiary, themselves; for a
   * volunteer, everyone who held a proposal with them and everyone within the programme's radius
   * of where they are now.
   */
  async recomputeAround(orgId: string, programmeId: string, person: PersonRef): Promise<RecomputeResult> {
    const t0 = performance.now();
    const { programme, input, versions } = await this.load(orgId, programmeId);
    let affected: Set<string>;
    if ('beneficiaryId' in person) affected = new Set([person.beneficiaryId]);
    else {
      const previous = await this.deps.store.proposals.listForVolunteer(orgId, person.volunteerId);
      affected = new Set(previous.filter((p) => p.programmeId === programmeId).map((p) => p.beneficiaryId));
      const volunteer = input.volunteers.find((v) => v.id === person.volunteerId);
      if (volunteer) {
        const reach = rank(
          { ...input, programme: { ...input.programme, topK: 1 }, volunteers: [volunteer] },
          { today: input.referenceDate! },
        );
        for (const c of reach.candidates) affected.add(c.beneficiaryId);
      }
    }
    const scope = { ...input, beneficiaries: input.beneficiaries.filter((b) => affected.has(b.id)) };
    const result = rank(scope, { today: input.referenceDate! });
    await this.replace(orgId, programme, scope, result.candidates, { beneficiaryIds: [...affected] }, versions);
    return {
      programmeId,
      volunteers: input.volunteers.length,
      beneficiaries: scope.beneficiaries.length,
      proposals: result.candidates.length,
      unmatched: result.unmatched.length,
      elapsedMs: Math.round(performance.now() - t0),
    };
  }

  /** The optimal assignment over the programme's current proposals and the slots still free. */
  async plan(orgId: string, programmeId: string): Promise<ProgrammePlan> {
    const { input } = await this.load(orgId, programmeId);
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
  async whyUnmatched(orgId: string, programmeId: string, beneficiaryId: string): Promise<(Unmatched & { explanations: Record<(typeof LOCALES)[number], string> }) | null> {
    const { input } = await this.load(orgId, programmeId);
    const scope = { ...input, beneficiaries: input.beneficiaries.filter((b) => b.id === beneficiaryId) };
    const u = rank(scope, { today: input.referenceDate! }).unmatched[0];
    if (!u) return null;
    return { ...u, explanations: Object.fromEntries(LOCALES.map((l) => [l, explainUnmatched(u, l)])) as Record<(typeof LOCALES)[number], string> };
  }

  /** The programme and its matchable people, as the scoring core takes them. */
  private async load(orgId: string, programmeId: string) {
    const { store, clock } = this.deps;
    const programme = await store.programmes.get(orgId, programmeId);
    const [volunteers, beneficiaries] = await Promise.all([
      listAll(store.volunteers, orgId, { programmeIds: programmeId, status: 'active' }),
      listAll(store.beneficiaries, orgId, { programmeIds: programmeId, status: 'active' }),
    ]);
    const [slots, open] = await Promise.all([store.reservations.slotsInUse(orgId), store.reservations.openTandems(orgId)]);
    const versions = new Map<string, number>([...volunteers, ...beneficiaries].map((p) => [p.id, p.version]));
    const input: RankInput = {
      programme: programme.rules,
      referenceDate: dayOf(clock.now()),
      volunteers: volunteers.map((v) => scoredVolunteer(v, v.capacity - (slots.get(v.id) ?? 0))).filter((v) => v.capacity > 0),
      beneficiaries: beneficiaries.filter((b) => !open.has(b.id)).map(scoredBeneficiary),
    };
    return { programme, input, versions };
  }

  /** Supersedes the current proposals of the people in scope, then stores the new ones. */
  private async replace(
    orgId: string,
    programme: Programme,
    input: RankInput,
    candidates: Candidate[],
    scope: { beneficiaryIds: string[] | undefined },
    versions: Map<string, number>,
    runId?: string,
  ): Promise<void> {
    const at = this.deps.clock.now();
    const stamp = at.toISOString();
    const needs = new Map(input.beneficiaries.map((b) => [b.id, b.needs]));
    const proposals: Proposal[] = candidates.map((c) => ({
      ...c,
      id: `pro_${randomUUID()}`,
      orgId,
      version: 1,
      createdAt: stamp,
      updatedAt: stamp,
      programmeId: programme.id,
      volunteerVersion: versions.get(c.volunteerId)!,
      beneficiaryVersion: versions.get(c.beneficiaryId)!,
      computedAt: stamp,
      ...(runId ? { runId } : {}),
      explanation: Object.fromEntries(LOCALES.map((l) => [l, explainCandidate(c, needs.get(c.beneficiaryId)!, l)])) as Proposal['explanation'],
      supersededAt: null,
    }));
    await this.deps.store.proposals.supersede(orgId, programme.id, scope.beneficiaryIds ? { beneficiaryIds: scope.beneficiaryIds } : {}, at);
    if (proposals.length) await this.deps.store.proposals.insertMany(proposals);
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
export async function listAll<T extends { id: string; orgId: string; version: number }>(repo: Records<T>, orgId: string, where: Where<T>): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await repo.list(orgId, where, { limit: PAGE, skip });
    out.push(...page);
    if (page.length < PAGE) return out;
  }
}
