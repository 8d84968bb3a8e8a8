/** A service stopped for a while under four writing clients, then started again. */
import { deployAndRun, measure, report, schedulesPresent, settle, type Metrics } from './checks.js';
import type { Deployment } from './deployment.js';
import { Load } from './load.js';
import { progress, random, sleep, type ServiceName } from './processes.js';

export interface OutageOptions {
  service: ServiceName;
  seed: number;
  downMs: number;
}

/**
 * Deploys (two workers), computes the first proposals, then runs the load: 5 s, the service down
 * for `downMs`, 10 s more once it is back; lets the deployment settle and measures it.
 */
export async function outageUnderLoad(
  scenario: string,
  options: OutageOptions,
): Promise<{ d: Deployment; metrics: Metrics }> {
  const rng = random(options.seed);
  const { d } = await deployAndRun({ volunteers: 400, beneficiaries: 500, seed: options.seed, workers: 2 });
  try {
    const load = new Load(d, rng);
    const schedulesBefore = await schedulesPresent(d);
    await load.prepare();
    progress('load starts');
    load.start();
    await sleep(5000);
    d.services.down(options.service);
    progress(`${options.service} down`);
    await sleep(options.downMs / 2);
    // What /readyz says halfway through the outage, and how soon it says ready once it is over.
    const readyDuring = await readiness(d.url);
    await sleep(options.downMs / 2);
    d.services.up(options.service);
    progress(`${options.service} up`);
    const upAt = Date.now();
    let readyAfterMs = -1;
    while (Date.now() - upAt < 60_000) {
      if ((await readiness(d.url)).startsWith('200')) {
        readyAfterMs = Date.now() - upAt;
        break;
      }
      await sleep(250);
    }
    await sleep(10_000);
    await load.stop();
    progress('load stopped');
    const settled = await settle(d);
    progress(`settled: ${settled.ms} ms ${settled.left}`);
    const metrics = {
      schedulesBefore,
      readyDuring,
      readyAfterMs,
      settledMs: settled.ms,
      ...(await measure(d, load.writes)),
    };
    report(scenario, metrics);
    return { d, metrics };
  } catch (err) {
    await d.stop();
    throw err;
  }
}

/** `/readyz`'s status and what it names down (e.g. `503 store`), or `unanswered`. */
async function readiness(url: string): Promise<string> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as Record<string, string>;
    const down = Object.keys(body).filter((k) => body[k] === 'down');
    return [res.status, ...down].join(' ');
  } catch {
    return 'unanswered';
  }
}
