import { describe, expect, it } from 'vitest';
import {
  ageBand,
  FAIRNESS_MIN_GROUP,
  householdBand,
  waitsByGroup,
  type FairnessGroups,
} from '../../../scoring/index.js';

const groups = (over: Partial<FairnessGroups> = {}): FairnessGroups => ({
  firstLanguage: 'ar',
  gender: 'female',
  municipality: 'Liège',
  ageBand: '18-25',
  householdSize: '1',
  ...over,
});

describe('waits by group', () => {
  it('flags a group of enough people waiting more than 1.5x the median, not one of fewer', () => {
    const people = [
      ...[10, 10, 10, 10, 10].map((w) => ({ waitDays: w, groups: groups() })),
      ...[40, 40, 40].map((w) => ({ waitDays: w, groups: groups({ firstLanguage: 'ti' }) })),
      { waitDays: 100, groups: groups({ firstLanguage: 'so' }) },
    ];
    const w = waitsByGroup(people);
    expect(w.medianWaitDays).toBe(10);
    const lang = w.groups.filter((g) => g.dimension === 'firstLanguage');
    expect(lang.map((g) => [g.group, g.ratio, g.flagged])).toEqual([
      ['so', 10, false], // one person: shown, not flagged
      ['ti', 4, true],
      ['ar', 1, false],
    ]);
    expect(FAIRNESS_MIN_GROUP).toBe(3);
  });

  it('does not flag exactly 1.5x, and gives no ratio when the median wait is 0', () => {
    const at = waitsByGroup([
      ...[10, 10, 10].map((w) => ({ waitDays: w, groups: groups() })),
      ...[15, 15, 15].map((w) => ({ waitDays: w, groups: groups({ gender: 'male' }) })),
      { waitDays: 10, groups: groups() },
    ]);
    expect(at.groups.find((g) => g.group === 'male')).toMatchObject({ ratio: 1.5, flagged: false });
    const none = waitsByGroup([0, 0, 0, 5].map((w) => ({ waitDays: w, groups: groups() })));
    expect(none.groups.every((g) => g.ratio === null && !g.flagged)).toBe(true);
  });

  it('puts ages and household sizes in bands', () => {
    expect([undefined, 6, 13, 17, 18, 25, 26, 40, 64, 65].map(ageBand)).toEqual([
      'unknown',
      '0-12',
      '13-17',
      '13-17',
      '18-25',
      '18-25',
      '26-39',
      '40-64',
      '40-64',
      '65+',
    ]);
    expect([1, 2, 3, 4, 5, 9].map(householdBand)).toEqual(['1', '2', '3-4', '3-4', '5+', '5+']);
  });
});
