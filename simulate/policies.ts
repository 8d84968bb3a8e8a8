/**
 * The ways of choosing this week's pairs that the simulator compares. Each gets the same
 * waiting list (longest wait first), the volunteers with a free slot (capacity = free slots) and
 * the number of pairs the mediators can handle, and respects the programme's hard rules.
 *
 * - hand: longest-waiting first, each gets the nearest free volunteer who shares a language
 *   (when the programme does not require one and nobody shares, the nearest), as a mediator does
 *   with a list. The list shows places, languages, gender preferences, age ranges, earlier
 *   pairs that failed and the days each person is free, so those rules hold and the two share a
 *   free day; it does not intersect two weekly schedules hour by hour, so the minimum time in
 *   common is not checked (a pair without it finds no time to meet at the first meeting).
 * - greedy: the best-scored pair first, then the next best among the people still free; ties go
 *   to whoever came first.
 * - plan: tandem's optimal plan (the real scoring and solver), its pairs taken longest wait first,
 *   as the plan page lists them.
 * - fair: the same with the programme's wait limit set (`maxWaitDays`).
 */
import { plan, rank, type Candidate, type RankInput } from '../scoring/index.js';
import type { PolicyName } from './parameters.js';

export interface PolicyInput {
  input: RankInput;
  /** Beneficiary ids, longest wait first (ties by arrival). */
  order: readonly string[];
  /** At most this many pairs. */
  limit: number;
  /** For `fair`: the wait limit in days. */
  waitLimitDays: number;
}

/** Enough candidates per beneficiary to see every feasible volunteer of these small programmes. */
const ALL = 1000;

export function choose(policy: PolicyName, p: PolicyInput): Candidate[] {
  if (p.limit <= 0 || p.input.beneficiaries.length === 0 || p.input.volunteers.length === 0) return [];
  switch (policy) {
    case 'hand':
      return byHand(p);
    case 'greedy':
      return greedy(p);
    case 'plan':
      return optimal(p, p.input);
    case 'fair':
      return optimal(p, { ...p.input, programme: { ...p.input.programme, maxWaitDays: p.waitLimitDays } });
  }
}

function allCandidates(input: RankInput, today: string): Candidate[] {
  return rank({ ...input, programme: { ...input.programme, topK: ALL } }, { today }).candidates;
}

function slotsOf(input: RankInput): Map<string, number> {
  return new Map(input.volunteers.map((v) => [v.id, v.capacity]));
}

export function byHand(p: PolicyInput): Candidate[] {
  const { input, order, limit } = p;
  const byBeneficiary = new Map<string, Candidate[]>();
  const asListed = { ...input, programme: { ...input.programme, minOverlapMinutes: 0 } };
  const days = (slots: readonly { day: string }[]) => new Set(slots.map((x) => x.day));
  const vDays = new Map(input.volunteers.map((v) => [v.id, days(v.availability)]));
  const bDays = new Map(input.beneficiaries.map((b) => [b.id, days(b.availability)]));
  const shareADay = (c: Candidate) => [...bDays.get(c.beneficiaryId)!].some((d) => vDays.get(c.volunteerId)!.has(d));
  for (const c of allCandidates(asListed, input.referenceDate!))
    if (shareADay(c))
      (byBeneficiary.get(c.beneficiaryId) ?? byBeneficiary.set(c.beneficiaryId, []).get(c.beneficiaryId)!).push(c);
  const slots = slotsOf(input);
  const chosen: Candidate[] = [];
  for (const id of order) {
    if (chosen.length === limit) break;
    const free = (byBeneficiary.get(id) ?? []).filter((c) => slots.get(c.volunteerId)! > 0);
    const sharing = free.filter((c) => c.commonLanguages.length > 0);
    const pool = sharing.length > 0 ? sharing : input.programme.requireCommonLanguage ? [] : free;
    const nearest = pool.reduce<Candidate | undefined>(
      (best, c) =>
        !best ||
        c.distanceKm < best.distanceKm ||
        (c.distanceKm === best.distanceKm && c.volunteerId < best.volunteerId)
          ? c
          : best,
      undefined,
    );
    if (!nearest) continue;
    slots.set(nearest.volunteerId, slots.get(nearest.volunteerId)! - 1);
    chosen.push(nearest);
  }
  return chosen;
}

function greedy(p: PolicyInput): Candidate[] {
  const { input, order, limit } = p;
  const position = new Map(order.map((id, i) => [id, i]));
  const edges = allCandidates(input, input.referenceDate!).sort(
    (a, b) =>
      b.score - a.score ||
      position.get(a.beneficiaryId)! - position.get(b.beneficiaryId)! ||
      (a.volunteerId < b.volunteerId ? -1 : 1),
  );
  const slots = slotsOf(input);
  const paired = new Set<string>();
  const chosen: Candidate[] = [];
  for (const c of edges) {
    if (chosen.length === limit) break;
    if (paired.has(c.beneficiaryId) || slots.get(c.volunteerId)! <= 0) continue;
    paired.add(c.beneficiaryId);
    slots.set(c.volunteerId, slots.get(c.volunteerId)! - 1);
    chosen.push(c);
  }
  return chosen;
}

function optimal(p: PolicyInput, input: RankInput): Candidate[] {
  const result = plan(input, { today: input.referenceDate! });
  const byPair = new Map(result.candidates.map((c) => [`${c.volunteerId}\u0000${c.beneficiaryId}`, c]));
  const position = new Map(p.order.map((id, i) => [id, i]));
  return result.pairs
    .map((pair) => byPair.get(`${pair.volunteerId}\u0000${pair.beneficiaryId}`)!)
    .sort((a, b) => position.get(a.beneficiaryId)! - position.get(b.beneficiaryId)!)
    .slice(0, p.limit);
}
