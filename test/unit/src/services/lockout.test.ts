import { describe, expect, it } from 'vitest';
import { FREE_FAILURES, lockoutMs } from '../../../../src/services/sign-in.js';

describe('lockoutMs', () => {
  it('lets the first failures through, then doubles the wait up to 15 minutes', () => {
    expect(Array.from({ length: FREE_FAILURES - 1 }, (_, i) => lockoutMs(i + 1))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map(lockoutMs)).toEqual([
      60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000,
    ]);
  });
});
