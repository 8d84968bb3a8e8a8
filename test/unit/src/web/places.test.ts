import { describe, expect, it } from 'vitest';
import { fold, readPlace, resolve, suggest } from '../../../../src/web/places.js';

describe('municipalities', () => {
  it('folds case, accents and separators', () => {
    expect(fold('  Saint-Nicolas ')).toBe('saint nicolas');
    expect(fold('LIÈGE')).toBe('liege');
  });

  it('suggests names that start with the text first, then names that contain a word starting with it', () => {
    const names = suggest('lieg').map((m) => m.label);
    expect(names[0]).toBe('Liège');
    expect(suggest('nicolas').map((m) => m.name)).toContain('Saint-Nicolas');
    expect(suggest('l')).toEqual([]);
  });

  it('resolves a name written loosely, and tells apart the names found twice in Belgium by their province', () => {
    expect(resolve('liege')).toMatchObject({ found: { name: 'Liège' } });
    const halle = resolve('Halle');
    expect(halle.found).toBeUndefined();
    const labels = 'choices' in halle ? halle.choices.map((c) => c.label) : [];
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(resolve(labels[0]!)).toMatchObject({ found: { name: 'Halle', label: labels[0] } });
  });

  it('reads the place fields of a form: a known municipality with its postcode, else the problem', () => {
    expect(readPlace('Mechelen', '2800')).toMatchObject({
      place: {
        municipality: 'Mechelen',
        postcode: '2800',
        location: { lat: expect.any(Number), lon: expect.any(Number) },
      },
    });
    expect(readPlace('Mechln', '')).toEqual({ problem: 'municipalityUnknown', places: [] });
    expect(readPlace('Halle', '').problem).toBe('municipalityChoose');
    expect(readPlace('', '')).toEqual({ places: [] });
  });
});
