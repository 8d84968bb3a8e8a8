/** The demo programme 2. Mentorat Liège: seniors coaching young migrants (18-25) towards work and training. */
import { type AvailabilitySlot, type Beneficiary, type Gender, type Volunteer } from '../../scoring/index.js';
import {
  belgianLanguages,
  bicultural,
  familyName,
  firstName,
  newcomerLanguages,
  some,
  weeklyAvailability,
  type NameGender,
  type Origin,
} from '../people.js';

import { commune, Seed, slots, waitingSince, type Weighted } from './seed.js';
const MENTORING_SKILLS = ['job_search', 'cv_writing', 'admin_paperwork', 'training_orientation', 'interview_practice'];

export interface YouthCase {
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

export function mentoratLiege(): Seed {
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
      gender,
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
