/**
 * Workers asked to stop (SIGTERM) while Redis is down, one 3 s into the outage and one 20 s in:
 * each exits within its grace (at once, having no job), and the outage is logged as it starts and
 * ends rather than as a stream of errors. Once Redis is back (empty), new workers find everything
 * again: schedules, the jobs Redis lost.
 */
import { afterAll, expect, it } from 'vitest';
import { deployAndRun, measure, MUST_HOLD, report, settle } from './checks.js';
import type { Deployment } from './deployment.js';
import { progress, sleep, within, type Proc } from './processes.js';

const GRACE_MS = 10_000;
/** Closing the queues and the store, once no job runs. */
const CLOSE_MS = 3_000;

let d: Deployment | undefined;
afterAll(async () => d?.stop());

it(
  'a worker stopped during a Redis outage exits within its grace, at once when idle',
  { timeout: 300_000 },
  async () => {
    d = (await deployAndRun({ volunteers: 300, beneficiaries: 400, seed: 50, workers: 2, graceMs: GRACE_MS })).d;

    const t0 = Date.now();
    d.services.down('redis');
    progress('redis down');
    const stopAt = async (worker: Proc, atMs: number) => {
      await sleep(t0 + atMs - Date.now());
      const sent = Date.now();
      worker.signal('SIGTERM');
      const how = await within(worker.exited, GRACE_MS + 15_000, 'alive' as const);
      if (how === 'alive') worker.signal('SIGKILL');
      return how === 'alive' ? `alive after ${GRACE_MS + 15_000} ms` : Date.now() - sent;
    };
    const [early, late] = await Promise.all([stopAt(d.workers[0]!, 3_000), stopAt(d.workers[1]!, 20_000)]);
    const outage = (p: Proc) => p.since(t0);
    const lines = [d.server, d.workers[0]!, d.workers[1]!].map(outage);
    d.services.up('redis');
    const downMs = Date.now() - t0;
    progress(`redis up after ${downMs} ms`);

    for (let i = 0; i < 2; i++) await d.startWorker(i);
    const settled = await settle(d);
    const metrics = {
      exitMs3s: early,
      exitMs20s: late,
      outageMs: downMs,
      serverLines: lines[0]!.length,
      workerLines: lines[1]!.length + lines[2]!.length,
      stackLines: lines.flat().filter((l) => /^\s+at /.test(l)).length,
      settledMs: settled.ms,
      ...(await measure(d, [])),
    };
    report('SIGTERM to workers during a Redis outage', metrics);
    expect(metrics).toMatchObject({ ...MUST_HOLD, schedules: '4/4', stackLines: 0 });
    expect(early).toBeLessThan(CLOSE_MS);
    expect(late).toBeLessThan(CLOSE_MS);
    // The outage as it starts and ends (and each worker stopping), not a line per reconnection.
    expect(metrics.serverLines).toBeLessThanOrEqual(2);
    expect(metrics.workerLines).toBeLessThanOrEqual(8);
  },
);
