import type { Clock } from './ports.js';
import { DAY_MS } from '../domain/calendar.js';

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: for tests and reproducible runs. */
export function fixedClock(
  start: Date | string,
): Clock & { set(to: Date | string): void; advanceDays(days: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (to) => {
      t = new Date(to).getTime();
    },
    advanceDays: (days) => {
      t += days * DAY_MS;
    },
  };
}
