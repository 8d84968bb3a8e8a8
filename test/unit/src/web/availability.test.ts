import { describe, expect, it } from 'vitest';
import { availabilityValues, readAvailability } from '../../../../src/web/availability.js';

describe('availability from the form', () => {
  it('turns ticks into the periods’ hours, and exact hours replace the ticks of their day', () => {
    const { slots, badDay } = readAvailability({
      slots: ['mon-morning', 'mon-evening', 'sat-afternoon'],
      hours_sat: '9h30-11:00, 19.00 – 21:00',
    });
    expect(badDay).toBeUndefined();
    expect(slots).toEqual([
      { day: 'mon', start: '09:00', end: '12:00' },
      { day: 'mon', start: '18:00', end: '21:00' },
      { day: 'sat', start: '09:30', end: '11:00' },
      { day: 'sat', start: '19:00', end: '21:00' },
    ]);
  });

  it.each(['14:00', '16:00-14:00', '25:00-26:00', 'afternoon'])(
    'names the day whose hours cannot be read: %s',
    (hours) => {
      expect(readAvailability({ hours_wed: hours }).badDay).toBe('wed');
    },
  );

  it('gives back form values that read as the same slots', () => {
    const slots = [
      { day: 'tue', start: '13:00', end: '17:00' },
      { day: 'thu', start: '17:00', end: '19:30' },
    ] as const;
    const values = availabilityValues([...slots]);
    expect(values).toMatchObject({ slots: ['tue-afternoon'], hours_thu: '17:00-19:30' });
    expect(readAvailability(values).slots).toEqual(slots);
  });
});
