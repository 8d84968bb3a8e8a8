import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssignInput, assignColumns } from '../../../scoring/index.js';

/*
 * The columnar reading of an `assign` input (one pass into typed arrays) must accept exactly
 * what the AssignInput schema accepts: the CLI trusts it on success and asks the schema to name
 * the fault otherwise.
 */

type Doc = { volunteers: any[]; beneficiaries: any[]; edges: any[] } & Record<string, any>;

const validDoc: fc.Arbitrary<Doc> = fc
  .record({ nV: fc.integer({ min: 1, max: 6 }), nB: fc.integer({ min: 1, max: 6 }) })
  .chain(({ nV, nB }) =>
    fc.record({
      volunteers: fc.tuple(
        ...Array.from({ length: nV }, (_, i) => fc.nat(4).map((capacity) => ({ id: `v${i}`, capacity }))),
      ),
      beneficiaries: fc.constant(Array.from({ length: nB }, (_, i) => ({ id: `b${i}` }))),
      edges: fc
        .uniqueArray(fc.tuple(fc.nat(nV - 1), fc.nat(nB - 1)), { selector: ([v, b]) => `${v}/${b}`, maxLength: 12 })
        .chain((pairs) =>
          fc.tuple(
            ...pairs.map(([v, b]) =>
              fc.double({ min: -2, max: 2, noNaN: true }).map((score) => ({
                volunteerId: `v${v}`,
                beneficiaryId: `b${b}`,
                score,
              })),
            ),
          ),
        ),
    }),
  );

/** Ways to spoil a document, each aimed at one place of it. */
const spoilers: ((d: Doc, at: number) => void)[] = [
  (d, at) => d.edges.length && (d.edges[at % d.edges.length].score = 'high'),
  (d, at) => d.edges.length && (d.edges[at % d.edges.length].score = null),
  (d, at) => d.edges.length && delete d.edges[at % d.edges.length].score,
  (d, at) => d.edges.length && (d.edges[at % d.edges.length].weight = 1),
  (d, at) => d.edges.length && (d.edges[at % d.edges.length].volunteerId = 'nobody'),
  (d, at) => d.edges.length && (d.edges[at % d.edges.length].beneficiaryId = ''),
  (d, at) => d.edges.length && d.edges.push({ ...d.edges[at % d.edges.length] }),
  (d, at) => d.edges.length && (d.edges[at % d.edges.length] = [1, 2, 3]),
  (d, at) => (d.volunteers[at % d.volunteers.length].capacity = -1),
  (d, at) => (d.volunteers[at % d.volunteers.length].capacity = 1.5),
  (d, at) => (d.volunteers[at % d.volunteers.length].capacity = 2 ** 53),
  (d, at) => (d.volunteers[at % d.volunteers.length].capacity = '2'),
  (d, at) => (d.volunteers[at % d.volunteers.length].id = 'x'.repeat(201)),
  (d, at) => d.volunteers.push({ ...d.volunteers[at % d.volunteers.length] }),
  (d, at) => (d.beneficiaries[at % d.beneficiaries.length] = { id: 'b0' }),
  (d, at) => (d.beneficiaries[at % d.beneficiaries.length].mediator = 'm'),
  (d, at) => (d.beneficiaries[at % d.beneficiaries.length] = null),
  (d) => (d.extra = true),
  (d) => delete (d as Partial<Doc>).edges,
  (d) => ((d as any).volunteers = {}),
];

describe('assignColumns', () => {
  it('accepts every valid input, with its people and edges in columns', () => {
    fc.assert(
      fc.property(validDoc, (doc) => {
        expect(AssignInput.safeParse(doc).success).toBe(true);
        const c = assignColumns(doc)!;
        expect(c).not.toBeNull();
        expect(c.volunteerIds).toEqual(doc.volunteers.map((v) => v.id));
        expect([...c.capacity]).toEqual(doc.volunteers.map((v) => v.capacity));
        expect(c.beneficiaryIds).toEqual(doc.beneficiaries.map((b) => b.id));
        doc.edges.forEach((e, k) => {
          expect(c.volunteerIds[c.edgeV[k]!]).toBe(e.volunteerId);
          expect(c.beneficiaryIds[c.edgeB[k]!]).toBe(e.beneficiaryId);
          expect(c.score[k]).toBe(e.score);
        });
      }),
    );
  });

  it('rejects exactly what the schema rejects, however the document is spoilt', () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        validDoc,
        fc.array(fc.tuple(fc.nat(spoilers.length - 1), fc.nat()), { minLength: 1, maxLength: 3 }),
        (doc, spoils) => {
          for (const [which, at] of spoils) {
            try {
              spoilers[which]!(doc, at);
            } catch {
              // An earlier spoil left nothing for this one to aim at.
            }
          }
          const bySchema = AssignInput.safeParse(doc).success;
          expect(assignColumns(doc) !== null).toBe(bySchema);
          if (!bySchema) rejected++;
        },
      ),
      { numRuns: 1000 },
    );
    expect(rejected).toBeGreaterThan(500);
  });
});
