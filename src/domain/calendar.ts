/** Programmes run on Belgian time: "today" and day boundaries are Brussels days. */
export const TIME_ZONE = 'Europe/Brussels';

/** Milliseconds in a day (of UTC time; retention and windows are counted in these). */
export const DAY_MS = 86_400_000;

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE });

/** The calendar day (YYYY-MM-DD) in Brussels at instant `at`. */
export function dayOf(at: Date): string {
  return dayFormat.format(at);
}
