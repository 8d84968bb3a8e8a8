import { describe, expect, it } from 'vitest';
import type { Tandem } from '../../../../src/domain/index.js';
import { csv, csvCell, figures, survival } from '../../../../src/web/stats.js';

const tandem = (
  start: string | undefined,
  end?: { closed?: string; lapsed?: string; outcome?: 'found_work' | 'endured' },
): Tandem =>
  ({
    id: `tan_${start}`,
    status: end ? (end.closed ? 'closed' : 'lapsed') : start ? 'active' : 'proposed',
    ...(start && { firstMeeting: { date: start, charterSigned: true } }),
    ...(end?.closed && { closed: { at: `${end.closed}T10:00:00.000Z`, outcome: end.outcome ?? 'endured' } }),
    ...(end?.lapsed && { lapsedAt: `${end.lapsed}T10:00:00.000Z` }),
  }) as Tandem;

describe('statistics figures', () => {
  it('counts tandems started per month over the last 12 months, by their first meeting', () => {
    const f = figures(
      [tandem('2026-11-02'), tandem('2026-11-20'), tandem('2026-01-15'), tandem('2025-11-30'), tandem(undefined)],
      [],
      '2026-11-23',
    );
    expect(f.started).toHaveLength(12);
    expect(f.started[0]).toEqual({ month: '2025-12', count: 0 });
    expect(f.started.at(-1)).toEqual({ month: '2026-11', count: 2 });
    expect(f.started.find((s) => s.month === '2026-01')!.count).toBe(1);
  });

  it('puts each wait in its bracket', () => {
    const f = figures([], ['2026-11-23', '2026-10-01', '2026-07-01', '2026-03-01', '2025-01-01'], '2026-11-23');
    expect(f.waiting.map((w) => w.count)).toEqual([1, 1, 1, 1, 1]);
  });

  it('counts outcomes of closed tandems only', () => {
    const f = figures(
      [
        tandem('2026-01-01', { closed: '2026-05-01', outcome: 'found_work' }),
        tandem('2026-01-01', { lapsed: '2026-03-01' }),
      ],
      [],
      '2026-11-23',
    );
    expect(f.outcomes.find((o) => o.outcome === 'found_work')!.count).toBe(1);
    expect(f.outcomes.reduce((n, o) => n + o.count, 0)).toBe(1);
  });
});

describe('survival (Kaplan-Meier)', () => {
  it('lowers the share at each end by the ended over those still followed, and a tandem still going is not an end', () => {
    // Ends at 40 and 100 days; one still going at 70 days (censored); one at 200 days still going.
    const curve = survival(
      [
        { days: 40, ended: true },
        { days: 70, ended: false },
        { days: 100, ended: true },
        { days: 200, ended: false },
      ],
      8,
    );
    expect(curve[0]!.share).toBe(1);
    expect(curve[1]!.share).toBe(1);
    expect(curve[2]!.share).toBeCloseTo(0.75);
    // At 100 days 2 are still followed, one ends: 0.75 x 1/2.
    expect(curve[4]!.share).toBeCloseTo(0.375);
    expect(curve[6]!.share).toBeCloseTo(0.375);
    // Past the longest span, still going: unknown.
    expect(curve[7]!.share).toBeNull();
  });

  it('has nothing to say without tandems, and stays at zero once everyone has ended', () => {
    expect(survival([], 3).every((s) => s.share === null)).toBe(true);
    expect(survival([{ days: 10, ended: true }], 3).map((s) => s.share)).toEqual([1, 0, 0, 0]);
  });
});

describe('CSV', () => {
  it('quotes what needs it and defuses formulas in text', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(-3)).toBe('-3');
    expect(csv([['a', 1]])).toBe('\uFEFFa,1\r\n');
  });
});
