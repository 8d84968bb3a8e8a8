/**
 * Read-only views over a programme: the optimal plan, why someone has no candidate, the volunteers
 * just outside the rules for them, a preview under other rules.
 */
import {
  assign,
  explainUnmatched,
  haversineKm,
  LOCALES,
  nearMisses as oneRuleAway,
  rank,
  type Candidate,
  type NearMiss,
  type ProgrammeRules,
  type Unmatched,
} from '../../../scoring/index.js';
import { dayOf, freeTandems } from '../../domain/index.js';
import { listAll } from '../../store/paging.js';
import { scoredBeneficiary, scoredVolunteer, type MatchingData } from './input.js';
import type { ProgrammePlan } from './types.js';

/** The optimal assignment over the programme's current proposals and the slots still free. */
export async function plan(io: MatchingData, orgId: string, programmeId: string): Promise<ProgrammePlan> {
  const { input } = await io.loadAll(orgId, programmeId);
  const proposals = await io.deps.store.proposals.listCurrent(orgId, { programmeId });
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
export async function whyUnmatched(
  io: MatchingData,
  orgId: string,
  programmeId: string,
  beneficiaryId: string,
): Promise<(Unmatched & { explanations: Record<(typeof LOCALES)[number], string> }) | null> {
  const { input, full } = await io.loadAll(orgId, programmeId);
  const scope = { ...input, beneficiaries: input.beneficiaries.filter((b) => b.id === beneficiaryId) };
  const found = rank(scope, { today: input.referenceDate! }).unmatched[0];
  const b = scope.beneficiaries[0];
  if (!found || !b) return null;
  // Volunteers within reach who are full never reach the core: "1 volunteer within 15 km, none
  // with room for one more" says more than "no volunteer within 15 km".
  const fullNear = full.filter((v) => haversineKm(v.location, b.location) <= found.radiusKm);
  const { nearestKm: _nearest, ...inReach } = found;
  const u: Unmatched = fullNear.length
    ? {
        ...(found.nearby === 0 ? inReach : found),
        nearby: found.nearby + fullNear.length,
        excludedBy: { ...found.excludedBy, capacity: (found.excludedBy.capacity ?? 0) + fullNear.length },
      }
    : found;
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
export async function preview(
  io: MatchingData,
  orgId: string,
  programmeId: string,
  beneficiaryId: string,
  rules: ProgrammeRules,
): Promise<Candidate[]> {
  const { input } = await io.loadAll(orgId, programmeId);
  const scope = {
    ...input,
    programme: rules,
    beneficiaries: input.beneficiaries.filter((b) => b.id === beneficiaryId),
  };
  return rank(scope, { today: input.referenceDate! }).candidates;
}

/**
 * The volunteers of a programme one hard rule away from a beneficiary, with that rule (a full
 * volunteer's is `capacity`): who a mediator might pair by hand, or ask to widen a limit.
 */
export async function nearMisses(
  io: MatchingData,
  orgId: string,
  programmeId: string,
  beneficiaryId: string,
): Promise<NearMiss[]> {
  const { store, clock } = io.deps;
  const [programme, beneficiary, volunteers] = await Promise.all([
    store.programmes.get(orgId, programmeId),
    store.beneficiaries.get(orgId, beneficiaryId),
    listAll(store.volunteers, orgId, { programmeIds: programmeId, status: 'active' }),
  ]);
  const used = volunteers.length ? await store.reservations.unitsInUse(orgId) : new Map<string, number>();
  const today = dayOf(clock.now());
  return oneRuleAway(
    {
      programme: programme.rules,
      referenceDate: today,
      volunteers: volunteers.map((v) => scoredVolunteer(v, freeTandems(v, used.get(v.id) ?? 0, programme))),
      beneficiaries: [scoredBeneficiary(beneficiary)],
    },
    beneficiaryId,
    today,
  );
}
