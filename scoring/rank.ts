import { commonSlots } from './availability.js';
import {
  availabilityScore,
  combine,
  languageScore,
  matchedNeeds,
  normaliseWeights,
  proximityScore,
  round,
  skillsScore,
  waitingScore,
  WAITING_FULL_DAYS,
} from './criteria.js';
import { distanceKm, judge, newVerdict, searchRadius, sharesLanguage, speaks, type Verdict } from './feasibility.js';
import { EARTH_RADIUS_KM } from './geo.js';
import { prepareBeneficiary, Vocabulary, VolunteerTable, type PreparedBeneficiary } from './prepare.js';
import { SpatialIndex } from './spatial.js';
import { RULES, type Breakdown, type Candidate, type Rule, type Unmatched } from './schema/candidate.js';
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
  const table = new VolunteerTable(
    input.volunteers.filter((v) => v.capacity >= 1),
    vocab,
  );
  const index = new SpatialIndex(table.rows.map((v) => v.location));
  const weights = normaliseWeights(rules.weights);
  const target = rules.targetOverlapMinutes ?? Math.max(2 * rules.minOverlapMinutes, 120);
  const waitFull = rules.maxWaitDays ?? WAITING_FULL_DAYS;
  const verdict = newVerdict();
  const scratch = newBreakdown();

  const candidates: Candidate[] = [];
  const unmatched: Unmatched[] = [];
  let feasiblePairs = 0;
  const total = input.beneficiaries.length;
  input.beneficiaries.forEach((raw, bi) => {
    if (options.onProgress && bi % 1024 === 0) options.onProgress(bi, total);
    const b = prepareBeneficiary(raw, vocab, referenceDate);
    const radius = searchRadius(rules, b);
    const best = new TopK(rules.topK, table);
    for (const j of index.near(raw.location, radius)) {
      if (judge(rules, b, table, j, verdict).rule !== null) continue;
      feasiblePairs++;
      best.offer(combine(pairBreakdown(b, table, j, verdict, target, waitFull, scratch), weights), j);
    }
    if (best.size === 0) unmatched.push(counterfactual(rules, b, table, index));
    best.rows().forEach((j, i) => {
      judge(rules, b, table, j, verdict);
      candidates.push(candidateRecord(b, table, j, verdict, weights, target, waitFull, i + 1));
    });
  });
  options.onProgress?.(total, total);
  return { candidates, unmatched, feasiblePairs };
}

/** The breakdown of a feasible pair, written into `out` (no allocation: this runs for every feasible pair). */
function pairBreakdown(
  b: PreparedBeneficiary,
  t: VolunteerTable,
  j: number,
  verdict: Verdict,
  target: number,
  waitFull: number,
  out: Breakdown,
): Breakdown {
  out.proximity = proximityScore(verdict.distanceKm, verdict.radiusKm);
  out.skills = skillsScore(b.needs, t.skills[j]!);
  out.availability = availabilityScore(verdict.overlapMinutes, target);
  out.language = languageScore(sharesLanguage(b.langMask, t, j), speaks(t, j, b.firstLanguage));
  out.waiting = waitingScore(b.waitingDays, waitFull);
  return out;
}

function candidateRecord(
  b: PreparedBeneficiary,
  t: VolunteerTable,
  j: number,
  verdict: Verdict,
  weights: Breakdown,
  target: number,
  waitFull: number,
  rank: number,
): Candidate {
  const breakdown = pairBreakdown(b, t, j, verdict, target, waitFull, newBreakdown());
  const theirs = t.rows[j]!.languages;
  return {
    beneficiaryId: b.id,
    volunteerId: t.rows[j]!.id,
    rank,
    score: combine(breakdown, weights),
    distanceKm: roundKm(verdict.distanceKm),
    overlapMinutes: verdict.overlapMinutes,
    commonLanguages: b.source.languages.filter((l) => theirs.includes(l)),
    matchedNeeds: matchedNeeds(b.needs, t.skills[j]!),
    breakdown: {
      proximity: round(breakdown.proximity, 4),
      skills: round(breakdown.skills, 4),
      availability: round(breakdown.availability, 4),
      language: round(breakdown.language, 4),
      waiting: round(breakdown.waiting, 4),
    },
    commonSlots: commonSlots(b.availability, t.availability[j]!),
    waitingDays: b.waitingDays,
  };
}

function newBreakdown(): Breakdown {
  return { proximity: 0, skills: 0, availability: 0, language: 0, waiting: 0 };
}

/**
 * To the metre from 1 km on; below, to 4 significant digits, so that the shown distance stays
 * within the contract's 0.3 % of the haversine distance even for people a few metres apart.
 */
function roundKm(km: number): number {
  return km >= 1 ? round(km, 3) : Number(km.toPrecision(4));
}

/**
 * For a beneficiary with no feasible volunteer: which rule excluded the volunteers within their
 * radius, or, when there are none, how far the nearest one is.
 */
function counterfactual(
  rules: ProgrammeRules,
  b: PreparedBeneficiary,
  t: VolunteerTable,
  index: SpatialIndex,
): Unmatched {
  const radiusKm = searchRadius(rules, b);
  const counts: Partial<Record<Rule, number>> = {};
  const verdict = newVerdict();
  let nearby = 0;
  for (const j of index.near(b.source.location, radiusKm)) {
    if (distanceKm(b, t, j) > radiusKm) continue;
    const rule = judge(rules, b, t, j, verdict).rule;
    if (rule === null) continue;
    nearby++;
    counts[rule] = (counts[rule] ?? 0) + 1;
  }
  // Keys in RULES order, not visiting order, so the record does not depend on the input order.
  const excludedBy: Partial<Record<Rule, number>> = {};
  for (const rule of RULES) if (counts[rule]) excludedBy[rule] = counts[rule];
  const out: Unmatched = { beneficiaryId: b.id, radiusKm: round(radiusKm, 3), nearby, excludedBy };
  if (nearby === 0) {
    const nearest = nearestKm(b, t, index, radiusKm);
    if (nearest !== undefined) out.nearestKm = round(nearest, 3);
  }
  return out;
}

/** Widens the search ring by doubling until a volunteer turns up (or the whole sphere is searched). */
function nearestKm(b: PreparedBeneficiary, t: VolunteerTable, index: SpatialIndex, fromKm: number): number | undefined {
  for (let r = Math.max(fromKm, 1) * 2; ; r *= 2) {
    let best = Infinity;
    for (const j of index.near(b.source.location, Math.min(r, MAX_SEARCH_KM))) {
      const d = distanceKm(b, t, j);
      if (d <= r) best = Math.min(best, d);
    }
    if (best < Infinity) return best;
    if (r >= MAX_SEARCH_KM) return undefined;
  }
}

/** The k best rows (score descending, then volunteer id ascending), in a small sorted array. */
class TopK {
  private readonly scores: number[] = [];
  private readonly items: number[] = [];
  constructor(
    private readonly k: number,
    private readonly t: VolunteerTable,
  ) {}

  get size(): number {
    return this.items.length;
  }

  offer(score: number, j: number): void {
    const { scores, items } = this;
    const last = items.length - 1;
    if (items.length === this.k && !this.before(score, j, last)) return;
    let i = items.length < this.k ? items.length : last;
    while (i > 0 && this.before(score, j, i - 1)) {
      scores[i] = scores[i - 1]!;
      items[i] = items[i - 1]!;
      i--;
    }
    scores[i] = score;
    items[i] = j;
  }

  rows(): readonly number[] {
    return this.items;
  }

  private before(score: number, j: number, at: number): boolean {
    const other = this.scores[at]!;
    return score > other || (score === other && this.t.rows[j]!.id < this.t.rows[this.items[at]!]!.id);
  }
}
