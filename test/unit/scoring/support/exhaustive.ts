/**
 * The ranking as it was before the best-first search, kept as the oracle the fast one must
 * match byte for byte: every volunteer with capacity is judged against every beneficiary by
 * the hard rules in their explanation order, every feasible pair is scored in full, the best
 * topK are kept; an unmatched beneficiary's nearest volunteer is found by doubling rings. It
 * shares the criteria, rules and explanations (scoring/criteria.ts, feasibility.ts), which
 * other tests check against the contract; what it re-states is the search and the records.
 * `referenceAssign` is `assign` as it was: objects sorted by id, then the solver.
 */
import { commonSlots } from '../../../../scoring/availability.js';
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
} from '../../../../scoring/criteria.js';
import {
  distanceKm,
  judge,
  newVerdict,
  searchRadius,
  sharesLanguage,
  speaks,
  type Verdict,
} from '../../../../scoring/feasibility.js';
import { EARTH_RADIUS_KM } from '../../../../scoring/geo.js';
import {
  prepareBeneficiary,
  Vocabulary,
  VolunteerTable,
  type PreparedBeneficiary,
} from '../../../../scoring/prepare.js';
import { solveMatching } from '../../../../scoring/solver.js';
import {
  RULES,
  type AssignInput,
  type Assignment,
  type Breakdown,
  type Candidate,
  type Pair,
  type ProgrammeRules,
  type RankInput,
  type RankResult,
  type Rule,
  type Unmatched,
} from '../../../../scoring/index.js';

const MAX_SEARCH_KM = Math.PI * EARTH_RADIUS_KM;

export function exhaustiveRank(input: RankInput, today: string): RankResult {
  const rules = input.programme;
  const referenceDate = input.referenceDate ?? today;
  const languages = new Vocabulary([...input.volunteers, ...input.beneficiaries].flatMap((p) => p.languages));
  const skills = new Vocabulary([
    ...input.volunteers.flatMap((v) => v.skills),
    ...input.beneficiaries.flatMap((b) => b.needs),
  ]);
  const table = new VolunteerTable(
    input.volunteers.filter((v) => v.capacity >= 1),
    languages,
    skills,
  );
  const weights = normaliseWeights(rules.weights);
  const target = rules.targetOverlapMinutes ?? Math.max(2 * rules.minOverlapMinutes, 120);
  const waitFull = rules.maxWaitDays ?? WAITING_FULL_DAYS;
  const verdict = newVerdict();
  const candidates: Candidate[] = [];
  const unmatched: Unmatched[] = [];
  let feasiblePairs = 0;
  for (const raw of input.beneficiaries) {
    const b = prepareBeneficiary(raw, languages, skills, referenceDate);
    const scored: { j: number; score: number }[] = [];
    for (let j = 0; j < table.size; j++) {
      if (judge(rules, b, table, j, verdict).rule !== null) continue;
      feasiblePairs++;
      scored.push({ j, score: combine(pairBreakdown(b, table, j, verdict, target, waitFull), weights) });
    }
    scored.sort((x, y) => y.score - x.score || cmp(table.rows[x.j]!.id, table.rows[y.j]!.id));
    const kept = scored.slice(0, rules.topK);
    if (kept.length === 0) unmatched.push(counterfactual(rules, b, table));
    kept.forEach(({ j }, i) => {
      judge(rules, b, table, j, verdict);
      candidates.push(candidateRecord(b, table, j, verdict, weights, target, waitFull, i + 1));
    });
  }
  return { candidates, unmatched, feasiblePairs };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function covers(b: PreparedBeneficiary, t: VolunteerTable, j: number) {
  const theirs = new Set(t.rows[j]!.skills);
  return (need: string) => theirs.has(need);
}

function pairBreakdown(
  b: PreparedBeneficiary,
  t: VolunteerTable,
  j: number,
  verdict: Verdict,
  target: number,
  waitFull: number,
): Breakdown {
  return {
    proximity: proximityScore(verdict.distanceKm, verdict.radiusKm),
    skills: skillsScore(b.needs, covers(b, t, j)),
    availability: availabilityScore(verdict.overlapMinutes, target),
    language: languageScore(sharesLanguage(b.langMask, t, j), speaks(t, j, b.firstLanguage)),
    waiting: waitingScore(b.waitingDays, waitFull),
  };
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
  const breakdown = pairBreakdown(b, t, j, verdict, target, waitFull);
  const theirs = t.rows[j]!.languages;
  const distance = verdict.distanceKm;
  return {
    beneficiaryId: b.id,
    volunteerId: t.rows[j]!.id,
    rank,
    score: combine(breakdown, weights),
    distanceKm: distance >= 1 ? round(distance, 3) : Number(distance.toPrecision(4)),
    overlapMinutes: verdict.overlapMinutes,
    commonLanguages: b.source.languages.filter((l) => theirs.includes(l)),
    matchedNeeds: matchedNeeds(b.needs, covers(b, t, j)),
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

function counterfactual(rules: ProgrammeRules, b: PreparedBeneficiary, t: VolunteerTable): Unmatched {
  const radiusKm = searchRadius(rules, b);
  const counts: Partial<Record<Rule, number>> = {};
  const verdict = newVerdict();
  let nearby = 0;
  for (let j = 0; j < t.size; j++) {
    if (distanceKm(b, t, j) > radiusKm) continue;
    const rule = judge(rules, b, t, j, verdict).rule;
    if (rule === null) continue;
    nearby++;
    counts[rule] = (counts[rule] ?? 0) + 1;
  }
  const excludedBy: Partial<Record<Rule, number>> = {};
  for (const rule of RULES) if (counts[rule]) excludedBy[rule] = counts[rule];
  const out: Unmatched = { beneficiaryId: b.id, radiusKm: round(radiusKm, 3), nearby, excludedBy };
  if (nearby === 0) {
    for (let r = Math.max(radiusKm, 1) * 2; ; r *= 2) {
      let best = Infinity;
      for (let j = 0; j < t.size; j++) {
        const d = distanceKm(b, t, j);
        if (d <= r) best = Math.min(best, d);
      }
      if (best < Infinity) {
        out.nearestKm = round(best, 3);
        break;
      }
      if (r >= MAX_SEARCH_KM) break;
    }
  }
  return out;
}

export function referenceAssign(input: AssignInput): Assignment {
  const byId = (a: { id: string }, b: { id: string }) => cmp(a.id, b.id);
  const volunteers = [...input.volunteers].sort(byId);
  const beneficiaries = [...input.beneficiaries].sort(byId);
  const vIndex = new Map(volunteers.map((v, i) => [v.id, i]));
  const bIndex = new Map(beneficiaries.map((b, i) => [b.id, i]));
  const edges = input.edges
    .map((e) => ({ e, b: bIndex.get(e.beneficiaryId)!, v: vIndex.get(e.volunteerId)! }))
    .sort((x, y) => x.b - y.b || x.v - y.v);
  const matchOf = solveMatching({
    nB: beneficiaries.length,
    capacity: volunteers.map((v) => v.capacity),
    edgeB: edges.map((x) => x.b),
    edgeV: edges.map((x) => x.v),
    edgeW: edges.map((x) => x.e.score),
  });
  const pairs: Pair[] = [];
  let totalScore = 0;
  for (const k of matchOf) {
    if (k < 0) continue;
    const { volunteerId, beneficiaryId, score } = edges[k]!.e;
    pairs.push({ volunteerId, beneficiaryId, score });
    totalScore += score;
  }
  return { pairs, totalScore };
}
