import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  explainCandidate,
  explainUnmatched,
  languageName,
  LOCALES,
  rank,
  RankInput,
  RULES,
  type Candidate,
  type Unmatched,
} from '../../../scoring/index.js';
import { km } from '../../../scoring/explain.js';
import { rankInputArb } from './support/arbitraries.js';

const candidate = (o: Partial<Candidate> = {}): Candidate => ({
  beneficiaryId: 'b1',
  volunteerId: 'v1',
  rank: 1,
  score: 0.8,
  distanceKm: 1.02,
  overlapMinutes: 120,
  commonLanguages: ['ar'],
  matchedNeeds: ['job_search'],
  breakdown: { proximity: 0.9, skills: 0.67, availability: 1, language: 1, waiting: 0.26 },
  commonSlots: [{ day: 'sat', start: '10:00', end: '12:00' }],
  waitingDays: 95,
  ...o,
});
const NEEDS = ['job_search', 'cv_writing'];

describe('explaining a candidate', () => {
  it('tells distance, common language, common time, needs covered and not, and waiting, in English', () => {
    expect(explainCandidate(candidate(), NEEDS, 'en')).toBe(
      '1 km apart · both speak Arabic · both free Saturday 10:00-12:00 · covers job search · not CV writing · waiting 3 months',
    );
  });

  it('says the same in French and in Dutch', () => {
    expect(explainCandidate(candidate(), NEEDS, 'fr')).toBe(
      'à 1 km · parlent tous deux arabe · libres tous deux le samedi 10:00-12:00 · couvre recherche d’emploi · pas rédaction de CV · attend depuis 3 mois',
    );
    expect(explainCandidate(candidate(), NEEDS, 'nl')).toBe(
      '1 km uit elkaar · spreken allebei Arabisch · allebei vrij op zaterdag 10:00-12:00 · helpt met werk zoeken · niet met cv schrijven · wacht al 3 maanden',
    );
  });

  it('writes distances the local way: a decimal under 10 km, whole kilometres above', () => {
    expect(explainCandidate(candidate({ distanceKm: 2.46 }), [], 'fr')).toMatch(/^à 2,5 km/);
    expect(explainCandidate(candidate({ distanceKm: 2.46 }), [], 'en')).toMatch(/^2\.5 km apart/);
    expect(explainCandidate(candidate({ distanceKm: 12.6 }), [], 'nl')).toMatch(/^13 km uit elkaar/);
  });

  it('writes kilometres exactly as Intl.NumberFormat does, in every language', () => {
    const tags = { en: 'en-GB', fr: 'fr-BE', nl: 'nl-BE' } as const;
    const formats = LOCALES.map((l) => ({
      l,
      intl: (x: number) => new Intl.NumberFormat(tags[l], { maximumFractionDigits: x < 10 ? 1 : 0 }).format(x),
    }));
    // Distances as ranking rounds them (to the metre, four digits below 1 km), ties, and any double.
    const distance = fc.oneof(
      fc.integer({ min: 0, max: 1_100_000 }).map((m) => m / 1000),
      fc.double({ min: 0, max: 1, noNaN: true }).map((x) => Number(x.toPrecision(4))),
      fc.integer({ min: 0, max: 11_000 }).map((t) => t / 10 + 0.05),
      fc.double({ min: 0, max: 2000, noNaN: true }),
      fc.constantFrom(0, -0, 1e-7, 9.95, 9.96, 998.5, 999, 999.5, 1000, 12345.6),
    );
    fc.assert(
      fc.property(distance, (x) => {
        for (const { l, intl } of formats) expect(km(x, l)).toBe(intl(x));
      }),
      { numRuns: 5000 },
    );
  });

  it('says so when they share no language', () => {
    expect(explainCandidate(candidate({ commonLanguages: [] }), NEEDS, 'en')).toContain(' · no common language · ');
  });

  it('lists several common languages with a final "and"', () => {
    expect(explainCandidate(candidate({ commonLanguages: ['fr', 'nl', 'ar'] }), NEEDS, 'en')).toContain(
      'both speak French, Dutch and Arabic',
    );
  });

  it('shows two common windows and counts the rest', () => {
    const slots = [
      { day: 'mon' as const, start: '10:00', end: '11:00' },
      { day: 'tue' as const, start: '10:00', end: '11:00' },
      { day: 'wed' as const, start: '10:00', end: '11:00' },
    ];
    expect(explainCandidate(candidate({ commonSlots: slots }), NEEDS, 'en')).toContain(
      'both free Monday 10:00-11:00, Tuesday 10:00-11:00 (+1)',
    );
  });

  it('mentions no common time when they have none', () => {
    expect(explainCandidate(candidate({ commonSlots: [] }), NEEDS, 'en')).not.toContain('free');
  });

  it('does not list missing needs when none is covered', () => {
    const text = explainCandidate(candidate({ matchedNeeds: [] }), NEEDS, 'en');
    expect(text).not.toContain('covers');
    expect(text).not.toContain('not ');
  });

  it('shows a programme’s own need identifiers with spaces for underscores', () => {
    expect(explainCandidate(candidate({ matchedNeeds: ['bike_repair'] }), ['bike_repair'], 'en')).toContain(
      'covers bike repair',
    );
  });

  it('mentions waiting from one full month on, in the singular for one month', () => {
    expect(explainCandidate(candidate({ waitingDays: 29 }), NEEDS, 'en')).not.toContain('waiting');
    expect(explainCandidate(candidate({ waitingDays: 31 }), NEEDS, 'en')).toMatch(/waiting 1 month$/);
    expect(explainCandidate(candidate({ waitingDays: 31 }), NEEDS, 'nl')).toMatch(/wacht al 1 maand$/);
    expect(explainCandidate(candidate({ waitingDays: undefined }), NEEDS, 'en')).not.toContain('waiting');
  });
});

describe('explaining a beneficiary without candidates', () => {
  const unmatched = (o: Partial<Unmatched>): Unmatched => ({
    beneficiaryId: 'b1',
    radiusKm: 5,
    nearby: 0,
    excludedBy: {},
    ...o,
  });

  it('tells how far the nearest volunteer is when none is within reach', () => {
    expect(explainUnmatched(unmatched({ radiusKm: 3, nearestKm: 24.2 }), 'en')).toBe(
      'no volunteer within 3 km; the nearest is 24 km away',
    );
    expect(explainUnmatched(unmatched({ radiusKm: 3, nearestKm: 24.2 }), 'fr')).toBe(
      'aucun bénévole à moins de 3 km\u202f; le plus proche est à 24 km',
    );
  });

  it('says only that none is within reach when there is no volunteer at all', () => {
    expect(explainUnmatched(unmatched({ radiusKm: 3 }), 'nl')).toBe('geen vrijwilliger binnen 3 km');
  });

  it('names the single rule that excluded everyone nearby', () => {
    expect(explainUnmatched(unmatched({ nearby: 3, excludedBy: { availability: 3 } }), 'en')).toBe(
      '3 volunteers within 5 km: none free at the same time',
    );
    expect(explainUnmatched(unmatched({ nearby: 1, excludedBy: { gender: 1 } }), 'en')).toBe(
      '1 volunteer within 5 km: none of the preferred gender',
    );
  });

  it('counts each rule, the commonest first, when several excluded the volunteers nearby', () => {
    expect(explainUnmatched(unmatched({ nearby: 5, excludedBy: { availability: 2, language: 3 } }), 'en')).toBe(
      '5 volunteers within 5 km: 3 without a common language, 2 not free at the same time',
    );
    expect(explainUnmatched(unmatched({ nearby: 3, excludedBy: { availability: 2, distance: 1 } }), 'fr')).toBe(
      '3 bénévoles à moins de 5 km\u00a0: 2 pas libres au même moment, 1 ne se déplace pas aussi loin',
    );
  });

  it('names rules that excluded as many volunteers in one fixed order, whatever the record’s key order', () => {
    const a = explainUnmatched(unmatched({ nearby: 2, excludedBy: { age: 1, excluded: 1 } }), 'en');
    const b = explainUnmatched(unmatched({ nearby: 2, excludedBy: { excluded: 1, age: 1 } }), 'en');
    expect(a).toBe(b);
    expect(a).toBe('2 volunteers within 5 km: 1 excluded after earlier pairings, 1 not taking this age');
  });

  it('has a phrase for every rule in every language', () => {
    for (const locale of LOCALES)
      for (const rule of RULES) {
        const alone = explainUnmatched(unmatched({ nearby: 2, excludedBy: { [rule]: 2 } }), locale);
        const mixed = explainUnmatched(
          unmatched({ nearby: 3, excludedBy: { [rule]: 2, [rule === 'age' ? 'gender' : 'age']: 1 } }),
          locale,
        );
        for (const text of [alone, mixed]) expect(text).not.toMatch(/undefined|NaN|\[object/);
      }
  });
});

describe('language names', () => {
  it('are written in the reader’s language', () => {
    expect(languageName('nl', 'fr')).toBe('néerlandais');
    expect(languageName('fr', 'nl')).toBe('Frans');
    expect(languageName('uk', 'en')).toBe('Ukrainian');
  });

  it('are those Intl.DisplayNames gives, for every two-letter code, the common ones written out included', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (const locale of LOCALES) {
      const names = new Intl.DisplayNames([locale], { type: 'language' });
      for (const a of letters)
        for (const b of letters) expect(languageName(a + b, locale)).toBe(names.of(a + b) ?? a + b);
    }
  });
});

describe('explanations of ranked output', () => {
  it('exist for every candidate and every unmatched beneficiary, in every language, without holes', () => {
    fc.assert(
      fc.property(
        rankInputArb().filter((x) => RankInput.safeParse(x).success),
        (input) => {
          const out = rank(input, { today: '2026-11-22' });
          const needs = new Map(input.beneficiaries.map((b) => [b.id, b.needs]));
          for (const locale of LOCALES) {
            for (const c of out.candidates) {
              const text = explainCandidate(c, needs.get(c.beneficiaryId)!, locale);
              expect(text).toContain(' km');
              expect(text).not.toMatch(/undefined|NaN|· ·|· $/);
            }
            for (const u of out.unmatched) expect(explainUnmatched(u, locale)).not.toMatch(/undefined|NaN|^$/);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
