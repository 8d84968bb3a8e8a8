import { describe, expect, it } from 'vitest';
import { parseRhythm } from '../../../../src/demo/seeds.js';

describe('parseRhythm', () => {
  it('reads the figures of a meeting rhythm and keeps the rest as a note', () => {
    expect(parseRhythm('2 hours a week', 'f')).toEqual({ minutes: 120, every: 'week' });
    expect(parseRhythm('90 minutes every two weeks', 'f')).toEqual({ minutes: 90, every: 'two_weeks' });
    expect(parseRhythm('3 hours a week (Saturday or Sunday afternoon), plus the summer camp', 'f')).toEqual({
      minutes: 180,
      every: 'week',
      note: 'Saturday or Sunday afternoon, plus the summer camp',
    });
  });

  it('refuses what it cannot read, naming the field', () => {
    expect(() => parseRhythm('now and then', 'x.profile.json.programme.meetingRhythm')).toThrow(
      /^x\.profile\.json\.programme\.meetingRhythm: must read like/,
    );
  });
});
