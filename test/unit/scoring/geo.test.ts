import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coarsen, EARTH_RADIUS_KM, haversineKm } from '../../../scoring/geo.js';
import { haversine, R_KM } from './support/oracle.js';

const latArb = fc.double({ min: -90, max: 90, noNaN: true });
const lonArb = fc.double({ min: -180, max: 180, noNaN: true });
const locArb = fc.record({ lat: latArb, lon: lonArb });

describe('great-circle distance', () => {
  it('measures on the contract’s sphere of radius 6371.0088 km', () => {
    expect(EARTH_RADIUS_KM).toBe(6371.0088);
  });

  it('is one degree of arc along a meridian', () => {
    expect(haversineKm({ lat: 50, lon: 4 }, { lat: 51, lon: 4 })).toBeCloseTo((R_KM * Math.PI) / 180, 9);
  });

  it('is a quarter of the circumference from the equator to a pole', () => {
    expect(haversineKm({ lat: 0, lon: 17 }, { lat: 90, lon: 0 })).toBeCloseTo((R_KM * Math.PI) / 2, 9);
  });

  it('is half the circumference between antipodes, without NaN', () => {
    // Haversine is ill-conditioned near antipodes (asin near 1): compare to 1e-6 relative.
    const d = haversineKm({ lat: 10, lon: 20 }, { lat: -10, lon: -160 });
    expect(Math.abs(d - R_KM * Math.PI) / (R_KM * Math.PI)).toBeLessThan(1e-6);
  });

  it('is short across the antimeridian, not the long way round', () => {
    expect(haversineKm({ lat: 0, lon: 179.99 }, { lat: 0, lon: -179.99 })).toBeCloseTo(
      (0.02 * R_KM * Math.PI) / 180,
      9,
    );
  });

  it('is 0 for a point and itself', () => {
    expect(haversineKm({ lat: 50.6326, lon: 5.5797 }, { lat: 50.6326, lon: 5.5797 })).toBe(0);
  });

  it('is within 0.3 % of the haversine distance, anywhere on Earth', () => {
    fc.assert(
      fc.property(locArb, locArb, (a, b) => {
        const want = haversine(a, b);
        const got = haversineKm(a, b);
        expect(Math.abs(got - want)).toBeLessThanOrEqual(0.003 * want + 1e-9);
        expect(haversineKm(b, a)).toBeCloseTo(got, 9);
      }),
      { numRuns: 500 },
    );
  });
});

describe('coarsened locations', () => {
  it('round to a grid of 0.001 degree', () => {
    expect(coarsen({ lat: 50.63264, lon: 5.57968 })).toEqual({ lat: 50.633, lon: 5.58 });
  });

  it('move a point by at most about 80 m and are stable when coarsened again', () => {
    fc.assert(
      fc.property(fc.double({ min: -85, max: 85, noNaN: true }), lonArb, (lat, lon) => {
        const c = coarsen({ lat, lon });
        expect(haversine({ lat, lon }, c)).toBeLessThanOrEqual(0.08);
        expect(coarsen(c)).toEqual(c);
      }),
    );
  });
});
