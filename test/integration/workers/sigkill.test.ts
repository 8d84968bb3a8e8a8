/**
 * A worker process killed (SIGKILL) in the middle of a match run: the job's lock expires, another
 * process picks it up, and the final state is written once: every current proposal once, nothing
 * left of the interrupted try, no tandem, one digest e-mail. The survivor then stops cleanly on SIGTERM.
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

describe('a worker killed during a match run', () => {
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  const queue = testQueue();
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    db = await testDatabase('workers_sigkill');
    smtp = await smtpServer();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await queue.close();
    await smtp.close();
    await db.drop();
  });

  // Two full runs of 1,500 people on a shared machine, and the handover between them.
  it('has its job picked up again and the result written exactly once', { timeout: 180_000 }, async () => {
    const { store } = db;
    const org = await store.organisations.insert(organisation());
    const mediator = await store.staff.insert(staff(org.id, { role: 'mediator', email: 'anne.mediator@tandem.test' }));
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
      // Short, so the run goes to the next worker soon; long enough that a busy machine keeps it there.
      WORKER_LOCK_MS: '5000',
      SMTP_URL: smtp.url,
    };
    const first = await spawnWorker(env);
    workers.push(first);

    const run = await store.matchRuns.insert(matchRun(org.id, { scope: { programmeId: prg.id } }));
    await queue.enqueue({ name: 'match-run', data: { orgId: org.id, runId: run.id } }, { jobId: run.id });
    await waitFor(
      'the run to start',
      () => store.matchRuns.get(org.id, run.id),
      (r) => r.status === 'running',
      30_000,
      20,
    );
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const runAtKill = await store.matchRuns.get(org.id, run.id);
    const writtenAtKill = (await store.proposals.listCurrent(org.id, { programmeId: prg.id })).filter(
      (p) => p.runId === run.id,
    ).length;

    const second = await spawnWorker(env);
    workers.push(second);
    const done = await waitFor(
      'the run to finish on the second worker',
      () => store.matchRuns.get(org.id, run.id),
      (r) => r.status === 'done' || r.status === 'failed',
      120_000,
      250,
    );
    expect(done.status).toBe('done');

    const job = (await queue.queues.get('match')!.getJob(run.id))!;
    console.info(
      `sigkill: killed with the run ${runAtKill.status} and ${writtenAtKill} of its proposals written; the job started ${job.attemptsStarted} times (stalled ${job.stalledCounter}), finished by ${job.processedBy}`,
    );
    expect(job.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(job.processedBy).toBe(`tandem-${second.child.pid}`);

    const current = await store.proposals.listCurrent(org.id, { programmeId: prg.id });
    const pairs = new Set(current.map((p) => `${p.beneficiaryId}/${p.volunteerId}`));
    expect(current.length).toBeGreaterThan(1000);
    expect(pairs.size).toBe(current.length);
    expect(current.every((p) => p.runId === run.id)).toBe(true);
    // Nothing an interrupted try wrote is left among the current sets.
    expect(await store.proposals.pruneSuperseded(new Date())).toBe(0);
    expect(done.counts!.proposals).toBe(current.length);
    expect(await store.tandems.count(org.id, {})).toBe(0);

    // One digest to the mediator, however many tries the run took.
    await waitFor(
      'the digest e-mail',
      async () => smtp.mails.length,
      (n) => n >= 1,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.mails.map((m) => m.to)).toEqual([[mediator.email]]);
    expect(smtp.mails[0]!.text).toMatch(/Nouvelles propositions/);

    expect(await second.stop()).toBe(0);
  });
});
