import { describe, expect, it } from 'vitest';
import { placeText, readPlace, suggest } from '../../../../src/web/places.js';

/** Text without the Unicode isolates that keep a name's direction to itself. */
const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');

describe('place fields', () => {
  it('suggests places in the reader’s language', () => {
    expect(suggest('lie', 'nl')).toContain('Luik');
    expect(suggest('lie', 'fr')).toContain('Liège');
    expect(suggest('l', 'fr')).toEqual([]);
  });

  it('reads a municipality and a postcode as a stored place with the municipality’s code', () => {
    expect(readPlace('Luik', '', 'nl')).toMatchObject({ place: { municipality: 'Liège', nis: '62063' } });
    expect(readPlace('Schaerbeek', '1030', 'fr')).toMatchObject({
      place: { municipality: 'Schaerbeek', nis: '21015', postcode: '1030', location: { lat: expect.any(Number) } },
    });
    expect(readPlace('', '1030', 'fr').place).toMatchObject({ nis: '21015' });
    expect(readPlace('Mechln', '', 'fr')).toEqual({ problem: 'municipalityUnknown', places: [] });
    expect(readPlace('Vorst', '', 'nl')).toMatchObject({
      problem: 'municipalityChoose',
      places: ['1190 Vorst', '2430 Vorst (Laakdal)'],
    });
    expect(readPlace('Vorst', '2430', 'nl').place).toMatchObject({ nis: '13053', locality: 'Vorst', postcode: '2430' });
    expect(readPlace('Liège', '1030', 'fr')).toMatchObject({ problem: 'municipalityChoose', places: ['Liège'] });
    expect(readPlace('', '', 'fr')).toEqual({ places: [] });
  });

  it('names a stored place in the reader’s language, isolated from the text around it', () => {
    const place = { municipality: 'Liège', nis: '62063', postcode: '4020', location: { lat: 50.634, lon: 5.568 } };
    expect(plain(placeText(place, 'nl'))).toBe('4020 Luik');
    expect(plain(placeText(place, 'fr'))).toBe('4020 Liège');
    expect(placeText(place, 'fr')).toMatch(/^\u2068.*\u2069$/);
    const vorst = {
      municipality: 'Laakdal',
      nis: '13053',
      locality: 'Vorst',
      postcode: '2430',
      location: { lat: 51.08, lon: 5.02 },
    };
    expect(plain(placeText(vorst, 'fr'))).toBe('2430 Vorst (Laakdal)');
    expect(plain(placeText({ municipality: 'Liège', location: { lat: 50.634, lon: 5.568 } }, 'nl'))).toBe('Liège');
  });
});
