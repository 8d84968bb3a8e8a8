import { weekAvailability, type WeekAvailability } from './availability.js';
import { daysBetween } from './schema/common.js';
import type { Beneficiary } from './schema/beneficiary.js';
import type { Volunteer } from './schema/volunteer.js';

const RAD = Math.PI / 180;

/** Interns codes (languages) into bit positions so "any in common" is a few word ANDs. */
export class Vocabulary {
  private readonly index = new Map<string, number>();

  constructor(codes: Iterable<string>) {
    for (const c of codes) if (!this.index.has(c)) this.index.set(c, this.index.size);
  }

  mask(codes: readonly string[]): Uint32Array {
    const m = new Uint32Array(Math.max(1, Math.ceil(this.index.size / 32)));
    for (const c of codes) {
      const i = this.index.get(c);
      if (i !== undefined) m[i >>> 5]! |= 1 << (i & 31);
    }
    return m;
  }
}

export function intersects(a: Uint32Array, b: Uint32Array): boolean {
  for (let w = 0; w < a.length; w++) if ((a[w]! & b[w]!) !== 0) return true;
  return false;
}

interface PreparedPerson {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly cosLat: number;
  /** Personal radius, Infinity when not given. */
  readonly radiusKm: number;
  readonly languages: readonly string[];
  readonly langMask: Uint32Array;
  readonly availability: WeekAvailability;
}

export interface PreparedVolunteer extends PreparedPerson {
  readonly source: Volunteer;
  readonly skills: ReadonlySet<string>;
  readonly capacity: number;
}

export interface PreparedBeneficiary extends PreparedPerson {
  readonly source: Beneficiary;
  readonly needs: readonly string[];
  readonly waitingDays: number;
  readonly genders: ReadonlySet<string> | null;
  readonly excluded: ReadonlySet<string> | null;
}

function person(p: Volunteer | Beneficiary, vocab: Vocabulary): PreparedPerson {
  return {
    id: p.id,
    lat: p.location.lat * RAD,
    lon: p.location.lon * RAD,
    cosLat: Math.cos(p.location.lat * RAD),
    radiusKm: p.maxDistanceKm ?? Infinity,
    languages: p.languages,
    langMask: vocab.mask(p.languages),
    availability: weekAvailability(p.availability),
  };
}

export function prepareVolunteer(v: Volunteer, vocab: Vocabulary): PreparedVolunteer {
  return { ...person(v, vocab), source: v, skills: new Set(v.skills), capacity: v.capacity };
}

export function prepareBeneficiary(b: Beneficiary, vocab: Vocabulary, referenceDate: string): PreparedBeneficiary {
  return {
    ...person(b, vocab),
    source: b,
    needs: [...new Set(b.needs)],
    waitingDays: b.waitingSince ? Math.max(0, daysBetween(b.waitingSince, referenceDate)) : 0,
    genders: b.volunteerGender ? new Set(b.volunteerGender) : null,
    excluded: b.excludedVolunteerIds?.length ? new Set(b.excludedVolunteerIds) : null,
  };
}
