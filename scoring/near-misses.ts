import { brokenRules, newVerdict, searchRadius } from './feasibility.js';
import { prepareBeneficiary, Vocabulary, VolunteerTable } from './prepare.js';
import { round } from './criteria.js';
import type { Rule } from './schema/values.js';
import type { RankInput } from './schema/instance.js';

/** A volunteer one hard rule away from a beneficiary. */
export interface NearMiss {
  volunteerId: string;
  /** The one rule the pair breaks (`capacity`: the volunteer has no free slot). */
  rule: Rule;
  distanceKm: number;
  /** The radius that applies to the pair. */
  radiusKm: number;
  overlapMinutes: number;
}

/** How far beyond the search radius a volunteer still counts as "just outside". */
const REACH = 2;

/**
 * The volunteers just outside the rules for one beneficiary: each breaks exactly one hard rule,
 * lies within twice the search radius, and may have no free slot (then `capacity` is that rule).
 * Nearest first, then by id; at most `limit`. Volunteers here keep their full capacity: pass
 * the free slots left, 0 for a full volunteer.
 */
export function nearMisses(input: RankInput, beneficiaryId: string, today: string, limit = 10): NearMiss[] {
  const raw = input.beneficiaries.find((b) => b.id === beneficiaryId);
  if (!raw) return [];
  const languages = new Vocabulary([...input.volunteers, raw].flatMap((p) => p.languages));
  const skills = new Vocabulary([...input.volunteers.flatMap((v) => v.skills), ...raw.needs]);
  const table = new VolunteerTable(input.volunteers, languages, skills);
  const b = prepareBeneficiary(raw, languages, skills, input.referenceDate ?? today);
  const reach = searchRadius(input.programme, b) * REACH;
  const verdict = newVerdict();
  const out: NearMiss[] = [];
  table.index.within(raw.location, reach, (j) => {
    const broken = brokenRules(input.programme, b, table, j, verdict);
    if (broken.length !== 1 || verdict.distanceKm > reach) return;
    out.push({
      volunteerId: table.rows[j]!.id,
      rule: broken[0]!,
      distanceKm: round(verdict.distanceKm, 3),
      radiusKm: round(verdict.radiusKm, 3),
      overlapMinutes: verdict.overlapMinutes,
    });
  });
  out.sort((x, y) => x.distanceKm - y.distanceKm || (x.volunteerId < y.volunteerId ? -1 : 1));
  return out.slice(0, limit);
}
