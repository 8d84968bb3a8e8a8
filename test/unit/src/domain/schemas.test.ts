import { describe, expect, it } from 'vitest';
import { coarsen } from '../../../../scoring/index.js';
import { Beneficiary, Place, Timestamp, screeningGaps } from '../../../../src/domain/index.js';
import { beneficiary } from '../../../integration/store/fixtures.js';

describe('Place', () => {
  it('takes coordinates coarsened to about 100 m, and refuses finer ones', () => {
    const precise = { lat: 50.632712, lon: 5.579731 };
    expect(Place.safeParse({ municipality: 'Liège', location: coarsen(precise) }).success).toBe(true);
    const refused = Place.safeParse({ municipality: 'Liège', location: precise });
    expect(refused.success).toBe(false);
    expect(refused.error!.issues[0]).toMatchObject({ path: ['location'], message: expect.stringMatching(/coarsened/) });
  });

  it('has no room for a street address', () => {
    expect(
      Place.safeParse({ municipality: 'Liège', street: 'Rue Léopold 1', location: { lat: 50.633, lon: 5.58 } }).success,
    ).toBe(false);
  });
});

describe('Timestamp', () => {
  it('is the one form Date.toISOString writes, so stored times sort as strings', () => {
    expect(Timestamp.safeParse(new Date(0).toISOString()).success).toBe(true);
    expect(Timestamp.safeParse('2026-11-22T10:00:00Z').success).toBe(false);
    expect(Timestamp.safeParse('2026-11-22T10:00:00.000+01:00').success).toBe(false);
  });
});

describe('Beneficiary', () => {
  it('is a person without members, or a household with some', () => {
    expect(Beneficiary.safeParse(beneficiary('org_1')).success).toBe(true);
    const household = beneficiary('org_1', {
      kind: 'household',
      members: [{ age: 9, languages: ['fa', 'fr'], needs: ['homework_help'] }],
    });
    expect(Beneficiary.safeParse(household).success).toBe(true);
    expect(Beneficiary.safeParse({ ...household, members: [] }).success).toBe(false);
    expect(Beneficiary.safeParse({ ...beneficiary('org_1'), members: household.members }).success).toBe(false);
  });
});

describe('screeningGaps', () => {
  const interview = { date: '2026-10-01', by: 'usr_1' };
  const training = { date: '2026-10-02' };

  it('asks for an interview and the training in every programme', () => {
    expect(screeningGaps({}, { servesMinors: false })).toEqual(['interview', 'training']);
    expect(screeningGaps({ interview, training }, { servesMinors: false })).toEqual([]);
  });

  it('also asks for the certificate of good conduct where minors are served', () => {
    expect(screeningGaps({ interview, training }, { servesMinors: true })).toEqual(['good_conduct']);
    expect(screeningGaps({ interview, training, goodConductSeenOn: '2026-09-30' }, { servesMinors: true })).toEqual([]);
  });
});
