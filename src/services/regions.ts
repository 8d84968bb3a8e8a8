/**
 * Boxes of coordinates around people, so the matching reads only those within reach from the
 * store, and the longitude slices a large match run is split into. Every box contains the
 * spherical cap it stands for (the scoring core then checks exact distances): a cap that reaches
 * a pole or crosses the antimeridian gets every longitude.
 */
import { EARTH_RADIUS_KM } from '../../scoring/index.js';
import type { Location } from '../../scoring/index.js';
import type { RegionSlice } from '../domain/jobs.js';
import type { Box } from '../store/ports.js';

const DEG = 180 / Math.PI;
/** Beyond float noise, far below the 0.001° the stored places are rounded to. */
const MARGIN_DEG = 1e-7;

/** The box holding every point within `km` of each of `places`; undefined for no place. */
export function reachBox(places: readonly Location[], km: number): Box | undefined {
  if (places.length === 0) return undefined;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const p of places) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
  }
  const d = km / EARTH_RADIUS_KM;
  const dLat = d * DEG + MARGIN_DEG;
  // The widest longitude span of a cap is at its centre's latitude: the farthest from the equator is the worst case.
  const farthest = Math.max(Math.abs(minLat), Math.abs(maxLat)) * (Math.PI / 180);
  const ratio = Math.sin(Math.min(d, Math.PI / 2)) / Math.cos(farthest);
  const box: Box = {
    minLat: Math.max(-90, minLat - dLat),
    maxLat: Math.min(90, maxLat + dLat),
    minLon: -180,
    maxLon: 180,
  };
  if (d >= Math.PI / 2 || ratio >= 1) return box;
  const dLon = Math.asin(ratio) * DEG + MARGIN_DEG;
  if (minLon - dLon < -180 || maxLon + dLon > 180) return box;
  return { ...box, minLon: minLon - dLon, maxLon: maxLon + dLon };
}

/** Whether two boxes share a point. */
export function overlaps(a: Box, b: Box): boolean {
  return a.minLat <= b.maxLat && b.minLat <= a.maxLat && a.minLon <= b.maxLon && b.minLon <= a.maxLon;
}

/**
 * Cuts a programme into at most `n` longitude slices holding about as many beneficiaries each.
 * Slices cover every longitude (the first starts below -180, the last ends above 180), so a
 * beneficiary who moved meanwhile still falls in exactly one.
 */
export function sliceByLongitude(longitudes: readonly number[], n: number): RegionSlice[] {
  const sorted = [...longitudes].sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let k = 1; k < n && sorted.length > 0; k++) {
    const cut = sorted[Math.floor((k * sorted.length) / n)]!;
    if (cut > (cuts.at(-1) ?? sorted[0]!)) cuts.push(cut);
  }
  const bounds = [-181, ...cuts, 181];
  return bounds.slice(1).map((toLon, index) => ({ index, of: bounds.length - 1, fromLon: bounds[index]!, toLon }));
}
