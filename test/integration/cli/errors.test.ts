import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, inputFile, tandem, type Run } from './run.js';
import { RANK_INPUT } from './fixtures.js';

beforeAll(assertBuilt);

/** Exit status 2, the field named on stderr, nothing at all on stdout. */
function expectRejected(r: Run, field: string): void {
  expect(r.stdout).toBe('');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(field);
}

function rankWith(mutate: (doc: any) => void, command = 'rank'): Run {
  const doc: any = structuredClone(RANK_INPUT);
  mutate(doc);
  return tandem([command, '--input', inputFile(doc)]);
}

describe('tandem on bad input', () => {
  it('rejects malformed JSON', () => {
    expectRejected(tandem(['rank', '--input', inputFile('{"programme": {')]), 'not valid JSON');
    expectRejected(tandem(['plan', '--input', '-'], '{"volunteers": [}'), 'input');
  });

  it('rejects an empty standard input', () => {
    expectRejected(tandem(['assign', '--input', '-'], ''), 'not valid JSON');
  });

  it('rejects a missing field, naming it', () => {
    expectRejected(
      rankWith((d) => delete d.beneficiaries[0].location),
      'beneficiaries[0].location',
    );
    expectRejected(
      rankWith((d) => delete d.programme.topK),
      'programme.topK',
    );
  });

  it('rejects an unknown field rather than ignoring it', () => {
    expectRejected(
      rankWith((d) => (d.volunteers[0].favouriteColour = 'blue')),
      'volunteers[0].favouriteColour',
    );
  });

  it('rejects a slot that ends before it starts', () => {
    const r = rankWith((d) => (d.volunteers[1].availability[0] = { day: 'tue', start: '12:00', end: '11:00' }));
    expectRejected(r, 'volunteers[1].availability[0].end');
    expect(r.stderr).toContain('must be after start');
  });

  it('rejects a negative capacity, in rank and in assign', () => {
    expectRejected(
      rankWith((d) => (d.volunteers[2].capacity = -1)),
      'volunteers[2].capacity',
    );
    const doc = { volunteers: [{ id: 'v1', capacity: -1 }], beneficiaries: [], edges: [] };
    expectRejected(tandem(['assign', '--input', inputFile(doc)]), 'volunteers[0].capacity');
  });

  it('rejects a duplicate volunteer id', () => {
    expectRejected(
      rankWith((d) => (d.volunteers[1].id = 'v1')),
      'volunteers[1].id',
    );
  });

  it('rejects a duplicate beneficiary id', () => {
    expectRejected(
      rankWith((d) => (d.beneficiaries[2].id = 'b1'), 'plan'),
      'beneficiaries[2].id',
    );
  });

  it('rejects an assign edge to a volunteer not listed', () => {
    const doc = {
      volunteers: [{ id: 'v1', capacity: 1 }],
      beneficiaries: [{ id: 'b1' }],
      edges: [{ volunteerId: 'v9', beneficiaryId: 'b1', score: 1 }],
    };
    expectRejected(tandem(['assign', '--input', inputFile(doc)]), 'edges[0].volunteerId');
  });

  describe('in a large assign input (the columnar reading finds the fault, the schema names it)', () => {
    /** 200,000 edges among 20,000 volunteers and 50,000 beneficiaries, all valid. */
    const large = () => ({
      volunteers: Array.from({ length: 20_000 }, (_, i) => ({ id: `v${i}`, capacity: 1 + (i % 3) })),
      beneficiaries: Array.from({ length: 50_000 }, (_, i) => ({ id: `b${i}` })),
      edges: Array.from({ length: 200_000 }, (_, k) => ({
        volunteerId: `v${k % 20_000}`,
        beneficiaryId: `b${Math.floor(k / 4)}`,
        score: ((k * 7919) % 1000) / 1000,
      })),
    });
    const assignWith = (mutate: (doc: any) => void): Run => {
      const doc: any = large();
      mutate(doc);
      return tandem(['assign', '--input', inputFile(doc)]);
    };

    it('pairs it when nothing is wrong', () => {
      const r = tandem(['assign', '--input', inputFile(large())]);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).stats.edges).toBe(200_000);
    });

    it('names a score that is not a number', () => {
      expectRejected(
        assignWith((d) => (d.edges[123_456].score = 'high')),
        'edges[123456].score',
      );
    });

    it('names an edge to a beneficiary not listed, and an edge given twice', () => {
      expectRejected(
        assignWith((d) => (d.edges[150_001].beneficiaryId = 'b-unknown')),
        'edges[150001].beneficiaryId',
      );
      expectRejected(
        assignWith((d) => (d.edges[199_999] = { ...d.edges[7] })),
        'edges[199999]',
      );
    });

    it('names a fractional capacity and an unknown field', () => {
      expectRejected(
        assignWith((d) => (d.volunteers[19_999].capacity = 1.5)),
        'volunteers[19999].capacity',
      );
      expectRejected(
        assignWith((d) => (d.edges[42].weight = 2)),
        'edges[42].weight',
      );
    });
  });

  it('rejects a rank document given to assign (its fields are unknown there)', () => {
    expectRejected(tandem(['assign', '--input', inputFile(RANK_INPUT)]), 'programme');
  });
});

describe('tandem on bad arguments', () => {
  it('rejects an unknown command', () => {
    expectRejected(tandem(['match', '--input', inputFile(RANK_INPUT)]), 'command');
    expectRejected(tandem(['match', '--input', inputFile(RANK_INPUT)]), 'match');
  });

  it('rejects a missing --input', () => {
    expectRejected(tandem(['rank']), '--input');
    expectRejected(tandem(['plan', '--input']), '--input');
  });

  it('rejects an --input file that cannot be read', () => {
    expectRejected(tandem(['rank', '--input', '/nonexistent/tandem/input.json']), '--input');
  });

  it('rejects an unknown option, an extra argument and an unsupported --lang', () => {
    expectRejected(tandem(['rank', '--input', inputFile(RANK_INPUT), '--fast']), '--fast');
    expectRejected(tandem(['rank', 'extra', '--input', inputFile(RANK_INPUT)]), 'extra');
    expectRejected(tandem(['rank', '--input', inputFile(RANK_INPUT), '--lang', 'de']), '--lang');
  });
});
