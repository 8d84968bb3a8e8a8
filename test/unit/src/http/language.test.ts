import { describe, expect, it } from 'vitest';
import { negotiateLocale } from '../../../../src/http/language.js';

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'fr'],
    ['', 'fr'],
    ['nl', 'nl'],
    ['nl-BE', 'nl'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-DE, en;q=0.5, nl;q=0.8', 'nl'],
    ['en;q=0.5, nl-BE;q=0.9', 'nl'],
    ['de, es', 'fr'],
    ['*', 'fr'],
    ['nl;q=0, en', 'en'],
    ['fr;q=0.5, nl;q=0.5', 'fr'],
    ['nl;q=2, en;q=0.1', 'en'],
    ['NL', 'nl'],
    ['nlx', 'fr'],
  ] as const)('%s -> %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });
});
