import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rank, RankInput, type Beneficiary, type Candidate, type Volunteer } from '../../../scoring/index.js';
import { normaliseWeights } from '../../../scoring/criteria.js';
import {
  CENTRES,
  LANGS,
  locationNear,
  placeNear,
  rankInputArb,
  SKILLS,
  slotArb,
  slotsArb,
} from './support/arbitraries.js';
import { cmpId, feasiblePairs, haversine, overlapByMinutes, shuffled, type Loc } from './support/oracle.js';

const TODAY = '2026-11-22';
const run = (input: RankInput) => rank(input, { today: TODAY });

const LIEGE = { lat: 50.6326, lon: 5.5797 };
const north = (from: Loc, km: number) => ({ lat: from.lat + km / ((6371.0088 * Math.PI) / 180), lon: from.lon });

const volunteer = (id: string, o: Partial<Volunteer> = {}): Volunteer => ({
  id,
  location: LIEGE,
  languages: ['fr'],
  skills: ['job_search'],
  availability: [{ day: 'mon', start: '18:00', end: '20:00' }],
  capacity: 1,
  ...o,
});
const beneficiary = (id: string, o: Partial<Beneficiary> = {}): Beneficiary => ({
  id,
  location: north(LIEGE, 1),
  languages: ['fr'],
  needs: ['job_search'],
  availability: [{ day: 'mon', start: '18:00', end: '20:00' }],
  ...o,
});
const instance = (
  volunteers: Volunteer[],
  beneficiaries: Beneficiary[],
  programme: Partial<RankInput['programme']> = {},
): RankInput => ({
  programme: { maxDistanceKm: 10, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 5, ...programme },
  referenceDate: TODAY,
  volunteers,
  beneficiaries,
});

function byBeneficiary(candidates: readonly Candidate[]): Map<string, Candidate[]> {
  const m = new Map<string, Candidate[]>();
  for (const c of candidates) (m.get(c.beneficiaryId) ?? m.set(c.beneficiaryId, []).get(c.beneficiaryId)!).push(c);
  return m;
}

describe('rank, on examples', () => {
  it('reports the facts behind a candidate: distance, overlap, common languages, matched needs', () => {
    const input = instance(
      [
        volunteer('v1', {
          languages: ['fr', 'ar'],
          skills: ['job_search', 'admin_paperwork'],
          availability: [{ day: 'sat', start: '10:00', end: '12:00' }],
        }),
      ],
      [
        beneficiary('b1', {
          languages: ['ar', 'en', 'fr'],
          needs: ['cv_writing', 'job_search'],
          availability: [{ day: 'sat', start: '11:00', end: '12:30' }],
        }),
      ],
    );
    const [c, ...rest] = run(input).candidates;
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      beneficiaryId: 'b1',
      volunteerId: 'v1',
      rank: 1,
      overlapMinutes: 60,
      commonLanguages: ['ar', 'fr'],
      matchedNeeds: ['job_search'],
      commonSlots: [{ day: 'sat', start: '11:00', end: '12:00' }],
    });
    expect(c!.distanceKm).toBeCloseTo(1, 3);
    expect(c!.breakdown).toEqual({ proximity: 0.9, skills: round4(1 / 3), availability: 0.5, language: 1, waiting: 0 });
  });

  it('scores the weighted mean of the breakdown, with the programme’s weights', () => {
    const input = instance([volunteer('v1')], [beneficiary('b1', { waitingSince: '2026-05-21' })], {
      weights: { proximity: 3, waiting: 0 },
    });
    const [c] = run(input).candidates;
    // proximity 0.9, skills 1, availability 120/120, language 1; waiting weighs nothing.
    expect(c!.score).toBeCloseTo((3 * 0.9 + 1 + 1 + 1) / 6, 6);
  });

  it('counts waiting time up to the input’s referenceDate, or to today when it gives none', () => {
    const b = beneficiary('b1', { waitingSince: '2026-05-26' });
    const withDate = run(instance([volunteer('v1')], [b]));
    expect(withDate.candidates[0]!.waitingDays).toBe(180);
    const { referenceDate: _, ...noDate } = instance([volunteer('v1')], [b]);
    expect(rank(noDate, { today: '2026-06-25' }).candidates[0]!.waitingDays).toBe(30);
  });

  it('keeps topK candidates, best first, equal scores by volunteerId ascending', () => {
    const vs = ['v3', 'v10', 'v2', 'v1'].map((id) => volunteer(id));
    const result = run(
      instance([...vs, volunteer('v0', { location: north(LIEGE, 5) })], [beneficiary('b1')], { topK: 3 }),
    );
    expect(result.candidates.map((c) => [c.volunteerId, c.rank])).toEqual([
      ['v1', 1],
      ['v10', 2],
      ['v2', 3],
    ]);
    expect(result.feasiblePairs).toBe(5);
  });

  it('never proposes a volunteer without capacity, even the best placed one', () => {
    const result = run(
      instance([volunteer('v1', { capacity: 0 }), volunteer('v2', { location: north(LIEGE, 3) })], [beneficiary('b1')]),
    );
    expect(result.candidates.map((c) => c.volunteerId)).toEqual(['v2']);
  });

  it('proposes a volunteer at the very same place when no distance is allowed', () => {
    const result = run(instance([volunteer('v1')], [beneficiary('b1', { location: LIEGE, maxDistanceKm: 0 })]));
    expect(result.candidates.map((c) => c.volunteerId)).toEqual(['v1']);
  });

  it('reports the distance of a pair a few metres apart within 0.3 %', () => {
    const b = beneficiary('b1', { location: north(LIEGE, 0.0111) });
    const [c] = run(instance([volunteer('v1')], [b])).candidates;
    const want = haversine(LIEGE, b.location);
    expect(Math.abs(c!.distanceKm - want)).toBeLessThanOrEqual(0.003 * want);
  });

  it('explains a beneficiary left without candidates by the rules that excluded the volunteers nearby', () => {
    const result = run(
      instance(
        [
          volunteer('v1', { languages: ['nl'] }),
          volunteer('v2', { languages: ['nl'] }),
          volunteer('v3', { availability: [] }),
          volunteer('v4', { location: north(LIEGE, 30) }),
        ],
        [beneficiary('b1')],
      ),
    );
    expect(result.candidates).toEqual([]);
    expect(result.unmatched).toEqual([
      { beneficiaryId: 'b1', radiusKm: 10, nearby: 3, excludedBy: { language: 2, availability: 1 } },
    ]);
  });

  it('tells how far the nearest volunteer is when none is within the radius', () => {
    const result = run(
      instance(
        [volunteer('v1', { location: north(LIEGE, 25) }), volunteer('v2', { location: north(LIEGE, 60) })],
        [beneficiary('b1', { maxDistanceKm: 4 })],
      ),
    );
    expect(result.unmatched).toHaveLength(1);
    expect(result.unmatched[0]).toMatchObject({ beneficiaryId: 'b1', radiusKm: 4, nearby: 0 });
    expect(result.unmatched[0]!.nearestKm).toBeCloseTo(24, 2);
  });

  it('has no nearest volunteer to tell of when there are no volunteers at all', () => {
    const result = run(instance([], [beneficiary('b1')]));
    expect(result.unmatched).toEqual([{ beneficiaryId: 'b1', radiusKm: 10, nearby: 0, excludedBy: {} }]);
  });

  it('uses max(2 x minOverlapMinutes, 120) as the availability target unless the programme sets one', () => {
    const v = volunteer('v1', { availability: [{ day: 'mon', start: '08:00', end: '20:00' }] });
    const b = beneficiary('b1', { availability: [{ day: 'mon', start: '08:00', end: '11:00' }] });
    expect(run(instance([v], [b], { minOverlapMinutes: 30 })).candidates[0]!.breakdown.availability).toBe(1);
    expect(run(instance([v], [b], { minOverlapMinutes: 120 })).candidates[0]!.breakdown.availability).toBe(0.75);
    expect(
      run(instance([v], [b], { minOverlapMinutes: 30, targetOverlapMinutes: 360 })).candidates[0]!.breakdown
        .availability,
    ).toBe(0.5);
  });

  it('reports progress up to all beneficiaries done', () => {
    const calls: [number, number][] = [];
    rank(instance([volunteer('v1')], [beneficiary('b1'), beneficiary('b2')]), {
      today: TODAY,
      onProgress: (d, t) => calls.push([d, t]),
    });
    expect(calls.at(-1)).toEqual([2, 2]);
  });

  it('leaves its input untouched', () => {
    const input = instance(
      [volunteer('v1'), volunteer('v2', { capacity: 0 })],
      [beneficiary('b1', { needs: ['job_search', 'job_search'] })],
    );
    const copy = structuredClone(input);
    run(input);
    expect(input).toEqual(copy);
  });
});

function round4(x: number) {
  return Math.round(x * 1e4) / 1e4;
}

describe('rank, against a naive oracle (property tests)', () => {
  const valid = rankInputArb().filter((x) => RankInput.safeParse(x).success);

  it('generates only valid inputs (else the properties below would test nothing)', () => {
    fc.assert(fc.property(rankInputArb(), (x) => RankInput.safeParse(x).success));
  });

  it('lists only feasible pairs, exactly min(topK, feasible) per beneficiary, with exact facts', () => {
    fc.assert(
      fc.property(valid, (input) => {
        const result = run(input);
        const feasible = feasiblePairs(input);
        const got = byBeneficiary(result.candidates);
        let strictTotal = 0;
        let borderTotal = 0;
        for (const b of input.beneficiaries) {
          const f = feasible.get(b.id)!;
          const strict = [...f.values()].filter((x) => !x.border).length;
          strictTotal += strict;
          borderTotal += f.size - strict;
          const cs = got.get(b.id) ?? [];
          expect(cs.length).toBeGreaterThanOrEqual(Math.min(input.programme.topK, strict));
          expect(cs.length).toBeLessThanOrEqual(Math.min(input.programme.topK, f.size));
          for (const c of cs) {
            const fact = f.get(c.volunteerId);
            expect(fact, `${b.id}/${c.volunteerId} is not feasible`).toBeDefined();
            expect(c.overlapMinutes).toBe(fact!.overlapMinutes);
            const v = input.volunteers.find((x) => x.id === c.volunteerId)!;
            expect(c.commonLanguages).toEqual(b.languages.filter((l) => v.languages.includes(l)));
            expect(c.matchedNeeds).toEqual(b.needs.filter((n) => v.skills.includes(n)));
          }
          expect(result.unmatched.some((u) => u.beneficiaryId === b.id)).toBe(cs.length === 0);
        }
        expect(result.feasiblePairs).toBeGreaterThanOrEqual(strictTotal);
        expect(result.feasiblePairs).toBeLessThanOrEqual(strictTotal + borderTotal);
      }),
      { numRuns: 300 },
    );
  });

  it('reports every distance within 0.3 % of the haversine distance', () => {
    fc.assert(
      fc.property(valid, (input) => {
        const loc = new Map(
          [...input.volunteers, ...input.beneficiaries].map((p) => [`${p.id[0]}:${p.id}`, p.location]),
        );
        for (const c of run(input).candidates) {
          const want = haversine(loc.get(`v:${c.volunteerId}`)!, loc.get(`b:${c.beneficiaryId}`)!);
          expect(Math.abs(c.distanceKm - want), `${c.distanceKm} km for ${want} km`).toBeLessThanOrEqual(0.003 * want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sorts candidates by score descending, then volunteerId ascending, ranked 1..n', () => {
    fc.assert(
      fc.property(valid, (input) => {
        for (const cs of byBeneficiary(run(input).candidates).values()) {
          cs.forEach((c, i) => {
            expect(c.rank).toBe(i + 1);
            const prev = cs[i - 1];
            if (prev)
              expect(
                prev.score > c.score || (prev.score === c.score && cmpId(prev.volunteerId, c.volunteerId) < 0),
              ).toBe(true);
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the topK best-scoring feasible volunteers, ties broken by volunteerId ascending', () => {
    fc.assert(
      fc.property(valid, (input) => {
        // With topK at its maximum every feasible pair is listed: the full ranking to cut from.
        const all = byBeneficiary(run({ ...input, programme: { ...input.programme, topK: 1000 } }).candidates);
        const top = byBeneficiary(run(input).candidates);
        for (const b of input.beneficiaries) {
          const full = [...(all.get(b.id) ?? [])].sort(
            (x, y) => y.score - x.score || cmpId(x.volunteerId, y.volunteerId),
          );
          const want = full.slice(0, input.programme.topK).map((c) => [c.volunteerId, c.score]);
          expect((top.get(b.id) ?? []).map((c) => [c.volunteerId, c.score])).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every score and breakdown component in [0, 1], the score being the weighted breakdown', () => {
    fc.assert(
      fc.property(valid, (input) => {
        const w = normaliseWeights(input.programme.weights);
        for (const c of run(input).candidates) {
          expect(c.score).toBeGreaterThanOrEqual(0);
          expect(c.score).toBeLessThanOrEqual(1);
          let mean = 0;
          for (const [k, x] of Object.entries(c.breakdown)) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
            mean += x * w[k as keyof typeof w];
          }
          // The breakdown is shown to 4 decimals.
          expect(Math.abs(c.score - mean)).toBeLessThanOrEqual(1e-4);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same output for the same input', () => {
    fc.assert(
      fc.property(valid, (input) => {
        expect(JSON.stringify(run(structuredClone(input)))).toBe(JSON.stringify(run(input)));
      }),
      { numRuns: 100 },
    );
  });

  it('gives each beneficiary the same candidates, or the same account of why none, whatever the order of the input lists', () => {
    fc.assert(
      fc.property(valid, fc.integer(), (input, seed) => {
        const shuffledInput = {
          ...input,
          volunteers: shuffled(input.volunteers, seed),
          beneficiaries: shuffled(input.beneficiaries, seed + 1),
        };
        const one = run(input);
        const other = run(shuffledInput);
        const a = byBeneficiary(one.candidates);
        const b = byBeneficiary(other.candidates);
        for (const ben of input.beneficiaries) expect(b.get(ben.id)).toEqual(a.get(ben.id));
        // Compared as JSON: the key order of excludedBy shows in the output too.
        const unmatched = (r: typeof one) => new Map(r.unmatched.map((u) => [u.beneficiaryId, JSON.stringify(u)]));
        expect(unmatched(other)).toEqual(unmatched(one));
      }),
      { numRuns: 300 },
    );
  });
});

describe('rank, monotonicity of the score (property tests)', () => {
  /** One volunteer and one beneficiary that are always feasible under lax rules. */
  const pairArb = fc
    .record({
      centre: fc.constantFrom(...CENTRES.slice(0, 3)),
      radius: fc.integer({ min: 2, max: 30 }),
      weights: fc.record({
        proximity: fc.integer({ min: 0, max: 3 }),
        skills: fc.integer({ min: 0, max: 3 }),
        availability: fc.integer({ min: 0, max: 3 }),
        language: fc.integer({ min: 0, max: 3 }),
        waiting: fc.integer({ min: 0, max: 3 }),
      }),
      vLangs: fc.subarray([...LANGS]),
      bLangs: fc.shuffledSubarray([...LANGS]),
      skills: fc.subarray([...SKILLS]),
      needs: fc.shuffledSubarray([...SKILLS]),
      vSlots: slotsArb(3),
      bSlots: slotsArb(3),
      waitingDays: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }),
      maxWaitDays: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
    })
    .chain((p) => {
      // The beneficiary within radius/2 east and north of the volunteer: at most ~0.71 radius apart.
      const half = (p.radius * 1000) / 2;
      const rel = fc.tuple(fc.integer({ min: -half, max: half }), fc.integer({ min: -half, max: half }));
      return fc
        .record({
          p: fc.constant(p),
          vOff: fc.tuple(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: -5000, max: 5000 })),
          d1: rel,
          d2: rel,
        })
        .map(({ p, vOff, d1, d2 }) => ({
          p,
          vOff,
          bOff: [vOff[0] + d1[0], vOff[1] + d1[1]] as [number, number],
          bOff2: [vOff[0] + d2[0], vOff[1] + d2[1]] as [number, number],
        }));
    });

  interface PairCase {
    p: {
      centre: Loc;
      radius: number;
      weights: Record<string, number>;
      vLangs: string[];
      bLangs: string[];
      skills: string[];
      needs: string[];
      vSlots: Volunteer['availability'];
      bSlots: Beneficiary['availability'];
      waitingDays: number | undefined;
      maxWaitDays: number | undefined;
    };
    vOff: [number, number];
    bOff: [number, number];
  }

  function build(x: PairCase, change: { v?: Partial<Volunteer>; b?: Partial<Beneficiary> } = {}): RankInput {
    const { p } = x;
    const v: Volunteer = {
      id: 'v1',
      location: placeNear(p.centre, ...x.vOff),
      languages: p.vLangs,
      skills: p.skills,
      availability: p.vSlots,
      capacity: 1,
      ...change.v,
    };
    const b: Beneficiary = {
      id: 'b1',
      location: placeNear(p.centre, ...x.bOff),
      languages: p.bLangs,
      needs: p.needs,
      availability: p.bSlots,
      ...(p.waitingDays === undefined ? {} : { waitingSince: daysBefore(TODAY, p.waitingDays) }),
      ...change.b,
    };
    return {
      programme: {
        maxDistanceKm: p.radius,
        minOverlapMinutes: 0,
        requireCommonLanguage: false,
        topK: 1,
        weights: p.weights,
        ...(p.maxWaitDays !== undefined && { maxWaitDays: p.maxWaitDays }),
      },
      referenceDate: TODAY,
      volunteers: [v],
      beneficiaries: [b],
    };
  }

  function only(input: RankInput): Candidate {
    const cs = run(input).candidates;
    expect(cs).toHaveLength(1);
    return cs[0]!;
  }

  it('never decreases when the pair gets closer', () => {
    fc.assert(
      fc.property(pairArb, (x) => {
        const v = placeNear(x.p.centre, ...x.vOff);
        let [near, far] = [x.bOff, x.bOff2];
        if (haversine(v, placeNear(x.p.centre, ...near)) > haversine(v, placeNear(x.p.centre, ...far)))
          [near, far] = [far, near];
        fc.pre(haversine(v, placeNear(x.p.centre, ...far)) - haversine(v, placeNear(x.p.centre, ...near)) > 1e-6);
        expect(only(build({ ...x, bOff: near })).score).toBeGreaterThanOrEqual(only(build({ ...x, bOff: far })).score);
      }),
      { numRuns: 200 },
    );
  });

  it('never decreases when the pair gains overlap minutes', () => {
    fc.assert(
      fc.property(pairArb, slotArb, (x, extra) => {
        const before = only(build(x));
        const after = only(build(x, { b: { availability: [...x.p.bSlots, extra] } }));
        expect(after.overlapMinutes).toBe(overlapByMinutes(x.p.vSlots, [...x.p.bSlots, extra]));
        expect(after.score).toBeGreaterThanOrEqual(before.score);
      }),
      { numRuns: 200 },
    );
  });

  it('never decreases when the volunteer covers more needs', () => {
    fc.assert(
      fc.property(pairArb, fc.constantFrom(...SKILLS), (x, skill) => {
        const before = only(build(x));
        const after = only(build(x, { v: { skills: [...new Set([...x.p.skills, skill])] } }));
        expect(after.score).toBeGreaterThanOrEqual(before.score);
      }),
      { numRuns: 200 },
    );
  });

  it('never decreases when the pair gains a common language', () => {
    fc.assert(
      fc.property(pairArb, fc.constantFrom(...LANGS), (x, lang) => {
        const before = only(build(x));
        const after = only(build(x, { v: { languages: [...new Set([...x.p.vLangs, lang])] } }));
        expect(after.score).toBeGreaterThanOrEqual(before.score);
      }),
      { numRuns: 200 },
    );
  });

  it('never decreases when the beneficiary has waited longer', () => {
    fc.assert(
      fc.property(pairArb, fc.integer({ min: 1, max: 800 }), (x, more) => {
        const before = only(build(x));
        const after = only(build(x, { b: { waitingSince: daysBefore(TODAY, (x.p.waitingDays ?? 0) + more) } }));
        expect(after.score).toBeGreaterThanOrEqual(before.score);
      }),
      { numRuns: 200 },
    );
  });

  it('rises strictly when a weighted criterion improves from nothing to something (the properties can fail)', () => {
    const far = instance([volunteer('v1')], [beneficiary('b1', { location: north(LIEGE, 8) })]);
    const near = instance([volunteer('v1')], [beneficiary('b1', { location: north(LIEGE, 1) })]);
    expect(only(near).score).toBeGreaterThan(only(far).score);
  });
});

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

describe('rank near the antimeridian and the poles', () => {
  it('pairs people on both sides of the antimeridian', () => {
    const input = instance(
      [volunteer('v1', { location: { lat: -16.5, lon: 179.99 } })],
      [beneficiary('b1', { location: { lat: -16.5, lon: -179.99 } })],
    );
    const [c] = run(input).candidates;
    expect(c!.distanceKm).toBeCloseTo(haversine({ lat: -16.5, lon: 179.99 }, { lat: -16.5, lon: -179.99 }), 3);
  });

  it('pairs people on opposite sides of a pole', () => {
    const input = instance(
      [volunteer('v1', { location: { lat: 89.97, lon: 0 } })],
      [beneficiary('b1', { location: { lat: 89.97, lon: 180 } })],
    );
    expect(run(input).candidates).toHaveLength(1);
  });

  it('finds every feasible pair when people are spread around a pole', () => {
    fc.assert(
      fc.property(
        rankInputArb({ spreadKm: 25 }).filter((x) => RankInput.safeParse(x).success),
        (input) => {
          const feasible = feasiblePairs(input);
          const got = byBeneficiary(run({ ...input, programme: { ...input.programme, topK: 1000 } }).candidates);
          for (const b of input.beneficiaries) {
            const strict = [...feasible.get(b.id)!].filter(([, f]) => !f.border).map(([id]) => id);
            const listed = new Set((got.get(b.id) ?? []).map((c) => c.volunteerId));
            for (const id of strict) expect(listed.has(id), `${b.id}/${id} missed`).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

void locationNear;
