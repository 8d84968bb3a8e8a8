import type { Location } from './schema/location.js';

/** Mean Earth radius (IUGG), the sphere the contract measures distances on. */
export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance by the haversine formula. */
export function haversineKm(a: Location, b: Location): number {
  return haversineRad(a.lat * RAD, a.lon * RAD, Math.cos(a.lat * RAD), b.lat * RAD, b.lon * RAD, Math.cos(b.lat * RAD));
}

/** Haversine on radians with the cosines of the latitudes precomputed (the hot path of ranking). */
export function haversineRad(
  lat1: number,
  lon1: number,
  cos1: number,
  lat2: number,
  lon2: number,
  cos2: number,
): number {
  const sLat = Math.sin((lat2 - lat1) / 2);
  const sLon = Math.sin((lon2 - lon1) / 2);
  const h = sLat * sLat + cos1 * cos2 * sLon * sLon;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Rounds a place to a grid of about 100 m (3 decimals of latitude ~ 111 m; of longitude ~ 70 m
 * in Belgium), so a stored or shown location never pins a home.
 */
export function coarsen(loc: Location): Location {
  return { lat: Math.round(loc.lat * 1000) / 1000, lon: Math.round(loc.lon * 1000) / 1000 };
}
