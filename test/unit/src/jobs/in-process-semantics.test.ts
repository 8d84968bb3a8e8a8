/** The in-process queue keeps the BullMQ adapter's rules: coalesced recomputes, flows, no retry of bad jobs, delays. */
import { describe, expect, it } from 'vitest';
import { InProcessQueue } from '../../../../src/jobs/in-process.js';
import { PermanentJobError, type Job, type Processors } from '../../../../src/jobs/queue.js';
import { silentLogger } from '../../../../src/store/logger.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const none = async () => ({});
const base: Processors = {
  'match-run': none,
  'match-region': none,
  'match-merge': none,
  recompute: none,
  email: none,
  'tandem-news': none,
  'lapse-check': none,
  reminders: none,
  retention: none,
  schedules: none,
};
const recompute = (volunteerId: string): Job => ({
  name: 'recompute',
  data: { orgId: 'org_1', programmeId: 'prg_1', person: { volunteerId } },
});

describe('InProcessQueue, as the workers run jobs', () => {
  it('runs a burst of recomputes of one person at most twice, never two at once', async () => {
    let runs = 0;
    let running = 0;
    let overlapped = false;
    const queue = new InProcessQueue(
      {
        ...base,
        async recompute() {
          runs++;
          overlapped ||= ++running > 1;
          await sleep(30);
          running--;
          return {};
        },
      },
      { logger: silentLogger, concurrency: 4 },
    );
    for (let v = 1; v <= 10; v++) await queue.enqueue(recompute('vol_a'), { jobId: `recompute:vol_a@${v}` });
    await queue.enqueue(recompute('vol_b'), { jobId: 'recompute:vol_b@1' });
    await queue.idle();
    expect(runs).toBe(1 + 1 + 1); // vol_a running, then the latest vol_a; vol_b alongside
    expect(overlapped).toBe(true); // vol_a and vol_b did run side by side
    await queue.close();
  });

  it('runs a flow parent after its children, with what they returned; a child that failed is missing', async () => {
    const seen: unknown[][] = [];
    const queue = new InProcessQueue(
      {
        ...base,
        async 'match-region'({ region }) {
          if (region.index === 2) throw new PermanentJobError('bad region');
          return { index: region.index };
        },
        async 'match-merge'(_data, context) {
          seen.push(await context.childResults());
          return {};
        },
      },
      { logger: silentLogger, backoffMs: 1 },
    );
    const region = (index: number) => ({
      job: {
        name: 'match-region' as const,
        data: { orgId: 'o', runId: 'r', region: { index, of: 3, fromLon: -181, toLon: 181 } },
      },
      jobId: `r:region:${index}`,
    });
    await queue.enqueueFlow(
      { job: { name: 'match-merge', data: { orgId: 'o', runId: 'r', regions: 3 } }, jobId: 'r:merge' },
      [region(0), region(1), region(2)],
    );
    await queue.idle();
    expect(seen).toHaveLength(1);
    expect((seen[0] as { index: number }[]).map((p) => p.index).sort()).toEqual([0, 1]);
    await queue.close();
  });

  it('does not retry a job with invalid data or a permanent failure, and does retry others', async () => {
    const tries: Record<string, number> = {};
    const queue = new InProcessQueue(
      {
        ...base,
        async email({ messageId }) {
          tries[messageId] = (tries[messageId] ?? 0) + 1;
          throw messageId === 'msg_permanent' ? new PermanentJobError('gone') : new Error('smtp down');
        },
      },
      { logger: silentLogger, attempts: 3, backoffMs: 1 },
    );
    await queue.enqueue({ name: 'email', data: { orgId: 'o', messageId: 'msg_permanent' } }, { jobId: 'a' });
    await queue.enqueue({ name: 'email', data: { orgId: 'o', messageId: 'msg_transient' } }, { jobId: 'b' });
    await queue.enqueue({ name: 'email', data: { orgId: 42 } } as unknown as Job, { jobId: 'c' });
    await queue.idle();
    expect(tries).toEqual({ msg_permanent: 1, msg_transient: 3 });
    await queue.close();
  });

  it('runs a delayed job no sooner than asked', async () => {
    let ranAt = 0;
    const queue = new InProcessQueue(
      { ...base, retention: async () => ((ranAt = Date.now()), {}) },
      { logger: silentLogger },
    );
    const t0 = Date.now();
    await queue.enqueue({ name: 'retention', data: {} }, { jobId: 'later', delayMs: 80 });
    await queue.idle();
    expect(ranAt - t0).toBeGreaterThanOrEqual(75);
    await queue.close();
  });
});
