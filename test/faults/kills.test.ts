/**
 * Worker processes killed (SIGKILL of the whole process group) at random moments of match runs and
 * recomputes, 20 times, two workers serving every queue: what the killed ones held is finished by
 * the others, exactly once.
 */
import { afterAll, expect, it } from 'vitest';
import { deployAndRun, measure, MUST_HOLD, report, requestRun, settle } from './checks.js';
import type { Deployment } from './deployment.js';
import { patchTagged, type Write } from './load.js';
import { progress, random, sleep } from './processes.js';

const KILLS = 20;

let d: Deployment | undefined;
afterAll(async () => d?.stop());

it('20 SIGKILLs during match runs and recomputes lose nothing and stack nothing', { timeout: 600_000 }, async () => {
  const rng = random(20);
  const deployed = await deployAndRun({ volunteers: 200, beneficiaries: 300, seed: 20, workers: 2 });
  d = deployed.d;
  const { http, coordinator } = deployed;
  const mediator = await http.login(d.mediators[0]!.email);
  const { beneficiaries, volunteers } = await d.activePeople();
  const writes: Write[] = [];
  const edit = async (i: number) => {
    const kind = rng.chance(0.5) ? 'beneficiary' : 'volunteer';
    const person = kind === 'beneficiary' ? rng.pick(beneficiaries) : rng.pick(volunteers);
    writes.push(
      await patchTagged(http, mediator, kind, person.id, `k${i}`, {
        availability: [{ day: rng.pick(['mon', 'tue', 'wed', 'thu']), start: '09:00', end: '18:00' }],
      }),
    );
  };

  let midJob = 0;
  for (let k = 0; k < KILLS; k++) {
    // A run every fourth time, a few recomputes every time.
    if (k % 4 === 0) await requestRun(http, coordinator, d);
    for (let e = 0; e < 2; e++) await edit(k * 2 + e);
    await sleep(rng.between(200, 5000));
    const victim = rng.int(2);
    const worker = d.workers[victim]!;
    if (await holdsJob(d, worker.child.pid!)) midJob++;
    worker.signal('SIGKILL');
    await worker.exited;
    await d.startWorker(victim);
    progress(`kill ${k + 1}`);
  }
  const settled = await settle(d);
  progress(`settled: ${settled.ms} ms ${settled.left}`);
  const metrics = { kills: KILLS, midJob, settledMs: settled.ms, ...(await measure(d, writes)) };
  report('20 SIGKILLs of a worker during match runs and recomputes', metrics);
  expect(metrics).toMatchObject(MUST_HOLD);
});

/** Whether the worker process `pid` runs a job right now. */
async function holdsJob(d: Deployment, pid: number): Promise<boolean> {
  for (const q of d.queue.queues.values())
    if ((await q.getActive()).some((job) => job.processedBy === `tandem-${pid}`)) return true;
  return false;
}
