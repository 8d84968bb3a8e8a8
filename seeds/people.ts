import type { AvailabilitySlot, Day } from '../scoring/index.js';
import type { Random } from './random.js';

/**
 * Invented but culturally plausible people: names, languages and weekly rhythms, shared by the
 * demo programmes and the large-instance generator. Names are common first names combined at
 * random with common family names; no real person is meant.
 */

export type Origin =
  'syria' | 'afghanistan' | 'eritrea' | 'somalia' | 'ukraine' | 'guinea' | 'morocco' | 'turkey' | 'venezuela' | 'iraq';
/** Where a Belgian volunteer grew up speaking: French (Wallonia, Brussels) or Dutch (Flanders). */
export type BelgianCommunity = 'fr' | 'nl';

interface NamePool {
  female: readonly string[];
  male: readonly string[];
  family: readonly string[];
}

const NAMES: Record<Origin | BelgianCommunity, NamePool> = {
  fr: {
    female: [
      'Marie',
      'Anne',
      'Françoise',
      'Monique',
      'Martine',
      'Isabelle',
      'Christine',
      'Nathalie',
      'Sophie',
      'Julie',
      'Claire',
      'Catherine',
      'Véronique',
      'Pascale',
      'Brigitte',
      'Chantal',
      'Geneviève',
      'Laurence',
      'Émilie',
      'Camille',
    ],
    male: [
      'Jean',
      'Philippe',
      'Michel',
      'Pierre',
      'Luc',
      'Marc',
      'Patrick',
      'Alain',
      'André',
      'Jacques',
      'Thierry',
      'Didier',
      'Bernard',
      'Olivier',
      'Guy',
      'Benoît',
      'Damien',
      'Thomas',
      'Nicolas',
      'Antoine',
    ],
    family: [
      'Dubois',
      'Lambert',
      'Dupont',
      'Martin',
      'Simon',
      'Laurent',
      'Leroy',
      'Lejeune',
      'Renard',
      'Collard',
      'Dumont',
      'Leclercq',
      'Gilson',
      'Denis',
      'Noël',
      'Hubert',
      'Lemaire',
      'Delvaux',
      'Wathelet',
      'Thiry',
      'Fontaine',
      'Jacquet',
      'Piron',
      'Mathieu',
      'Bodart',
      'Masson',
      'François',
      'Charlier',
      'Gérard',
      'Closset',
    ],
  },
  nl: {
    female: [
      'An',
      'Els',
      'Katrien',
      'Veerle',
      'Griet',
      'Sofie',
      'Lies',
      'Hilde',
      'Marleen',
      'Inge',
      'Lotte',
      'Nele',
      'Ellen',
      'Leen',
      'Annelies',
      'Greet',
      'Ria',
      'Kaat',
      'Fien',
      'Saartje',
    ],
    male: [
      'Jan',
      'Koen',
      'Bart',
      'Peter',
      'Tom',
      'Dirk',
      'Luc',
      'Wim',
      'Geert',
      'Stijn',
      'Pieter',
      'Jef',
      'Jens',
      'Wout',
      'Joris',
      'Raf',
      'Filip',
      'Hans',
      'Kris',
      'Seppe',
    ],
    family: [
      'Peeters',
      'Janssens',
      'Maes',
      'Jacobs',
      'Mertens',
      'Willems',
      'Claes',
      'Goossens',
      'Wouters',
      'De Smet',
      'Vermeulen',
      'Van den Broeck',
      'De Backer',
      'Verhaegen',
      'Hermans',
      'Smets',
      'Van Damme',
      'Michiels',
      'Aerts',
      'Verstraeten',
      'Coppens',
      'De Wilde',
      'Van Dyck',
      'Vandenberghe',
      'Stevens',
      'Luyten',
      'Huybrechts',
      'Verbeeck',
      'Van Hoof',
      'Segers',
    ],
  },
  syria: {
    female: ['Rania', 'Lina', 'Hiba', 'Nour', 'Rasha', 'Amal', 'Yara', 'Dima', 'Huda', 'Farah', 'Salma', 'Reem'],
    male: [
      'Ahmad',
      'Mohammad',
      'Omar',
      'Khaled',
      'Yousef',
      'Rami',
      'Tarek',
      'Hassan',
      'Ibrahim',
      'Samer',
      'Fadi',
      'Majd',
    ],
    family: [
      'Haddad',
      'Al-Khatib',
      'Hamdan',
      'Darwish',
      'Nasser',
      'Kassab',
      'Mansour',
      'Haj Ali',
      'Shami',
      'Qassem',
      'Sabbagh',
      'Othman',
    ],
  },
  iraq: {
    female: ['Zainab', 'Noor', 'Maryam', 'Sara', 'Hawraa', 'Ruqaya', 'Shahad', 'Tabarak'],
    male: ['Ali', 'Hussein', 'Mustafa', 'Haider', 'Ammar', 'Karrar', 'Sajjad', 'Muntadhar'],
    family: ['Al-Jabouri', 'Al-Saadi', 'Al-Obaidi', 'Kadhim', 'Jassim', 'Al-Tamimi', 'Hamoudi', 'Al-Rubaie'],
  },
  afghanistan: {
    female: [
      'Fatima',
      'Zahra',
      'Mariam',
      'Shabana',
      'Nargis',
      'Laila',
      'Parwana',
      'Freshta',
      'Sima',
      'Hadia',
      'Mursal',
      'Zarghuna',
    ],
    male: [
      'Ahmad',
      'Farid',
      'Jawad',
      'Hamid',
      'Nasir',
      'Wahid',
      'Samiullah',
      'Zabihullah',
      'Mirwais',
      'Rahim',
      'Habib',
      'Sohrab',
    ],
    family: [
      'Ahmadzai',
      'Rahimi',
      'Hakimi',
      'Noori',
      'Sultani',
      'Karimi',
      'Popal',
      'Stanekzai',
      'Wardak',
      'Habibi',
      'Safi',
      'Amiri',
    ],
  },
  eritrea: {
    female: ['Selam', 'Helen', 'Senait', 'Yordanos', 'Saba', 'Mebrat', 'Luwam', 'Rahel', 'Feven', 'Hiwet'],
    male: ['Yonas', 'Semere', 'Tesfay', 'Dawit', 'Mehari', 'Filmon', 'Robel', 'Natnael', 'Amanuel', 'Kibrom'],
    family: [
      'Tesfamariam',
      'Gebremedhin',
      'Habte',
      'Kidane',
      'Haile',
      'Berhe',
      'Woldu',
      'Ghebreyesus',
      'Tekle',
      'Mengisteab',
    ],
  },
  somalia: {
    female: ['Amina', 'Hodan', 'Fartun', 'Sahra', 'Hibo', 'Ifrah', 'Nasra', 'Ayaan', 'Deeqa', 'Ubah'],
    male: ['Abdirahman', 'Mohamed', 'Abdullahi', 'Hassan', 'Yusuf', 'Abdi', 'Ismail', 'Liban', 'Guled', 'Mahad'],
    family: ['Warsame', 'Farah', 'Hirsi', 'Osman', 'Abdi', 'Jama', 'Dirie', 'Nur', 'Aden', 'Egal'],
  },
  ukraine: {
    female: [
      'Olena',
      'Iryna',
      'Oksana',
      'Nataliia',
      'Yuliia',
      'Kateryna',
      'Svitlana',
      'Tetiana',
      'Anastasiia',
      'Viktoriia',
    ],
    male: ['Oleksandr', 'Andriy', 'Dmytro', 'Serhiy', 'Mykola', 'Taras', 'Bohdan', 'Yaroslav', 'Ivan', 'Maksym'],
    family: [
      'Kovalenko',
      'Shevchenko',
      'Bondarenko',
      'Tkachenko',
      'Kravchenko',
      'Melnyk',
      'Boyko',
      'Lysenko',
      'Savchenko',
      'Marchenko',
    ],
  },
  guinea: {
    female: ['Mariama', 'Fatoumata', 'Aissatou', 'Kadiatou', 'Hadja', 'Djenabou', 'Oumou', 'Binta', 'Aminata', 'Hawa'],
    male: ['Mamadou', 'Alpha', 'Ibrahima', 'Ousmane', 'Thierno', 'Amadou', 'Sekou', 'Abdoulaye', 'Boubacar', 'Lansana'],
    family: ['Diallo', 'Barry', 'Bah', 'Sow', 'Camara', 'Condé', 'Touré', 'Sylla', 'Keita', 'Baldé'],
  },
  morocco: {
    female: ['Salma', 'Imane', 'Khadija', 'Fatima-Zahra', 'Soukaina', 'Hajar', 'Nadia', 'Samira', 'Meryem', 'Zineb'],
    male: ['Youssef', 'Mehdi', 'Anas', 'Hamza', 'Ayoub', 'Bilal', 'Said', 'Karim', 'Nabil', 'Rachid'],
    family: [
      'El Amrani',
      'Benali',
      'Bouzid',
      'El Idrissi',
      'Ouali',
      'Tahiri',
      'Azzouzi',
      'Lahlou',
      'Chaoui',
      'Bakkali',
    ],
  },
  turkey: {
    female: ['Elif', 'Zeynep', 'Ayşe', 'Fatma', 'Merve', 'Büşra', 'Esra', 'Hatice', 'Derya', 'Selin'],
    male: ['Mehmet', 'Emre', 'Burak', 'Mustafa', 'Yusuf', 'Kerem', 'Hakan', 'Onur', 'Serkan', 'Murat'],
    family: ['Yılmaz', 'Demir', 'Kaya', 'Şahin', 'Çelik', 'Yıldız', 'Aydın', 'Öztürk', 'Arslan', 'Doğan'],
  },
  venezuela: {
    female: ['María', 'Gabriela', 'Daniela', 'Andrea', 'Valentina', 'Carolina', 'Mariana', 'Paola'],
    male: ['Luis', 'José', 'Carlos', 'Andrés', 'Daniel', 'Miguel', 'Jesús', 'Alejandro'],
    family: ['González', 'Rodríguez', 'Pérez', 'Hernández', 'Ramírez', 'Torres', 'Mendoza', 'Rojas'],
  },
};

/** Given names come in female and male lists. */
export type NameGender = 'female' | 'male';

export function firstName(group: Origin | BelgianCommunity, gender: NameGender, random: Random): string {
  return random.pick(NAMES[group][gender]);
}

export function familyName(group: Origin | BelgianCommunity, random: Random): string {
  return random.pick(NAMES[group].family);
}

/**
 * Home languages of newcomers from each origin, most comfortable first, with how often each
 * further language is spoken (mostly learnt on the way or at school here).
 */
const HOME_LANGUAGES: Record<
  Origin,
  { first: readonly (readonly [string, number])[]; extra: readonly (readonly [string, number])[] }
> = {
  syria: {
    first: [['ar', 1]],
    extra: [
      ['en', 0.35],
      ['tr', 0.1],
    ],
  },
  iraq: { first: [['ar', 1]], extra: [['en', 0.3]] },
  afghanistan: {
    first: [
      ['fa', 0.65],
      ['ps', 0.35],
    ],
    extra: [
      ['fa', 0.3],
      ['en', 0.3],
    ],
  },
  eritrea: {
    first: [['ti', 1]],
    extra: [
      ['ar', 0.15],
      ['en', 0.2],
    ],
  },
  somalia: {
    first: [['so', 1]],
    extra: [
      ['ar', 0.3],
      ['en', 0.3],
    ],
  },
  ukraine: {
    first: [
      ['uk', 0.8],
      ['ru', 0.2],
    ],
    extra: [
      ['ru', 0.6],
      ['uk', 0.2],
      ['en', 0.45],
    ],
  },
  guinea: { first: [['fr', 1]], extra: [['en', 0.15]] },
  morocco: {
    first: [
      ['ar', 0.7],
      ['fr', 0.3],
    ],
    extra: [
      ['fr', 0.7],
      ['ar', 0.3],
      ['es', 0.1],
    ],
  },
  turkey: { first: [['tr', 1]], extra: [['en', 0.3]] },
  venezuela: { first: [['es', 1]], extra: [['en', 0.3]] },
};

/**
 * A newcomer's languages: home language first, then others they get by with. `local` is the
 * language of the place, picked up with probability `localShare` (school, integration course).
 */
export function newcomerLanguages(
  origin: Origin,
  local: BelgianCommunity,
  localShare: number,
  random: Random,
): string[] {
  const spec = HOME_LANGUAGES[origin];
  const langs = [random.weighted(spec.first)];
  for (const [code, p] of spec.extra) if (!langs.includes(code) && random.chance(p)) langs.push(code);
  if (!langs.includes(local) && random.chance(localShare)) langs.push(local);
  return langs;
}

/** A Belgian volunteer's languages: the community's, then the usual second and third ones. */
export function belgianLanguages(community: BelgianCommunity, random: Random): string[] {
  const langs: string[] = [community];
  const other = community === 'fr' ? 'nl' : 'fr';
  if (random.chance(community === 'fr' ? 0.55 : 0.75)) langs.push('en');
  if (random.chance(community === 'fr' ? 0.25 : 0.45)) langs.push(other);
  if (random.chance(0.1)) langs.push('es');
  return langs;
}

/**
 * Belgians with a family history elsewhere volunteer too, and often speak the language of
 * newcomers: Moroccan-, Turkish- and Congolese-Belgians, Spanish speakers...
 */
export function bicultural(
  community: BelgianCommunity,
  random: Random,
): { group: Origin | BelgianCommunity; languages: string[] } {
  const heritage = random.weighted<[Origin | BelgianCommunity, string | null]>([
    [['morocco', 'ar'], 4],
    [['turkey', 'tr'], 3],
    [['syria', 'ar'], 1],
    [['venezuela', 'es'], 1],
    [['ukraine', 'uk'], 1],
    [['afghanistan', 'fa'], 0.5],
    [[community, null], 2], // Congolese-Belgian and others: French or Dutch names are common there too
  ]);
  const langs = belgianLanguages(community, random);
  if (heritage[1] !== null && !langs.includes(heritage[1])) langs.splice(1, 0, heritage[1]);
  return { group: heritage[0], languages: langs };
}

/** Weekly rhythms, as the windows people give a programme. */
export type Rhythm = 'working' | 'retired' | 'student' | 'family' | 'pupil';

const WEEKDAYS: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

type Window = readonly [Day | 'weekday', string, string];

const WINDOWS: Record<Rhythm, readonly (readonly [Window, number])[]> = {
  working: [
    [['weekday', '18:00', '20:00'], 4],
    [['weekday', '18:30', '21:00'], 3],
    [['wed', '14:00', '17:00'], 1],
    [['sat', '10:00', '12:30'], 3],
    [['sat', '14:00', '17:00'], 2],
    [['sun', '10:00', '12:00'], 1],
    [['sun', '14:00', '17:00'], 1],
  ],
  retired: [
    [['weekday', '09:30', '12:00'], 4],
    [['weekday', '14:00', '17:00'], 4],
    [['wed', '13:30', '17:30'], 2],
    [['weekday', '18:00', '20:00'], 1],
    [['sat', '10:00', '12:00'], 1],
  ],
  student: [
    [['weekday', '17:00', '19:30'], 4],
    [['weekday', '19:00', '21:00'], 2],
    [['wed', '13:00', '17:00'], 3],
    [['sat', '10:00', '13:00'], 2],
    [['sat', '14:00', '18:00'], 2],
    [['sun', '14:00', '17:00'], 1],
  ],
  family: [
    [['weekday', '16:30', '19:00'], 3],
    [['weekday', '18:00', '20:00'], 2],
    [['wed', '13:30', '17:00'], 4],
    [['sat', '10:00', '12:30'], 3],
    [['sat', '14:00', '17:00'], 3],
    [['sun', '10:00', '12:00'], 2],
  ],
  pupil: [
    [['wed', '13:00', '17:00'], 5],
    [['weekday', '16:00', '18:00'], 2],
    [['sat', '09:30', '12:30'], 3],
    [['sat', '14:00', '17:30'], 4],
    [['sun', '14:00', '17:00'], 3],
  ],
};

/** Between `min` and `max` weekly windows of that rhythm, not overlapping each other, in week order. */
export function weeklyAvailability(rhythm: Rhythm, random: Random, min = 2, max = 4): AvailabilitySlot[] {
  const n = random.int(min, max);
  const slots: AvailabilitySlot[] = [];
  for (let tries = 0; slots.length < n && tries < 50; tries++) {
    const [day, start, end] = random.weighted(WINDOWS[rhythm]);
    const d = day === 'weekday' ? random.pick(WEEKDAYS) : day;
    // Zero-padded HH:MM strings compare as times.
    if (!slots.some((s) => s.day === d && s.start < end && start < s.end)) slots.push({ day: d, start, end });
  }
  return sortSlots(slots);
}

const DAY_ORDER: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function sortSlots(slots: AvailabilitySlot[]): AvailabilitySlot[] {
  return slots.sort(
    (a, b) =>
      DAY_ORDER.indexOf(a.day) - DAY_ORDER.indexOf(b.day) || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0),
  );
}

/** `k` distinct items, the order kept as drawn (for needs: most important first). */
export function some<T>(items: readonly T[], min: number, max: number, random: Random): T[] {
  return random.sample(items, random.int(min, max));
}

/** A date between two ISO dates, both included, as YYYY-MM-DD. */
export function dateBetween(from: string, to: string, random: Random): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + random.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}
