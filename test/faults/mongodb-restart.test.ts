/**
 * The MongoDB wire server (FerretDB) stopped for 10 s under four writing clients, then started
 * again: writes answer 2xx or 503 with Retry-After (never 500), nothing answered 503 is stored,
 * and the server and workers find their way back by themselves.
 */
import { afterAll, expect, it } from 'vitest';
import { MUST_HOLD } from './checks.js';
import type { Deployment } from './deployment.js';
import { outageUnderLoad } from './outages.js';

let d: Deployment | undefined;
afterAll(async () => d?.stop());

it('FerretDB restarted under load: 2xx stored, 503 absent, everyone recovers', { timeout: 600_000 }, async () => {
  const result = await outageUnderLoad('FerretDB stopped 10 s under load', {
    service: 'ferretdb',
    seed: 32,
    downMs: 10_000,
  });
  d = result.d;
  expect(result.metrics).toMatchObject({ ...MUST_HOLD, schedules: '4/4', readyDuring: '503 store' });
  expect(result.metrics.readyAfterMs).toBeGreaterThanOrEqual(0);
});
