/** The demo programme 3. Jeugdwerk voor Allen Mechelen: children of newcomer families into youth-movement sections. */
import { type AvailabilitySlot, type Beneficiary, type Gender, type Volunteer } from '../../scoring/index.js';
import {
  familyName,
  firstName,
  newcomerLanguages,
  some,
  sortSlots,
  weeklyAvailability,
  type NameGender,
  type Origin,
} from '../people.js';
import { type Random } from '../random.js';

import { genderOf, Seed, slots, union, waitingSince, type Weighted } from './seed.js';
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

export function jeugdwerkMechelen(): Seed {
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
      gender,
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
