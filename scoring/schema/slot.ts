import { z } from 'zod';
import { DAYS, minutesOf } from './values.js';

export const Day = z.enum(DAYS);
export type Day = z.infer<typeof Day>;

export const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (24-hour)');

/** One weekly window, within a single day. Slots of one person may overlap each other. */
export const AvailabilitySlot = z.strictObject({ day: Day, start: Time, end: Time }).check((ctx) => {
  const { start, end } = ctx.value;
  if (minutesOf(end) <= minutesOf(start)) {
    ctx.issues.push({ code: 'custom', message: 'must be after start', path: ['end'], input: end });
  }
});
export type AvailabilitySlot = z.infer<typeof AvailabilitySlot>;
