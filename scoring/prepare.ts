import { HOUR_WORDS, HOURS_PER_WEEK, weekAvailability, WeekPatterns, type WeekAvailability } from './availability.js';
import { havOfRadius, SpatialIndex } from './spatial.js';
import type { Gender } from './schema/common.js';
import { daysSince } from './schema/values.js';
import type { Beneficiary } from './schema/beneficiary.js';
import type { Volunteer } from './schema/volunteer.js';

const RAD = Math.PI / 180;
const GENDER_BIT: Record<Gender, number> = { female: 1, male: 2, other: 4 };
/** Set in a beneficiary's `genders` whenever volunteerGender is given, so that [] accepts nobody. */
const GENDER_GIVEN = 8;
/** Gender slots of the leaf masks: not given, then one per GENDER_BIT. */
const GENDER_SLOTS = 4;
const genderSlot = (bit: number) => (bit === 0 ? 0 : 31 - Math.clz32(bit) + 1);
/** The gender slots accepted, by the GENDER_BIT flags of a beneficiary's `genders`: made once, shared. */
const GENDER_SLOT_LISTS = Array.from({ length: 8 }, (_, genders) =>
  [1, 2, 4].filter((bit) => (genders & bit) !== 0).map(genderSlot),
);

/** Interns codes (languages, skills) into bit positions so "any in common" is a few word ANDs. */
export class Vocabulary {
  private readonly index = new Map<string, number>();

  constructor(codes: Iterable<string> = []) {
    for (const c of codes) if (!this.index.has(c)) this.index.set(c, this.index.size);
  }

  add(codes: readonly string[]): void {
    for (const c of codes) if (!this.index.has(c)) this.index.set(c, this.index.size);
  }

  /** Bit position of a code, -1 when unknown. */
  bit(code: string | undefined): number {
    return code === undefined ? -1 : (this.index.get(code) ?? -1);
  }

  get size(): number {
    return this.index.size;
  }

  get words(): number {
    return Math.max(1, Math.ceil(this.index.size / 32));
  }

  /** Sets the bits of `codes` in `into` from word `offset` on. */
  mask(codes: readonly string[], into: Uint32Array = new Uint32Array(this.words), offset = 0): Uint32Array {
    for (const c of codes) {
      const i = this.index.get(c);
      if (i !== undefined) into[offset + (i >>> 5)]! |= 1 << (i & 31);
    }
    return into;
  }
}

/** Per leaf of a spatial index, a 64-bit mask of its rows (bit k: its k-th row) for each key. */
export class LeafMasks {
  private readonly bits: Uint32Array;

  constructor(
    leaves: number,
    private readonly keys: number,
  ) {
    this.bits = new Uint32Array(leaves * keys * 2);
  }

  set(leaf: number, key: number, k: number): void {
    this.bits[(leaf * this.keys + key) * 2 + (k >>> 5)]! |= 1 << (k & 31);
  }

  /** Sets row k for every key whose bit is set in words [from, from + count) of `keys`. */
  setEach(leaf: number, keys: Uint32Array, from: number, count: number, k: number): void {
    for (let w = 0; w < count; w++)
      for (let bits = keys[from + w]! | 0; bits !== 0; bits &= bits - 1)
        this.set(leaf, w * 32 + 31 - Math.clz32(bits & -bits), k);
  }

  /** Keeps in `mask` (two words) only the rows of the leaf that have one of `keys`. */
  narrow(leaf: number, keys: readonly number[], mask: Int32Array): void {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < keys.length; i++) {
      const at = (leaf * this.keys + keys[i]!) * 2;
      lo |= this.bits[at]!;
      hi |= this.bits[at + 1]!;
    }
    mask[0]! &= lo;
    mask[1]! &= hi;
  }

  /** Word w (0: rows 0-31, 1: rows 32-63) of the leaf's mask for `key`. */
  word(leaf: number, key: number, w: number): number {
    return this.bits[(leaf * this.keys + key) * 2 + w]! | 0;
  }
}

/**
 * Per leaf of a spatial index, its rows with a personal radius in increasing order of it (as
 * the radius' haversine), with the mask of each prefix of that order: from a leaf's distance
 * bounds a search finds by bisection the rows whose radius the whole leaf lies within, and
 * those it lies wholly beyond, and tests one by one only the few between.
 */
export class LeafRadii {
  /** The leaf's rows are at [start[leaf], start[leaf + 1]) of `hav`. */
  readonly start: Int32Array;
  readonly hav: Float64Array;
  /** Two words per prefix: the leaf's first p rows in this order at (start[leaf] + leaf + p) * 2. */
  private readonly prefix: Int32Array;

  constructor(index: SpatialIndex, leafOf: Int32Array, leaves: number, radiusHav: Float64Array) {
    const start = (this.start = new Int32Array(leaves + 1));
    const rows: number[][] = [];
    for (let node = 0; node < index.nodes; node++) {
      const leaf = leafOf[node]!;
      if (leaf < 0) continue;
      const own: number[] = [];
      for (let j = index.first[node]!; j <= index.last[node]!; j++) if (radiusHav[j]! < Infinity) own.push(j);
      own.sort((a, b) => radiusHav[a]! - radiusHav[b]! || a - b);
      rows[leaf] = own.map((j) => j - index.first[node]!);
      start[leaf + 1] = own.length;
    }
    for (let leaf = 0; leaf < leaves; leaf++) start[leaf + 1]! += start[leaf]!;
    this.hav = new Float64Array(start[leaves]!);
    this.prefix = new Int32Array((start[leaves]! + leaves) * 2);
    for (let node = 0; node < index.nodes; node++) {
      const leaf = leafOf[node]!;
      if (leaf < 0) continue;
      let at = start[leaf]!;
      let lo = 0;
      let hi = 0;
      for (const k of rows[leaf]!) {
        this.hav[at] = radiusHav[index.first[node]! + k]!;
        this.prefix[(at + leaf) * 2] = lo;
        this.prefix[(at + leaf) * 2 + 1] = hi;
        if (k < 32) lo |= 1 << k;
        else hi |= 1 << (k - 32);
        at++;
      }
      this.prefix[(at + leaf) * 2] = lo;
      this.prefix[(at + leaf) * 2 + 1] = hi;
    }
  }

  /** Word w of the mask of the leaf's rows before position `at` (of `hav`) in this order. */
  before(leaf: number, at: number, w: number): number {
    return this.prefix[(at + leaf) * 2 + w]!;
  }
}

/**
 * Volunteers as columns of typed arrays, rows in k-d tree order (`index` addresses rows): the
 * hard rules read a few numbers per visited volunteer, and volunteers near each other in space
 * sit near each other in memory, so a radius search walks mostly cached rows.
 */
export class VolunteerTable {
  readonly size: number;
  readonly rows: readonly Volunteer[];
  /** The rows' ids: a record reads them here, not from the input's objects (of many shapes). */
  readonly ids: readonly string[];
  readonly index: SpatialIndex;
  readonly rowOf: ReadonlyMap<string, number>;
  /** Rank of each row's id in id order: ties between equal scores compare two integers. */
  readonly idRank: Int32Array;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly cosLat: Float64Array;
  /** Unit vectors of the places: half the squared chord between two is their haversine. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  /** Personal radius, Infinity when not given, and its havOfRadius. */
  readonly radiusKm: Float64Array;
  readonly radiusHav: Float64Array;
  readonly langWords: number;
  readonly lang: Uint32Array;
  readonly skillWords: number;
  readonly skill: Uint32Array;
  /** GENDER_BIT of the volunteer's gender, 0 when not given. */
  readonly gender: Uint8Array;
  /** Accepted beneficiary ages; [0, 255] when not restricted. */
  readonly ageMin: Uint8Array;
  readonly ageMax: Uint8Array;
  readonly availability: readonly WeekAvailability[];
  /** The rows' hour masks, HOUR_WORDS words each, packed: the hour test reads no other object. */
  readonly hours: Uint32Array;
  /**
   * Per leaf of the index (`leafOf` a node), 64-bit masks of its rows (bit k: row first + k)
   * by language, by gender slot and by hour of the week: a beneficiary's language, gender and
   * hour tests run on 64 volunteers at once, and only the rows passing them are visited.
   */
  readonly leafOf: Int32Array;
  readonly leaves: number;
  readonly leafLanguages: LeafMasks;
  readonly leafGenders: LeafMasks;
  readonly leafHours: LeafMasks;
  /** Per leaf, its rows by hour of the week they are free from start to end. */
  readonly leafFullHours: LeafMasks;
  /** Per leaf, its rows by skill: for the score bounds of classes of rows. */
  readonly leafSkills: LeafMasks;
  /** Per leaf, its rows with a personal radius by radius. */
  readonly leafRadii: LeafRadii;
  /** Per leaf, its rows accepting only some ages (key 0). */
  readonly leafAgeLimits: LeafMasks;
  /** Each row's weekly pattern in `weeks` (rows with the same intervals share one), below `patterns`. */
  readonly pattern: Int32Array;
  readonly patterns: number;
  /** The rows' intervals packed: row j's are at [slots[j], slots[j + 1]) of `starts` and `ends`. */
  readonly slots: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;

  /** `weeks` numbers the patterns; the table's are numbered first, so pass a fresh one (or none). */
  constructor(
    volunteers: readonly Volunteer[],
    languages: Vocabulary,
    skills: Vocabulary,
    weeks: WeekPatterns = new WeekPatterns(),
  ) {
    const index = (this.index = new SpatialIndex(volunteers.map((v) => v.location)));
    this.rows = Array.from(index.order, (i) => volunteers[i]!);
    const n = (this.size = this.rows.length);
    const ids = (this.ids = this.rows.map((v) => v.id));
    const rowOf = (this.rowOf = new Map(ids.map((id, j) => [id, j])));
    // The default sort compares UTF-16 code units, as < does, and needs no comparator call.
    this.idRank = new Int32Array(n);
    [...ids].sort().forEach((id, rank) => (this.idRank[rowOf.get(id)!] = rank));
    ({ lat: this.lat, lon: this.lon, cosLat: this.cosLat, x: this.x, y: this.y, z: this.z } = index);
    this.radiusKm = new Float64Array(n);
    this.radiusHav = new Float64Array(n);
    this.langWords = languages.words;
    this.lang = new Uint32Array(n * this.langWords);
    this.skillWords = skills.words;
    this.skill = new Uint32Array(n * this.skillWords);
    this.gender = new Uint8Array(n);
    this.ageMin = new Uint8Array(n);
    this.ageMax = new Uint8Array(n).fill(255);
    this.pattern = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const v = this.rows[j]!;
      this.radiusKm[j] = v.maxDistanceKm ?? Infinity;
      this.radiusHav[j] = havOfRadius(this.radiusKm[j]!);
      languages.mask(v.languages, this.lang, j * this.langWords);
      skills.mask(v.skills, this.skill, j * this.skillWords);
      this.gender[j] = v.gender ? GENDER_BIT[v.gender] : 0;
      if (v.ageRange) {
        this.ageMin[j] = v.ageRange.min;
        this.ageMax[j] = v.ageRange.max;
      }
      this.pattern[j] = weeks.id(v.availability);
    }
    this.patterns = weeks.weeks.length;
    this.availability = Array.from(this.pattern, (p) => weeks.weeks[p]!);
    this.hours = new Uint32Array(n * HOUR_WORDS);
    this.availability.forEach((a, j) => this.hours.set(a.hours, j * HOUR_WORDS));
    this.leafOf = new Int32Array(index.nodes).fill(-1);
    let leaves = 0;
    for (let node = 0; node < index.nodes; node++) if (index.isLeaf(node)) this.leafOf[node] = leaves++;
    this.leaves = leaves;
    this.leafLanguages = new LeafMasks(leaves, languages.size);
    this.leafGenders = new LeafMasks(leaves, GENDER_SLOTS);
    this.leafHours = new LeafMasks(leaves, HOURS_PER_WEEK);
    this.leafFullHours = new LeafMasks(leaves, HOURS_PER_WEEK);
    this.leafSkills = new LeafMasks(leaves, skills.size);
    this.leafAgeLimits = new LeafMasks(leaves, 1);
    for (let node = 0; node < index.nodes; node++) {
      const leaf = this.leafOf[node]!;
      if (leaf < 0) continue;
      for (let j = index.first[node]!, k = 0; j <= index.last[node]!; j++, k++) {
        this.leafLanguages.setEach(leaf, this.lang, j * this.langWords, this.langWords, k);
        this.leafSkills.setEach(leaf, this.skill, j * this.skillWords, this.skillWords, k);
        this.leafGenders.set(leaf, genderSlot(this.gender[j]!), k);
        if (this.ageMin[j]! > 0 || this.ageMax[j]! < 255) this.leafAgeLimits.set(leaf, 0, k);
        this.leafHours.setEach(leaf, this.hours, j * HOUR_WORDS, HOUR_WORDS, k);
        this.leafFullHours.setEach(leaf, this.availability[j]!.fullHours, 0, HOUR_WORDS, k);
      }
    }
    this.leafRadii = new LeafRadii(index, this.leafOf, leaves, this.radiusHav);
    this.slots = new Int32Array(n + 1);
    this.availability.forEach((a, j) => (this.slots[j + 1] = this.slots[j]! + a.starts.length));
    this.starts = new Int32Array(this.slots[n]!);
    this.ends = new Int32Array(this.slots[n]!);
    this.availability.forEach((a, j) => {
      this.starts.set(a.starts, this.slots[j]);
      this.ends.set(a.ends, this.slots[j]);
    });
  }

  /** Whether row j covers the skill at vocabulary bit `bit`. */
  hasSkill(j: number, bit: number): boolean {
    return (this.skill[j * this.skillWords + (bit >>> 5)]! & (1 << (bit & 31))) !== 0;
  }
}

export interface PreparedBeneficiary {
  readonly id: string;
  readonly source: Beneficiary;
  readonly lat: number;
  readonly lon: number;
  readonly cosLat: number;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly radiusKm: number;
  /** The radius a mediator set for this person, replacing the programme's; undefined when none. */
  readonly searchRadiusKm: number | undefined;
  readonly langMask: Uint32Array;
  /** Bit of their first (most comfortable) language, -1 when they list none. */
  readonly firstLanguage: number;
  readonly availability: WeekAvailability;
  /** Its number in the WeekPatterns given to prepareBeneficiary, -1 when none was. */
  readonly pattern: number;
  /** Allowed volunteer genders as GENDER_BIT flags plus GENDER_GIVEN; 0 = no preference. */
  readonly genders: number;
  /** -1 when not given. */
  readonly age: number;
  readonly excluded: ReadonlySet<string> | null;
  readonly needs: readonly string[];
  /** Skill vocabulary bit of each need. */
  readonly needBits: readonly number[];
  /** For the leaf masks: their language bits, the gender slots they accept, the hours they touch. */
  readonly langList: readonly number[];
  readonly genderSlots: readonly number[];
  readonly hourList: readonly number[];
  /** The hours they are free from start to end. */
  readonly fullHourList: readonly number[];
  readonly waitingDays: number;
}

export function prepareBeneficiary(
  b: Beneficiary,
  languages: Vocabulary,
  skills: Vocabulary,
  referenceDate: string,
  weeks?: WeekPatterns,
  /** Its pattern's number in `weeks`, when already known. */
  known?: number,
): PreparedBeneficiary {
  const lat = b.location.lat * RAD;
  const lon = b.location.lon * RAD;
  const cosLat = Math.cos(lat);
  const needs = distinct(b.needs);
  const pattern = weeks ? (known ?? weeks.id(b.availability)) : -1;
  const availability = weeks ? weeks.weeks[pattern]! : weekAvailability(b.availability);
  const genders = b.volunteerGender ? b.volunteerGender.reduce((m, g) => m | GENDER_BIT[g], GENDER_GIVEN) : 0;
  return {
    id: b.id,
    source: b,
    lat,
    lon,
    cosLat,
    x: cosLat * Math.cos(lon),
    y: cosLat * Math.sin(lon),
    z: Math.sin(lat),
    radiusKm: b.maxDistanceKm ?? Infinity,
    searchRadiusKm: b.searchRadiusKm,
    langMask: languages.mask(b.languages),
    firstLanguage: languages.bit(b.languages[0]),
    availability,
    pattern,
    genders,
    age: b.age ?? -1,
    excluded: b.excludedVolunteerIds?.length ? new Set(b.excludedVolunteerIds) : null,
    needs,
    needBits: needs.map((need) => skills.bit(need)),
    langList: knownBits(distinct(b.languages), languages),
    genderSlots: GENDER_SLOT_LISTS[genders & 7]!,
    hourList: hoursOf(availability.hours),
    fullHourList: hoursOf(availability.fullHours),
    waitingDays: b.waitingSince ? daysSince(b.waitingSince, referenceDate) : 0,
  };
}

/**
 * A list without its repeats, first occurrences kept: the list itself when it has none, as a
 * person's few languages and needs usually do (no Set nor copy made per person then).
 */
function distinct(list: readonly string[]): readonly string[] {
  if (list.length > 16) return [...new Set(list)];
  for (let i = 1; i < list.length; i++) if (list.lastIndexOf(list[i]!, i - 1) >= 0) return [...new Set(list)];
  return list;
}

/** The vocabulary bits of codes, leaving out unknown ones. */
function knownBits(codes: readonly string[], vocabulary: Vocabulary): number[] {
  const bits: number[] = [];
  for (const code of codes) {
    const bit = vocabulary.bit(code);
    if (bit >= 0) bits.push(bit);
  }
  return bits;
}

/** Hour lists by mask: the beneficiaries of one weekly pattern share its masks, and so one list. */
const hourLists = new WeakMap<Uint32Array, readonly number[]>();

/** The hours set in a mask of the week. */
function hoursOf(mask: Uint32Array): readonly number[] {
  let hours = hourLists.get(mask);
  if (hours === undefined) {
    const list: number[] = [];
    for (let w = 0; w < HOUR_WORDS; w++)
      for (let bits = mask[w]! | 0; bits !== 0; bits &= bits - 1) list.push(w * 32 + 31 - Math.clz32(bits & -bits));
    hourLists.set(mask, (hours = list));
  }
  return hours;
}
