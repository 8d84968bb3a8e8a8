import { describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../../../src/jobs/in-process.js';
import type { Processors } from '../../../../src/jobs/queue.js';
import { silentLogger } from '../../../../src/store/logger.js';

function processors(run: Processors['recompute']): Processors {
  const none = async () => {};
  return {
    recompute: run,
    'match-run': none,
    'match-region': none,
    'match-merge': none,
    email: none,
    'tandem-news': none,
    'lapse-check': none,
    reminders: none,
    retention: none,
    schedules: none,
  };
}

const job = { name: 'recompute' as const, data: { orgId: 'o', programmeId: 'p', person: { volunteerId: 'v' } } };

describe('InProcessQueue', () => {
  it('retries a failing job, telling the processor which attempt is the last', async () => {
    const seen: [number, boolean][] = [];
    const queue = new InProcessQueue(
      processors(async (_, { attempt, lastAttempt }) => {
        seen.push([attempt, lastAttempt]);
        if (attempt < 3) throw new Error('not yet');
      }),
      { logger: silentLogger, attempts: 3, backoffMs: 1 },
    );
    await queue.enqueue(job, { jobId: 'a' });
    await queue.idle();
    expect(seen).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    await queue.close();
  });

  it('gives up after the last attempt', async () => {
    let runs = 0;
    const failing = new InProcessQueue(
      processors(async () => {
        runs++;
        throw new Error('always');
      }),
      { logger: silentLogger, attempts: 2, backoffMs: 1 },
    );
    await failing.enqueue(job, { jobId: 'b' });
    await failing.idle();
    expect(runs).toBe(2);
    await failing.close();
  });

  it('does not queue a job whose id is already waiting or running, and does once it is done', async () => {
    let release!: () => void;
    let runs = 0;
    const queue = new InProcessQueue(
      processors(async () => {
        runs++;
        await new Promise<void>((r) => (release = r));
      }),
      { logger: silentLogger },
    );
    expect(await queue.enqueue(job, { jobId: 'same' })).toBe(true);
    expect(await queue.enqueue(job, { jobId: 'same' })).toBe(false);
    await new Promise((r) => setTimeout(r, 5));
    release();
    await queue.idle();
    expect(await queue.enqueue(job, { jobId: 'same' })).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    release();
    await queue.idle();
    expect(runs).toBe(2);
    await queue.close();
  });

  it('refuses jobs once closed', async () => {
    const queue = new InProcessQueue(
      processors(async () => {}),
      { logger: silentLogger },
    );
    await queue.close();
    await expect(queue.enqueue(job, { jobId: 'late' })).rejects.toThrow(/closed/);
    expect(await queue.ready()).toBe(false);
  });
});
