/**
 * A programme's people as the simulator draws them: each newcomer is one of the programme's
 * seed people (seeds/<slug>.match.json and .profile.json) drawn at random, so places,
 * languages, needs, availability, ages, households and sections keep the programme's own
 * distribution and the links between them (a family's languages go with its origin, a section's
 * age range with its meeting day), placed anew within 500 m of where the seed person lives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ageBand,
  householdBand,
  RankInput,
  UNKNOWN_GROUP,
  type Beneficiary,
  type FairnessGroups,
  type ProgrammeRules,
  type Volunteer,
} from '../scoring/index.js';
import { jitter } from '../seeds/places.js';
import type { Random } from '../seeds/random.js';

const Member = z.looseObject({ age: z.number(), firstName: z.string().optional() });
const Person = z.looseObject({
  kind: z.enum(['person', 'household', 'section']),
  municipality: z.string(),
  age: z.number().optional(),
  gender: z.enum(['female', 'male', 'other']).optional(),
  members: z.array(Member).optional(),
});
/** What the simulator reads of a profile; other fields are let through. */
const Profile = z.object({
  programme: z.object({
    slug: z.string(),
    expectedDurationMonths: z.number().int().min(1),
    lapseWindowDays: z.number().int().min(1),
  }),
  volunteers: z.record(z.string(), Person),
  beneficiaries: z.record(z.string(), Person),
});

export interface SeedFiles {
  slug: string;
  match: RankInput;
  profile: z.infer<typeof Profile>;
}

export function readSeedFiles(seedsDir: string, slug: string): SeedFiles {
  const read = (file: string) => JSON.parse(readFileSync(join(seedsDir, file), 'utf8')) as unknown;
  return {
    slug,
    match: RankInput.parse(read(`${slug}.match.json`)),
    profile: Profile.parse(read(`${slug}.profile.json`)),
  };
}

/** A volunteer as drawn: the scoring core's record, and the seed person it was drawn from. */
export interface DrawnVolunteer {
  scored: Volunteer;
  sourceId: string;
}

export interface DrawnBeneficiary {
  /** Without `waitingSince` and exclusions: the simulation sets them. */
  scored: Beneficiary;
  sourceId: string;
  groups: FairnessGroups;
}

export class Population {
  readonly rules: ProgrammeRules;
  readonly plannedDays: number;
  readonly lapseWindowDays: number;

  constructor(private readonly seed: SeedFiles) {
    this.rules = seed.match.programme;
    this.plannedDays = Math.round(seed.profile.programme.expectedDurationMonths * 30.44);
    this.lapseWindowDays = seed.profile.programme.lapseWindowDays;
  }

  get slug(): string {
    return this.seed.slug;
  }

  volunteer(id: string, random: Random): DrawnVolunteer {
    const from = random.pick(this.seed.match.volunteers);
    return { scored: { ...from, id, location: jitter(placeOf(from.location), 0.5, random) }, sourceId: from.id };
  }

  beneficiary(id: string, random: Random): DrawnBeneficiary {
    const from = random.pick(this.seed.match.beneficiaries);
    const { waitingSince: _since, excludedVolunteerIds: _excluded, ...rest } = from;
    const details = this.seed.profile.beneficiaries[from.id];
    if (!details) throw new Error(`${this.slug}.profile.json: no details for beneficiary ${from.id}`);
    return {
      scored: { ...rest, id, location: jitter(placeOf(from.location), 0.5, random) },
      sourceId: from.id,
      groups: groupsOf(from, details),
    };
  }
}

/** The groups a beneficiary belongs to for the wait ratios: a household by its contact person. */
function groupsOf(b: Beneficiary, d: z.infer<typeof Person>): FairnessGroups {
  const members = d.members ?? [];
  return {
    firstLanguage: b.languages[0] ?? UNKNOWN_GROUP,
    gender: d.gender ?? UNKNOWN_GROUP,
    municipality: d.municipality,
    ageBand: ageBand(d.age ?? members[0]?.age),
    householdSize: householdBand(Math.max(1, members.length)),
  };
}

function placeOf(location: { lat: number; lon: number }) {
  return { name: '', admin1: '', admin2: '', ...location };
}
