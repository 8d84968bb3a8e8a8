/** The demo programme 4. Dynamo mobility: young people (13-25) going abroad, in Brussels, Namur and Charleroi. */
import { type Beneficiary, type Volunteer } from '../../scoring/index.js';
import {
  belgianLanguages,
  bicultural,
  familyName,
  firstName,
  newcomerLanguages,
  some,
  weeklyAvailability,
  type Origin,
} from '../people.js';

import { BRUSSELS_REGION, commune, genderOf, Seed, slots, union, waitingSince, type Weighted } from './seed.js';
import type { YouthCase } from './mentorat-liege.js';
const MOBILITY_SKILLS = [
  'mobility_abroad',
  'exchange_preparation',
  'language_coaching',
  'funding_applications',
  'volunteering_projects',
];

export function dynamoMobility(): Seed {
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
      // Coaches give light, regular or intensive support; a mobility goes before, during, after.
      settings: {
        manualPairApproval: 'coordinator',
        notifyContactPerson: true,
        intensity: { weights: { light: 0.5, regular: 1, intensive: 2 }, default: 'regular' },
        stages: true,
      },
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
      gender,
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
