import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpatialIndex } from '../../../scoring/spatial.js';
import { CENTRES, locationNear, placeNear } from './support/arbitraries.js';
import { haversine, type Loc } from './support/oracle.js';

/** Indices of the points truly within the radius, by trying them all. */
const within = (points: readonly Loc[], c: Loc, r: number) =>
  points.flatMap((p, i) => (haversine(c, p) <= r ? [i] : []));

describe('spatial index', () => {
  it('finds a point at the very same place with a radius of 0', () => {
    const here = { lat: 50.6326, lon: 5.5797 };
    expect(new SpatialIndex([here]).near(here, 0)).toEqual([0]);
  });

  it('finds points on both sides of the antimeridian', () => {
    const points = [
      { lat: 0, lon: 179.99 },
      { lat: 0, lon: -179.99 },
      { lat: 0, lon: 180 },
      { lat: 0, lon: -180 },
    ];
    const index = new SpatialIndex(points);
    expect(index.near({ lat: 0, lon: 179.999 }, 5).sort()).toEqual([0, 1, 2, 3]);
    expect(index.near({ lat: 0, lon: -180 }, 0.1).sort()).toEqual([2, 3]);
  });

  it('finds a point just across the pole, at the opposite longitude', () => {
    const index = new SpatialIndex([{ lat: 89.95, lon: -170 }]);
    expect(index.near({ lat: 89.95, lon: 10 }, 12)).toEqual([0]);
  });

  it('leaves out points far from the circle (it prunes, it does not list everything)', () => {
    const index = new SpatialIndex([
      { lat: 50.6326, lon: 5.5797 }, // Liège
      { lat: 48.8566, lon: 2.3522 }, // Paris
      { lat: 50.8503, lon: 4.3517 }, // Brussels
    ]);
    expect(index.near({ lat: 50.64, lon: 5.57 }, 10)).toEqual([0]);
  });

  it('answers an empty index with nothing, even for the whole sphere', () => {
    expect(new SpatialIndex([]).near({ lat: 0, lon: 0 }, 30_000)).toEqual([]);
  });

  it('lists every point when the radius covers the whole sphere', () => {
    const points = [
      { lat: 89, lon: 0 },
      { lat: -89, lon: 179 },
      { lat: 0, lon: -180 },
      { lat: 12, lon: 90 },
    ];
    expect(new SpatialIndex(points).near({ lat: 0, lon: 0 }, 21_000).sort()).toEqual([0, 1, 2, 3]);
  });

  it('never misses a point within the radius, near Liège, the antimeridian and both poles', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CENTRES).chain((c) =>
          fc.record({
            points: fc.array(locationNear(c, 60), { maxLength: 40 }),
            centre: locationNear(c, 60),
            radiusKm: fc.oneof(fc.integer({ min: 0, max: 80 }), fc.double({ min: 0, max: 200, noNaN: true })),
          }),
        ),
        ({ points, centre, radiusKm }) => {
          const found = new Set(new SpatialIndex(points).near(centre, radiusKm));
          for (const i of within(points, centre, radiusKm))
            expect(found.has(i), `point ${i} at ${haversine(centre, points[i]!)} km`).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never misses a point exactly on the circle', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CENTRES),
        fc.integer({ min: -30_000, max: 30_000 }),
        fc.integer({ min: -30_000, max: 30_000 }),
        (c, east, north) => {
          const p = placeNear(c, east, north);
          const r = haversine(c, p);
          expect(new SpatialIndex([p]).near(c, r)).toEqual([0]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never misses a point for large radii anywhere on Earth', () => {
    const loc = fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(loc, { maxLength: 30 }),
        loc,
        fc.double({ min: 0, max: 21_000, noNaN: true }),
        (points, centre, r) => {
          const found = new Set(new SpatialIndex(points).near(centre, r));
          for (const i of within(points, centre, r)) expect(found.has(i)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
