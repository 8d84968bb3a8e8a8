import { LOCALES, type Locale } from '../../scoring/index.js';

export const DEFAULT_LOCALE: Locale = 'fr';

/**
 * The caller's language from `Accept-Language` (RFC 9110 §12.5.4): the supported language with
 * the highest q-value, a region subtag matching its language (`nl-BE` is `nl`), `*` the default;
 * ties go to the order given. French when nothing matches.
 */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const q = qValue(params);
    if (q === 0 || (best && q <= best.q)) continue;
    const tag = range.trim().toLowerCase();
    const locale = tag === '*' ? DEFAULT_LOCALE : LOCALES.find((l) => tag === l || tag.startsWith(`${l}-`));
    if (locale) best = { locale, q };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

function qValue(params: string[]): number {
  for (const param of params) {
    const [key, value] = param.split('=').map((s) => s.trim());
    if (key?.toLowerCase() !== 'q') continue;
    const q = Number(value);
    return /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value ?? '') ? q : 0;
  }
  return 1;
}
