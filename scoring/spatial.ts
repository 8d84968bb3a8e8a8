import KDBush from 'kdbush';
import { getBoundsOfDistance } from 'geolib';
import { EARTH_RADIUS_KM } from './geo.js';
import type { Location } from './schema/location.js';

/** geolib measures on a 6378.137 km sphere; widen its box so no point within our radius is cut. */
const BOX_WIDENING = 6378.137 / EARTH_RADIUS_KM + 1e-6;
/**
 * Plus 1 mm whatever the radius: geolib converts degrees to radians and back, and with a radius
 * of 0 the box would otherwise be a single point that misses the centre by a rounding error.
 */
const BOX_MARGIN_M = 1e-3;

/**
 * Points indexed by (lon, lat) in a static k-d tree. A radius query visits the points in a
 * bounding box that contains the spherical cap (split in two across the antimeridian);
 * callers filter the visited points by exact distance.
 */
export class SpatialIndex {
  private readonly tree: KDBush;

  constructor(points: readonly Location[]) {
    this.tree = new KDBush(Math.max(points.length, 1));
    for (const p of points) this.tree.add(p.lon, p.lat);
    if (points.length === 0) this.tree.add(1000, 1000); // kdbush needs one point; out of any box
    this.tree.finish();
  }

  /** Indices (in construction order) of the points that may lie within radiusKm of center. */
  near(center: Location, radiusKm: number): number[] {
    const [sw, ne] = getBoundsOfDistance(
      { latitude: center.lat, longitude: center.lon },
      radiusKm * 1000 * BOX_WIDENING + BOX_MARGIN_M,
    ) as [{ latitude: number; longitude: number }, { latitude: number; longitude: number }];
    const minLat = sw.latitude;
    const maxLat = ne.latitude;
    if (sw.longitude <= ne.longitude) return this.tree.range(sw.longitude, minLat, ne.longitude, maxLat);
    return [
      ...this.tree.range(sw.longitude, minLat, 180, maxLat),
      ...this.tree.range(-180, minLat, ne.longitude, maxLat),
    ];
  }
}
