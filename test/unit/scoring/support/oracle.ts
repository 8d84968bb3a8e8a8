/**
 * Independent, deliberately naive re-statements of the contract (../shared/spec/match-cli.md),
 * used as oracles by the property tests. Nothing here imports the code under test.
 */

export const R_KM = 6371.0088;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEK = 7 * 1440;

export interface Loc {
  lat: number;
  lon: number;
}
export interface Slot {
  day: (typeof DAYS)[number];
  start: string;
  end: string;
}

/** Haversine on degrees, written out as in any textbook. */
export function haversine(a: Loc, b: Loc): number {
  const rad = (x: number) => (x * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * R_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** One flag per minute of the week. */
export function minuteMask(slots: readonly Slot[]): Uint8Array {
  const m = new Uint8Array(WEEK);
  for (const s of slots) {
    const day = DAYS.indexOf(s.day) * 1440;
    const [sh, sm] = s.start.split(':').map(Number) as [number, number];
    const [eh, em] = s.end.split(':').map(Number) as [number, number];
    for (let t = sh * 60 + sm; t < eh * 60 + em; t++) m[day + t] = 1;
  }
  return m;
}

export function countMinutes(m: Uint8Array): number {
  let n = 0;
  for (const x of m) n += x;
  return n;
}

export function overlapByMinutes(a: readonly Slot[], b: readonly Slot[]): number {
  const ma = minuteMask(a);
  const mb = minuteMask(b);
  let n = 0;
  for (let i = 0; i < WEEK; i++) if (ma[i] && mb[i]) n++;
  return n;
}

export interface OracleVolunteer {
  id: string;
  location: Loc;
  maxDistanceKm?: number;
  languages: string[];
  skills: string[];
  availability: Slot[];
  capacity: number;
  gender?: string;
  ageRange?: { min: number; max: number };
}
export interface OracleBeneficiary {
  id: string;
  location: Loc;
  maxDistanceKm?: number;
  searchRadiusKm?: number;
  languages: string[];
  needs: string[];
  availability: Slot[];
  waitingSince?: string;
  volunteerGender?: string[];
  excludedVolunteerIds?: string[];
  age?: number;
}
export interface OracleInput {
  programme: { maxDistanceKm: number; minOverlapMinutes: number; requireCommonLanguage: boolean; topK: number };
  volunteers: OracleVolunteer[];
  beneficiaries: OracleBeneficiary[];
}

export interface FeasibleFact {
  distanceKm: number;
  overlapMinutes: number;
  /** The distance is within rounding noise of the radius: either verdict is acceptable. */
  border: boolean;
}

/** Every feasible pair, by trying all n*m of them against the contract's list of hard rules. */
export function feasiblePairs(input: OracleInput): Map<string, Map<string, FeasibleFact>> {
  const p = input.programme;
  const out = new Map<string, Map<string, FeasibleFact>>();
  const vMasks = input.volunteers.map((v) => minuteMask(v.availability));
  for (const b of input.beneficiaries) {
    const bMask = minuteMask(b.availability);
    const row = new Map<string, FeasibleFact>();
    input.volunteers.forEach((v, j) => {
      if (v.capacity < 1) return;
      if (b.excludedVolunteerIds?.includes(v.id)) return;
      if (b.volunteerGender && (v.gender === undefined || !b.volunteerGender.includes(v.gender))) return;
      if (b.age !== undefined && v.ageRange && (b.age < v.ageRange.min || b.age > v.ageRange.max)) return;
      if (p.requireCommonLanguage && !v.languages.some((l) => b.languages.includes(l))) return;
      const radius = radiusOf(p, v, b);
      const d = haversine(v.location, b.location);
      const border = d !== 0 && Math.abs(d - radius) <= 1e-9 * radius;
      if (d > radius && !border) return;
      let ov = 0;
      const vm = vMasks[j]!;
      for (let t = 0; t < WEEK; t++) if (vm[t] && bMask[t]) ov++;
      if (ov < p.minOverlapMinutes) return;
      row.set(v.id, { distanceKm: d, overlapMinutes: ov, border });
    });
    out.set(b.id, row);
  }
  return out;
}

/** The radius of a pair: the one a mediator set for the beneficiary, else the programme's and theirs; the volunteer's always. */
export function radiusOf(p: OracleInput['programme'], v: OracleVolunteer, b: OracleBeneficiary): number {
  return Math.min(
    b.searchRadiusKm ?? Math.min(p.maxDistanceKm, b.maxDistanceKm ?? Infinity),
    v.maxDistanceKm ?? Infinity,
  );
}

/** Every hard rule a pair breaks, in the contract's order of rules (capacity first). */
export function brokenRulesOf(input: OracleInput, v: OracleVolunteer, b: OracleBeneficiary): string[] {
  const p = input.programme;
  const broken: string[] = [];
  if (v.capacity < 1) broken.push('capacity');
  if (b.excludedVolunteerIds?.includes(v.id)) broken.push('excluded');
  if (b.volunteerGender && (v.gender === undefined || !b.volunteerGender.includes(v.gender))) broken.push('gender');
  if (b.age !== undefined && v.ageRange && (b.age < v.ageRange.min || b.age > v.ageRange.max)) broken.push('age');
  if (p.requireCommonLanguage && !v.languages.some((l) => b.languages.includes(l))) broken.push('language');
  if (haversine(v.location, b.location) > radiusOf(p, v, b)) broken.push('distance');
  const vm = minuteMask(v.availability);
  const bm = minuteMask(b.availability);
  let ov = 0;
  for (let t = 0; t < WEEK; t++) if (vm[t] && bm[t]) ov++;
  if (ov < p.minOverlapMinutes) broken.push('availability');
  return broken;
}

/** Plain string order, as the contract's "volunteerId ascending" (UTF-16 code units). */
export function cmpId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A small deterministic PRNG (mulberry32), for shuffles driven by a fast-check seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const r = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Exhaustive maximum of a b-matching: each beneficiary takes one of its edges or none. */
export function bruteForceOptimum(
  capacity: Map<string, number>,
  edges: readonly { volunteerId: string; beneficiaryId: string; score: number }[],
): number {
  const byB = new Map<string, { volunteerId: string; score: number }[]>();
  for (const e of edges) (byB.get(e.beneficiaryId) ?? byB.set(e.beneficiaryId, []).get(e.beneficiaryId)!).push(e);
  const groups = [...byB.values()];
  const load = new Map<string, number>();
  let best = 0;
  const go = (i: number, sum: number) => {
    if (i === groups.length) {
      best = Math.max(best, sum);
      return;
    }
    go(i + 1, sum);
    for (const e of groups[i]!) {
      const used = load.get(e.volunteerId) ?? 0;
      if (used >= (capacity.get(e.volunteerId) ?? 0)) continue;
      load.set(e.volunteerId, used + 1);
      go(i + 1, sum + e.score);
      load.set(e.volunteerId, used);
    }
  };
  go(0, 0);
  return best;
}
