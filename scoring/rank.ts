import { commonSlots } from './availability.js';
import {
  availabilityScore,
  combine,
  languageScore,
  normaliseWeights,
  proximityScore,
  round,
  skillsScore,
  waitingScore,
} from './criteria.js';
import { judge, newVerdict, type Verdict } from './feasibility.js';
import { EARTH_RADIUS_KM, haversineRad } from './geo.js';
import { prepareBeneficiary, prepareVolunteer, Vocabulary, type PreparedBeneficiary, type PreparedVolunteer } from './prepare.js';
import { SpatialIndex } from './spatial.js';
import type { Breakdown, Candidate, Rule, Unmatched } from './schema/candidate.js';
import type { RankInput } from './schema/instance.js';
import type { ProgrammeRules } from './schema/programme.js';

export interface RankOptions {
  /** "Today", for waiting time, when the input gives no referenceDate. */
  today: string;
  /** Called now and then with the share of beneficiaries done, for progress displays. */
  onProgress?: (done: number, total: number) => void;
}

export interface RankResult {
  candidates: Candidate[];
  unmatched: Unmatched[];
  feasiblePairs: number;
}

/** Half the Earth's circumference: no two points are farther apart. */
const MAX_SEARCH_KM = Math.PI * EARTH_RADIUS_KM;

/**
 * Ranks the feasible volunteers of every beneficiary and keeps the best `topK`. The spatial
 * index visits only volunteers within the beneficiary's radius; the hard rules run cheapest
 * first; only the kept candidates are turned into output records.
 */
export function rank(input: RankInput, options: RankOptions): RankResult {
  const rules = input.programme;
  const referenceDate = input.referenceDate ?? options.today;
  const vocab = new Vocabulary([...input.volunteers, ...input.beneficiaries].flatMap((p) => p.languages));
  const volunteers = input.volunteers.filter((v) => v.capacity >= 1).map((v) => prepareVolunteer(v, vocab));
  const index = new SpatialIndex(volunteers.map((v) => v.source.location));
  const weights = normaliseWeights(rules.weights);
  const target = rules.targetOverlapMinutes ?? Math.max(2 * rules.minOverlapMinutes, 120);
  const verdict = newVerdict();

  const candidates: Candidate[] = [];
  const unmatched: Unmatched[] = [];
  let feasiblePairs = 0;
  const total = input.beneficiaries.length;
  input.beneficiaries.forEach((raw, bi) => {
    if (options.onProgress && bi % 1024 === 0) options.onProgress(bi, total);
    const b = prepareBeneficiary(raw, vocab, referenceDate);
    const radius = Math.min(rules.maxDistanceKm, b.radiusKm);
    const best = new TopK(rules.topK);
    for (const j of index.near(raw.location, radius)) {
      const v = volunteers[j]!;
      if (judge(rules, b, v, verdict).rule !== null) continue;
      feasiblePairs++;
      best.offer(scorePair(b, v, verdict, weights, target).score, v);
    }
    if (best.size === 0) unmatched.push(counterfactual(rules, b, volunteers, index));
    best.sorted().forEach(([, v], i) => {
      judge(rules, b, v, verdict);
      candidates.push(candidateRecord(b, v, verdict, weights, target, i + 1));
    });
  });
  options.onProgress?.(total, total);
  return { candidates, unmatched, feasiblePairs };
}

function scorePair(b: PreparedBeneficiary, v: PreparedVolunteer, verdict: Verdict, weights: Breakdown, target: number) {
  const skills = skillsScore(b.needs, (need) => v.skills.has(need));
  const common = b.languages.filter((l) => v.languages.includes(l));
  const breakdown: Breakdown = {
    proximity: proximityScore(verdict.distanceKm, verdict.radiusKm),
    skills: skills.score,
    availability: availabilityScore(verdict.overlapMinutes, target),
    language: languageScore(common.length, common[0] !== undefined && common[0] === b.languages[0]),
    waiting: waitingScore(b.waitingDays),
  };
  return { score: combine(breakdown, weights), breakdown, matchedNeeds: skills.matched, commonLanguages: common };
}

function candidateRecord(
  b: PreparedBeneficiary,
  v: PreparedVolunteer,
  verdict: Verdict,
  weights: Breakdown,
  target: number,
  rank: number,
): Candidate {
  const s = scorePair(b, v, verdict, weights, target);
  return {
    beneficiaryId: b.id,
    volunteerId: v.id,
    rank,
    score: s.score,
    distanceKm: round(verdict.distanceKm, 3),
    overlapMinutes: verdict.overlapMinutes,
    commonLanguages: s.commonLanguages,
    matchedNeeds: s.matchedNeeds,
    breakdown: {
      proximity: round(s.breakdown.proximity, 4),
      skills: round(s.breakdown.skills, 4),
      availability: round(s.breakdown.availability, 4),
      language: round(s.breakdown.language, 4),
      waiting: round(s.breakdown.waiting, 4),
    },
    commonSlots: commonSlots(b.availability, v.availability),
    waitingDays: b.waitingDays,
  };
}

/**
 * For a beneficiary with no feasible volunteer: which rule excluded the volunteers within their
 * radius, or, when there are none, how far the nearest one is.
 */
function counterfactual(rules: ProgrammeRules, b: PreparedBeneficiary, volunteers: readonly PreparedVolunteer[], index: SpatialIndex): Unmatched {
  const radiusKm = Math.min(rules.maxDistanceKm, b.radiusKm);
  const excludedBy: Partial<Record<Rule, number>> = {};
  const verdict = newVerdict();
  let nearby = 0;
  for (const j of index.near(b.source.location, radiusKm)) {
    const rule = judge(rules, b, volunteers[j]!, verdict).rule;
    if (verdict.distanceKm > radiusKm || rule === null) continue;
    nearby++;
    excludedBy[rule] = (excludedBy[rule] ?? 0) + 1;
  }
  const out: Unmatched = { beneficiaryId: b.id, radiusKm: round(radiusKm, 3), nearby, excludedBy };
  if (nearby === 0) {
    const nearest = nearestKm(b, volunteers, index, radiusKm);
    if (nearest !== undefined) out.nearestKm = round(nearest, 3);
  }
  return out;
}

/** Widens the search ring by doubling until a volunteer turns up (or the whole sphere is searched). */
function nearestKm(b: PreparedBeneficiary, volunteers: readonly PreparedVolunteer[], index: SpatialIndex, fromKm: number): number | undefined {
  for (let r = Math.max(fromKm, 1) * 2; ; r *= 2) {
    let best = Infinity;
    for (const j of index.near(b.source.location, Math.min(r, MAX_SEARCH_KM))) {
      const v = volunteers[j]!;
      const d = haversineRad(b.lat, b.lon, b.cosLat, v.lat, v.lon, v.cosLat);
      if (d <= r) best = Math.min(best, d);
    }
    if (best < Infinity) return best;
    if (r >= MAX_SEARCH_KM) return undefined;
  }
}

/** The k best (score descending, then volunteer id ascending), kept in a small sorted array. */
class TopK {
  private readonly items: [number, PreparedVolunteer][] = [];
  constructor(private readonly k: number) {}

  get size(): number {
    return this.items.length;
  }

  offer(score: number, v: PreparedVolunteer): void {
    const items = this.items;
    if (items.length === this.k && !before(score, v.id, items[items.length - 1]!)) return;
    let i = items.length;
    if (items.length < this.k) items.push([score, v]);
    else i = items.length - 1;
    while (i > 0 && before(score, v.id, items[i - 1]!)) {
      items[i] = items[i - 1]!;
      i--;
    }
    items[i] = [score, v];
  }

  sorted(): readonly [number, PreparedVolunteer][] {
    return this.items;
  }
}

function before(score: number, id: string, other: [number, PreparedVolunteer]): boolean {
  return score > other[0] || (score === other[0] && id < other[1].id);
}
