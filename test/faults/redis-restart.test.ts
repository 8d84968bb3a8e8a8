/**
 * Redis stopped for 10 s under four writing clients, then started again empty (as after a crash
 * without persistence): writes answer 2xx (stored, their jobs kept) or 503 (nothing stored), what
 * Redis lost is found again, and the schedules come back.
 */
import { afterAll, expect, it } from 'vitest';
import { MUST_HOLD } from './checks.js';
import type { Deployment } from './deployment.js';
import { outageUnderLoad } from './outages.js';

let d: Deployment | undefined;
afterAll(async () => d?.stop());

it('Redis restarted empty under load loses no job, no schedule and no write', { timeout: 600_000 }, async () => {
  const result = await outageUnderLoad('Redis stopped 10 s under load, restarted empty', {
    service: 'redis',
    seed: 31,
    downMs: 10_000,
  });
  d = result.d;
  expect(result.metrics).toMatchObject({ ...MUST_HOLD, schedules: '4/4', readyDuring: '503 queue' });
  expect(result.metrics.readyAfterMs).toBeGreaterThanOrEqual(0);
});
