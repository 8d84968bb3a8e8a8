/**
 * Belgian places as people name them: every municipality by its French, Dutch and German names,
 * its usual English name where it has one, and its postcodes; the sub-municipalities a postcode
 * names. Data: be-places.json, derived by scripts/places/derive.mjs from GeoNames postal codes and
 * Statbel's REFNIS codes (both CC BY 4.0), municipalities as of 1 January 2025.
 */
import data from './be-places.json' with { type: 'json' };

export type PlaceLocale = 'fr' | 'nl' | 'en';

export interface Municipality {
  /** Statbel's NIS code. */
  nis: string;
  names: { fr: string; nl: string; de: string; en?: string };
  /** REFNIS code of the province (04000: the Brussels-Capital Region, which has none). */
  province: string;
  region: 'BRU' | 'VLG' | 'WAL';
  /** The municipality's own name(s) when the reader's language has none of its own. */
  languages: readonly ('fr' | 'nl' | 'de')[];
  lat: number;
  lon: number;
  /** Names of the municipalities merged into it (2019, 2025). */
  former: readonly string[];
}

/** One place a text names: a municipality, or a place a postcode names within it. */
export interface PlaceMatch {
  municipality?: Municipality;
  /** The sub-municipality named (Vorst in Laakdal, Jupille-sur-Meuse in Liège). */
  locality?: string;
  postcode?: string;
  lat: number;
  lon: number;
}

type MunicipalityRow = [
  string,
  string,
  string,
  string,
  string | null,
  string,
  string,
  string,
  number,
  number,
  string[],
];
type PlaceRow = [string, string, number | null, number, number];

/** Case, accents, dashes and apostrophes aside: `saint nicolas` finds `Saint-Nicolas`. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’.,\s]+/g, ' ')
    .trim();
}

interface PostalPlace {
  postcode: string;
  name: string;
  municipality?: Municipality;
  lat: number;
  lon: number;
}

interface Index {
  municipalities: Municipality[];
  byNis: Map<string, Municipality>;
  postal: PostalPlace[];
  /** Folded name → municipalities of that name (any language, former names too). */
  municipalityKeys: Map<string, Municipality[]>;
  /** Folded name → postcode places of that name. */
  placeKeys: Map<string, PostalPlace[]>;
  byPostcode: Map<string, PostalPlace[]>;
  keys: string[];
}

let index: Index | undefined;

function built(): Index {
  if (index) return index;
  const municipalities = (data.municipalities as MunicipalityRow[]).map(
    ([nis, fr, nl, de, en, province, region, languages, lat, lon, former]): Municipality => ({
      nis,
      names: en ? { fr, nl, de, en } : { fr, nl, de },
      province,
      region: region as Municipality['region'],
      languages: languages.split(' ') as Municipality['languages'],
      lat,
      lon,
      former,
    }),
  );
  const postal = (data.places as PlaceRow[]).map(([postcode, name, m, lat, lon]) => ({
    postcode,
    name,
    lat,
    lon,
    ...(m !== null && { municipality: municipalities[m] }),
  }));
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key) ?? [];
    if (!list.includes(value)) list.push(value);
    map.set(key, list);
  };
  const municipalityKeys = new Map<string, Municipality[]>();
  for (const m of municipalities) {
    for (const n of [...Object.values(m.names), ...m.former]) push(municipalityKeys, fold(n), m);
  }
  const placeKeys = new Map<string, PostalPlace[]>();
  const byPostcode = new Map<string, PostalPlace[]>();
  for (const p of postal) {
    push(placeKeys, fold(p.name), p);
    push(byPostcode, p.postcode, p);
  }
  const keys = [...new Set([...municipalityKeys.keys(), ...placeKeys.keys()])].sort();
  index = {
    municipalities,
    byNis: new Map(municipalities.map((m) => [m.nis, m])),
    postal,
    municipalityKeys,
    placeKeys,
    byPostcode,
    keys,
  };
  return index;
}

export function allMunicipalities(): readonly Municipality[] {
  return built().municipalities;
}

/** The municipalities that bear this name in one of its forms (Luik, Liège, Lüttich). */
export function municipalitiesNamed(name: string): readonly Municipality[] {
  return built().municipalityKeys.get(fold(name)) ?? [];
}

export function municipalityByNis(nis: string): Municipality | undefined {
  return built().byNis.get(nis);
}

/**
 * The municipality's name for a reader: in their language where it has one (Luik, Anvers,
 * Brussels), else in its own (Kortrijk in English, Schaerbeek for a French-speaking Brussels
 * commune in English).
 */
export function municipalityName(m: Municipality, locale: PlaceLocale): string {
  if (locale === 'en') return m.names.en ?? m.names[m.languages[0]!];
  return m.names[locale];
}

const isNameOf = (name: string, m: Municipality) =>
  Object.values(m.names).some((n) => fold(n) === fold(name)) || m.former.some((n) => fold(n) === fold(name));

/** Whether a postcode is one of the municipality's. */
const hasPostcode = (m: Municipality, postcode: string) =>
  (built().byPostcode.get(postcode) ?? []).some((p) => p.municipality === m);

/** The municipality as a whole, or at one of its postcodes (located at the place the postcode names after it). */
function atMunicipality(m: Municipality, postcode?: string): PlaceMatch {
  if (!postcode) return { municipality: m, lat: m.lat, lon: m.lon };
  const rows = (built().byPostcode.get(postcode) ?? []).filter((p) => p.municipality === m);
  const row = rows.find((p) => isNameOf(p.name, m)) ?? rows[0];
  return { municipality: m, postcode, lat: row?.lat ?? m.lat, lon: row?.lon ?? m.lon };
}

function atPostal(p: PostalPlace): PlaceMatch {
  if (p.municipality && isNameOf(p.name, p.municipality)) return atMunicipality(p.municipality, p.postcode);
  return {
    ...(p.municipality && { municipality: p.municipality }),
    locality: p.name,
    postcode: p.postcode,
    lat: p.lat,
    lon: p.lon,
  };
}

/** Same place: the same municipality (at no particular postcode), or the same locality and postcode. */
const sameMatch = (a: PlaceMatch, b: PlaceMatch) =>
  a.municipality === b.municipality && a.locality === b.locality && (a.postcode === b.postcode || !a.locality);

function distinct(matches: PlaceMatch[]): PlaceMatch[] {
  const out: PlaceMatch[] = [];
  for (const m of matches) if (!out.some((o) => sameMatch(o, m))) out.push(m);
  return out;
}

/** What a typed text names: "1030 Schaerbeek", "Schaerbeek 1030", "1030", "Luik", "2430 Vorst (Laakdal)". */
function parse(text: string): { postcode?: string; name: string; within?: string } {
  let rest = text.normalize('NFC').trim().slice(0, 200);
  let within: string | undefined;
  const paren = /\(([^)]*)\)\s*$/.exec(rest);
  if (paren) {
    within = paren[1]!.trim();
    rest = rest.slice(0, paren.index).trim();
  }
  let postcode: string | undefined;
  const lead = /^(?:B-?\s*)?(\d{4})\b[\s,-]*/i.exec(rest);
  const trail = /[\s,-]+(\d{4})$/.exec(rest);
  if (lead) [postcode, rest] = [lead[1], rest.slice(lead[0].length)];
  else if (trail) [postcode, rest] = [trail[1], rest.slice(0, trail.index)];
  return { ...(postcode && { postcode }), name: rest.trim(), ...(within && { within }) };
}

/** Every place a name (and postcode, and the municipality in brackets) may mean. */
function candidates(text: string): PlaceMatch[] {
  const { postcode, name, within } = parse(text);
  const ix = built();
  if (!name) {
    const rows = postcode ? (ix.byPostcode.get(postcode) ?? []) : [];
    const owners = [...new Set(rows.map((p) => p.municipality))];
    if (owners.length === 1 && owners[0]) return [atMunicipality(owners[0], postcode)];
    return distinct(rows.map(atPostal));
  }
  const key = fold(name);
  let found = [
    ...(ix.municipalityKeys.get(key) ?? []).map((m) => atMunicipality(m)),
    ...(ix.placeKeys.get(key) ?? []).map(atPostal),
  ];
  if (postcode) {
    found = found
      .filter((m) => (m.postcode ? m.postcode === postcode : m.municipality && hasPostcode(m.municipality, postcode)))
      .map((m) => (m.postcode || !m.municipality ? m : atMunicipality(m.municipality, postcode)));
  }
  if (within) {
    const w = fold(within);
    const inside = found.filter((m) => m.municipality && isNameOf(w, m.municipality));
    if (inside.length) found = inside;
  }
  // Without a postcode, a municipality's own name means the whole municipality (Liège is named
  // at 4000 and at 4020).
  return distinct(found.map((m) => (m.locality || postcode ? m : atMunicipality(m.municipality!))));
}

/** The fields a stored place keeps of what a text named (its coordinates aside). */
export function placeFields(m: PlaceMatch): {
  municipality: string;
  nis?: string;
  locality?: string;
  postcode?: string;
} {
  return {
    municipality: m.municipality ? m.municipality.names[m.municipality.languages[0]!] : m.locality!,
    ...(m.municipality && { nis: m.municipality.nis }),
    ...(m.locality && { locality: m.locality }),
    ...(m.postcode && { postcode: m.postcode }),
  };
}

export type Resolved = { found: PlaceMatch } | { found?: undefined; choices: PlaceMatch[] };

/**
 * The place a typed text names: one place, else the places to choose from (Vorst: the Brussels
 * commune or the village of Laakdal; a misspelling: the names that start like it).
 */
export function resolvePlace(text: string): Resolved {
  const found = candidates(text);
  if (found.length === 1) return { found: found[0]! };
  return { choices: found.length ? found : suggestPlaces(text, 5) };
}

/** How a place reads in a list to choose from, in the reader's language, and resolves back to it. */
export function placeLabel(m: PlaceMatch, locale: PlaceLocale): string {
  const town = m.municipality && municipalityName(m.municipality, locale);
  if (m.locality) return `${m.postcode} ${m.locality}${town ? ` (${town})` : ''}`;
  // A name shared with another place (Halle, Vorst) carries its first postcode.
  const ambiguous = candidates(town!).length > 1;
  const postcode = m.postcode ?? (ambiguous ? firstPostcode(m.municipality!) : undefined);
  return postcode ? `${postcode} ${town}` : town!;
}

function firstPostcode(m: Municipality): string | undefined {
  const rows = built().postal.filter((p) => p.municipality === m);
  return (rows.find((p) => isNameOf(p.name, m)) ?? rows[0])?.postcode;
}

/** Up to `limit` places for a text being typed: names that start with it, then names with a word that does; or postcodes. */
export function suggestPlaces(text: string, limit = 8): PlaceMatch[] {
  const ix = built();
  const digits = text.trim();
  if (/^\d{1,4}$/.test(digits)) {
    const codes = [...ix.byPostcode.keys()].filter((p) => p.startsWith(digits)).sort();
    return distinct(codes.flatMap((p) => candidates(p))).slice(0, limit);
  }
  const { postcode, name } = parse(text);
  const q = fold(name);
  if (q.length < 2) return [];
  // Municipalities first, then the places within them; names that start with the text first.
  const starts = ix.keys.filter((k) => k.startsWith(q));
  const words = ix.keys.filter((k) => !k.startsWith(q) && k.includes(` ${q}`));
  const byTown = (a: string, b: string) => Number(!ix.municipalityKeys.has(a)) - Number(!ix.municipalityKeys.has(b));
  starts.sort(byTown);
  words.sort(byTown);
  const out: PlaceMatch[] = [];
  for (const k of [...starts, ...words]) {
    out.push(...candidates(postcode ? `${postcode} ${k}` : k));
    if (distinct(out).length >= limit) break;
  }
  return distinct(out).slice(0, limit);
}
