/** Dates, durations and shares as people read them, in the page's language and Belgian time. */
import type { Locale } from '../../scoring/index.js';
import { formatDate, localName, LOCALE_TAGS, TIME_ZONE, type Name } from '../domain/index.js';
import { municipalitiesNamed, municipalityName } from '../domain/places.js';
import { isolate } from './people.js';
import type { T } from './i18n.js';

const TAGS: Record<Locale, string> = LOCALE_TAGS;

const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

export { formatDate };

/** An instant as `4 mars 2026, 14:05`. */
export function formatDateTime(value: string, locale: Locale): string {
  let f = timeFormats.get(locale);
  if (!f)
    timeFormats.set(
      locale,
      (f = new Intl.DateTimeFormat(TAGS[locale], {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: TIME_ZONE,
      })),
    );
  return f.format(new Date(value));
}

/** A wait in days, as days under two months and months beyond. */
export function formatWait(t: T, days: number): string {
  return days < 61 ? t('time.days', { count: days }) : t('time.months', { count: Math.floor(days / 30.44) });
}

export function percent(share: number, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale], { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

export function number(value: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: digits }).format(value);
}

/** `YYYY-MM` as `mars 2026` (short: `mars 26`). */
export function formatMonth(month: string, locale: Locale, short = false): string {
  return new Intl.DateTimeFormat(TAGS[locale], {
    month: short ? 'short' : 'long',
    year: short ? '2-digit' : 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${month}-15T00:00:00Z`));
}

/** A name as a list shows it: `français` → `Français` (language names are lower case in French). */
export function capitalise(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleUpperCase(TAGS[locale]) + text.slice(1);
}

/**
 * An organisation's or a region's name for a reader: in their language, else in one the name
 * has, marked with that language ("Liège mentoring [EN]"), isolated from the text around it.
 */
export function nameText(name: Name, locale: Locale): string {
  const { text, lang, fallback } = localName(name, locale);
  return isolate(fallback ? `${text} [${lang.toUpperCase()}]` : text);
}

/** A programme's region: a municipality is named in the reader's language from the place data. */
export function regionText(region: Name, locale: Locale): string {
  const towns = typeof region === 'string' ? municipalitiesNamed(region) : [];
  return towns.length === 1 ? isolate(municipalityName(towns[0]!, locale)) : nameText(region, locale);
}
