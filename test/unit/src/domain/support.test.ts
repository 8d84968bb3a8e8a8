import { describe, expect, it } from 'vitest';
import {
  capacityUnits,
  currentStage,
  freeTandems,
  IntensitySettings,
  LocalizedName,
  localName,
  Referral,
  unitsOf,
  volunteerLocale,
} from '../../../../src/domain/index.js';

const dynamo = { intensity: { weights: { light: 0.5, regular: 1, intensive: 2 }, default: 'regular' as const } };

describe('support intensity', () => {
  it('counts a tandem in half-slots: light, regular and intensive weigh 1, 2 and 4 units where the programme says so', () => {
    expect([unitsOf(dynamo, 'light'), unitsOf(dynamo, 'regular'), unitsOf(dynamo, 'intensive')]).toEqual([1, 2, 4]);
    expect(unitsOf(dynamo)).toBe(2);
    // Programmes without intensities: every tandem is one slot.
    expect(unitsOf({}, 'intensive')).toBe(2);
    expect(capacityUnits({ capacity: 3 })).toBe(6);
  });

  it("tells the matching how many default tandems a volunteer's free units still hold", () => {
    expect(freeTandems({ capacity: 2 }, 0, {})).toBe(2);
    expect(freeTandems({ capacity: 2 }, 3, {})).toBe(0);
    expect(freeTandems({ capacity: 2 }, 1, dynamo)).toBe(1);
    expect(freeTandems({ capacity: 1 }, 4, dynamo)).toBe(0);
    const lightDefault = { intensity: { ...dynamo.intensity, default: 'light' as const } };
    expect(freeTandems({ capacity: 2 }, 1, lightDefault)).toBe(3);
  });

  it('takes weights in steps of half a tandem', () => {
    expect(IntensitySettings.safeParse(dynamo.intensity).success).toBe(true);
    const bad = IntensitySettings.safeParse({
      ...dynamo.intensity,
      weights: { light: 0.75, regular: 1, intensive: 0 },
    });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['weights.light', 'weights.intensive']);
  });

  it('knows the current stage as the last one begun', () => {
    expect(currentStage({})).toBeUndefined();
    expect(
      currentStage({
        stages: [
          { stage: 'before', from: '2026-01-01', by: 'usr_1' },
          { stage: 'during', from: '2026-03-01', by: 'usr_1' },
        ],
      }),
    ).toBe('during');
  });
});

describe('names in several languages', () => {
  it("gives the reader's language, else the nearest one with a mark of which", () => {
    const cpas = { fr: 'CPAS de Bruxelles', nl: 'OCMW Brussel' };
    expect(localName(cpas, 'nl')).toEqual({ text: 'OCMW Brussel', lang: 'nl', fallback: false });
    expect(localName(cpas, 'en')).toEqual({ text: 'CPAS de Bruxelles', lang: 'fr', fallback: true });
    expect(localName({ nl: 'Vrijwilligerspunt' }, 'fr')).toMatchObject({ lang: 'nl', fallback: true });
    expect(LocalizedName.safeParse({}).success).toBe(false);
  });

  it('needs a referral to name a source or a partner', () => {
    expect(Referral.safeParse({ sourceId: 'ref_1' }).success).toBe(true);
    expect(Referral.safeParse({ partner: 'École Saint-Luc' }).success).toBe(true);
    expect(Referral.safeParse({ date: '2026-01-02' }).success).toBe(false);
  });
});

describe('a volunteer’s language', () => {
  it('is the sign-up language, else the first language tandem writes, else French', () => {
    expect(volunteerLocale({ locale: 'nl', languages: ['fr'] })).toBe('nl');
    expect(volunteerLocale({ languages: ['ar', 'en', 'fr'] })).toBe('en');
    expect(volunteerLocale({ languages: ['ar'] })).toBe('fr');
  });
});
