import KDBush from 'kdbush';
import { EARTH_RADIUS_KM, haversineRad } from './geo.js';
import type { Location } from './schema/location.js';

const RAD = Math.PI / 180;
/** kdbush's node size: a leaf holds at most NODE_SIZE + 1 = 64 points (one 64-bit mask). */
const NODE_SIZE = 63;

/**
 * The haversine of the largest angle a pair may span to lie within radiusKm of each other
 * (Infinity when any two places qualify). Half the squared chord between two unit vectors is
 * the haversine of their angle, so a radius test on unit vectors needs no trigonometry.
 */
export function havOfRadius(radiusKm: number): number {
  const half = radiusKm / (2 * EARTH_RADIUS_KM);
  if (!(half < Math.PI / 2)) return Infinity;
  const s = Math.sin(half);
  return s * s;
}

/**
 * A lower bound (km) of the great-circle distance between two places whose unit vectors are at
 * least `hav` apart (as squared half-chord): a hair below, so that rounding never lifts it over
 * a distance computed by the haversine formula.
 */
export function kmOfHav(hav: number): number {
  const d = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(hav)));
  return Math.max(0, d * (1 - 1e-9) - 1e-6);
}

/**
 * A static k-d tree over points on the sphere. kdbush sorts the points; the tree keeps its
 * node ranges with each node's box in space (of the points' unit vectors), so that a traversal
 * bounds from below and above, with a few multiplications, the half-squared chord (haversine)
 * from any place to every point of a node, and visits nodes nearest first. Points are
 * addressed by their position in tree order (`order` maps a position to the point's index in
 * the constructor's list): points near each other sit near each other.
 */
export class SpatialIndex {
  readonly size: number;
  /** Index in the constructor's list of the point at each tree position. */
  readonly order: Int32Array;
  /** Per node: its positions [first, last]; internal nodes hold the median position `mid`. */
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** -1 for a leaf; otherwise the median position. */
  readonly mid: Int32Array;
  /**
   * Nodes are numbered in preorder: node n's subtree is the nodes n .. end[n] - 1, and its
   * children (none for a leaf) are n + 1 and end[n + 1].
   */
  readonly end: Int32Array;
  /** Per node, its box: min x, max x, min y, max y, min z, max z of its points' unit vectors. */
  readonly box: Float64Array;
  /** Positions' coordinates in radians, the cosine of the latitude, and the unit vector. */
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  readonly cosLat: Float64Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;

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
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.z = new Float64Array(n);
    for (let at = 0; at < n; at++) {
      const p = points[this.order[at]!]!;
      const lat = (this.lat[at] = p.lat * RAD);
      const lon = (this.lon[at] = p.lon * RAD);
      const cosLat = (this.cosLat[at] = Math.cos(lat));
      this.x[at] = cosLat * Math.cos(lon);
      this.y[at] = cosLat * Math.sin(lon);
      this.z[at] = Math.sin(lat);
    }
    // kdbush's layout: a range of more than NODE_SIZE + 1 points splits at its median position.
    // Nodes are numbered in preorder (a node, its lower subtree, its upper subtree).
    const first: number[] = [];
    const last: number[] = [];
    const upper: number[] = [];
    const ranges = n > 0 ? [0, n - 1, -1] : [];
    while (ranges.length > 0) {
      const parent = ranges.pop()!;
      const b = ranges.pop()!;
      const a = ranges.pop()!;
      const node = first.length;
      if (parent >= 0) upper[parent] = node;
      first.push(a);
      last.push(b);
      upper.push(-1);
      if (b - a > NODE_SIZE) {
        const m = (a + b) >> 1;
        ranges.push(m + 1, b, node, a, m - 1, -1);
      }
    }
    const nodes = first.length;
    this.first = Int32Array.from(first);
    this.last = Int32Array.from(last);
    this.mid = new Int32Array(nodes);
    this.end = new Int32Array(nodes);
    this.box = new Float64Array(nodes * 6);
    // Children before parents: each box from its children's and its median's.
    for (let node = nodes - 1; node >= 0; node--) {
      const at = node * 6;
      const box = this.box;
      box.fill(Infinity, at, at + 6);
      const take = (i: number) => {
        box[at] = Math.min(box[at]!, this.x[i]!);
        box[at + 1] = Math.min(box[at + 1]!, -this.x[i]!);
        box[at + 2] = Math.min(box[at + 2]!, this.y[i]!);
        box[at + 3] = Math.min(box[at + 3]!, -this.y[i]!);
        box[at + 4] = Math.min(box[at + 4]!, this.z[i]!);
        box[at + 5] = Math.min(box[at + 5]!, -this.z[i]!);
      };
      if (upper[node]! < 0) {
        this.mid[node] = -1;
        this.end[node] = node + 1;
        for (let i = first[node]!; i <= last[node]!; i++) take(i);
        for (let k = 1; k < 6; k += 2) box[at + k] = -box[at + k]!;
      } else {
        this.mid[node] = (first[node]! + last[node]!) >> 1;
        this.end[node] = this.end[upper[node]!]!;
        take(this.mid[node]!);
        for (let k = 1; k < 6; k += 2) box[at + k] = -box[at + k]!;
        for (const child of [node + 1, upper[node]!])
          for (let k = 0; k < 6; k += 2) {
            box[at + k] = Math.min(box[at + k]!, box[child * 6 + k]!);
            box[at + k + 1] = Math.max(box[at + k + 1]!, box[child * 6 + k + 1]!);
          }
      }
    }
  }

  get nodes(): number {
    return this.first.length;
  }

  /**
   * A lower bound of the haversine from the place with unit vector (x, y, z) to every point of
   * the node, as half the squared distance to its box. Computed in the order a point's own
   * ((dx² + dy²) + dz²) / 4 is, each term no larger: never above any point's value, to the bit.
   */
  nearHav(node: number, x: number, y: number, z: number): number {
    const at = node * 6;
    const box = this.box;
    const dx = x < box[at]! ? box[at]! - x : x > box[at + 1]! ? x - box[at + 1]! : 0;
    const dy = y < box[at + 2]! ? box[at + 2]! - y : y > box[at + 3]! ? y - box[at + 3]! : 0;
    const dz = z < box[at + 4]! ? box[at + 4]! - z : z > box[at + 5]! ? z - box[at + 5]! : 0;
    return (dx * dx + dy * dy + dz * dz) / 4;
  }

  /** An upper bound of the same, from the box's farthest corner: never below any point's value. */
  farHav(node: number, x: number, y: number, z: number): number {
    const at = node * 6;
    const box = this.box;
    const dx = Math.max(Math.abs(x - box[at]!), Math.abs(x - box[at + 1]!));
    const dy = Math.max(Math.abs(y - box[at + 2]!), Math.abs(y - box[at + 3]!));
    const dz = Math.max(Math.abs(z - box[at + 4]!), Math.abs(z - box[at + 5]!));
    return (dx * dx + dy * dy + dz * dz) / 4;
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
    const [x, y, z] = [cosLat * Math.cos(lon), cosLat * Math.sin(lon), Math.sin(lat)];
    const reach = radiusKm * (1 + 1e-9) + 1e-9;
    const reachHav = havOfRadius(reach);
    const inside = (i: number) => {
      if (haversineRad(lat, lon, cosLat, this.lat[i]!, this.lon[i]!, this.cosLat[i]!) <= reach) visit(i);
    };
    const stack = [0];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (this.nearHav(node, x, y, z) * (1 - 1e-9) - 1e-15 > reachHav) continue;
      if (this.mid[node]! < 0) {
        for (let i = this.first[node]!; i <= this.last[node]!; i++) inside(i);
      } else {
        inside(this.mid[node]!);
        stack.push(node + 1, this.end[node + 1]!);
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
