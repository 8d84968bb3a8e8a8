import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Items, Later, writeDocument } from '../../../../src/cli/output.js';

/** A stream keeping every chunk it is given, as a slow consumer would, answering later. */
function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('writeDocument', () => {
  it('writes what JSON.stringify writes for the whole, items of any text across chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ id: fc.string({ unit: 'grapheme' }), km: fc.double(), note: fc.string({ unit: 'binary' }) }),
          {
            maxLength: 40,
          },
        ),
        fc.integer({ min: 0, max: 60_000 }),
        async (items, repeat) => {
          // Texts of 2- and 3-byte characters fill chunks unevenly, so some pieces fall across a chunk's end.
          const long = items.map((x, i) => ({ ...x, text: 'à€'.repeat(repeat * (i % 3)) }));
          const { stream, text } = collector();
          await writeDocument(stream, [
            ['candidates', new Items(long)],
            ['totalScore', 1.5],
            ['stats', new Later(() => ({ n: long.length }))],
          ]);
          expect(text()).toBe(JSON.stringify({ candidates: long, totalScore: 1.5, stats: { n: long.length } }) + '\n');
        },
      ),
      { numRuns: 30 },
    );
  });

  it('writes any number of items, around the batch size (64) too, as JSON.stringify does', async () => {
    for (const n of [0, 1, 63, 64, 65, 128, 129, 1000]) {
      const items = Array.from({ length: n }, (_, i) => ({ id: `b${i}`, score: i / 7, text: `à ${i} km · “x”` }));
      const { stream, text } = collector();
      await writeDocument(stream, [
        ['candidates', new Items(items.values())],
        ['total', n],
      ]);
      expect(text()).toBe(JSON.stringify({ candidates: items, total: n }) + '\n');
    }
  });

  it('writes a single piece larger than a chunk whole', async () => {
    const big = { text: 'é'.repeat(1_500_000) };
    const { stream, text } = collector();
    await writeDocument(stream, [
      ['pairs', big],
      ['candidates', new Items([big, 1])],
    ]);
    expect(text()).toBe(JSON.stringify({ pairs: big, candidates: [big, 1] }) + '\n');
  });

  it('writes the value a Later resolves to, awaited when the writer reaches it', async () => {
    const { stream, text } = collector();
    let settle: (pairs: unknown[]) => void = () => undefined;
    const pairs = new Promise<unknown[]>((resolve) => (settle = resolve));
    const written = writeDocument(stream, [
      ['candidates', new Items([{ id: 'b1' }])],
      ['pairs', new Later(() => pairs)],
      ['stats', new Later(() => ({ n: 1 }))],
    ]);
    setTimeout(() => settle([{ volunteerId: 'v1', beneficiaryId: 'b1', score: 0.5 }]), 10);
    await written;
    expect(text()).toBe(
      JSON.stringify({
        candidates: [{ id: 'b1' }],
        pairs: [{ volunteerId: 'v1', beneficiaryId: 'b1', score: 0.5 }],
        stats: { n: 1 },
      }) + '\n',
    );
  });
});
