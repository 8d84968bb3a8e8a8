import type { Candidate, Unmatched } from './schema/candidate.js';
import { RULES, type Rule } from './schema/values.js';
import type { Day } from './schema/slot.js';
import type { Locale } from './locale.js';
import { skillLabel } from './skills.js';

const SEP = ' · ';

interface Phrases {
  apart(km: string): string;
  bothSpeak(languages: string): string;
  noCommonLanguage: string;
  /** The shared windows, each `day hh:mm-hh:mm`; `more` when some are left unsaid. */
  bothFree(windows: string[], more: number): string;
  covers(needs: string): string;
  notCovered(needs: string[]): string;
  waiting(months: number): string;
  days: Record<Day, string>;
  and: string;
  /** French sets a (non-breaking) space before a colon. */
  colon: string;
  /** `; ` with the language's spacing (a no-break space before it in French). */
  semicolon: string;
  within(n: number, km: string): string;
  noneWithin(km: string): string;
  nearest(km: string): string;
  none: Record<Rule, string>;
  some: Record<Rule, (n: number) => string>;
}

const PHRASES: Record<Locale, Phrases> = {
  en: {
    apart: (km) => `${km} km apart`,
    bothSpeak: (l) => `both speak ${l}`,
    noCommonLanguage: 'no common language',
    bothFree: (w, more) => `both free ${w.join(', ')}${more ? ` (+${more})` : ''}`,
    covers: (n) => `covers ${n}`,
    notCovered: (n) => `not ${list(n, 'and')}`,
    waiting: (m) => (m === 1 ? 'waiting 1 month' : `waiting ${m} months`),
    days: {
      mon: 'Monday',
      tue: 'Tuesday',
      wed: 'Wednesday',
      thu: 'Thursday',
      fri: 'Friday',
      sat: 'Saturday',
      sun: 'Sunday',
    },
    and: 'and',
    colon: ': ',
    semicolon: '; ',
    within: (n, km) => (n === 1 ? `1 volunteer within ${km} km` : `${n} volunteers within ${km} km`),
    noneWithin: (km) => `no volunteer within ${km} km`,
    nearest: (km) => `the nearest is ${km} km away`,
    none: {
      capacity: 'none with room for one more',
      distance: 'none willing to travel that far',
      excluded: 'all excluded after earlier pairings',
      gender: 'none of the preferred gender',
      age: 'none taking this age',
      language: 'none with a common language',
      availability: 'none free at the same time',
    },
    some: {
      capacity: (n) => `${n} full`,
      distance: (n) => `${n} not willing to travel that far`,
      excluded: (n) => `${n} excluded after earlier pairings`,
      gender: (n) => `${n} not of the preferred gender`,
      age: (n) => `${n} not taking this age`,
      language: (n) => `${n} without a common language`,
      availability: (n) => `${n} not free at the same time`,
    },
  },
  fr: {
    apart: (km) => `à ${km} km`,
    bothSpeak: (l) => `parlent tous deux ${l}`,
    noCommonLanguage: 'aucune langue commune',
    // « le lundi 18:00-20:00, le mercredi … »: the article before each day.
    bothFree: (w, more) => `libres tous deux ${w.map((x) => `le ${x}`).join(', ')}${more ? ` (+${more})` : ''}`,
    covers: (n) => `couvre ${n}`,
    // « ni le CV ni l’entretien » for several, « pas le CV » for one.
    notCovered: (n) => (n.length > 1 ? `ni ${n.join(' ni ')}` : `pas ${n[0] ?? ''}`),
    waiting: (m) => `attend depuis ${m} mois`,
    days: {
      mon: 'lundi',
      tue: 'mardi',
      wed: 'mercredi',
      thu: 'jeudi',
      fri: 'vendredi',
      sat: 'samedi',
      sun: 'dimanche',
    },
    and: 'et',
    colon: '\u00a0: ',
    semicolon: '\u202f; ',
    within: (n, km) => (n === 1 ? `1 bénévole à moins de ${km} km` : `${n} bénévoles à moins de ${km} km`),
    noneWithin: (km) => `aucun bénévole à moins de ${km} km`,
    nearest: (km) => `le plus proche est à ${km} km`,
    none: {
      capacity: 'aucun n’a encore de place',
      distance: 'aucun ne se déplace aussi loin',
      excluded: 'tous exclus après un binôme précédent',
      gender: 'aucun du genre souhaité',
      age: 'aucun n’accueille cet âge',
      language: 'aucun ne parle une langue commune',
      availability: 'aucun n’est libre au même moment',
    },
    some: {
      capacity: (n) => `${n} complet${n > 1 ? 's' : ''}`,
      distance: (n) => `${n} ne se déplace${n > 1 ? 'nt' : ''} pas aussi loin`,
      excluded: (n) => `${n} exclu${n > 1 ? 's' : ''} après un binôme précédent`,
      gender: (n) => `${n} pas du genre souhaité`,
      age: (n) => `${n} n’accueille${n > 1 ? 'nt' : ''} pas cet âge`,
      language: (n) => `${n} sans langue commune`,
      availability: (n) => `${n} pas libre${n > 1 ? 's' : ''} au même moment`,
    },
  },
  nl: {
    apart: (km) => `${km} km uit elkaar`,
    bothSpeak: (l) => `spreken allebei ${l}`,
    noCommonLanguage: 'geen gemeenschappelijke taal',
    bothFree: (w, more) => `allebei vrij op ${w.join(', ')}${more ? ` (+${more})` : ''}`,
    covers: (n) => `helpt met ${n}`,
    notCovered: (n) => `niet met ${list(n, 'en')}`,
    waiting: (m) => `wacht al ${m} maand${m === 1 ? '' : 'en'}`,
    days: {
      mon: 'maandag',
      tue: 'dinsdag',
      wed: 'woensdag',
      thu: 'donderdag',
      fri: 'vrijdag',
      sat: 'zaterdag',
      sun: 'zondag',
    },
    and: 'en',
    colon: ': ',
    semicolon: '; ',
    within: (n, km) => (n === 1 ? `1 vrijwilliger binnen ${km} km` : `${n} vrijwilligers binnen ${km} km`),
    noneWithin: (km) => `geen vrijwilliger binnen ${km} km`,
    nearest: (km) => `de dichtstbijzijnde woont op ${km} km`,
    none: {
      capacity: 'niemand heeft nog plaats',
      distance: 'niemand wil zo ver gaan',
      excluded: 'allen uitgesloten na een eerdere koppeling',
      gender: 'niemand van het gewenste geslacht',
      age: 'niemand voor deze leeftijd',
      language: 'niemand met een gemeenschappelijke taal',
      availability: 'niemand tegelijk vrij',
    },
    some: {
      capacity: (n) => `${n} volzet`,
      distance: (n) => `${n} wil${n > 1 ? 'len' : ''} niet zo ver gaan`,
      excluded: (n) => `${n} uitgesloten na een eerdere koppeling`,
      gender: (n) => `${n} niet van het gewenste geslacht`,
      age: (n) => `${n} niet voor deze leeftijd`,
      language: (n) => `${n} zonder gemeenschappelijke taal`,
      availability: (n) => `${n} niet tegelijk vrij`,
    },
  },
};

/**
 * The names of the languages programmes meet most, as Intl.DisplayNames gives them (a test holds
 * them to it): a run that names only these loads no ICU data, whose first use costs about 10 ms.
 */
const COMMON_LANGUAGE_NAMES: Record<string, Record<Locale, string>> = {
  fr: { en: 'French', fr: 'français', nl: 'Frans' },
  nl: { en: 'Dutch', fr: 'néerlandais', nl: 'Nederlands' },
  en: { en: 'English', fr: 'anglais', nl: 'Engels' },
  de: { en: 'German', fr: 'allemand', nl: 'Duits' },
  ar: { en: 'Arabic', fr: 'arabe', nl: 'Arabisch' },
  es: { en: 'Spanish', fr: 'espagnol', nl: 'Spaans' },
  it: { en: 'Italian', fr: 'italien', nl: 'Italiaans' },
  pt: { en: 'Portuguese', fr: 'portugais', nl: 'Portugees' },
  pl: { en: 'Polish', fr: 'polonais', nl: 'Pools' },
  ro: { en: 'Romanian', fr: 'roumain', nl: 'Roemeens' },
  tr: { en: 'Turkish', fr: 'turc', nl: 'Turks' },
  ru: { en: 'Russian', fr: 'russe', nl: 'Russisch' },
  uk: { en: 'Ukrainian', fr: 'ukrainien', nl: 'Oekraïens' },
  fa: { en: 'Persian', fr: 'persan', nl: 'Perzisch' },
  ps: { en: 'Pashto', fr: 'pachto', nl: 'Pasjtoe' },
  so: { en: 'Somali', fr: 'somali', nl: 'Somalisch' },
  ti: { en: 'Tigrinya', fr: 'tigrigna', nl: 'Tigrinya' },
  ln: { en: 'Lingala', fr: 'lingala', nl: 'Lingala' },
};

const commonNames = (locale: Locale) =>
  new Map(Object.entries(COMMON_LANGUAGE_NAMES).map(([code, names]) => [code, names[locale]]));

/**
 * Names already known, per locale (the common ones from the start): a lookup costs far more than
 * a map read. Each locale's Intl.DisplayNames is made on first use of another code.
 */
const namesSeen: Record<Locale, Map<string, string>> = {
  fr: commonNames('fr'),
  nl: commonNames('nl'),
  en: commonNames('en'),
};
const displayNames: Partial<Record<Locale, Intl.DisplayNames>> = {};

export function languageName(code: string, locale: Locale): string {
  const seen = namesSeen[locale];
  let name = seen.get(code);
  if (name === undefined) {
    const names = (displayNames[locale] ??= new Intl.DisplayNames([locale], { type: 'language' }));
    seen.set(code, (name = names.of(code) ?? code));
  }
  return name;
}

const NUMBER_TAGS: Record<Locale, string> = { en: 'en-GB', fr: 'fr-BE', nl: 'nl-BE' };
/** The decimal separator of NUMBER_TAGS' numbers (a test holds km to Intl). */
const DECIMAL_SEPARATOR: Record<Locale, string> = { en: '.', fr: ',', nl: ',' };
/** [one decimal, none] per locale, made on first use. */
const kmFormats: Partial<Record<Locale, readonly [Intl.NumberFormat, Intl.NumberFormat]>> = {};

/**
 * Kilometres: one decimal below 10 km, none above, as Intl.NumberFormat writes them for the
 * locale. Below 999 km (no digit grouping) written here, the same way: the number's shortest
 * decimal form (what String gives) rounded half away from zero, with no trailing zero; a
 * formatter call costs more than the rest of an explanation. Intl writes the others.
 */
export function km(x: number, locale: Locale): string {
  if (!(x >= 0 && x < 999) || (x === 0 && 1 / x < 0)) return intlKm(x, locale);
  // A whole number of metres (as the candidates' distances are): its shortest decimal form is
  // that of metres / 1000, so its digits come from the integer, with no number made a string.
  const metres = Math.round(x * 1000);
  if (metres / 1000 === x) {
    const whole = Math.floor(metres / 1000);
    const rest = metres - whole * 1000;
    if (x >= 10) return String(rest >= 500 ? whole + 1 : whole);
    return tenthsKm(whole * 10 + Math.floor(rest / 100) + (rest % 100 >= 50 ? 1 : 0), locale);
  }
  const s = String(x);
  if (s.includes('e')) return intlKm(x, locale);
  const dot = s.indexOf('.');
  if (dot < 0) return s;
  const whole = s.slice(0, dot);
  // '5' is char code 53: the first dropped digit rounds up from it.
  if (x >= 10) return s.charCodeAt(dot + 1) >= 53 ? String(Number(whole) + 1) : whole;
  return tenthsKm(
    Number(whole) * 10 + s.charCodeAt(dot + 1) - 48 + (dot + 2 < s.length && s.charCodeAt(dot + 2) >= 53 ? 1 : 0),
    locale,
  );
}

/** A count of tenths of a kilometre, with its decimal only when not zero. */
function tenthsKm(tenths: number, locale: Locale): string {
  const tenth = tenths % 10;
  return tenth ? `${(tenths - tenth) / 10}${DECIMAL_SEPARATOR[locale]}${tenth}` : String(tenths / 10);
}

function intlKm(x: number, locale: Locale): string {
  const formats = (kmFormats[locale] ??= [
    new Intl.NumberFormat(NUMBER_TAGS[locale], { maximumFractionDigits: 1 }),
    new Intl.NumberFormat(NUMBER_TAGS[locale], { maximumFractionDigits: 0 }),
  ]);
  return formats[x < 10 ? 0 : 1].format(x);
}

/** "a, b and c": one or more items, each as `name` gives it (one pass, no array made). */
function list(items: readonly string[], and: string, name: (item: string) => string = (item) => item): string {
  let text = items.length ? name(items[0]!) : '';
  for (let i = 1; i < items.length; i++) text += (i < items.length - 1 ? ', ' : ` ${and} `) + name(items[i]!);
  return text;
}

/** A short plain-language account of a candidate, built from its facts and breakdown. */
export function explainCandidate(c: Candidate, needs: readonly string[], locale: Locale): string {
  const p = PHRASES[locale];
  const languages = c.commonLanguages;
  let text =
    p.apart(km(c.distanceKm, locale)) +
    SEP +
    (languages.length ? p.bothSpeak(list(languages, p.and, (l) => languageName(l, locale))) : p.noCommonLanguage);
  const slots = c.commonSlots;
  if (slots?.length) {
    const shown = [];
    for (let k = 0; k < slots.length && k < 2; k++)
      shown.push(`${p.days[slots[k]!.day]} ${slots[k]!.start}-${slots[k]!.end}`);
    text += SEP + p.bothFree(shown, Math.max(0, slots.length - 2));
  }
  const matched = c.matchedNeeds;
  if (matched.length) {
    text += SEP + p.covers(list(matched, p.and, (n) => skillLabel(n, locale)));
    const missing = [];
    for (const n of needs) if (!matched.includes(n)) missing.push(skillLabel(n, locale));
    if (missing.length) text += SEP + p.notCovered(missing);
  }
  const months = Math.floor((c.waitingDays ?? 0) / 30.44);
  if (months >= 1) text += SEP + p.waiting(months);
  return text;
}

/** Why no volunteer is proposed: "3 volunteers within 5 km, none free at the same time". */
export function explainUnmatched(u: Unmatched, locale: Locale): string {
  const p = PHRASES[locale];
  if (u.nearby === 0) {
    const head = p.noneWithin(km(u.radiusKm, locale));
    return u.nearestKm === undefined ? head : `${head}${p.semicolon}${p.nearest(km(u.nearestKm, locale))}`;
  }
  const counts = (Object.entries(u.excludedBy) as [Rule, number][])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || RULES.indexOf(a[0]) - RULES.indexOf(b[0]));
  const reason = counts.length === 1 ? p.none[counts[0]![0]] : counts.map(([rule, n]) => p.some[rule](n)).join(', ');
  return `${p.within(u.nearby, km(u.radiusKm, locale))}${p.colon}${reason}`;
}
