/**
 * The BullMQ adapter against a real Redis: a burst of edits of one person coalesces into at most
 * two recomputes that end on the newest data, a poison job fails at once and stays visible, and
 * a worker waiting on a Redis that restarts reconnects and goes on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BullQueue } from '../../../src/jobs/bullmq-queue.js';
import { BullWorkers } from '../../../src/jobs/bullmq-workers.js';
import { createProcessors } from '../../../src/jobs/processors.js';
import type { Processors } from '../../../src/jobs/queue.js';
import { MatchingService } from '../../../src/services/matching.js';
import { systemClock } from '../../../src/store/clock.js';
import { silentLogger } from '../../../src/store/logger.js';
import { redisUrl } from '../services.js';
import { beneficiary, organisation, programme, volunteer } from '../store/fixtures.js';
import { drained, testDatabase, testQueue, unique, waitFor, type TestDatabase } from './harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SERVICES = join(import.meta.dirname, '../../../scripts/services');

describe('BullMQ queue and workers', () => {
  let db: TestDatabase;
  let base: Processors;
  const opened: { close(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    db = await testDatabase('workers_queue');
    base = createProcessors({
      store: db.store,
      clock: systemClock,
      logger: silentLogger,
      matching: new MatchingService({ store: db.store, clock: systemClock }),
    });
  });
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
    await db.drop();
  });

  const start = async (
    processors: Processors,
    queue: BullQueue,
    url = redisUrl(),
    queues = ['recompute', 'maintenance'] as const,
  ) => {
    const workers = new BullWorkers(processors, {
      redisUrl: url,
      prefix: queue.prefix,
      queues,
      concurrency: 2,
      queue,
      logger: silentLogger,
    });
    opened.push(queue, { close: () => workers.close(5000) });
    await workers.ready();
    return workers;
  };

  it('runs ten quick edits of one person as at most two recomputes, the last on the newest version', async () => {
    const { store } = db;
    const org = await store.organisations.insert(organisation());
    const prg = await store.programmes.insert(programme(org.id));
    let v = await store.volunteers.insert(volunteer(org.id, { programmeIds: [prg.id], maxDistanceKm: 5 }));
    const b = await store.beneficiaries.insert(beneficiary(org.id, { programmeIds: [prg.id] }));
    const queue = testQueue();
    let runs = 0;
    let running = 0;
    let overlapped = false;
    await start(
      {
        ...base,
        async recompute(data, context) {
          runs++;
          overlapped ||= ++running > 1;
          try {
            await sleep(300);
            return await base.recompute(data, context);
          } finally {
            running--;
          }
        },
      },
      queue,
    );

    for (let i = 1; i <= 10; i++) {
      v = await store.volunteers.update(org.id, v.id, v.version, { maxDistanceKm: 5 + i }, systemClock.now());
      // As the API queues it: one job id per change (record and version).
      await queue.enqueue(
        { name: 'recompute', data: { orgId: org.id, programmeId: prg.id, person: { volunteerId: v.id } } },
        { jobId: `recompute:${org.id}:${prg.id}:${v.id}:${v.id}@${v.version}` },
      );
    }
    await drained(queue);

    console.info(`dedup: 10 edits of one volunteer ran ${runs} recompute(s)`);
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(2);
    expect(overlapped).toBe(false);
    const proposals = await store.proposals.listForBeneficiary(org.id, b.id);
    expect(proposals.map((p) => [p.volunteerId, p.volunteerVersion])).toEqual([[v.id, 11]]);
  });

  it('fails a job with invalid data at once, without retries, and keeps it visible as failed', async () => {
    const queue = testQueue();
    let calls = 0;
    await start({ ...base, recompute: async (data, context) => (calls++, base.recompute(data, context)) }, queue);
    const raw = queue.queues.get('recompute')!;

    const poison = await raw.add(
      'recompute',
      { orgId: 42, person: 'nobody' },
      { attempts: 5, backoff: { type: 'exponential', delay: 10 } },
    );
    const failed = await waitFor(
      'the poison job to fail',
      async () => (await raw.getJob(poison.id!))!,
      (job) => job.failedReason !== undefined && job.finishedOn !== undefined,
    );

    expect(await failed.getState()).toBe('failed');
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/^invalid recompute job data: orgId .*; programmeId .*; person/);
    expect((await raw.getFailed()).map((j) => j.id)).toEqual([poison.id]);
    expect(calls).toBe(0);
  });

  it('goes on after its Redis restarts while it waits for jobs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-redis-'));
    opened.push({
      close: async () => (execFileSync(SERVICES, ['stop', dir]), rmSync(dir, { recursive: true, force: true })),
    });
    execFileSync(SERVICES, ['start-redis', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    const url = /^REDIS_URL=(.*)$/m.exec(readFileSync(join(dir, 'env'), 'utf8'))![1]!;
    const queue = testQueue(unique('restart'), url);
    const done: number[] = [];
    await start({ ...base, retention: async () => (done.push(Date.now()), {}) }, queue, url);

    await queue.enqueue({ name: 'retention', data: {} }, { jobId: 'before' });
    await waitFor(
      'the job before the restart',
      async () => done.length,
      (n) => n === 1,
    );
    execFileSync(SERVICES, ['restart-redis', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
    // The worker is blocked on a connection that just went away; it must reconnect by itself.
    await sleep(500);
    await waitFor(
      'the queue to take jobs again',
      () => queue.enqueue({ name: 'retention', data: {} }, { jobId: 'after' }).catch(() => false),
      (added) => added,
      30_000,
      500,
    );

    await waitFor(
      'the job after the restart',
      async () => done.length,
      (n) => n === 2,
      30_000,
    );
  });
});
