/**
 * A worker process asked to stop (SIGTERM) in the middle of a match run takes no new job and
 * exits with code 0 within its grace period (WORKER_GRACE_MS) and a few seconds to close. Within
 * the grace, it finishes the run itself; past it, it hands the run back and another process
 * finishes it. Either way the run is done once: every current proposal once, one digest e-mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInstance } from '../../../seeds/generator.js';
import { instanceRecords } from '../../../seeds/instance.js';
import { redisUrl } from '../services.js';
import { matchRun, organisation, programme, staff } from '../store/fixtures.js';
import {
  inChunks,
  smtpServer,
  spawnWorker,
  testDatabase,
  testQueue,
  waitFor,
  type TestDatabase,
  type WorkerProcess,
} from './harness.js';

/** Time to close the queues and the store once the running jobs are finished or handed back. */
const CLOSE_MS = 5_000;

/** `promise`, or a failure naming `what` once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)),
  );
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How many times a worker logged `event` (with these first fields, as JSON text); its output may be cut mid-line. */
const logged = (worker: WorkerProcess, event: string, fields = '') =>
  worker.output.join('').split(`"event":"${event}"${fields}`).length - 1;

describe('a worker stopped (SIGTERM) during a match run', () => {
  const dbs: TestDatabase[] = [];
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  const queue = testQueue();
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    smtp = await smtpServer();
  });
  afterAll(async () => {
    // Only a worker that failed its test is still running, perhaps deaf to SIGTERM.
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await queue.close();
    await smtp.close();
    await Promise.all(dbs.map((db) => db.drop()));
  });

  const spawn = async (env: Record<string, string>) => {
    const worker = await spawnWorker(env);
    workers.push(worker);
    return worker;
  };

  /**
   * A database of its own with a programme whose run takes a few seconds, a worker started with
   * `graceMs` and `lockMs`, and the run started on it; resolves once the run is `running`.
   */
  async function runningOn(graceMs: number, lockMs: number) {
    const db = await testDatabase('workers_sigterm');
    dbs.push(db);
    const { store } = db;
    const org = await store.organisations.insert(organisation());
    const mediator = await store.staff.insert(
      staff(org.id, { role: 'mediator', email: `mediator.${org.id}@tandem.test` }),
    );
    const prg = await store.programmes.insert(programme(org.id));
    const people = instanceRecords(
      generateInstance({ volunteers: 1200, beneficiaries: 1500, seed: 3 }),
      org.id,
      prg.id,
    );
    await inChunks(people.volunteers, (v) => store.volunteers.insert(v));
    await inChunks(people.beneficiaries, (b) => store.beneficiaries.insert({ ...b, mediatorId: mediator.id }));
    const env = {
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: queue.prefix,
      MONGODB_URI: db.uri,
      MONGODB_DB: db.dbName,
      WORKER_QUEUES: 'match,notify',
      WORKER_CONCURRENCY: '1',
      WORKER_LOCK_MS: String(lockMs),
      WORKER_GRACE_MS: String(graceMs),
      SMTP_URL: smtp.url,
    };
    const worker = await spawn(env);
    const run = await store.matchRuns.insert(matchRun(org.id, { scope: { programmeId: prg.id } }));
    await queue.enqueue({ name: 'match-run', data: { orgId: org.id, runId: run.id } }, { jobId: run.id });
    await waitFor(
      'the run to start',
      () => store.matchRuns.get(org.id, run.id),
      (r) => r.status === 'running',
      30_000,
      20,
    );
    return { store, org, mediator, prg, run, env, worker, mailsBefore: smtp.mails.length };
  }

  /** SIGTERM; resolves with the exit code and how long it took, failing past `graceMs` plus CLOSE_MS. */
  async function terminate(worker: WorkerProcess, graceMs: number) {
    const at = Date.now();
    worker.child.kill('SIGTERM');
    const code = await within(worker.exited, graceMs + CLOSE_MS, 'the worker to exit after SIGTERM');
    return { code, ms: Date.now() - at };
  }

  /** The run done once: every current proposal once, all from this run, and one digest to the mediator. */
  async function doneOnce(
    { store, org, mediator, prg, run, mailsBefore }: Awaited<ReturnType<typeof runningOn>>,
    by: WorkerProcess[],
  ) {
    const done = await store.matchRuns.get(org.id, run.id);
    expect(done.status).toBe('done');
    const current = await store.proposals.listCurrent(org.id, { programmeId: prg.id });
    expect(current.length).toBeGreaterThan(1000);
    expect(new Set(current.map((p) => `${p.beneficiaryId}/${p.volunteerId}`)).size).toBe(current.length);
    expect(current.every((p) => p.runId === run.id)).toBe(true);
    expect(await store.proposals.pruneSuperseded(new Date())).toBe(0);
    expect(done.counts!.proposals).toBe(current.length);
    // The run is marked done before its digest is queued and before the process logs it.
    const doneLogged = async () => by.map((w) => logged(w, 'match_run.done')).reduce((a, b) => a + b);
    await waitFor(
      'the digest e-mail',
      async () => smtp.mails.length - mailsBefore,
      (n) => n >= 1,
      30_000,
    );
    await waitFor('the run logged done', doneLogged, (n) => n >= 1, 5_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await doneLogged()).toBe(1);
    expect(smtp.mails.slice(mailsBefore).map((m) => m.to)).toEqual([[mediator.email]]);
    expect(smtp.mails.at(-1)!.text).toMatch(/Nouvelles propositions/);
  }

  it('finishes the run it holds within the grace, then exits with code 0', { timeout: 240_000 }, async () => {
    // Longer than the run takes on a busy shared machine (it took over 25 s there), so the worker
    // finishes it rather than hand it back, the other test's case.
    const graceMs = 90_000;
    // The production lock: a process starved of CPU (a shared machine) past a lock of 2 s loses
    // its job to the stalled check, which is the other test's case, not this one's.
    const started = await runningOn(graceMs, 30_000);
    const { store, org, run, env, worker: first } = started;
    const { code, ms } = await terminate(first, graceMs);
    expect(code).toBe(0);

    const atExit = await store.matchRuns.get(org.id, run.id);
    const job = (await queue.queues.get('match')!.getJob(run.id))!;
    console.info(
      `sigterm within the grace: exit code ${code} ${ms} ms after SIGTERM, the run ${atExit.status} (${atExit.durationMs} ms), started ${job.attemptsStarted} time(s), finished by ${job.processedBy}`,
    );
    expect(atExit.status).toBe('done');
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsStarted).toBe(1);
    expect(job.processedBy).toBe(`tandem-${first.child.pid}`);
    expect(logged(first, 'workers.stopped', ',"finished":true')).toBe(1);
    expect(logged(first, 'job.failed')).toBe(0);

    // The digest was queued as the run ended, after this process stopped taking jobs: the next one sends it.
    const second = await spawn(env);
    await doneOnce(started, [first, second]);
    expect(await store.matchRuns.get(org.id, run.id)).toEqual(atExit);
    expect(await within(second.stop(), CLOSE_MS, 'the idle worker to exit after SIGTERM')).toBe(0);
  });

  it(
    'past the grace, hands the run back and exits with code 0; the next worker finishes it',
    { timeout: 150_000 },
    async () => {
      const graceMs = 0;
      // Short, so the run goes to the next worker soon; long enough that a busy machine keeps it there.
      const started = await runningOn(graceMs, 5000);
      const { store, org, run, env, worker: first } = started;
      const { code, ms } = await terminate(first, graceMs);
      expect(code).toBe(0);
      const atExit = await store.matchRuns.get(org.id, run.id);
      expect(atExit.status).not.toBe('done');
      expect(logged(first, 'workers.stopped', ',"finished":false')).toBe(1);

      // Its lock no longer renewed, the job goes to the next worker once the lock expires.
      const second = await spawn(env);
      await waitFor(
        'the run to finish on the second worker',
        () => store.matchRuns.get(org.id, run.id),
        (r) => r.status === 'done' || r.status === 'failed',
        60_000,
        250,
      );
      const job = (await queue.queues.get('match')!.getJob(run.id))!;
      console.info(
        `sigterm past the grace: exit code ${code} ${ms} ms after SIGTERM, the run ${atExit.status} then; started ${job.attemptsStarted} times (stalled ${job.stalledCounter}), finished by ${job.processedBy}`,
      );
      // The same job started again (BullMQ's stalled check) or the job the sweep queued for the
      // run (its lease expired first): whichever comes first on a busy machine, the second worker
      // finishes the run, once.
      await doneOnce(started, [first, second]);
      expect(logged(second, 'match_run.done')).toBe(1);
      expect(await within(second.stop(), CLOSE_MS, 'the idle worker to exit after SIGTERM')).toBe(0);
    },
  );
});
