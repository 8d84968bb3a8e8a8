/**
 * One production-like deployment per scenario: FerretDB and Redis of its own, an organisation with
 * a coordinator and four mediators, a programme with generated people, the server and worker
 * processes, an SMTP server, and the test's own view of the store and the queues (to check what
 * the processes left behind).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateInstance } from '../../seeds/generator.js';
import { instanceRecords } from '../../seeds/instance.js';
import type { Beneficiary, Organisation, Programme, StaffUser, Volunteer } from '../../src/domain/index.js';
import { BullQueue } from '../../src/jobs/bullmq-queue.js';
import { createOrganisation, createStaff } from '../../src/services/accounts.js';
import { systemClock } from '../../src/store/clock.js';
import { silentLogger } from '../../src/store/logger.js';
import { openMongoStore } from '../../src/store/mongo.js';
import { listAll } from '../../src/store/paging.js';
import type { Store } from '../../src/store/ports.js';
import { inChunks, smtpServer } from '../integration/workers/harness.js';
import { programme as programmeFixture } from '../integration/store/fixtures.js';
import { freePort, Services, startServer, startWorker, within, type Proc } from './processes.js';

export const PASSWORD = 'correct horse battery staple';
const DB = 'tandem_faults';

export interface DeploymentOptions {
  volunteers: number;
  beneficiaries: number;
  seed: number;
  workers: number;
  /** WORKER_LOCK_MS: how soon a dead worker's job goes to another. */
  lockMs?: number;
  /** WORKER_GRACE_MS. */
  graceMs?: number;
}

export class Deployment {
  readonly workers: (Proc | undefined)[] = [];
  /** Every worker process started, killed ones included. */
  private readonly started: Proc[] = [];

  private constructor(
    readonly services: Services,
    readonly store: Store,
    readonly queue: BullQueue,
    readonly smtp: Awaited<ReturnType<typeof smtpServer>>,
    readonly org: Organisation,
    readonly programme: Programme,
    readonly coordinator: StaffUser,
    readonly mediators: StaffUser[],
    readonly server: Proc,
    readonly url: string,
    private readonly workerEnv: Record<string, string>,
  ) {}

  static async start(options: DeploymentOptions): Promise<Deployment> {
    const services = Services.start();
    const store = await openMongoStore({ uri: services.mongodbUri, dbName: DB, logger: silentLogger });
    const deps = { store, clock: systemClock };
    const org = await createOrganisation(deps, { slug: 'voisins-faults', name: 'Voisins solidaires' });
    const account = async (role: StaffUser['role'], email: string) =>
      (await createStaff(deps, { orgId: org.id, email, name: `${role} ${email}`, role, password: PASSWORD })).staff;
    const coordinator = await account('coordinator', 'coordinator@faults.test');
    const mediators: StaffUser[] = [];
    for (let i = 0; i < 4; i++) mediators.push(await account('mediator', `mediator${i}@faults.test`));
    const programme = await store.programmes.insert(programmeFixture(org.id, { slug: 'mentorat' }));
    const people = instanceRecords(
      generateInstance({ volunteers: options.volunteers, beneficiaries: options.beneficiaries, seed: options.seed }),
      org.id,
      programme.id,
    );
    await inChunks(people.volunteers, (v) => store.volunteers.insert(v));
    await inChunks(people.beneficiaries, (b, i) =>
      store.beneficiaries.insert({ ...b, mediatorId: mediators[i % mediators.length]!.id }),
    );

    const smtp = await smtpServer();
    const prefix = `faults${options.seed}`;
    const shared = {
      MONGODB_URI: services.mongodbUri,
      MONGODB_DB: DB,
      REDIS_URL: services.redisUrl,
      QUEUE_PREFIX: prefix,
      // Lost work is looked for every 2 s (proposals every 8 s), so the suite settles in seconds.
      SWEEP_MS: '2000',
    };
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await startServer({ ...shared, PORT: String(port), PUBLIC_URL: url });
    const queue = new BullQueue({ redisUrl: services.redisUrl, prefix, logger: silentLogger });
    // The test's own view of the queues waits out the outages it causes, quietly.
    for (const q of queue.queues.values()) q.on('error', () => {});
    const workerEnv = {
      ...shared,
      WORKER_CONCURRENCY: '2',
      WORKER_LOCK_MS: String(options.lockMs ?? 5000),
      WORKER_GRACE_MS: String(options.graceMs ?? 10_000),
      SMTP_URL: smtp.url,
      PUBLIC_URL: url,
    };
    const deployment = new Deployment(
      services,
      store,
      queue,
      smtp,
      org,
      programme,
      coordinator,
      mediators,
      server,
      url,
      workerEnv,
    );
    for (let i = 0; i < options.workers; i++) await deployment.startWorker(i);
    return deployment;
  }

  /** Starts worker `i` (again, once the one before is gone). */
  async startWorker(i: number): Promise<Proc> {
    const worker = await startWorker(`worker${i}.${this.started.length + 1}`, this.workerEnv);
    this.workers[i] = worker;
    this.started.push(worker);
    return worker;
  }

  /** The programme's active beneficiaries and volunteers, as stored now. */
  async activePeople(): Promise<{ beneficiaries: Beneficiary[]; volunteers: Volunteer[] }> {
    const where = { programmeIds: this.programme.id, status: 'active' } as const;
    return {
      beneficiaries: await listAll(this.store.beneficiaries, this.org.id, where),
      volunteers: await listAll(this.store.volunteers, this.org.id, where),
    };
  }

  /** Every process's output so far, for a failure's message. */
  logs(last = 40): string {
    return [this.server, ...this.workers]
      .filter((p): p is Proc => p !== undefined)
      .map(
        (p) =>
          `--- ${p.name}\n${p.lines
            .slice(-last)
            .map((l) => l.text)
            .join('\n')}`,
      )
      .join('\n');
  }

  async stop(): Promise<void> {
    // FAULTS_LOGS=dir keeps every process's output, one file each, to read after a failure.
    const keep = process.env.FAULTS_LOGS;
    if (keep) {
      mkdirSync(keep, { recursive: true });
      for (const p of [this.server, ...this.started])
        writeFileSync(join(keep, `${p.name}.log`), p.lines.map((l) => l.text).join('\n'));
    }
    const procs = [this.server, ...this.workers].filter((p): p is Proc => p !== undefined && p.alive());
    for (const p of procs) p.signal('SIGTERM');
    for (const p of procs) if ((await within(p.exited, 15_000, 'late')) === 'late') p.signal('SIGKILL');
    await within(this.queue.close(), 5000, undefined);
    await this.smtp.close();
    await within(this.store.close(), 5000, undefined);
    this.services.stop();
  }
}
