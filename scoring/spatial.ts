import { EARTH_RADIUS_KM, haversineRad } from './geo.js';
import type { Location } from './schema/location.js';

const RAD = Math.PI / 180;
/** Points per leaf at most: one 64-bit mask of a leaf's rows. */
const LEAF_SIZE = 64;

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
 * A static k-d tree over points on the sphere, every point in a leaf: a range of more than
 * LEAF_SIZE points splits across the widest side of its box (of the points' unit vectors) into
 * two ranges of about equal numbers of leaves, so leaves are full and few. Each node keeps its
 * box, so that a traversal bounds from below and above, with a few multiplications, the
 * half-squared chord (haversine) from any place to every point of a node, and visits nodes
 * nearest first. Points are addressed by their position in tree order (`order` maps a position
 * to the point's index in the constructor's list): points near each other sit near each other.
 */
export class SpatialIndex {
  readonly size: number;
  /** Index in the constructor's list of the point at each tree position. */
  readonly order: Int32Array;
  /** Per node: its positions [first, last]. */
  readonly first: Int32Array;
  readonly last: Int32Array;
  /**
   * Nodes are numbered in preorder: node n's subtree is the nodes n .. end[n] - 1, and its
   * children (none for a leaf: end[n] = n + 1) are n + 1 and end[n + 1].
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
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    const cosLat = new Float64Array(n);
    /** The points' unit vectors, three numbers each, by index in the list. */
    const unit = new Float64Array(n * 3);
    points.forEach((p, i) => {
      lat[i] = p.lat * RAD;
      lon[i] = p.lon * RAD;
      cosLat[i] = Math.cos(lat[i]);
      unit[3 * i] = cosLat[i] * Math.cos(lon[i]);
      unit[3 * i + 1] = cosLat[i] * Math.sin(lon[i]);
      unit[3 * i + 2] = Math.sin(lat[i]);
    });
    const order = (this.order = Int32Array.from({ length: n }, (_, i) => i));
    const first: number[] = [];
    const last: number[] = [];
    const end: number[] = [];
    const boxes: number[] = [];
    /**
     * Widens the box of `node` to the points at positions [a, b). A function of its own, with
     * nothing after its loop: when the loop was in `build`, the code compiled mid-loop for the
     * root (a long loop) lacked type feedback for what follows it, and every later node's loop
     * entered that code and fell back out of it (hundreds of deoptimisations at 10k points).
     */
    const cover = (node: number, a: number, b: number) => {
      for (let at = a; at < b; at++)
        for (let axis = 0; axis < 3; axis++) {
          const v = unit[3 * order[at]! + axis]!;
          boxes[6 * node + 2 * axis] = Math.min(boxes[6 * node + 2 * axis]!, v);
          boxes[6 * node + 2 * axis + 1] = Math.max(boxes[6 * node + 2 * axis + 1]!, v);
        }
    };
    /** Makes the node of positions [a, b), then its subtree; returns its number. */
    const build = (a: number, b: number): number => {
      const node = first.length;
      first.push(a);
      last.push(b - 1);
      end.push(node + 1);
      boxes.push(Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity);
      cover(node, a, b);
      if (b - a > LEAF_SIZE) {
        const box = boxes.slice(6 * node, 6 * node + 6);
        let axis = 0;
        for (let k = 1; k < 3; k++) if (box[2 * k + 1]! - box[2 * k]! > box[2 * axis + 1]! - box[2 * axis]!) axis = k;
        // As many leaves on each side (one more on the lower when odd), each no fuller than LEAF_SIZE.
        const leaves = Math.ceil((b - a) / LEAF_SIZE);
        const m = a + Math.floor(((b - a) * Math.ceil(leaves / 2)) / leaves);
        select(order, unit, axis, m, a, b - 1);
        build(a, m);
        build(m, b);
        end[node] = first.length;
      }
      return node;
    };
    if (n > 0) build(0, n);
    this.first = Int32Array.from(first);
    this.last = Int32Array.from(last);
    this.end = Int32Array.from(end);
    this.box = Float64Array.from(boxes);
    // A plain loop: Float64Array.from with a mapping function costs about three times as much.
    const inTreeOrder = (value: (i: number) => number) => {
      const column = new Float64Array(n);
      for (let at = 0; at < n; at++) column[at] = value(order[at]!);
      return column;
    };
    this.lat = inTreeOrder((i) => lat[i]!);
    this.lon = inTreeOrder((i) => lon[i]!);
    this.cosLat = inTreeOrder((i) => cosLat[i]!);
    this.x = inTreeOrder((i) => unit[3 * i]!);
    this.y = inTreeOrder((i) => unit[3 * i + 1]!);
    this.z = inTreeOrder((i) => unit[3 * i + 2]!);
  }

  isLeaf(node: number): boolean {
    return this.end[node] === node + 1;
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
      if (this.isLeaf(node)) for (let i = this.first[node]!; i <= this.last[node]!; i++) inside(i);
      else stack.push(node + 1, this.end[node + 1]!);
    }
  }

  /** Indices (in the constructor's list) of the points within radiusKm of the place (see `within`). */
  near(center: Location, radiusKm: number): number[] {
    const found: number[] = [];
    this.within(center, radiusKm, (at) => found.push(this.order[at]!));
    return found;
  }
}

/**
 * Reorders positions [left, right] of `order` so that the point at position k has its
 * coordinate `axis` (of `unit`, three per point) no smaller than any before it and no larger
 * than any after it (Hoare's selection).
 */
function select(order: Int32Array, unit: Float64Array, axis: number, k: number, left: number, right: number): void {
  const key = (at: number) => unit[3 * order[at]! + axis]!;
  while (left < right) {
    const pivot = key((left + right) >>> 1);
    let i = left;
    let j = right;
    while (i <= j) {
      while (key(i) < pivot) i++;
      while (key(j) > pivot) j--;
      if (i <= j) {
        const swap = order[i]!;
        order[i++] = order[j]!;
        order[j--] = swap;
      }
    }
    // Now [left, j] <= pivot <= [i, right], and the positions between hold the pivot's value.
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}
