/** The demo programme 1. Voisins solidaires: neighbour households next to refugee families (Brussels, Liège). */
import { type AvailabilitySlot, type Beneficiary, type Gender, type Volunteer } from '../../scoring/index.js';
import {
  belgianLanguages,
  bicultural,
  familyName,
  firstName,
  newcomerLanguages,
  some,
  weeklyAvailability,
  type BelgianCommunity,
  type Origin,
  type Rhythm,
} from '../people.js';

import {
  BRUSSELS,
  BRUSSELS_REGION,
  commune,
  genderOf,
  Seed,
  slots,
  union,
  waitingSince,
  type Member,
  type Weighted,
} from './seed.js';
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

export function voisinsSolidaires(): Seed {
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
      gender: 'female',
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
