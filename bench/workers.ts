/**
 * The workers' part of `npm run bench`:
 *
 *   5. Recompute after one new volunteer (recomputeAround: only the people within reach are read)
 *      vs a full recompute of a 100k-person programme, on the embedded store (target <= 1 %).
 *   6. Recompute jobs per second through BullMQ with 1 and 2 worker processes (dist/workers/main.js
 *      over FerretDB), against BullMQ's own throughput for an empty job on the same Redis (target
 *      >= 2 %), on each of FerretDB's backends: PostgreSQL and SQLite (the test server; README: why).
 *
 * Part 6 starts its own Redis and FerretDB with scripts/services, in a temporary folder.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import type { RankInput } from '../scoring/index.js';
import { generateInstance } from '../seeds/generator.js';
import { instanceRecords } from '../seeds/instance.js';
import type { Programme } from '../src/domain/index.js';
import { MatchingService } from '../src/services/matching.js';
import { systemClock } from '../src/store/clock.js';
import { openEmbeddedStore } from '../src/store/embedded.js';
import { silentLogger } from '../src/store/logger.js';
import { openMongoStore } from '../src/store/mongo.js';
import type { Store } from '../src/store/ports.js';
import { median } from '../src/services/stats.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVICES = join(ROOT, 'scripts/services');
const ORG = 'org_bench';
const PRG = 'prg_bench';

type Log = (line: string) => void;

const ms = (x: number) => `${x.toFixed(0)} ms`;

/** CPU time (this process, user + system) and wall-clock time of an async step, in ms. */
async function measured<T>(step: () => Promise<T>): Promise<[T, { cpu: number; wall: number }]> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await step();
  const used = process.cpuUsage(cpu);
  return [result, { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall }];
}

async function programmeStore(
  store: Store,
  instance: RankInput,
): Promise<{ volunteers: number; beneficiaries: number }> {
  const at = '2026-01-05T09:00:00.000Z';
  const meta = { orgId: ORG, version: 1, createdAt: at, updatedAt: at };
  await store.organisations.insert({ ...meta, id: ORG, slug: 'bench', name: 'Bench', kind: 'non_profit' });
  const programme: Programme = {
    ...meta,
    id: PRG,
    slug: 'bench',
    kind: 'mentoring',
    name: { fr: 'Banc', nl: 'Bank', en: 'Bench' },
    rules: instance.programme,
    expectedDurationMonths: 6,
    meetingRhythm: { minutes: 120, every: 'week' },
    lapseWindowDays: 30,
    regions: ['Belgium'],
    servesMinors: false,
    status: 'open',
  };
  await store.programmes.insert(programme);
  const { volunteers, beneficiaries } = instanceRecords(instance, ORG, PRG);
  for (const v of volunteers) await store.volunteers.insert(v);
  for (const b of beneficiaries) await store.beneficiaries.insert(b);
  return { volunteers: volunteers.length, beneficiaries: beneficiaries.length };
}

/** New volunteers to add one at a time, from another draw of the same generator. */
function newcomers(count: number) {
  return instanceRecords(generateInstance({ volunteers: count, beneficiaries: 1, seed: 99 }), ORG, PRG).volunteers.map(
    (v, i) => ({ ...v, id: `vol_new_${i}` }),
  );
}

async function incrementalVersusFull(log: Log): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  const store = await openEmbeddedStore({ dataDir: dir });
  try {
    const [size, load] = await measured(() =>
      programmeStore(store, generateInstance({ volunteers: 50_000, beneficiaries: 50_000, seed: 1 })),
    );
    const matching = new MatchingService({ store, clock: systemClock });
    const [full, fullTime] = await measured(() => matching.recomputeProgramme(ORG, PRG));
    const runs: { cpu: number; wall: number }[] = [];
    const reached: number[] = [];
    for (const v of newcomers(5)) {
      await store.volunteers.insert(v);
      const [around, time] = await measured(() => matching.recomputeAround(ORG, PRG, { volunteerId: v.id }));
      runs.push(time);
      reached.push(around.beneficiaries);
    }
    const cpu = median(runs.map((r) => r.cpu))!;
    const wall = median(runs.map((r) => r.wall))!;
    const ratio = cpu / fullTime.cpu;
    log(
      `5. recompute after one new volunteer vs a full recompute, ${size.volunteers} volunteers + ${size.beneficiaries} beneficiaries, embedded store (CPU time; wall clock in brackets)`,
    );
    log(
      `   full recompute: ${ms(fullTime.cpu)} (${ms(fullTime.wall)})   (${full.proposals} proposals written; storing the people before: ${ms(load.wall)})`,
    );
    log(
      `   after one new volunteer: median ${ms(cpu)} (${ms(wall)})   (runs: ${runs.map((r) => `${ms(r.cpu)} (${ms(r.wall)})`).join(', ')}; beneficiaries re-ranked: ${reached.join(', ')})`,
    );
    log(
      `   ratio incremental / full: ${(100 * ratio).toFixed(2)} % on CPU time, ${((100 * wall) / fullTime.wall).toFixed(2)} % on the wall clock   (target <= 1 %)${ratio <= 0.01 ? '' : '   ABOVE TARGET'}\n`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a node script and resolves once it printed `marker`. */
async function started(args: string[], env: Record<string, string>, marker: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(marker)) resolve();
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) =>
      reject(new Error(`${args[0]} exited (${code}) before it was ready:\n${output.slice(-2000)}`)),
    );
  });
  return child;
}

async function stopped(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) =>
          c.exitCode !== null ? resolve() : (c.once('exit', () => resolve()), c.kill('SIGTERM')),
        ),
    ),
  );
}

/** Adds `jobs` at once and measures how long until the last is completed: jobs per second. */
async function jobsPerSecond(queue: Queue, name: string, jobs: { data: object; id: string }[]): Promise<number> {
  const t = performance.now();
  await queue.addBulk(jobs.map((j) => ({ name, data: j.data, opts: { jobId: j.id, removeOnComplete: false } })));
  while ((await queue.getCompletedCount()) < jobs.length) {
    if ((await queue.getFailedCount()) > 0)
      throw new Error(`${name} jobs failed: ${(await queue.getFailed(0, 0))[0]?.failedReason}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return (jobs.length * 1000) / (performance.now() - t);
}

/**
 * The wire server's floor for one job: median ms of a ping and of a read by key (`findOne` by
 * `_id`, the one filter FerretDB pushes down on both backends), one after the other.
 */
async function roundTrips(uri: string, dbName: string, ids: string[]): Promise<{ ping: number; byKey: number }> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db(dbName);
    const beneficiaries = db.collection<{ _id: string }>('beneficiaries');
    const ping: number[] = [];
    const byKey: number[] = [];
    for (const id of ids) {
      let t = performance.now();
      await db.command({ ping: 1 });
      ping.push(performance.now() - t);
      t = performance.now();
      if (!(await beneficiaries.findOne({ _id: id }))) throw new Error(`beneficiary ${id} not found by its key`);
      byKey.push(performance.now() - t);
    }
    return { ping: median(ping)!, byKey: median(byKey)! };
  } finally {
    await client.close();
  }
}

type Handler = 'postgresql' | 'sqlite';
/** Recompute / empty job, per number of worker processes. */
type Ratios = number[];

async function throughput(log: Log, handler: Handler): Promise<Ratios> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-services-'));
  execFileSync(SERVICES, ['start', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, FERRETDB_HANDLER: handler },
  });
  const env = Object.fromEntries(
    readFileSync(join(dir, 'env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  ) as Record<string, string>;
  const redis = new Redis(env.REDIS_URL!, { maxRetriesPerRequest: null });
  const store = await openMongoStore({ uri: env.MONGODB_URI!, dbName: 'bench_workers', logger: silentLogger });
  try {
    const size = await programmeStore(store, generateInstance({ volunteers: 400, beneficiaries: 400, seed: 2 }));
    await new MatchingService({ store, clock: systemClock }).recomputeProgramme(ORG, PRG);
    const volunteerIds = (await store.volunteers.list(ORG, {}, { limit: 1000 })).map((v) => v.id);
    const floor = await roundTrips(
      env.MONGODB_URI!,
      'bench_workers',
      (await store.beneficiaries.list(ORG, {}, { limit: 200 })).map((b) => b.id),
    );
    // Fewer over SQLite, where each job reads whole collections: the rate, not the count, is compared.
    const RECOMPUTES = handler === 'sqlite' ? 20 : 100;
    const EMPTY = 2000;
    const rates: Record<'recompute' | 'empty', number[]> = { recompute: [], empty: [] };
    for (const processes of [1, 2]) {
      const prefix = `bench_${processes}`;
      const workerEnv = {
        REDIS_URL: env.REDIS_URL!,
        MONGODB_URI: env.MONGODB_URI!,
        MONGODB_DB: 'bench_workers',
        QUEUE_PREFIX: prefix,
        WORKER_QUEUES: 'recompute',
        WORKER_CONCURRENCY: '1',
        LOG_LEVEL: 'info',
      };
      let children = await Promise.all(
        Array.from({ length: processes }, () =>
          started([join(ROOT, 'dist/workers/main.js')], workerEnv, '"workers.ready"'),
        ),
      );
      const recompute = new Queue('recompute', { connection: redis, prefix });
      const jobs = Array.from({ length: RECOMPUTES }, (_, i) => ({
        id: `r${i}`,
        data: { orgId: ORG, programmeId: PRG, person: { volunteerId: volunteerIds[i % volunteerIds.length]! } },
      }));
      rates.recompute.push(await jobsPerSecond(recompute, 'recompute', jobs));
      await stopped(children);
      await recompute.close();

      children = await Promise.all(
        Array.from({ length: processes }, () =>
          started([join(ROOT, 'dist/bench/empty-worker.js'), env.REDIS_URL!, prefix, '1'], {}, 'ready'),
        ),
      );
      const empty = new Queue('empty', { connection: redis, prefix });
      rates.empty.push(
        await jobsPerSecond(
          empty,
          'empty',
          Array.from({ length: EMPTY }, (_, i) => ({ id: `e${i}`, data: {} })),
        ),
      );
      await stopped(children);
      await empty.close();
    }
    const perS = (x: number) => `${x.toFixed(1)} jobs/s`;
    const ratios = rates.recompute.map((r, i) => r / rates.empty[i]!);
    log(
      `6. jobs through BullMQ on one Redis, worker processes of concurrency 1 (recomputes: ${RECOMPUTES} volunteers of a ${size.volunteers} + ${size.beneficiaries} programme on FerretDB ${env.FERRETDB_HANDLER ?? handler}; empty: ${EMPTY} jobs)`,
    );
    for (const [i, processes] of [1, 2].entries()) {
      log(
        `   ${processes} process${processes > 1 ? 'es' : ''}: recompute ${perS(rates.recompute[i]!)} (${ms(1000 / rates.recompute[i]!)} a job), empty job ${perS(rates.empty[i]!)}   (recompute / empty: ${(100 * ratios[i]!).toFixed(2)} %, target >= 2 %${ratios[i]! >= 0.02 ? '' : '   BELOW TARGET'})`,
      );
    }
    // What 2 % of an empty job leaves a recompute job, against what one round trip costs here.
    const budget = 1000 / (0.02 * Math.max(...rates.empty));
    log(
      `   the server's floor: a ping ${floor.ping.toFixed(2)} ms, a read by key ${floor.byKey.toFixed(2)} ms (medians of 200, one at a time); at 2 % of the empty job a recompute job has ${budget.toFixed(1)} ms, room for ${Math.floor(budget / floor.byKey)} reads by key and nothing else`,
    );
    log(
      `   2 processes / 1: recompute ${(rates.recompute[1]! / rates.recompute[0]!).toFixed(2)} x, empty job ${(rates.empty[1]! / rates.empty[0]!).toFixed(2)} x\n`,
    );
    return ratios;
  } finally {
    await store.close();
    redis.disconnect();
    execFileSync(SERVICES, ['stop', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWorkers(log: Log): Promise<void> {
  await incrementalVersusFull(log);
  const postgresql = await throughput(log, 'postgresql');
  const sqlite = await throughput(log, 'sqlite');
  log(
    `   FerretDB on PostgreSQL / on SQLite, recompute / empty job: ${[1, 2].map((p, i) => `${(postgresql[i]! / sqlite[i]!).toFixed(2)} x with ${p}`).join(', ')}`,
  );
}
