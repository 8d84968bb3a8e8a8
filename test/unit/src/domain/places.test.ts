import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allMunicipalities,
  fold,
  municipalityName,
  placeLabel,
  resolvePlace,
  suggestPlaces,
  type PlaceMatch,
} from '../../../../src/domain/places.js';
// @ts-expect-error: the derivation is a plain script, run by node as npm run places:derive does.
import { derive } from '../../../../scripts/places/derive.mjs';

/** A municipality is what the text names, or one of the places offered to choose from. */
function names(text: string, nis: string): boolean {
  const r = resolvePlace(text);
  const matches: PlaceMatch[] = r.found ? [r.found] : r.choices;
  return matches.some((m) => m.municipality?.nis === nis);
}

const unaccented = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

describe('Belgian places', () => {
  it('holds the 565 municipalities of 1 January 2025, the 19 Brussels communes among them', () => {
    const all = allMunicipalities();
    expect(all).toHaveLength(565);
    expect(new Set(all.map((m) => m.nis)).size).toBe(565);
    expect(all.filter((m) => m.region === 'BRU')).toHaveLength(19);
    expect(all.filter((m) => m.region === 'VLG')).toHaveLength(285);
    expect(all.filter((m) => m.region === 'WAL')).toHaveLength(261);
  });

  it('finds every municipality by its French, Dutch and German names, with and without accents, hyphens and capitals', () => {
    const missed: string[] = [];
    let tried = 0;
    for (const m of allMunicipalities()) {
      for (const name of new Set([m.names.fr, m.names.nl, m.names.de, ...(m.names.en ? [m.names.en] : [])])) {
        for (const text of new Set([name, unaccented(name), name.replace(/-/g, ' '), name.toUpperCase()])) {
          tried++;
          if (!names(text, m.nis)) missed.push(`${text} (${m.nis})`);
        }
      }
    }
    expect(missed).toEqual([]);
    expect(tried).toBeGreaterThan(565 * 2);
  });

  it('finds every municipality by each of its postcodes', () => {
    const ixPostcodes = JSON.parse(
      readFileSync(new URL('../../../../src/domain/be-places.json', import.meta.url), 'utf8'),
    ).places as [string, string, number | null][];
    const all = allMunicipalities();
    const missed = ixPostcodes
      .filter(([, , m]) => m !== null)
      .filter(([postcode, , m]) => !names(postcode, all[m!]!.nis))
      .map(([postcode]) => postcode);
    expect(missed).toEqual([]);
    const withPostcode = new Set(ixPostcodes.filter(([, , m]) => m !== null).map(([, , m]) => m));
    expect(withPostcode.size).toBe(565);
  });

  it('reads the names people write: the hints of the forms, exonyms, a postcode before or after the name', () => {
    const town = (text: string, locale: 'fr' | 'nl' | 'en' = 'fr') => {
      const r = resolvePlace(text);
      return r.found?.municipality && municipalityName(r.found.municipality, locale);
    };
    expect(town('Schaarbeek')).toBe('Schaerbeek');
    expect(town('Luik')).toBe('Liège');
    expect(town('Malines', 'nl')).toBe('Mechelen');
    expect(town('Bruxelles', 'en')).toBe('Brussels');
    expect(town('Brussel')).toBe('Bruxelles');
    expect(town('Antwerpen')).toBe('Anvers');
    expect(town('Anvers', 'nl')).toBe('Antwerpen');
    expect(town('Gand', 'nl')).toBe('Gent');
    expect(town('Elsene')).toBe('Ixelles');
    expect(town('Ukkel')).toBe('Uccle');
    expect(town('Lüttich')).toBe('Liège');
    expect(town('sint-genesius-rode')).toBe('Rhode-Saint-Genèse');
    expect(resolvePlace('1030 Schaerbeek').found).toMatchObject({ postcode: '1030', municipality: { nis: '21015' } });
    expect(resolvePlace('Schaerbeek 1030').found).toMatchObject({ postcode: '1030', municipality: { nis: '21015' } });
    expect(resolvePlace('4020').found).toMatchObject({ postcode: '4020', municipality: { nis: '62063' } });
    expect(resolvePlace('Mechln').found).toBeUndefined();
  });

  it('finds the municipalities of the 2025 mergers and their former names', () => {
    const nis = (text: string) => resolvePlace(text).found?.municipality?.nis;
    expect(nis('Pajottegem')).toBe('23106');
    expect(nis('Galmaarden')).toBe('23106');
    expect(nis('Beveren-Kruibeke-Zwijndrecht')).toBe('46030');
    expect(nis('Borsbeek')).toBe('11002');
    expect(nis('Bastogne')).toBe('82039');
  });

  it('asks which Vorst is meant, and a postcode or the municipality in brackets settles it', () => {
    const vorst = resolvePlace('Vorst');
    expect(vorst.found).toBeUndefined();
    const choices = 'choices' in vorst ? vorst.choices : [];
    expect(choices.map((c) => c.municipality?.nis).sort()).toEqual(['13053', '21007']);
    expect(resolvePlace('1190 Vorst').found?.municipality?.nis).toBe('21007');
    expect(resolvePlace('Vorst 2430').found).toMatchObject({ locality: 'Vorst', municipality: { nis: '13053' } });
    expect(resolvePlace('1190 Forest').found?.municipality?.nis).toBe('21007');
    for (const c of choices)
      for (const locale of ['fr', 'nl', 'en'] as const) {
        const back = resolvePlace(placeLabel(c, locale)).found;
        expect([back?.municipality, back?.locality]).toEqual([c.municipality, c.locality]);
      }
  });

  it('offers suggestions in the reader’s language that each resolve to one place', () => {
    for (const [text, locale] of [
      ['lie', 'nl'],
      ['vor', 'fr'],
      ['103', 'fr'],
      ['brux', 'en'],
      ['sint', 'nl'],
      ['hal', 'fr'],
    ] as const) {
      const found = suggestPlaces(text);
      expect(found.length).toBeGreaterThan(0);
      for (const m of found) expect(resolvePlace(placeLabel(m, locale)).found).toBeDefined();
    }
    expect(suggestPlaces('lie').map((m) => placeLabel(m, 'nl'))).toContain('Luik');
    expect(suggestPlaces('l')).toEqual([]);
  });

  it('folds case, accents, dashes and apostrophes', () => {
    expect(fold('  Saint-Nicolas ')).toBe('saint nicolas');
    expect(fold('LIÈGE')).toBe('liege');
    expect(fold("Braine-l'Alleud")).toBe('braine l alleud');
  });

  it('is what the derivation script makes from its sources', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../../src/domain/be-places.json', import.meta.url), 'utf8'),
    );
    expect(derive().out).toEqual(committed);
  });
});
