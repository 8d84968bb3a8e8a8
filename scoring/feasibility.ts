import { overlapMinutes } from './availability.js';
import { haversineRad } from './geo.js';
import { intersects, type PreparedBeneficiary, type PreparedVolunteer } from './prepare.js';
import type { ProgrammeRules } from './schema/programme.js';
import type { Rule } from './schema/candidate.js';

/** What the hard rules found about a pair; `rule` is the first rule it breaks, or null. */
export interface Verdict {
  rule: Rule | null;
  distanceKm: number;
  overlapMinutes: number;
  /** The radius that applies to this pair: the smallest of the programme's and both people's. */
  radiusKm: number;
}

/**
 * The hard rules of the contract, checked cheapest first. The order also decides which rule a
 * counterfactual explanation blames when several apply.
 */
export function judge(rules: ProgrammeRules, b: PreparedBeneficiary, v: PreparedVolunteer, out: Verdict): Verdict {
  out.overlapMinutes = 0;
  out.radiusKm = Math.min(rules.maxDistanceKm, b.radiusKm, v.radiusKm);
  out.distanceKm = haversineRad(b.lat, b.lon, b.cosLat, v.lat, v.lon, v.cosLat);
  out.rule = firstBrokenRule(rules, b, v, out);
  return out;
}

function firstBrokenRule(rules: ProgrammeRules, b: PreparedBeneficiary, v: PreparedVolunteer, out: Verdict): Rule | null {
  if (v.capacity < 1) return 'capacity';
  if (out.distanceKm > out.radiusKm) return 'distance';
  if (b.excluded?.has(v.id)) return 'excluded';
  if (b.genders && (v.source.gender === undefined || !b.genders.has(v.source.gender))) return 'gender';
  const age = b.source.age;
  const range = v.source.ageRange;
  if (age !== undefined && range && (age < range.min || age > range.max)) return 'age';
  if (rules.requireCommonLanguage && !intersects(b.langMask, v.langMask)) return 'language';
  out.overlapMinutes = overlapMinutes(b.availability, v.availability);
  if (out.overlapMinutes < rules.minOverlapMinutes) return 'availability';
  return null;
}

export function newVerdict(): Verdict {
  return { rule: null, distanceKm: 0, overlapMinutes: 0, radiusKm: 0 };
}
