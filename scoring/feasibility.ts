import { HOUR_WORDS, hoursIntersect, overlapMinutes } from './availability.js';
import { haversineRad } from './geo.js';
import type { PreparedBeneficiary, VolunteerTable } from './prepare.js';
import type { ProgrammeRules } from './schema/programme.js';
import type { Rule } from './schema/values.js';

/** What the hard rules found about a pair; `rule` is the first rule it breaks, or null. */
export interface Verdict {
  rule: Rule | null;
  /** Measured only once the cheaper rules pass (NaN before). */
  distanceKm: number;
  overlapMinutes: number;
  /** The radius that applies to this pair: the smallest of the programme's and both people's. */
  radiusKm: number;
}

/**
 * The hard rules of the contract for beneficiary b and volunteer row j, cheapest first:
 * set and bit-mask tests, then the hour masks, then the distance (trigonometry), then exact
 * overlap minutes. The order also decides which rule a counterfactual explanation blames when
 * several apply. Volunteers without capacity never reach the table.
 */
export function judge(
  rules: ProgrammeRules,
  b: PreparedBeneficiary,
  t: VolunteerTable,
  j: number,
  out: Verdict,
): Verdict {
  out.overlapMinutes = 0;
  out.distanceKm = NaN;
  out.radiusKm = Math.min(searchRadius(rules, b), t.radiusKm[j]!);
  out.rule = firstBrokenRule(rules, b, t, j, out);
  return out;
}

function firstBrokenRule(
  rules: ProgrammeRules,
  b: PreparedBeneficiary,
  t: VolunteerTable,
  j: number,
  out: Verdict,
): Rule | null {
  if (excludes(b, t, j)) return 'excluded';
  if (genderBars(b, t, j)) return 'gender';
  if (ageBars(b, t, j)) return 'age';
  if (rules.requireCommonLanguage && !sharesLanguage(b.langMask, t, j)) return 'language';
  if (rules.minOverlapMinutes > 0 && !hoursIntersect(b.availability.hours, t.hours, j * HOUR_WORDS))
    return 'availability';
  out.distanceKm = distanceKm(b, t, j);
  if (out.distanceKm > out.radiusKm) return 'distance';
  out.overlapMinutes = overlapMinutes(b.availability, t.availability[j]!);
  if (out.overlapMinutes < rules.minOverlapMinutes) return 'availability';
  return null;
}

const excludes = (b: PreparedBeneficiary, t: VolunteerTable, j: number) =>
  b.excluded !== null && b.excluded.has(t.rows[j]!.id);
const genderBars = (b: PreparedBeneficiary, t: VolunteerTable, j: number) =>
  b.genders !== 0 && (b.genders & t.gender[j]!) === 0;
const ageBars = (b: PreparedBeneficiary, t: VolunteerTable, j: number) =>
  b.age >= 0 && (b.age < t.ageMin[j]! || b.age > t.ageMax[j]!);

/**
 * Every hard rule a pair breaks, in RULES order (judge stops at the first): what a mediator
 * needs to see of a volunteer "just outside" the rules. Fills `out` with the distance and overlap.
 */
export function brokenRules(
  rules: ProgrammeRules,
  b: PreparedBeneficiary,
  t: VolunteerTable,
  j: number,
  out: Verdict,
): Rule[] {
  out.radiusKm = Math.min(searchRadius(rules, b), t.radiusKm[j]!);
  out.distanceKm = distanceKm(b, t, j);
  out.overlapMinutes = overlapMinutes(b.availability, t.availability[j]!);
  const broken: Rule[] = [];
  if (t.rows[j]!.capacity < 1) broken.push('capacity');
  if (excludes(b, t, j)) broken.push('excluded');
  if (genderBars(b, t, j)) broken.push('gender');
  if (ageBars(b, t, j)) broken.push('age');
  if (rules.requireCommonLanguage && !sharesLanguage(b.langMask, t, j)) broken.push('language');
  if (out.distanceKm > out.radiusKm) broken.push('distance');
  if (out.overlapMinutes < rules.minOverlapMinutes) broken.push('availability');
  out.rule = broken[0] ?? null;
  return broken;
}

/**
 * How far from a beneficiary volunteers are sought: the radius a mediator set for them, else the
 * programme's, narrowed by their own preference.
 */
export function searchRadius(rules: ProgrammeRules, b: PreparedBeneficiary): number {
  return b.searchRadiusKm ?? Math.min(rules.maxDistanceKm, b.radiusKm);
}

export function sharesLanguage(mask: Uint32Array, t: VolunteerTable, j: number): boolean {
  const base = j * t.langWords;
  for (let w = 0; w < t.langWords; w++) if ((mask[w]! & t.lang[base + w]!) !== 0) return true;
  return false;
}

/** Whether volunteer row j speaks the language at vocabulary bit `bit`. */
export function speaks(t: VolunteerTable, j: number, bit: number): boolean {
  return bit >= 0 && (t.lang[j * t.langWords + (bit >>> 5)]! & (1 << (bit & 31))) !== 0;
}

export function distanceKm(b: PreparedBeneficiary, t: VolunteerTable, j: number): number {
  return haversineRad(b.lat, b.lon, b.cosLat, t.lat[j]!, t.lon[j]!, t.cosLat[j]!);
}

export function newVerdict(): Verdict {
  return { rule: null, distanceKm: 0, overlapMinutes: 0, radiusKm: 0 };
}
