/**
 * `npm start`: reads the configuration once, opens the store (embedded unless MONGODB_URI is
 * set), loads the demo on an empty embedded store, runs the jobs in this process (or queues them
 * in Redis for `npm run workers` when REDIS_URL is set), serves the API and stops cleanly on
 * SIGTERM or SIGINT.
 */
import type { Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSeeds, readSeeds } from './demo/seeds.js';
import { createApp } from './app.js';
import { DEFAULT_API_CONFIG } from './http/deps.js';
import { createLogger, eventLogger } from './logger.js';
import { config } from './config.js';
import { ROLES } from './domain/index.js';
import { TandemError } from './errors/tandem-error.js';
import { jobRuntime } from './jobs/runtime.js';
import { queuedRecompute, systemActor } from './services/context.js';
import { MatchingService } from './services/matching.js';
import { PeopleService } from './services/people.js';
import { SignupService } from './services/signup.js';
import { TandemService } from './services/tandems.js';
import { openStore, systemClock } from './store/index.js';
import type { Store } from './store/ports.js';

/** How long open connections may take to finish once the server stops listening. */
const DRAIN_MS = 10_000;

/** seeds/ from the sources (src/server.ts) or the build (dist/src/server.js). */
const SEEDS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  import.meta.url.includes('/dist/') ? '../../seeds' : '../seeds',
);

async function main(): Promise<void> {
  const cfg = config();
  const logger = createLogger({ level: cfg.server.logLevel });
  const events = eventLogger(logger);
  const clock = systemClock;
  const store = await openStore(cfg.store, events);
  const seeded =
    cfg.store.kind === 'embedded' && (await store.organisations.listAll()).length === 0
      ? await seedDemo(store, cfg.demoPassword)
      : [];

  const matching = new MatchingService({ store, clock });
  const serviceDeps = { store, clock, logger: events };
  // With REDIS_URL the jobs go to BullMQ for `npm run workers`, which also keeps the schedules;
  // without it they run here, schedules included.
  const jobs = jobRuntime(cfg, { ...serviceDeps, matching });
  const { queue } = jobs;
  // Schedules kept in place by every process, whatever Redis loses (with REDIS_URL, the workers too).
  void jobs.keep().catch((err: unknown) => events.warn('schedules.keep_failed', { error: (err as Error).message }));
  const app = createApp({
    store,
    clock,
    config: {
      ...DEFAULT_API_CONFIG,
      publicUrl: cfg.server.publicUrl,
      trustProxy: cfg.server.trustProxy,
      ...(cfg.server.operatorOrg && { operatorOrg: cfg.server.operatorOrg }),
    },
    services: {
      matching,
      tandems: new TandemService(serviceDeps),
      people: new PeopleService(serviceDeps),
      signup: new SignupService(serviceDeps),
    },
    queue,
    logger,
  });
  // The demo's proposals are computed once, in the background, like any match run.
  for (const { orgId, programmeId } of seeded) {
    const run = await store.matchRuns.insert(
      queuedRecompute(orgId, programmeId, systemActor(orgId, 'seed').userId, clock.now().toISOString()),
    );
    await queue.enqueue({ name: 'match-run', data: { orgId, runId: run.id } }, { jobId: run.id });
  }

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(cfg.server.port, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.server.port;
  const where = cfg.store.kind === 'mongodb' ? 'MongoDB' : `the embedded store in ${cfg.store.dataDir}`;
  process.stdout.write(
    `tandem listening on http://localhost:${port} (pages /app and /signup, API /api/v1, docs /api/docs) with ${where}\n`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'server.stopping', signal }, 'stopping');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    await closed;
    clearTimeout(timer);
    await jobs.close();
    await store.close();
    logger.info({ event: 'server.stopped' }, 'stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop(signal).then(
        () => (process.exitCode = 0),
        (err: unknown) => {
          logger.error({ err }, 'unclean stop');
          process.exitCode = 1;
        },
      );
    });
  }
}

/** Loads the demo organisations and prints how to sign in to them; returns the programmes to match. */
async function seedDemo(store: Store, password: string | undefined): Promise<{ orgId: string; programmeId: string }[]> {
  const report = await loadSeeds(store, await readSeeds(SEEDS_DIR), password);
  const lines = [`Empty embedded store: loaded the demo (${report.organisations.join(', ')}).`, 'Demo sign-ins:'];
  for (const slug of report.organisations) lines.push(`  ${ROLES.map((role) => `${role}@${slug}.example`).join('  ')}`);
  lines.push(
    report.generatedPassword
      ? `  password (shown this once): ${report.generatedPassword}`
      : '  password: TANDEM_DEMO_PASSWORD',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  const out: { orgId: string; programmeId: string }[] = [];
  for (const org of await store.organisations.listAll()) {
    for (const programme of await store.programmes.list(org.id)) out.push({ orgId: org.id, programmeId: programme.id });
  }
  return out;
}

main().catch((err: unknown) => {
  process.stderr.write(
    `tandem: ${err instanceof TandemError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
