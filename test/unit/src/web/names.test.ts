import { describe, expect, it } from 'vitest';
import { localName } from '../../../../src/domain/index.js';
import { nameText, regionText } from '../../../../src/web/format.js';

const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');

describe('names of organisations and regions', () => {
  it('reads a name in the reader’s language, else in another with that language told', () => {
    const name = { fr: 'Voisins solidaires', nl: 'Solidaire buren' };
    expect(localName(name, 'nl')).toEqual({ text: 'Solidaire buren', lang: 'nl', fallback: false });
    expect(localName(name, 'en')).toEqual({ text: 'Voisins solidaires', lang: 'fr', fallback: true });
    expect(localName({ nl: 'Jeugdwerk voor Allen' }, 'fr')).toMatchObject({
      text: 'Jeugdwerk voor Allen',
      fallback: true,
    });
    expect(localName('Quartier Nord', 'nl')).toMatchObject({ text: 'Quartier Nord', fallback: false });
  });

  it('marks a name shown in another language than the page’s, and isolates it', () => {
    expect(plain(nameText({ en: 'Liège mentoring' }, 'fr'))).toBe('Liège mentoring [EN]');
    expect(plain(nameText({ fr: 'Mentorat Liège', en: 'Liège mentoring' }, 'fr'))).toBe('Mentorat Liège');
    expect(nameText('Quartier Nord', 'fr')).toBe('\u2068Quartier Nord\u2069');
  });

  it('names a region in the reader’s language: a municipality from the place data, else its own names', () => {
    expect(plain(regionText('Liège', 'nl'))).toBe('Luik');
    expect(plain(regionText('Mechelen', 'fr'))).toBe('Malines');
    const brussels = {
      fr: 'Région de Bruxelles-Capitale',
      nl: 'Brussels Hoofdstedelijk Gewest',
      en: 'Brussels-Capital Region',
    };
    expect(plain(regionText(brussels, 'nl'))).toBe('Brussels Hoofdstedelijk Gewest');
    expect(plain(regionText('Somewhere else', 'nl'))).toBe('Somewhere else');
  });
});
