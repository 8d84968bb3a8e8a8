import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AssignInput,
  Candidate,
  daysBetween,
  daysSince,
  minutesOf,
  rank,
  RankInput,
  Unmatched,
} from '../../../scoring/index.js';
import { formatPath, ValidationError } from '../../../src/errors/validation-error.js';
import { rankInputArb } from './support/arbitraries.js';

const valid = (): Record<string, any> => ({
  programme: {
    maxDistanceKm: 10,
    minOverlapMinutes: 60,
    requireCommonLanguage: true,
    topK: 5,
    weights: { proximity: 2 },
  },
  referenceDate: '2026-11-22',
  volunteers: [
    {
      id: 'v1',
      location: { lat: 50.6326, lon: 5.5797 },
      maxDistanceKm: 5,
      languages: ['fr', 'ar'],
      skills: ['job_search', 'bike_repair'],
      availability: [{ day: 'mon', start: '18:00', end: '20:00' }],
      capacity: 2,
      gender: 'female',
      ageRange: { min: 16, max: 25 },
    },
    {
      id: 'v2',
      location: { lat: 50.64, lon: 5.57 },
      languages: ['nl'],
      skills: [],
      availability: [{ day: 'sun', start: '00:00', end: '23:59' }],
      capacity: 0,
    },
  ],
  beneficiaries: [
    {
      id: 'b1',
      location: { lat: 50.64, lon: 5.57 },
      maxDistanceKm: 3,
      languages: ['ar', 'en'],
      needs: ['job_search'],
      availability: [{ day: 'sat', start: '10:00', end: '12:30' }],
      waitingSince: '2026-06-01',
      volunteerGender: ['female'],
      excludedVolunteerIds: ['v9'],
      age: 19,
    },
  ],
});

/** The fields a rejected document is blamed on, as the CLI prints them. */
function blamed(doc: unknown, schema: typeof RankInput | typeof AssignInput = RankInput): string[] {
  const r = schema.safeParse(doc);
  if (r.success) return [];
  return ValidationError.fromZod(r.error).issues.map((i) => i.field);
}
function messageFor(doc: unknown, field: string): string | undefined {
  const r = RankInput.safeParse(doc);
  return r.success ? undefined : ValidationError.fromZod(r.error).issues.find((i) => i.field === field)?.message;
}
function mutated(f: (d: Record<string, any>) => void): Record<string, any> {
  const d = valid();
  f(d);
  return d;
}

describe('rank input schema', () => {
  it('accepts the contract’s example, with every optional field', () => {
    expect(blamed(valid())).toEqual([]);
  });

  it('accepts a programme’s own skill identifiers, not only the project’s vocabulary', () => {
    expect(RankInput.safeParse(valid()).success).toBe(true);
    expect(blamed(mutated((d) => (d.volunteers[0].skills = ['Job Search'])))).toEqual(['volunteers[0].skills[0]']);
  });

  it('rejects a slot that ends before it starts, naming its end', () => {
    const doc = mutated((d) => (d.volunteers[1].availability[0] = { day: 'tue', start: '12:00', end: '11:00' }));
    expect(blamed(doc)).toEqual(['volunteers[1].availability[0].end']);
    expect(messageFor(doc, 'volunteers[1].availability[0].end')).toBe('must be after start');
  });

  it('rejects an empty slot (end equal to start)', () => {
    expect(blamed(mutated((d) => (d.beneficiaries[0].availability[0].end = '10:00')))).toEqual([
      'beneficiaries[0].availability[0].end',
    ]);
  });

  it('rejects times outside HH:MM 24-hour and unknown days', () => {
    expect(blamed(mutated((d) => (d.volunteers[0].availability[0].end = '24:00')))).toEqual([
      'volunteers[0].availability[0].end',
    ]);
    expect(blamed(mutated((d) => (d.volunteers[0].availability[0].start = '9:00')))).toEqual([
      'volunteers[0].availability[0].start',
    ]);
    expect(blamed(mutated((d) => (d.volunteers[0].availability[0].day = 'monday')))).toEqual([
      'volunteers[0].availability[0].day',
    ]);
  });

  it('rejects unknown fields at any depth, naming the field itself', () => {
    expect(blamed(mutated((d) => (d.volunteers[0].favouriteColour = 'blue')))).toEqual([
      'volunteers[0].favouriteColour',
    ]);
    expect(blamed(mutated((d) => (d.programme.weights.distance = 1)))).toEqual(['programme.weights.distance']);
    expect(blamed(mutated((d) => (d.beneficiaries[0].location.alt = 80)))).toEqual(['beneficiaries[0].location.alt']);
    expect(blamed(mutated((d) => (d.extra = true)))).toEqual(['extra']);
  });

  it('names a missing field as required', () => {
    const doc = mutated((d) => delete d.beneficiaries[0].location);
    expect(blamed(doc)).toEqual(['beneficiaries[0].location']);
    expect(messageFor(doc, 'beneficiaries[0].location')).toBe('required');
  });

  it('rejects a negative or fractional capacity', () => {
    expect(blamed(mutated((d) => (d.volunteers[1].capacity = -1)))).toEqual(['volunteers[1].capacity']);
    expect(blamed(mutated((d) => (d.volunteers[1].capacity = 1.5)))).toEqual(['volunteers[1].capacity']);
  });

  it('rejects a repeated volunteer id or beneficiary id at the repetition', () => {
    expect(blamed(mutated((d) => (d.volunteers[1].id = 'v1')))).toEqual(['volunteers[1].id']);
    expect(blamed(mutated((d) => d.beneficiaries.push({ ...d.beneficiaries[0] })))).toEqual(['beneficiaries[1].id']);
  });

  it('lets a volunteer and a beneficiary share an id (they are different lists)', () => {
    expect(blamed(mutated((d) => (d.beneficiaries[0].id = 'v1')))).toEqual([]);
  });

  it('rejects language codes that are not two lowercase letters', () => {
    expect(blamed(mutated((d) => (d.beneficiaries[0].languages = ['ar', 'fra'])))).toEqual([
      'beneficiaries[0].languages[1]',
    ]);
    expect(blamed(mutated((d) => (d.volunteers[0].languages = ['FR'])))).toEqual(['volunteers[0].languages[0]']);
  });

  it('rejects dates that do not exist, and accepts a leap day', () => {
    expect(blamed(mutated((d) => (d.beneficiaries[0].waitingSince = '2026-02-30')))).toEqual([
      'beneficiaries[0].waitingSince',
    ]);
    // Both the format and the calendar check fail here; each names the same field.
    expect(new Set(blamed(mutated((d) => (d.referenceDate = '22/11/2026'))))).toEqual(new Set(['referenceDate']));
    expect(blamed(mutated((d) => (d.beneficiaries[0].waitingSince = '2024-02-29')))).toEqual([]);
  });

  it('rejects places off the globe', () => {
    expect(blamed(mutated((d) => (d.volunteers[0].location.lat = 90.5)))).toEqual(['volunteers[0].location.lat']);
    expect(blamed(mutated((d) => (d.volunteers[0].location.lon = -181)))).toEqual(['volunteers[0].location.lon']);
  });

  it('rejects programme rules out of range: topK 0, a negative radius or weight, a fractional overlap', () => {
    expect(blamed(mutated((d) => (d.programme.topK = 0)))).toEqual(['programme.topK']);
    expect(blamed(mutated((d) => (d.programme.maxDistanceKm = -1)))).toEqual(['programme.maxDistanceKm']);
    expect(blamed(mutated((d) => (d.programme.weights.skills = -0.5)))).toEqual(['programme.weights.skills']);
    expect(blamed(mutated((d) => (d.programme.minOverlapMinutes = 30.5)))).toEqual(['programme.minOverlapMinutes']);
  });

  it('rejects an age range upside down, naming its max', () => {
    expect(blamed(mutated((d) => (d.volunteers[0].ageRange = { min: 30, max: 20 })))).toEqual([
      'volunteers[0].ageRange.max',
    ]);
  });

  it('rejects an unknown gender', () => {
    expect(blamed(mutated((d) => (d.beneficiaries[0].volunteerGender = ['woman'])))).toEqual([
      'beneficiaries[0].volunteerGender[0]',
    ]);
  });

  it('reports every problem of a document, not just the first', () => {
    const doc = mutated((d) => {
      d.volunteers[0].capacity = -2;
      d.beneficiaries[0].languages = ['xyz'];
    });
    expect(blamed(doc).sort()).toEqual(['beneficiaries[0].languages[0]', 'volunteers[0].capacity']);
  });
});

describe('assign input schema', () => {
  const doc = () => ({
    volunteers: [{ id: 'v1', capacity: 2 }],
    beneficiaries: [{ id: 'b1' }, { id: 'b2' }],
    edges: [
      { volunteerId: 'v1', beneficiaryId: 'b1', score: 0.8 },
      { volunteerId: 'v1', beneficiaryId: 'b2', score: -0.1 },
    ],
  });

  it('accepts the contract’s example, negative scores included', () => {
    expect(blamed(doc(), AssignInput)).toEqual([]);
  });

  it('rejects an edge to someone not listed, naming the edge’s field', () => {
    const d = doc();
    d.edges[0]!.volunteerId = 'v2';
    d.edges[1]!.beneficiaryId = 'b9';
    expect(blamed(d, AssignInput)).toEqual(['edges[0].volunteerId', 'edges[1].beneficiaryId']);
  });

  it('rejects two edges for the same pair', () => {
    const d = doc();
    d.edges[1]!.beneficiaryId = 'b1';
    expect(blamed(d, AssignInput)).toEqual(['edges[1]']);
  });

  it('rejects repeated ids, a negative capacity and unknown fields', () => {
    expect(
      blamed(
        {
          ...doc(),
          volunteers: [
            { id: 'v1', capacity: 1 },
            { id: 'v1', capacity: 1 },
          ],
        },
        AssignInput,
      ),
    ).toEqual(['volunteers[1].id']);
    expect(blamed({ ...doc(), volunteers: [{ id: 'v1', capacity: -1 }] }, AssignInput)).toEqual([
      'volunteers[0].capacity',
    ]);
    expect(blamed({ ...doc(), beneficiaries: [{ id: 'b1', name: 'x' }, { id: 'b2' }] }, AssignInput)).toEqual([
      'beneficiaries[0].name',
    ]);
  });
});

describe('output schemas', () => {
  it('accept every candidate and unmatched record rank produces', () => {
    fc.assert(
      fc.property(
        rankInputArb().filter((x) => RankInput.safeParse(x).success),
        (input) => {
          const out = rank(input, { today: '2026-11-22' });
          for (const c of out.candidates) expect(Candidate.safeParse(c).error).toBeUndefined();
          for (const u of out.unmatched) expect(Unmatched.safeParse(u).error).toBeUndefined();
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('field paths', () => {
  it('are written as in JavaScript: dots for keys, brackets for indices', () => {
    expect(formatPath(['volunteers', 3, 'availability', 0, 'end'])).toBe('volunteers[3].availability[0].end');
    expect(formatPath(['edges', 2])).toBe('edges[2]');
    expect(formatPath([])).toBe('');
  });

  it('make up the error message, one "field: message" line per problem', () => {
    const e = new ValidationError([
      { field: 'a.b', message: 'required' },
      { field: '', message: 'bad' },
    ]);
    expect(e.message).toBe('a.b: required\nbad');
    expect(e.name).toBe('ValidationError');
  });
});

describe('calendar helpers', () => {
  it('count whole days between two dates, negative backwards, across a leap day and DST', () => {
    expect(daysBetween('2026-06-01', '2026-11-22')).toBe(174);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-11-22', '2026-06-01')).toBe(-174);
    expect(daysSince('2026-06-01', '2026-11-22')).toBe(174);
    expect(daysSince('2026-11-22', '2026-06-01')).toBe(0);
  });

  it('count days by arithmetic as Date does, over the whole of YYYY-MM-DD', () => {
    const day = fc
      .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const byDate = (from: string, to: string) =>
      Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
    fc.assert(
      fc.property(day, day, (from, to) => {
        expect(daysBetween(from, to)).toBe(byDate(from, to));
      }),
      { numRuns: 2000 },
    );
    expect(daysBetween('0000-02-28', '0000-03-01')).toBe(2);
    expect(daysBetween('1900-02-28', '1900-03-01')).toBe(1);
    expect(daysBetween('1970-01-01', '9999-12-31')).toBe(2_932_896);
  });

  it('read HH:MM as minutes since midnight', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('18:30')).toBe(1110);
    expect(minutesOf('23:59')).toBe(1439);
  });
});
