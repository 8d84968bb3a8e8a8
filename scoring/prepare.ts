import KDBush from 'kdbush';
import { HOUR_WORDS, weekAvailability, type WeekAvailability } from './availability.js';
import { daysSince, type Gender } from './schema/common.js';
import type { Beneficiary } from './schema/beneficiary.js';
import type { Volunteer } from './schema/volunteer.js';

const RAD = Math.PI / 180;
const GENDER_BIT: Record<Gender, number> = { female: 1, male: 2, other: 4 };
/** Set in a beneficiary's `genders` whenever volunteerGender is given, so that [] accepts nobody. */
const GENDER_GIVEN = 8;

/** Interns codes (languages) into bit positions so "any in common" is a few word ANDs. */
export class Vocabulary {
  private readonly index = new Map<string, number>();

  constructor(codes: Iterable<string>) {
    for (const c of codes) if (!this.index.has(c)) this.index.set(c, this.index.size);
  }

  /** Bit position of a code, -1 when unknown. */
  bit(code: string | undefined): number {
    return code === undefined ? -1 : (this.index.get(code) ?? -1);
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

/**
 * Volunteers as columns of typed arrays, rows in k-d tree order: the hard rules read a few
 * numbers per visited volunteer, and volunteers near each other in space sit near each other
 * in memory, so a radius query walks mostly cached rows.
 */
export class VolunteerTable {
  readonly size: number;
  readonly rows: readonly Volunteer[];
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly cosLat: Float64Array;
  /** Personal radius, Infinity when not given. */
  readonly radiusKm: Float64Array;
  readonly langWords: number;
  readonly lang: Uint32Array;
  /** GENDER_BIT of the volunteer's gender, 0 when not given. */
  readonly gender: Uint8Array;
  /** Accepted beneficiary ages; [0, 255] when not restricted. */
  readonly ageMin: Uint8Array;
  readonly ageMax: Uint8Array;
  readonly availability: readonly WeekAvailability[];
  /** The rows' hour masks, HOUR_WORDS words each, packed: the hour test reads no other object. */
  readonly hours: Uint32Array;
  readonly skills: readonly ReadonlySet<string>[];

  constructor(volunteers: readonly Volunteer[], vocab: Vocabulary) {
    this.rows = spatialOrder(volunteers);
    const n = (this.size = this.rows.length);
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.cosLat = new Float64Array(n);
    this.radiusKm = new Float64Array(n);
    this.langWords = vocab.words;
    this.lang = new Uint32Array(n * this.langWords);
    this.gender = new Uint8Array(n);
    this.ageMin = new Uint8Array(n);
    this.ageMax = new Uint8Array(n).fill(255);
    this.rows.forEach((v, j) => {
      this.lat[j] = v.location.lat * RAD;
      this.lon[j] = v.location.lon * RAD;
      this.cosLat[j] = Math.cos(v.location.lat * RAD);
      this.radiusKm[j] = v.maxDistanceKm ?? Infinity;
      vocab.mask(v.languages, this.lang, j * this.langWords);
      this.gender[j] = v.gender ? GENDER_BIT[v.gender] : 0;
      if (v.ageRange) {
        this.ageMin[j] = v.ageRange.min;
        this.ageMax[j] = v.ageRange.max;
      }
    });
    this.availability = this.rows.map((v) => weekAvailability(v.availability));
    this.hours = new Uint32Array(n * HOUR_WORDS);
    this.availability.forEach((a, j) => this.hours.set(a.hours, j * HOUR_WORDS));
    this.skills = this.rows.map((v) => new Set(v.skills));
  }
}

/** The volunteers in the leaf order of a k-d tree over their places. */
function spatialOrder(volunteers: readonly Volunteer[]): Volunteer[] {
  if (volunteers.length < 2) return [...volunteers];
  const tree = new KDBush(volunteers.length);
  for (const v of volunteers) tree.add(v.location.lon, v.location.lat);
  tree.finish();
  return Array.from(tree.ids, (i) => volunteers[i]!);
}

export interface PreparedBeneficiary {
  readonly id: string;
  readonly source: Beneficiary;
  readonly lat: number;
  readonly lon: number;
  readonly cosLat: number;
  readonly radiusKm: number;
  /** The radius a mediator set for this person, replacing the programme's; undefined when none. */
  readonly searchRadiusKm: number | undefined;
  readonly langMask: Uint32Array;
  /** Bit of their first (most comfortable) language, -1 when they list none. */
  readonly firstLanguage: number;
  readonly availability: WeekAvailability;
  /** Allowed volunteer genders as GENDER_BIT flags plus GENDER_GIVEN; 0 = no preference. */
  readonly genders: number;
  /** -1 when not given. */
  readonly age: number;
  readonly excluded: ReadonlySet<string> | null;
  readonly needs: readonly string[];
  readonly waitingDays: number;
}

export function prepareBeneficiary(b: Beneficiary, vocab: Vocabulary, referenceDate: string): PreparedBeneficiary {
  return {
    id: b.id,
    source: b,
    lat: b.location.lat * RAD,
    lon: b.location.lon * RAD,
    cosLat: Math.cos(b.location.lat * RAD),
    radiusKm: b.maxDistanceKm ?? Infinity,
    searchRadiusKm: b.searchRadiusKm,
    langMask: vocab.mask(b.languages),
    firstLanguage: vocab.bit(b.languages[0]),
    availability: weekAvailability(b.availability),
    genders: b.volunteerGender ? b.volunteerGender.reduce((m, g) => m | GENDER_BIT[g], GENDER_GIVEN) : 0,
    age: b.age ?? -1,
    excluded: b.excludedVolunteerIds?.length ? new Set(b.excludedVolunteerIds) : null,
    needs: [...new Set(b.needs)],
    waitingDays: b.waitingSince ? daysSince(b.waitingSince, referenceDate) : 0,
  };
}
