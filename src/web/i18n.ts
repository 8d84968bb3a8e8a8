/**
 * The pages' language: `?lang=` (the switch on every page), then the `tandem_lang` cookie it
 * leaves, then `Accept-Language` read the way the API reads it. Every text comes from
 * locales/{fr,nl,en}.json through i18next; values are not escaped by i18next, since the
 * templates escape everything they print.
 */
import type { Request, RequestHandler } from 'express';
import i18next, { type TFunction } from 'i18next';
import { handle, LanguageDetector } from 'i18next-http-middleware';
import { LOCALES, type Locale } from '../../scoring/index.js';
import { DEFAULT_LOCALE, negotiateLocale } from '../http/language.js';
import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import nl from './locales/nl.json' with { type: 'json' };

export const LANG_COOKIE = 'tandem_lang';
export const LANG_PARAM = 'lang';

export const RESOURCES = { fr, nl, en } as const satisfies Record<Locale, unknown>;

export type T = TFunction;

/**
 * French typography, so the texts can be written with plain spaces: a no-break space before a
 * colon and inside guillemets, a narrow one before ; ! and ?.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/ ([:»])/g, '\u00a0$1')
    .replace(/« /g, '«\u00a0')
    .replace(/ ([;!?])/g, '\u202f$1');
}

const typography = {
  type: 'postProcessor' as const,
  name: 'typography',
  process: (value: string, _key: string | string[], options: { lng?: string }, translator: { language?: string }) =>
    (options.lng ?? translator.language) === 'fr' ? frenchSpacing(value) : value,
};

/** One i18next instance for the process; the middleware clones it per request. */
export function createI18n() {
  const options = {
    order: ['querystring', 'cookie', 'acceptLanguage'],
    lookupQuerystring: LANG_PARAM,
    lookupCookie: LANG_COOKIE,
    caches: ['cookie'],
    // A preference, not a secret, but kept from scripts and other sites all the same.
    cookieSameSite: 'lax',
    cookieHttpOnly: true,
  };
  const detector = new LanguageDetector(null, options);
  detector.addDetector({ name: 'acceptLanguage', lookup: (req) => negotiateLocale(req.get('accept-language')) });
  const instance = i18next.createInstance();
  void instance
    .use(detector)
    .use(typography)
    .init({
      resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: RESOURCES[l] }])),
      supportedLngs: [...LOCALES],
      fallbackLng: DEFAULT_LOCALE,
      initAsync: false,
      interpolation: { escapeValue: false },
      postProcess: ['typography'],
    });
  return instance;
}

export function i18nMiddleware(instance = createI18n()): RequestHandler {
  return handle(instance) as RequestHandler;
}

export function localeOf(req: Request): Locale {
  return (LOCALES as readonly string[]).includes(req.language) ? (req.language as Locale) : DEFAULT_LOCALE;
}
