import KDBush from 'kdbush';
import { EARTH_RADIUS_KM, haversineRad } from './geo.js';
import type { Location } from './schema/location.js';

const RAD = Math.PI / 180;
/** kdbush's node size: a leaf holds at most NODE_SIZE + 1 = 64 points (one 64-bit mask). */
const NODE_SIZE = 63;
/**
 * Distance lower bounds are shrunk by this share (and 1 µm): rounding in the bound may not
 * push it past a distance computed the other way for a point in the box.
 */
const BOUND_SLACK = 1e-9;

/**
 * A static k-d tree over points on the sphere. kdbush sorts the points; the tree keeps its
 * node ranges with each node's tight latitude/longitude box, so that a traversal can bound the
 * great-circle distance from any place to every point of a node, and visit nodes nearest
 * first. Points are addressed by their position in tree order (`order` maps a position to the
 * point's index in the constructor's list): points near each other sit near each other.
 */
export class SpatialIndex {
  readonly size: number;
  /** Index in the constructor's list of the point at each tree position. */
  readonly order: Int32Array;
  /** Per node: its positions [first, last]; internal nodes hold the median position `mid`. */
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** -1 for a leaf; otherwise the median position, and the two children. */
  readonly mid: Int32Array;
  readonly below: Int32Array;
  readonly above: Int32Array;
  /** Node boxes in radians, and the smallest cosine of a latitude in the box. */
  readonly minLat: Float64Array;
  readonly maxLat: Float64Array;
  readonly minLon: Float64Array;
  readonly maxLon: Float64Array;
  readonly cosFar: Float64Array;
  /** Positions' coordinates in radians. */
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly cosLat: Float64Array;

  constructor(points: readonly Location[]) {
    const n = (this.size = points.length);
    if (n > 0) {
      const tree = new KDBush(n, NODE_SIZE);
      for (const p of points) tree.add(p.lon, p.lat);
      tree.finish();
      this.order = Int32Array.from(tree.ids);
    } else this.order = new Int32Array(0);
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.cosLat = new Float64Array(n);
    this.order.forEach((i, at) => {
      this.lat[at] = points[i]!.lat * RAD;
      this.lon[at] = points[i]!.lon * RAD;
      this.cosLat[at] = Math.cos(this.lat[at]);
    });
    // kdbush's layout: a range of more than NODE_SIZE + 1 points splits at its median position.
    let nodes = 0;
    const count = (a: number, b: number): void => {
      nodes++;
      if (b - a > NODE_SIZE) {
        const m = (a + b) >> 1;
        count(a, m - 1);
        count(m + 1, b);
      }
    };
    if (n > 0) count(0, n - 1);
    this.first = new Int32Array(nodes);
    this.last = new Int32Array(nodes);
    this.mid = new Int32Array(nodes);
    this.below = new Int32Array(nodes);
    this.above = new Int32Array(nodes);
    this.minLat = new Float64Array(nodes);
    this.maxLat = new Float64Array(nodes);
    this.minLon = new Float64Array(nodes);
    this.maxLon = new Float64Array(nodes);
    this.cosFar = new Float64Array(nodes);
    let next = 0;
    const build = (a: number, b: number): number => {
      const node = next++;
      this.first[node] = a;
      this.last[node] = b;
      let minLat = Infinity;
      let maxLat = -Infinity;
      let minLon = Infinity;
      let maxLon = -Infinity;
      for (let i = a; i <= b; i++) {
        minLat = Math.min(minLat, this.lat[i]!);
        maxLat = Math.max(maxLat, this.lat[i]!);
        minLon = Math.min(minLon, this.lon[i]!);
        maxLon = Math.max(maxLon, this.lon[i]!);
      }
      this.minLat[node] = minLat;
      this.maxLat[node] = maxLat;
      this.minLon[node] = minLon;
      this.maxLon[node] = maxLon;
      this.cosFar[node] = Math.max(0, Math.min(Math.cos(minLat), Math.cos(maxLat)));
      if (b - a > NODE_SIZE) {
        const m = (a + b) >> 1;
        this.mid[node] = m;
        this.below[node] = build(a, m - 1);
        this.above[node] = build(m + 1, b);
      } else this.mid[node] = this.below[node] = this.above[node] = -1;
      return node;
    };
    if (n > 0) build(0, n - 1);
  }

  get nodes(): number {
    return this.first.length;
  }

  /**
   * A lower bound of the great-circle distance (km) from a place (radians, with the cosine of
   * its latitude) to every point of node `node`. Haversine: hav(d) = hav(Δlat) + cos lat1 cos
   * lat2 hav(Δlon), and each term is at least its smallest value over the box.
   */
  boundKm(node: number, lat: number, lon: number, cosLat: number): number {
    const dLat =
      lat < this.minLat[node]! ? this.minLat[node]! - lat : lat > this.maxLat[node]! ? lat - this.maxLat[node]! : 0;
    let dLon = 0;
    if (lon < this.minLon[node]! || lon > this.maxLon[node]!) {
      const west = mod2pi(this.minLon[node]! - lon);
      const east = mod2pi(lon - this.maxLon[node]!);
      dLon = Math.min(west, east, Math.PI);
    }
    const sLat = Math.sin(dLat / 2);
    const sLon = Math.sin(dLon / 2);
    const h = sLat * sLat + cosLat * this.cosFar[node]! * sLon * sLon;
    const d = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    return Math.max(0, d * (1 - BOUND_SLACK) - 1e-9);
  }

  /**
   * Calls `visit` with the position of every point within radiusKm of the place, and maybe of a
   * few a hair beyond it (a distance computed another way may differ in its last bits): callers
   * that need the exact circle test the distance themselves.
   */
  within(center: Location, radiusKm: number, visit: (position: number) => void): void {
    if (this.size === 0) return;
    const lat = center.lat * RAD;
    const lon = center.lon * RAD;
    const cosLat = Math.cos(lat);
    const reach = radiusKm * (1 + BOUND_SLACK) + 1e-9;
    const stack = [0];
    const inside = (i: number) => {
      if (haversineRad(lat, lon, cosLat, this.lat[i]!, this.lon[i]!, this.cosLat[i]!) <= reach) visit(i);
    };
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (this.boundKm(node, lat, lon, cosLat) > reach) continue;
      if (this.mid[node]! < 0) {
        for (let i = this.first[node]!; i <= this.last[node]!; i++) inside(i);
      } else {
        inside(this.mid[node]!);
        stack.push(this.below[node]!, this.above[node]!);
      }
    }
  }

  /** Indices (in the constructor's list) of the points within radiusKm of the place (see `within`). */
  near(center: Location, radiusKm: number): number[] {
    const found: number[] = [];
    this.within(center, radiusKm, (at) => found.push(this.order[at]!));
    return found;
  }
}

function mod2pi(x: number): number {
  const r = x % (2 * Math.PI);
  return r < 0 ? r + 2 * Math.PI : r;
}
