import { describe, expect, it } from 'vitest';
import type { Beneficiary, Tandem } from '../../../../src/domain/index.js';
import {
  addMonths,
  median,
  programmeStats,
  referralStats,
  stageStats,
  waitsOfGroups,
} from '../../../../src/services/stats.js';

const tandem = (over: Partial<Tandem>): Tandem => ({
  id: 't',
  orgId: 'o',
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  programmeId: 'p',
  volunteerId: 'v',
  beneficiaryId: 'b',
  status: 'active',
  proposedAt: '2026-01-01T00:00:00.000Z',
  proposedBy: 'u',
  checkIns: [],
  ...over,
});

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 3, '2026-04-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-30', 12, '2027-11-30'],
  ] as const)('%s + %i months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });
});

describe('median', () => {
  it('is null for nothing, the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });
});

describe('programmeStats', () => {
  const today = '2026-11-22';
  const stats = programmeStats(
    [
      tandem({ status: 'active', firstMeeting: { date: '2026-01-10', charterSigned: true } }),
      tandem({
        status: 'closed',
        firstMeeting: { date: '2026-02-01', charterSigned: true },
        closed: { at: '2026-06-01T10:00:00.000Z', outcome: 'found_work' },
      }),
      tandem({
        status: 'closed',
        firstMeeting: { date: '2026-09-01', charterSigned: true },
        closed: { at: '2026-10-01T10:00:00.000Z', outcome: 'moved' },
      }),
      tandem({ status: 'proposed' }),
      tandem({ status: 'declined' }),
    ],
    ['2026-11-12', '2026-10-23', '2026-11-22'],
    today,
  );

  it('counts tandems by status and outcomes', () => {
    expect(stats.tandems).toEqual({ proposed: 1, active: 1, declined: 1, lapsed: 0, closed: 2 });
    expect(stats.outcomes).toMatchObject({ found_work: 1, moved: 1, endured: 0 });
  });

  it('tells how many tandems old enough reached each milestone', () => {
    expect(stats.endured).toEqual({
      '3': { eligible: 2, reached: 2 },
      '6': { eligible: 2, reached: 1 },
      '12': { eligible: 0, reached: 0 },
    });
  });

  it('gives the waiting count, median and longest wait in days', () => {
    expect(stats.waiting).toEqual({ beneficiaries: 3, medianWaitDays: 10, longestWaitDays: 30 });
  });
});

describe('referral sources and stages', () => {
  it('tells per referral source how many were referred, wait, are paired and ever started, the unknown source last', () => {
    const rows = referralStats(
      [
        { id: 'b1', status: 'active', referral: { sourceId: 'ref_cpas' } },
        { id: 'b2', status: 'active', referral: { sourceId: 'ref_cpas' } },
        { id: 'b3', status: 'left', referral: { sourceId: 'ref_cpas' } },
        { id: 'b4', status: 'active', referral: { partner: 'A neighbour' } },
        { id: 'b5', status: 'active', referral: { sourceId: 'ref_school' } },
      ],
      new Map([['b2', 'tan_2']]),
      [
        { beneficiaryId: 'b2', firstMeeting: { date: '2026-10-01', charterSigned: true } },
        { beneficiaryId: 'b3', firstMeeting: { date: '2026-01-01', charterSigned: true } },
        { beneficiaryId: 'b5' },
      ],
    );
    expect(rows).toEqual([
      { sourceId: 'ref_cpas', referred: 3, waiting: 1, paired: 1, started: 2 },
      { sourceId: 'ref_school', referred: 1, waiting: 1, paired: 0, started: 0 },
      { sourceId: null, referred: 1, waiting: 1, paired: 0, started: 0 },
    ]);
  });

  it('counts active tandems by their current stage, and check-ins with their mean mood by the stage they were given in', () => {
    const stage = (s: 'before' | 'during' | 'after') => ({ stage: s, from: '2026-01-01', by: 'usr_1' });
    const checkIn = (s: 'before' | 'during' | 'after' | undefined, mood: number) => ({
      date: '2026-02-01',
      who: 'volunteer' as const,
      recordedBy: 'usr_1',
      mood,
      ...(s && { stage: s }),
    });
    expect(
      stageStats([
        { status: 'active', stages: [stage('before')], checkIns: [checkIn('before', 4), checkIn('before', 5)] },
        { status: 'active', stages: [stage('before'), stage('during')], checkIns: [checkIn('before', 2)] },
        { status: 'closed', stages: [stage('after')], checkIns: [checkIn('after', 3), checkIn(undefined, 1)] },
      ]),
    ).toEqual([
      { stage: 'before', tandems: 1, checkIns: 3, meanMood: 3.7 },
      { stage: 'during', tandems: 1, checkIns: 0, meanMood: null },
      { stage: 'after', tandems: 0, checkIns: 1, meanMood: 3 },
    ]);
  });
});

describe('waitsOfGroups', () => {
  const person = (id: string, over: Partial<Beneficiary>): Beneficiary => ({
    id,
    orgId: 'o',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    kind: 'person',
    contact: { firstName: 'X' },
    members: [],
    needs: [],
    languages: ['ar', 'fr'],
    availability: [],
    place: { municipality: 'Liège', location: { lat: 50.6, lon: 5.6 } },
    age: 20,
    waitingSince: '2026-09-01',
    preferences: {},
    excludedVolunteerIds: [],
    programmeIds: ['p'],
    status: 'active',
    ...over,
  });
  const today = '2026-11-30';

  it('counts a wait until the first tandem not declined, or until today, and flags a group over 1.5x the median', () => {
    const people = [
      person('b1', { waitingSince: '2026-11-20' }), // 10 days, still waiting
      person('b2', { waitingSince: '2026-11-10' }), // 20
      person('b3', { waitingSince: '2026-10-31' }), // 30, matched on 11-10: 10
      person('b4', { waitingSince: '2026-06-03', languages: ['ti'] }), // 180
      person('b5', { waitingSince: '2026-06-03', languages: ['ti'] }), // 180
      person('b6', { waitingSince: '2026-06-03', languages: ['ti'] }), // declined then proposed on 07-03: 30
      person('b7', { waitingSince: '2024-01-01' }), // outside the window
      person('b8', { waitingSince: '2026-10-01', status: 'left' }), // left without a tandem
    ];
    const tandems = [
      tandem({ beneficiaryId: 'b3', proposedAt: '2026-11-10T09:00:00.000Z' }),
      tandem({ beneficiaryId: 'b6', status: 'declined', proposedAt: '2026-06-10T09:00:00.000Z' }),
      tandem({ beneficiaryId: 'b6', status: 'closed', proposedAt: '2026-07-03T09:00:00.000Z' }),
    ];
    const w = waitsOfGroups(people, tandems, today);
    expect(w.people).toBe(6);
    // Waits 10, 20, 10, 180, 180, 30: median 25.
    expect(w.medianWaitDays).toBe(25);
    const ti = w.groups.find((g) => g.dimension === 'firstLanguage' && g.group === 'ti')!;
    expect(ti).toMatchObject({ people: 3, medianWaitDays: 180, flagged: true });
    expect(ti.ratio).toBeCloseTo(7.2, 6);
    const ar = w.groups.find((g) => g.dimension === 'firstLanguage' && g.group === 'ar')!;
    expect(ar).toMatchObject({ people: 3, medianWaitDays: 10, flagged: false });
    expect(w.groups.find((g) => g.dimension === 'gender')).toMatchObject({ group: 'unknown', people: 6 });
    expect(w.groups.find((g) => g.dimension === 'ageBand')).toMatchObject({ group: '18-25' });
  });

  it('groups a household by its size and its contact person, and is empty with nobody', () => {
    const family = person('h', {
      kind: 'household',
      gender: 'female',
      age: undefined,
      members: [
        { age: 38, languages: ['fa'] },
        { age: 9, languages: ['fa'] },
        { age: 6, languages: ['fa'] },
      ],
    });
    const w = waitsOfGroups([family], [], today);
    const of = (d: string) => w.groups.find((g) => g.dimension === d)!.group;
    expect([of('gender'), of('ageBand'), of('householdSize')]).toEqual(['female', '26-39', '3-4']);
    expect(waitsOfGroups([], [], today)).toMatchObject({ people: 0, medianWaitDays: null, groups: [], flagRatio: 1.5 });
  });
});
