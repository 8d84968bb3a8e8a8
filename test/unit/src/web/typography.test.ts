/**
 * Every translation file read for its language's typography, as readers see it (French after the
 * pages' spacing post-processor): French sets a no-break space before : ; ! ? » and after «,
 * English and Dutch none; English says "an" before a vowel; no doubled or dangling spaces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainCandidate, explainUnmatched, type Candidate, type Unmatched } from '../../../../scoring/index.js';
import { withArticle } from '../../../../src/domain/text.js';
import { frenchSpacing } from '../../../../src/web/i18n.js';

const DIR = join(import.meta.dirname, '../../../../src/web/locales');

function leaves(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

const texts = Object.fromEntries(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -5), leaves(JSON.parse(readFileSync(join(DIR, f), 'utf8')))]),
) as Record<string, [string, string][]>;

/** Keys whose text breaks `rule`, with the text. */
const breaking = (locale: string, rule: (text: string) => boolean) =>
  texts[locale]!.filter(([, text]) => rule(text)).map(([key, text]) => `${key}: ${text}`);

describe('typography of the translation files', () => {
  it('has the three languages', () => {
    expect(Object.keys(texts).sort()).toEqual(['en', 'fr', 'nl']);
  });

  it.each(['en', 'fr', 'nl'])('%s: no doubled, leading or trailing space', (locale) => {
    expect(breaking(locale, (t) => / {2}|^\s|\s$/.test(t))).toEqual([]);
  });

  it('French: a no-break space before : ; ! ? » and after «, as the pages show it', () => {
    const shown = (t: string) => frenchSpacing(t.replace(/\{\{[^}]*\}\}/g, 'x'));
    expect(
      breaking('fr', (t) => /[^\u00a0\u202f/]([;!?»])(?!\/)/.test(shown(t)) || /«[^\u00a0]/.test(shown(t))),
    ).toEqual([]);
    expect(breaking('fr', (t) => /[^\u00a0\d\w/]:(?!\/)/.test(shown(t)) && !/https?:/.test(t))).toEqual([]);
  });

  it.each(['en', 'nl'])('%s: no space before ; : ! ?', (locale) => {
    expect(breaking(locale, (t) => /\s[;:!?]/.test(t))).toEqual([]);
  });

  it('English: "an" before a vowel sound, not "a"', () => {
    expect(breaking('en', (t) => /\ba [aeio]\w/i.test(t))).toEqual([]);
  });
});

describe('typography of the explanations', () => {
  const candidate = {
    volunteerId: 'v',
    beneficiaryId: 'b',
    rank: 1,
    score: 0.8,
    distanceKm: 1.2,
    commonLanguages: ['fr'],
    matchedNeeds: ['job_search'],
    commonSlots: [
      { day: 'mon', start: '18:00', end: '20:00' },
      { day: 'wed', start: '14:00', end: '16:00' },
    ],
    breakdown: { proximity: 1, skills: 0.5, availability: 1, language: 1, waiting: 0 },
  } as unknown as Candidate;

  it('French: an article before each day, "ni … ni …" for the needs not covered', () => {
    const text = explainCandidate(candidate, ['job_search', 'cv_writing', 'admin_paperwork'], 'fr');
    expect(text).toMatch(/le lundi 18:00-20:00, le mercredi 14:00-16:00/);
    expect(text).toMatch(/ni [^·]+ ni /);
  });

  it('French: a narrow no-break space before ";"', () => {
    const u = { beneficiaryId: 'b', nearby: 0, radiusKm: 3, nearestKm: 24, excludedBy: {} } as unknown as Unmatched;
    expect(explainUnmatched(u, 'fr')).toContain('\u202f; ');
    expect(explainUnmatched(u, 'en')).toContain('km; the');
  });
});

describe('English messages', () => {
  it('says "an active tandem" and "a proposed tandem"', () => {
    expect(`${withArticle('active')} tandem`).toBe('an active tandem');
    expect(`${withArticle('proposed')} tandem`).toBe('a proposed tandem');
  });
});
