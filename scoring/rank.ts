import { commonSlots, OverlapMemo, overlapMinutes, WeekPatterns } from './availability.js';
import {
  availabilityScore,
  combine,
  combineScores,
  languageScore,
  matchedNeeds,
  needWeight,
  normaliseWeights,
  proximityScore,
  round,
  skillsScore,
  skillsShare,
  waitingScore,
  WAITING_FULL_DAYS,
  type Covers,
} from './criteria.js';
import { distanceKm, searchRadius, sharesLanguage, speaks } from './feasibility.js';
import { MinHeap } from './heap.js';
import { type LeafMasks, prepareBeneficiary, Vocabulary, VolunteerTable, type PreparedBeneficiary } from './prepare.js';
import { havOfRadius, kmOfHav } from './spatial.js';
import type { Breakdown, Candidate, Unmatched } from './schema/candidate.js';
import { RULES, type Rule } from './schema/values.js';
import type { Beneficiary } from './schema/beneficiary.js';
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

/**
 * The radius test on unit vectors decides alone outside this relative band around the
 * threshold (and 1e-15 either side of it); inside, the haversine distance decides, as it
 * always did. The vectors' rounding is far smaller than the band.
 */
const CHORD_BAND = 1e-7;

/** The rules, vocabularies and volunteers every beneficiary of one input is ranked against. */
class Setting {
  readonly rules: ProgrammeRules;
  readonly referenceDate: string;
  readonly languages: Vocabulary;
  readonly skills: Vocabulary;
  readonly weeks = new WeekPatterns();
  readonly table: VolunteerTable;
  /** Each table row's volunteer's position in the input's list. */
  readonly inputIndex: Int32Array;
  readonly weights: Breakdown;
  /** Weekly minutes at which the availability criterion is full. */
  readonly target: number;
  /** Days of waiting at which the waiting criterion is full. */
  readonly waitFull: number;

  constructor(input: RankInput, today: string) {
    this.rules = input.programme;
    this.referenceDate = input.referenceDate ?? today;
    const { volunteers, beneficiaries } = input;
    this.languages = new Vocabulary();
    this.skills = new Vocabulary();
    for (const v of volunteers) {
      this.languages.add(v.languages);
      this.skills.add(v.skills);
    }
    for (const b of beneficiaries) {
      this.languages.add(b.languages);
      this.skills.add(b.needs);
    }
    const kept = volunteers.flatMap((v, i) => (v.capacity >= 1 ? [i] : []));
    this.table = new VolunteerTable(
      kept.map((i) => volunteers[i]!),
      this.languages,
      this.skills,
      this.weeks,
    );
    this.inputIndex = Int32Array.from(this.table.index.order, (k) => kept[k]!);
    this.weights = normaliseWeights(this.rules.weights);
    this.target = this.rules.targetOverlapMinutes ?? Math.max(2 * this.rules.minOverlapMinutes, 120);
    this.waitFull = this.rules.maxWaitDays ?? WAITING_FULL_DAYS;
  }

  /** `pattern`: b's weekly pattern's number in `weeks`, when known. */
  prepare(b: Beneficiary, pattern?: number): PreparedBeneficiary {
    return prepareBeneficiary(b, this.languages, this.skills, this.referenceDate, this.weeks, pattern);
  }

  /** The pair `covers` answers for: set before each use, so no closure is made per pair. */
  private coverB: PreparedBeneficiary | null = null;
  private coverJ = 0;
  private readonly covers: Covers = (_, i) => this.table.hasSkill(this.coverJ, this.coverB!.needBits[i]!);

  skillsScore(b: PreparedBeneficiary, j: number): number {
    this.coverB = b;
    this.coverJ = j;
    return skillsScore(b.needs, this.covers);
  }

  /** b's languages, in b's order, that row j speaks (by the vocabulary's bits: no string compared). */
  commonLanguages(b: Beneficiary, j: number): string[] {
    const common: string[] = [];
    for (const l of b.languages) if (speaks(this.table, j, this.languages.bit(l))) common.push(l);
    return common;
  }

  matchedNeeds(b: PreparedBeneficiary, j: number): string[] {
    this.coverB = b;
    this.coverJ = j;
    return matchedNeeds(b.needs, this.covers);
  }

  waiting(b: PreparedBeneficiary): number {
    return waitingScore(b.waitingDays, this.waitFull);
  }

  proximity(b: PreparedBeneficiary, j: number, d: number): number {
    return proximityScore(d, Math.min(searchRadius(this.rules, b), this.table.radiusKm[j]!));
  }

  /** The breakdown of a feasible pair at distance d with `overlap` common minutes, written into `out`. */
  breakdown(b: PreparedBeneficiary, j: number, d: number, overlap: number, out: Breakdown): Breakdown {
    const t = this.table;
    out.proximity = this.proximity(b, j, d);
    out.skills = this.skillsScore(b, j);
    out.availability = availabilityScore(overlap, this.target);
    out.language = languageScore(sharesLanguage(b.langMask, t, j), speaks(t, j, b.firstLanguage));
    out.waiting = this.waiting(b);
    return out;
  }
}

/**
 * The kept candidates of every beneficiary as columns: beneficiary i's are at start[i] ..
 * start[i + 1] - 1, best first. Records (and their explanations) are made one at a time from
 * these, so a large output need not exist as objects all at once.
 */
export class Ranking {
  readonly beneficiaries: readonly Beneficiary[];
  readonly start: Int32Array;
  /** Volunteer row (in `table`), score, exact distance and overlap of each kept candidate. */
  readonly row: Int32Array;
  readonly score: Float64Array;
  readonly distanceKm: Float64Array;
  readonly overlap: Int32Array;
  /** Days each beneficiary has waited. */
  readonly waitingDays: Int32Array;
  /** Each beneficiary's weekly pattern (numbered by the setting's WeekPatterns). */
  readonly pattern: Int32Array;
  readonly unmatched: Unmatched[];
  readonly feasiblePairs: number;
  private readonly setting: Setting;
  private last: PreparedBeneficiary | null = null;

  constructor(setting: Setting, beneficiaries: readonly Beneficiary[], found: Found) {
    this.setting = setting;
    this.beneficiaries = beneficiaries;
    const n = beneficiaries.length;
    const size = found.row.length;
    this.start = new Int32Array(n + 1);
    this.row = new Int32Array(size);
    this.score = new Float64Array(size);
    this.distanceKm = new Float64Array(size);
    this.overlap = new Int32Array(size);
    // From search order to input order.
    for (let i = 0; i < n; i++) {
      const to = this.start[i]!;
      const from = found.at[i]!;
      const count = found.count[i]!;
      for (let k = 0; k < count; k++) {
        this.row[to + k] = found.row[from + k]!;
        this.score[to + k] = found.score[from + k]!;
        this.distanceKm[to + k] = found.distanceKm[from + k]!;
        this.overlap[to + k] = found.overlap[from + k]!;
      }
      this.start[i + 1] = to + count;
    }
    this.waitingDays = found.waitingDays;
    this.pattern = found.pattern;
    this.unmatched = found.unmatched.filter((u) => u !== undefined);
    this.feasiblePairs = found.feasiblePairs;
  }

  get table(): VolunteerTable {
    return this.setting.table;
  }

  /** Each table row's volunteer's position in the input's list. */
  get inputIndex(): Int32Array {
    return this.setting.inputIndex;
  }

  get size(): number {
    return this.row.length;
  }

  /** The record of kept candidate k, the (k - start[i] + 1)-th of beneficiary i. */
  candidate(i: number, k: number): Candidate {
    const s = this.setting;
    const raw = this.beneficiaries[i]!;
    const b = this.last?.source === raw ? this.last : (this.last = s.prepare(raw, this.pattern[i]));
    const j = this.row[k]!;
    const d = this.distanceKm[k]!;
    const overlap = this.overlap[k]!;
    const breakdown = s.breakdown(b, j, d, overlap, newBreakdown());
    return {
      beneficiaryId: b.id,
      volunteerId: s.table.ids[j]!,
      rank: k - this.start[i]! + 1,
      score: combine(breakdown, s.weights),
      distanceKm: roundKm(d),
      overlapMinutes: overlap,
      commonLanguages: s.commonLanguages(raw, j),
      matchedNeeds: s.matchedNeeds(b, j),
      breakdown: {
        proximity: round(breakdown.proximity, 4),
        skills: round(breakdown.skills, 4),
        availability: round(breakdown.availability, 4),
        language: round(breakdown.language, 4),
        waiting: round(breakdown.waiting, 4),
      },
      commonSlots: commonSlots(b.availability, s.table.availability[j]!),
      waitingDays: b.waitingDays,
    };
  }

  /** Every record, in the input's beneficiary order, best first within each. */
  result(): RankResult {
    const candidates: Candidate[] = [];
    for (let i = 0; i < this.beneficiaries.length; i++)
      for (let k = this.start[i]!; k < this.start[i + 1]!; k++) candidates.push(this.candidate(i, k));
    return { candidates, unmatched: this.unmatched, feasiblePairs: this.feasiblePairs };
  }
}

/** What the searches found, in search order: beneficiary i's candidates are at at[i] .. at[i] + count[i] - 1. */
interface Found {
  at: Int32Array;
  count: Int32Array;
  row: number[];
  score: number[];
  distanceKm: number[];
  overlap: number[];
  waitingDays: Int32Array;
  pattern: Int32Array;
  /** By beneficiary index. */
  unmatched: (Unmatched | undefined)[];
  feasiblePairs: number;
}

/**
 * Ranks the feasible volunteers of every beneficiary and keeps the best `topK`, searching
 * best-first: the k-d tree's leaves are visited nearest first, and once an upper bound of the
 * score any volunteer of the nearest unvisited leaf could reach (from its distance, with every
 * other criterion at its best for this beneficiary) falls below the k-th kept score, no later
 * volunteer can enter the list. The rest of the radius is still walked, but only to count the
 * feasible pairs, a leaf's 64 volunteers at once by masks (see Search.feasibleLeaf), a leaf
 * wholly inside the radius with no distance but the few personal radii it straddles. Within a
 * leaf, only the volunteers of score classes still in reach are offered, and a volunteer's exact
 * distance is computed only when its score with the leaf's nearest distance beats the k-th score.
 */
export function ranking(input: RankInput, options: RankOptions): Ranking {
  const setting = new Setting(input, options.today);
  const search = new Search(setting);
  const { beneficiaries } = input;
  const total = beneficiaries.length;
  // Beneficiaries are searched grouped by weekly pattern, so that the overlaps a search
  // remembers for a pattern serve its whole group while they are in cache.
  const pattern = Int32Array.from(beneficiaries, (b) => setting.weeks.id(b.availability));
  const found: Found = {
    at: new Int32Array(total),
    count: new Int32Array(total),
    row: [],
    score: [],
    distanceKm: [],
    overlap: [],
    waitingDays: new Int32Array(total),
    pattern,
    unmatched: new Array<Unmatched | undefined>(total),
    feasiblePairs: 0,
  };
  const order = Array.from(pattern.keys()).sort((a, b) => pattern[a]! - pattern[b]! || a - b);
  order.forEach((i, done) => {
    if (options.onProgress && done % 1024 === 0) options.onProgress(done, total);
    const b = setting.prepare(beneficiaries[i]!, pattern[i]);
    found.waitingDays[i] = b.waitingDays;
    found.feasiblePairs += search.run(b);
    const top = search.top;
    if (top.size === 0) found.unmatched[i] = counterfactual(setting.rules, b, setting.table);
    found.at[i] = found.row.length;
    found.count[i] = top.size;
    for (let k = 0; k < top.size; k++) {
      found.row.push(top.rows[k]!);
      found.score.push(top.scores[k]!);
      found.distanceKm.push(top.distances[k]!);
      found.overlap.push(top.overlaps[k]!);
    }
  });
  options.onProgress?.(total, total);
  return new Ranking(setting, input.beneficiaries, found);
}

/** The candidate records of every beneficiary (see `ranking`). */
export function rank(input: RankInput, options: RankOptions): RankResult {
  return ranking(input, options).result();
}

/**
 * Whether row j lies within radiusKm of b, `limitHav` being havOfRadius(radiusKm): decided on
 * unit vectors outside a thin band around the circle, by the haversine distance inside it.
 */
function inRadius(b: PreparedBeneficiary, t: VolunteerTable, j: number, limitHav: number, radiusKm: number): boolean {
  const hav = havTo(b, t, j);
  if (beyondBand(hav, limitHav)) return false;
  return shortOfBand(hav, limitHav) || distanceKm(b, t, j) <= radiusKm;
}

/** The haversine of the angle between b and row j, as half their squared chord. */
function havTo(b: PreparedBeneficiary, t: VolunteerTable, j: number): number {
  const dx = b.x - t.x[j]!;
  const dy = b.y - t.y[j]!;
  const dz = b.z - t.z[j]!;
  return (dx * dx + dy * dy + dz * dz) / 4;
}

/** Whether `hav` lies past the band around the circle of haversine `limitHav`: surely outside. */
function beyondBand(hav: number, limitHav: number): boolean {
  return hav > limitHav * (1 + CHORD_BAND) + 1e-15;
}

/** Whether `hav` lies short of that band: surely inside. */
function shortOfBand(hav: number, limitHav: number): boolean {
  return hav < limitHav * (1 - CHORD_BAND) - 1e-15;
}

/** Needs whose coverage splits a leaf's rows into classes (2^CLASS_NEEDS of them) for the score bounds. */
const CLASS_NEEDS = 4;
/** Per leaf: the rows with enough minutes (two words), the rows known (two), the generation made in. */
const OVERLAP_WORDS = 5;
/** Language classes of a row: no common language, a common one, the beneficiary's first (class c: coverage c >>> 2, language c & 3). */
const LANGUAGE_CLASSES = 3;

/** One beneficiary's best-first search; reused across beneficiaries (no allocation per volunteer). */
class Search {
  readonly top: TopK;
  private readonly heap = new MinHeap();
  private readonly stack: number[] = [];
  /** A leaf's 64-bit mask of rows (bit k: row first + k), as two words. */
  private readonly mask = new Int32Array(2);
  private readonly overlaps: OverlapMemo;
  /**
   * The score classes of rows: by which of the beneficiary's first CLASS_NEEDS needs they cover
   * (the later ones taken as covered) and by language class. `classSkills` is the skills score
   * bound of each coverage, `classLive` whether a class can still enter the top k: the nearest
   * unvisited distance only grows and the k-th score only rises, so a class once out stays out.
   */
  private readonly classSkills = new Float64Array(1 << CLASS_NEEDS);
  private readonly classLive = new Uint8Array(4 << CLASS_NEEDS);
  private readonly classMasks = new Int32Array(2 << CLASS_NEEDS);
  private classNeeds = 0;
  private live = 0;
  /** The current beneficiary and what every row test reads. */
  private b!: PreparedBeneficiary;
  private radius = 0;
  private radiusHav = 0;
  private excluded: number[] | null = null;
  private waiting = 0;
  private availabilityBound = 0;
  /**
   * The overlap masks of the beneficiary's weekly pattern, OVERLAP_WORDS per leaf, the last
   * equal to `generation` once made; a new pattern (or none) starts a new generation.
   */
  private readonly overlapCache: Int32Array;
  private generation = 0;
  private cachedPattern = -1;
  private readonly scratch = new Int32Array(4);

  constructor(private readonly s: Setting) {
    this.top = new TopK(s.rules.topK, s.table.idRank);
    this.overlaps = new OverlapMemo(s.table, s.rules.minOverlapMinutes);
    this.overlapCache = new Int32Array(s.table.leaves * OVERLAP_WORDS);
  }

  /** Fills `top` with b's best candidates; returns b's number of feasible volunteers. */
  run(b: PreparedBeneficiary): number {
    const { rules, table: t, weights, target } = this.s;
    const { index } = t;
    const { top, heap, stack } = this;
    top.clear();
    heap.clear();
    if (t.size === 0) return 0;
    this.b = b;
    const radius = (this.radius = searchRadius(rules, b));
    const radiusHav = (this.radiusHav = havOfRadius(radius));
    this.overlaps.select(b.availability, b.pattern);
    if (b.pattern < 0 || b.pattern !== this.cachedPattern) {
      this.generation++;
      this.cachedPattern = b.pattern;
    }
    this.excluded = b.excluded === null ? null : [...b.excluded].flatMap((id) => t.rowOf.get(id) ?? []);
    const waiting = (this.waiting = this.s.waiting(b));
    // No row of a node farther than this passes the radius test; every row of a node nearer
    // than `accept` passes the beneficiary's (see inRadius).
    const reject = radiusHav * (1 + CHORD_BAND) + 1e-15;
    const accept = radiusHav * (1 - CHORD_BAND) - 1e-15;
    const { x, y, z } = b;
    // Upper bounds of the criteria that do not depend on where the volunteer lives.
    const availabilityBound = (this.availabilityBound = availabilityScore(b.availability.minutes, target));
    const languageBound = b.firstLanguage >= 0 ? 1 : 0;
    this.prepareClasses();

    // The leaves that may hold a row within the radius, found depth first, wait in the heap by
    // their nearest distance: no inner node passes through it.
    stack.length = 0;
    if (index.nearHav(0, x, y, z) <= reject) stack.push(0);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (index.isLeaf(node)) heap.push(index.nearHav(node, x, y, z), node);
      else
        for (let child = node + 1; child < index.end[node]!; child = index.end[child]!)
          if (index.nearHav(child, x, y, z) <= reject) stack.push(child);
    }
    let feasible = 0;
    while (heap.size > 0) {
      const nearKm = kmOfHav(heap.peekKey());
      const best = combineScores(proximityScore(nearKm, radius), 1, availabilityBound, languageBound, waiting, weights);
      if (top.full && best < top.kthScore) break;
      const node = heap.pop();
      feasible += this.feasibleLeaf(node, index.farHav(node, x, y, z) < accept);
      this.offerLeaf(node, nearKm);
    }
    // No volunteer of the leaves left can enter the list: only count their feasible pairs.
    while (heap.size > 0) {
      const node = heap.pop();
      feasible += this.feasibleLeaf(node, index.farHav(node, x, y, z) < accept);
    }
    return feasible;
  }

  /**
   * `word` (bit k: row first + k) without the rows of `tested` beyond the distance both the
   * beneficiary and the volunteer accept, decided as inRadius does. The common case (a row
   * clearly beyond the circle or clearly within it) takes no branch, the rows of a leaf the
   * circle cuts falling either way about as often.
   */
  private nearRows(first: number, word: number, tested: number): number {
    const t = this.s.table;
    const { b, radiusHav } = this;
    let keep = word;
    for (let m = word & tested; m !== 0; m &= m - 1) {
      const bit = m & -m;
      const j = first + 31 - Math.clz32(bit);
      const hav = havTo(b, t, j);
      const limit = Math.min(radiusHav, t.radiusHav[j]!);
      const beyond = beyondBand(hav, limit);
      keep &= ~(bit & -Number(beyond));
      if (!beyond && !shortOfBand(hav, limit) && distanceKm(b, t, j) > Math.min(this.radius, t.radiusKm[j]!))
        keep &= ~bit;
    }
    return keep;
  }

  /**
   * Sets `mask` to the rows of a leaf passing every hard rule, and returns how many: the
   * language, gender and hour tests on 64 rows at once by the leaf's masks, then the exact
   * overlap (remembered by pattern), the age limits, the exclusions and the distance for the
   * rows left; `inside`: the leaf lies within the beneficiary's radius, so only the rows with a
   * personal radius have a distance to test.
   */
  private feasibleLeaf(node: number, inside: boolean): number {
    const { rules, table: t } = this.s;
    const { index } = t;
    const { b, mask, excluded } = this;
    const leaf = t.leafOf[node]!;
    const first = index.first[node]!;
    const size = index.last[node]! - first + 1;
    mask[0] = size >= 32 ? -1 : (1 << size) - 1;
    mask[1] = size >= 64 ? -1 : size > 32 ? (1 << (size - 32)) - 1 : 0;
    if (rules.requireCommonLanguage) t.leafLanguages.narrow(leaf, b.langList, mask);
    if (b.genders !== 0) t.leafGenders.narrow(leaf, b.genderSlots, mask);
    const { minOverlapMinutes } = rules;
    if (minOverlapMinutes > 0) this.narrowToOverlap(leaf, first);
    if (excluded !== null)
      for (const j of excluded) {
        const k = j - first;
        if (k >= 0 && k < size) mask[k >>> 5]! &= ~(1 << (k & 31));
      }
    // The leaf's rows with a personal radius, by radius: those before failTo fail, those from passFrom pass.
    if ((mask[0] | mask[1]) === 0) return 0;
    const radii = t.leafRadii;
    const from = radii.start[leaf]!;
    const to = radii.start[leaf + 1]!;
    let failTo = from;
    let passFrom = from;
    if (inside && from < to) {
      passFrom = firstOver(radii.hav, from, to, 1 - CHORD_BAND, -1e-15, index.farHav(node, b.x, b.y, b.z), false);
      failTo = firstOver(radii.hav, from, passFrom, 1 + CHORD_BAND, 1e-15, index.nearHav(node, b.x, b.y, b.z), true);
    }
    for (let w = 0; w < 2; w++) {
      const aged = b.age >= 0 ? t.leafAgeLimits.word(leaf, 0, w) : 0;
      // Outside, every row has its distance to test; inside, only those with a personal radius
      // that the leaf is neither wholly within nor wholly beyond.
      let far = -1;
      if (inside) {
        const fail = radii.before(leaf, failTo, w);
        mask[w]! &= ~fail;
        far = radii.before(leaf, passFrom, w) & ~fail;
      }
      for (let m = mask[w]! & aged; m !== 0; m &= m - 1) {
        const j = first + w * 32 + 31 - Math.clz32(m & -m);
        if (b.age < t.ageMin[j]! || b.age > t.ageMax[j]!) mask[w]! &= ~(m & -m);
      }
      if ((mask[w]! & far) !== 0) mask[w] = this.nearRows(first + w * 32, mask[w]!, far);
    }
    return bitCount(mask[0]) + bitCount(mask[1]);
  }

  /**
   * Keeps in `mask` the leaf's rows with enough minutes in common with the
   * beneficiary: rows sharing no hour with them out by the leaf's hour masks, rows free a whole
   * hour they are free in (60 minutes in common at least) in by its whole-hour masks, the others
   * by their exact overlap, computed only for the rows of `mask` not yet known. What is known is
   * remembered per leaf while the beneficiaries of one weekly pattern are searched.
   */
  private narrowToOverlap(leaf: number, first: number): void {
    const { rules, table: t } = this.s;
    const { b, overlaps, mask } = this;
    const cache = this.overlapCache;
    const at = leaf * OVERLAP_WORDS;
    // Per word w: rows known at 2 + w, known to have enough at w.
    const words = this.scratch;
    if (cache[at + 4] === this.generation) for (let i = 0; i < 4; i++) words[i] = cache[at + i]!;
    else {
      words[0] = -1;
      words[1] = -1;
      t.leafHours.narrow(leaf, b.hourList, words);
      for (let w = 0; w < 2; w++) {
        let whole = 0;
        if (rules.minOverlapMinutes <= 60) for (const h of b.fullHourList) whole |= t.leafFullHours.word(leaf, h, w);
        // No common hour: too little; a common whole hour: enough.
        words[2 + w] = ~words[w]! | whole;
        words[w] = whole;
      }
    }
    for (let w = 0; w < 2; w++) {
      for (let m = mask[w]! & ~words[2 + w]!; m !== 0; m &= m - 1) {
        const bit = m & -m;
        if (overlaps.enough(first + w * 32 + 31 - Math.clz32(bit))) words[w]! |= bit;
        words[2 + w]! |= bit;
      }
      mask[w]! &= words[w]!;
    }
    for (let i = 0; i < 4; i++) cache[at + i] = words[i]!;
    cache[at + 4] = this.generation;
  }

  /** Per beneficiary: the skills bound of each coverage class, and every class live. */
  private prepareClasses(): void {
    const { needBits } = this.b;
    const n = needBits.length;
    const m = (this.classNeeds = Math.min(n, CLASS_NEEDS));
    let rest = 0;
    for (let i = m; i < n; i++) rest += needWeight(i, n);
    for (let cover = 0; cover < 1 << m; cover++) {
      let got = rest;
      for (let i = 0; i < m; i++) if ((cover & (1 << i)) !== 0) got += needWeight(i, n);
      this.classSkills[cover] = skillsShare(got, n);
    }
    this.live = LANGUAGE_CLASSES << m;
    for (let c = 0; c < 4 << m; c++) this.classLive[c] = (c & 3) < LANGUAGE_CLASSES ? 1 : 0;
  }

  /**
   * Offers to the top k the feasible rows of a leaf left in `mask`, nearest distance `nearKm`:
   * only those of the classes whose score bound at that distance can still enter it.
   */
  private offerLeaf(node: number, nearKm: number): void {
    const { table: t, weights } = this.s;
    const { b, mask, top, classLive, classSkills, classMasks } = this;
    let lo = mask[0]!;
    let hi = mask[1]!;
    if ((lo | hi) === 0) return;
    if (top.full && this.live > 0) {
      // Classes out of reach at this distance are out for good.
      const near = proximityScore(nearKm, this.radius);
      const kth = top.kthScore;
      for (let c = 0; c < 4 << this.classNeeds; c++)
        if (
          classLive[c] === 1 &&
          combineScores(
            near,
            classSkills[c >>> 2]!,
            this.availabilityBound,
            LANGUAGE_SCORES[c & 3]!,
            this.waiting,
            weights,
          ) < kth
        ) {
          classLive[c] = 0;
          this.live--;
        }
    }
    if (top.full && this.live < LANGUAGE_CLASSES << this.classNeeds) {
      // The rows by coverage of the first needs (splitting the mask need by need), then by language.
      const leaf = t.leafOf[node]!;
      const m = this.classNeeds;
      classMasks[0] = lo;
      classMasks[1] = hi;
      for (let i = 0; i < m; i++) {
        const key = b.needBits[i]!;
        const nLo = t.leafSkills.word(leaf, key, 0);
        const nHi = t.leafSkills.word(leaf, key, 1);
        for (let c = (1 << i) - 1; c >= 0; c--) {
          const cLo = classMasks[2 * c]!;
          const cHi = classMasks[2 * c + 1]!;
          classMasks[2 * (c + (1 << i))] = cLo & nLo;
          classMasks[2 * (c + (1 << i)) + 1] = cHi & nHi;
          classMasks[2 * c] = cLo & ~nLo;
          classMasks[2 * c + 1] = cHi & ~nHi;
        }
      }
      let firstLo = 0;
      let firstHi = 0;
      if (b.firstLanguage >= 0) {
        firstLo = t.leafLanguages.word(leaf, b.firstLanguage, 0);
        firstHi = t.leafLanguages.word(leaf, b.firstLanguage, 1);
      }
      let shareLo = 0;
      let shareHi = 0;
      for (const key of b.langList) {
        shareLo |= t.leafLanguages.word(leaf, key, 0);
        shareHi |= t.leafLanguages.word(leaf, key, 1);
      }
      let keepLo = 0;
      let keepHi = 0;
      for (let cover = 0; cover < 1 << m; cover++) {
        const cLo = classMasks[2 * cover]!;
        const cHi = classMasks[2 * cover + 1]!;
        if ((cLo | cHi) === 0) continue;
        const c = cover << 2;
        if (classLive[c] === 1) {
          keepLo |= cLo & ~shareLo;
          keepHi |= cHi & ~shareHi;
        }
        if (classLive[c + 1] === 1) {
          keepLo |= cLo & shareLo & ~firstLo;
          keepHi |= cHi & shareHi & ~firstHi;
        }
        if (classLive[c + 2] === 1) {
          keepLo |= cLo & firstLo;
          keepHi |= cHi & firstHi;
        }
      }
      lo = keepLo;
      hi = keepHi;
    }
    const first = t.index.first[node]!;
    for (; lo !== 0; lo &= lo - 1) this.offer(first + 31 - Math.clz32(lo & -lo), nearKm);
    for (; hi !== 0; hi &= hi - 1) this.offer(first + 63 - Math.clz32(hi & -hi), nearKm);
  }

  /**
   * Offers feasible row j, in a node no nearer than `nearKm`, to the top k. Bounds of the score,
   * cheapest first: the skills and the language exact, the proximity at the node's nearest
   * distance, then the common minutes exact: the exact distance only for a volunteer who may
   * enter the list.
   */
  private offer(j: number, nearKm: number): void {
    const { table: t, weights, target } = this.s;
    const { b, overlaps, top, waiting, availabilityBound } = this;
    const pairRadius = Math.min(this.radius, t.radiusKm[j]!);
    const skills = this.skillsOf(j);
    const language = languageScore(sharesLanguage(b.langMask, t, j), speaks(t, j, b.firstLanguage));
    const near = proximityScore(nearKm, pairRadius);
    if (top.full && combineScores(near, skills, availabilityBound, language, waiting, weights) < top.kthScore) return;
    const overlap = overlaps.minutes(j);
    const available = availabilityScore(overlap, target);
    if (top.full && combineScores(near, skills, available, language, waiting, weights) < top.kthScore) return;
    const d = distanceKm(b, t, j);
    top.offer(
      combineScores(proximityScore(d, pairRadius), skills, available, language, waiting, weights),
      j,
      d,
      overlap,
    );
  }

  /** The skills score of row j for the current beneficiary (as Setting.skillsScore, with no call per need). */
  private skillsOf(j: number): number {
    const { needBits } = this.b;
    const t = this.s.table;
    const n = needBits.length;
    let got = 0;
    for (let i = 0; i < n; i++) if (t.hasSkill(j, needBits[i]!)) got += needWeight(i, n);
    return skillsShare(got, n);
  }
}

/**
 * The first position p in [from, to) of ascending `hav` where hav[p] * factor + offset is over
 * `bound` (or equal to it, with orEqual); `to` when none. The test is monotone in p: a bisection.
 */
function firstOver(
  hav: Float64Array,
  from: number,
  to: number,
  factor: number,
  offset: number,
  bound: number,
  orEqual: boolean,
): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    const v = hav[m]! * factor + offset;
    if (v > bound || (orEqual && v === bound)) hi = m;
    else lo = m + 1;
  }
  return lo;
}

/** languageScore of each language class (see Search). */
const LANGUAGE_SCORES = [languageScore(false, false), languageScore(true, false), languageScore(true, true)];

/** The number of bits set in a 32-bit word. */
function bitCount(word: number): number {
  const a = word - ((word >>> 1) & 0x55555555);
  const b = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  return Math.imul((b + (b >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
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
function counterfactual(rules: ProgrammeRules, b: PreparedBeneficiary, t: VolunteerTable): Unmatched {
  const radiusKm = searchRadius(rules, b);
  const radiusHav = havOfRadius(radiusKm);
  const reject = radiusHav * (1 + CHORD_BAND) + 1e-15;
  const accept = radiusHav * (1 - CHORD_BAND) - 1e-15;
  const counts: Partial<Record<Rule, number>> = {};
  const { index } = t;
  let nearby = 0;
  const blame = (rule: Rule, n: number) => {
    nearby += n;
    if (n > 0) counts[rule] = (counts[rule] ?? 0) + n;
  };
  const excluded = b.excluded === null ? [] : [...b.excluded].flatMap((id) => t.rowOf.get(id) ?? []);
  const pass = new Int32Array(2);
  const stack = t.size > 0 ? [0] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (index.nearHav(node, b.x, b.y, b.z) > reject) continue;
    if (!index.isLeaf(node)) {
      stack.push(node + 1, index.end[node + 1]!);
      continue;
    }
    // A leaf by its masks: the rows within the radius, then each rule in judge's order takes
    // those of the rows left that break it.
    const leaf = t.leafOf[node]!;
    const first = index.first[node]!;
    const size = index.last[node]! - first + 1;
    let lo = size >= 32 ? -1 : (1 << size) - 1;
    let hi = size >= 64 ? -1 : size > 32 ? (1 << (size - 32)) - 1 : 0;
    const row = (w: number, bit: number) => first + w * 32 + 31 - Math.clz32(bit);
    /** Clears in lo and hi the rows for which `breaks` holds, blaming `rule`. */
    const each = (rule: Rule, breaks: (j: number) => boolean) => {
      let n = 0;
      for (let m = lo; m !== 0; m &= m - 1)
        if (breaks(row(0, m & -m))) {
          lo &= ~(m & -m);
          n++;
        }
      for (let m = hi; m !== 0; m &= m - 1)
        if (breaks(row(1, m & -m))) {
          hi &= ~(m & -m);
          n++;
        }
      blame(rule, n);
    };
    /** Keeps the rows of `pass`, blaming `rule` for the others. */
    const keep = (rule: Rule) => {
      blame(rule, bitCount(lo & ~pass[0]!) + bitCount(hi & ~pass[1]!));
      lo &= pass[0]!;
      hi &= pass[1]!;
    };
    if (index.farHav(node, b.x, b.y, b.z) >= accept) {
      for (let m = lo; m !== 0; m &= m - 1) if (!inRadius(b, t, row(0, m & -m), radiusHav, radiusKm)) lo &= ~(m & -m);
      for (let m = hi; m !== 0; m &= m - 1) if (!inRadius(b, t, row(1, m & -m), radiusHav, radiusKm)) hi &= ~(m & -m);
    }
    if (excluded.length > 0) each('excluded', (j) => excluded.includes(j));
    const narrowed = (masks: LeafMasks, keys: readonly number[]) => {
      pass[0] = -1;
      pass[1] = -1;
      masks.narrow(leaf, keys, pass);
    };
    if (b.genders !== 0) {
      narrowed(t.leafGenders, b.genderSlots);
      keep('gender');
    }
    if (b.age >= 0) each('age', (j) => b.age < t.ageMin[j]! || b.age > t.ageMax[j]!);
    if (rules.requireCommonLanguage) {
      narrowed(t.leafLanguages, b.langList);
      keep('language');
    }
    if (rules.minOverlapMinutes > 0) {
      narrowed(t.leafHours, b.hourList);
      keep('availability');
    }
    each(
      'distance',
      (j) => t.radiusKm[j]! < radiusKm && !inRadius(b, t, j, Math.min(radiusHav, t.radiusHav[j]!), t.radiusKm[j]!),
    );
    each('availability', (j) => overlapMinutes(b.availability, t.availability[j]!) < rules.minOverlapMinutes);
  }
  // Keys in RULES order, not visiting order, so the record does not depend on the input order.
  const excludedBy: Partial<Record<Rule, number>> = {};
  for (const rule of RULES) if (counts[rule]) excludedBy[rule] = counts[rule];
  const out: Unmatched = { beneficiaryId: b.id, radiusKm: round(radiusKm, 3), nearby, excludedBy };
  if (nearby === 0) {
    const nearest = nearestKm(b, t);
    if (nearest !== undefined) out.nearestKm = round(nearest, 3);
  }
  return out;
}

/**
 * The distance to the nearest volunteer (undefined when there are none), best-first: nodes in
 * order of their distance bound, until the next cannot hold anyone nearer.
 */
function nearestKm(b: PreparedBeneficiary, t: VolunteerTable): number | undefined {
  const { index } = t;
  if (t.size === 0) return undefined;
  const heap = new MinHeap();
  heap.push(index.nearHav(0, b.x, b.y, b.z), 0);
  let best = Infinity;
  while (heap.size > 0 && kmOfHav(heap.peekKey()) <= best) {
    const node = heap.pop();
    if (index.isLeaf(node))
      for (let j = index.first[node]!; j <= index.last[node]!; j++) best = Math.min(best, distanceKm(b, t, j));
    else
      for (let child = node + 1; child < index.end[node]!; child = index.end[child]!)
        heap.push(index.nearHav(child, b.x, b.y, b.z), child);
  }
  return best;
}

/** The k best rows (score descending, then volunteer id ascending), in small sorted arrays. */
class TopK {
  readonly scores: Float64Array;
  readonly rows: Int32Array;
  readonly distances: Float64Array;
  readonly overlaps: Int32Array;
  size = 0;

  constructor(
    private readonly k: number,
    private readonly idRank: Int32Array,
  ) {
    this.scores = new Float64Array(k);
    this.rows = new Int32Array(k);
    this.distances = new Float64Array(k);
    this.overlaps = new Int32Array(k);
  }

  clear(): void {
    this.size = 0;
  }

  get full(): boolean {
    return this.size === this.k;
  }

  /** The k-th score once full. */
  get kthScore(): number {
    return this.scores[this.k - 1]!;
  }

  offer(score: number, j: number, distance: number, overlap: number): void {
    if (this.full && !this.before(score, j, this.k - 1)) return;
    let i = this.full ? this.k - 1 : this.size++;
    while (i > 0 && this.before(score, j, i - 1)) {
      this.scores[i] = this.scores[i - 1]!;
      this.rows[i] = this.rows[i - 1]!;
      this.distances[i] = this.distances[i - 1]!;
      this.overlaps[i] = this.overlaps[i - 1]!;
      i--;
    }
    this.scores[i] = score;
    this.rows[i] = j;
    this.distances[i] = distance;
    this.overlaps[i] = overlap;
  }

  private before(score: number, j: number, at: number): boolean {
    const other = this.scores[at]!;
    return score > other || (score === other && this.idRank[j]! < this.idRank[this.rows[at]!]!);
  }
}
