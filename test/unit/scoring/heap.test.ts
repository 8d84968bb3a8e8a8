import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../../scoring/heap.js';

describe('min-heap', () => {
  it('pops entries by key, equal keys smaller node first, across growth beyond its first 64 slots', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.nat(1000)), { maxLength: 300 }), (entries) => {
        const heap = new MinHeap();
        for (const [k, n] of entries) heap.push(k, n);
        expect(heap.size).toBe(entries.length);
        const popped: [number, number][] = [];
        while (heap.size > 0) {
          const key = heap.peekKey();
          popped.push([key, heap.pop()]);
        }
        expect(popped).toEqual([...entries].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
      }),
    );
  });

  it('is empty again after clear and can be reused', () => {
    const heap = new MinHeap();
    heap.push(3, 1);
    heap.push(1, 2);
    heap.clear();
    expect(heap.size).toBe(0);
    heap.push(5, 9);
    expect(heap.pop()).toBe(9);
  });

  it('keeps working when pushes and pops interleave', () => {
    const heap = new MinHeap();
    heap.push(5, 1);
    heap.push(2, 2);
    expect(heap.pop()).toBe(2);
    heap.push(1, 3);
    heap.push(7, 4);
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual([3, 1, 4]);
  });
});
