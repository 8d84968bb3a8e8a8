import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonSlots, overlapMinutes, weekAvailability } from '../../../scoring/availability.js';
import { countMinutes, minuteMask, overlapByMinutes, type Slot } from './support/oracle.js';
import { slotArb, slotsArb } from './support/arbitraries.js';

const slot = (day: Slot['day'], start: string, end: string): Slot => ({ day, start, end });

describe('weekly availability overlap', () => {
  it('counts the minutes two people are both free', () => {
    const a = weekAvailability([slot('mon', '18:00', '20:00')]);
    const b = weekAvailability([slot('mon', '19:30', '21:00')]);
    expect(overlapMinutes(a, b)).toBe(30);
    expect(overlapMinutes(b, a)).toBe(30);
  });

  it('counts each minute once when a person’s slots overlap', () => {
    const a = weekAvailability([
      slot('sat', '10:00', '12:00'),
      slot('sat', '11:00', '12:30'),
      slot('sat', '10:30', '11:15'),
    ]);
    const b = weekAvailability([slot('sat', '09:00', '13:00')]);
    expect(a.minutes).toBe(150);
    expect(overlapMinutes(a, b)).toBe(150);
  });

  it('counts nothing for the same hours on different days', () => {
    const a = weekAvailability([slot('mon', '10:00', '12:00')]);
    const b = weekAvailability([slot('tue', '10:00', '12:00')]);
    expect(overlapMinutes(a, b)).toBe(0);
  });

  it('counts nothing for slots that only touch end to start', () => {
    const a = weekAvailability([slot('wed', '10:00', '11:00')]);
    const b = weekAvailability([slot('wed', '11:00', '12:00')]);
    expect(overlapMinutes(a, b)).toBe(0);
  });

  it('counts a single shared minute inside a shared hour', () => {
    const a = weekAvailability([slot('thu', '10:00', '10:31')]);
    const b = weekAvailability([slot('thu', '10:30', '10:59')]);
    expect(overlapMinutes(a, b)).toBe(1);
  });

  it('counts the last minute of Sunday and the first of Monday like any other', () => {
    const a = weekAvailability([slot('sun', '23:00', '23:59'), slot('mon', '00:00', '00:10')]);
    const b = weekAvailability([slot('sun', '23:58', '23:59'), slot('mon', '00:00', '00:01')]);
    expect(overlapMinutes(a, b)).toBe(2);
  });

  it('gives zero minutes to a person without slots', () => {
    const none = weekAvailability([]);
    expect(none.minutes).toBe(0);
    expect(overlapMinutes(none, weekAvailability([slot('mon', '00:00', '23:59')]))).toBe(0);
  });

  it('merges touching slots of one person into one window', () => {
    const a = weekAvailability([slot('fri', '10:00', '11:00'), slot('fri', '11:00', '12:00')]);
    expect([...a.starts]).toEqual([4 * 1440 + 600]);
    expect([...a.ends]).toEqual([4 * 1440 + 720]);
  });

  it('is exact for arbitrary minutes and overlapping slots (against a minute-by-minute count)', () => {
    fc.assert(
      fc.property(slotsArb(6), slotsArb(6), (as, bs) => {
        const a = weekAvailability(as);
        const b = weekAvailability(bs);
        expect(a.minutes).toBe(countMinutes(minuteMask(as)));
        expect(overlapMinutes(a, b)).toBe(overlapByMinutes(as, bs));
        expect(overlapMinutes(b, a)).toBe(overlapMinutes(a, b));
      }),
      { numRuns: 400 },
    );
  });

  it('does not depend on the order of a person’s slots', () => {
    fc.assert(
      fc.property(fc.array(slotArb, { maxLength: 6 }), slotsArb(4), (as, bs) => {
        const b = weekAvailability(bs);
        expect(overlapMinutes(weekAvailability([...as].reverse()), b)).toBe(overlapMinutes(weekAvailability(as), b));
      }),
    );
  });
});

describe('common windows', () => {
  it('names the windows both are free, day by day', () => {
    const a = weekAvailability([slot('sat', '10:00', '12:30'), slot('mon', '18:00', '20:00')]);
    const b = weekAvailability([slot('sat', '09:00', '12:00'), slot('mon', '19:00', '22:00')]);
    expect(commonSlots(a, b)).toEqual([slot('mon', '19:00', '20:00'), slot('sat', '10:00', '12:00')]);
  });

  it('splits one long window of a person against several short windows of the other', () => {
    const a = weekAvailability([slot('tue', '08:00', '18:00')]);
    const b = weekAvailability([slot('tue', '09:00', '09:30'), slot('tue', '17:45', '19:00')]);
    expect(commonSlots(a, b)).toEqual([slot('tue', '09:00', '09:30'), slot('tue', '17:45', '18:00')]);
  });

  it('add up to the overlap minutes and lie within both people’s slots', () => {
    fc.assert(
      fc.property(slotsArb(5), slotsArb(5), (as, bs) => {
        const common = commonSlots(weekAvailability(as), weekAvailability(bs));
        const inBoth = (s: Slot) =>
          overlapByMinutes([s], as) === countMinutes(minuteMask([s])) &&
          overlapByMinutes([s], bs) === countMinutes(minuteMask([s]));
        expect(common.every(inBoth)).toBe(true);
        expect(countMinutes(minuteMask(common))).toBe(overlapByMinutes(as, bs));
        // Disjoint: the minutes of the windows add up without double counting.
        expect(common.reduce((n, s) => n + countMinutes(minuteMask([s])), 0)).toBe(overlapByMinutes(as, bs));
      }),
      { numRuns: 200 },
    );
  });
});
