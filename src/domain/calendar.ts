/** Programmes run on Belgian time: "today" and day boundaries are Brussels days. */
export const TIME_ZONE = 'Europe/Brussels';

/** Milliseconds in a day (of UTC time; retention and windows are counted in these). */
export const DAY_MS = 86_400_000;

/** Made on first use: a time zone's formatter costs about 10 ms, which a process that never asks should not pay. */
let dayFormat: Intl.DateTimeFormat | undefined;

/** The calendar day (YYYY-MM-DD) in Brussels at instant `at`. */
export function dayOf(at: Date): string {
  return (dayFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE })).format(at);
}

/** The Belgian (or British) form of each language tandem writes, for dates and numbers. */
export const LOCALE_TAGS = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' } as const;

const longDates = new Map<string, Intl.DateTimeFormat>();

/** `2026-03-04` or an instant, as `4 mars 2026`, `4 maart 2026`, `4 March 2026` (Brussels days). */
export function formatDate(value: string, locale: keyof typeof LOCALE_TAGS): string {
  let f = longDates.get(locale);
  if (!f)
    longDates.set(
      locale,
      (f = new Intl.DateTimeFormat(LOCALE_TAGS[locale], {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: TIME_ZONE,
      })),
    );
  return f.format(new Date(value.length === 10 ? `${value}T12:00:00Z` : value));
}

/** A time of day `HH:MM` as people write it: `14\u00a0h\u00a030` in French, `14:30` in Dutch and English. */
export function formatTime(hhmm: string, locale: keyof typeof LOCALE_TAGS): string {
  if (locale !== 'fr') return hhmm;
  const [h, m] = hhmm.split(':');
  return m === '00' ? `${Number(h)}\u00a0h` : `${Number(h)}\u00a0h\u00a0${m}`;
}

const HOURS = /^([01]?\d|2[0-3])(?:[:h.]([0-5]\d))?\s*h?\s*[-–]\s*([01]?\d|2[0-3])(?:[:h.]([0-5]\d))?\s*h?$/i;

/** Hours as people write them (`18:00-20:00`, `9h30-12h`, `14-16`) as `HH:MM` start and end, or undefined. */
export function readHours(text: string): { start: string; end: string } | undefined {
  const m = HOURS.exec(text.trim());
  if (!m) return undefined;
  const at = (h: string, min = '00') => `${h.padStart(2, '0')}:${min}`;
  const range = { start: at(m[1]!, m[2]), end: at(m[3]!, m[4]) };
  return range.end > range.start ? range : undefined;
}
