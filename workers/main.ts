/**
 * `npm run workers`: a worker process. Runs the jobs of the queues in WORKER_QUEUES (default all)
 * from the Redis in REDIS_URL, WORKER_CONCURRENCY at a time per queue, over the MongoDB store;
 * keeps the schedules in place (see ScheduleKeeper). On SIGTERM or SIGINT it stops taking jobs and
 * lets the running ones finish (or, past WORKER_GRACE_MS, hands them back) and exits, whatever the
 * state of Redis and MongoDB: at once when it has no job.
 */
import { createLogger, eventLogger } from '../src/logger.js';
import { config } from '../src/config.js';
import { TandemError } from '../src/errors/tandem-error.js';
import { within } from '../src/jobs/bounded.js';
import { BullWorkers } from '../src/jobs/bullmq-workers.js';
import { jobRuntime } from '../src/jobs/runtime.js';
import { MatchingService } from '../src/services/matching.js';
import { openStore, systemClock } from '../src/store/index.js';

async function main(): Promise<void> {
  const cfg = config();
  if (!cfg.redisUrl)
    throw new TandemError(
      'REDIS_URL is not set: the workers take their jobs from Redis (without it, npm start runs them in-process)',
    );
  if (cfg.store.kind !== 'mongodb')
    throw new TandemError(
      'MONGODB_URI is not set: the workers share the store with the server, and the embedded store belongs to one process',
    );
  const logger = eventLogger(createLogger({ level: cfg.server.logLevel }));
  const clock = systemClock;
  const store = await openStore(cfg.store, logger);
  const runtime = jobRuntime(cfg, { store, clock, logger, matching: new MatchingService({ store, clock }) });
  const { queues, concurrency, queuePrefix, lockMs, graceMs } = cfg.workers;
  const workers = new BullWorkers(runtime.processors, {
    redisUrl: cfg.redisUrl,
    prefix: queuePrefix,
    queues,
    concurrency,
    lockDurationMs: lockMs,
    queue: runtime.queue,
    logger,
  });
  await workers.ready();
  await runtime.keep();
  logger.info('workers.ready', { pid: process.pid, queues, concurrency });

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info('workers.stopping', { signal });
      // Whatever the state of Redis and MongoDB, the process is gone shortly after its grace.
      setTimeout(() => {
        logger.warn('workers.stop_forced', { graceMs });
        process.exit(0);
      }, graceMs + STOP_SLACK_MS).unref();
      (async () => {
        const finished = await workers.close(graceMs);
        await runtime.close();
        await within(store.close(), CLOSE_STORE_MS);
        return finished;
      })().then(
        (finished) => {
          logger.info('workers.stopped', { finished });
          // A job still running past the grace has been handed back: only exiting stops its processor;
          // and a connection still retrying (its service away) would keep the process alive.
          process.exit(0);
        },
        (err: unknown) => {
          process.stderr.write(`tandem workers: unclean stop: ${(err as Error).message}\n`);
          process.exit(1);
        },
      );
    });
  }
}

/** Time to close the queues and the store once the jobs are done or handed back. */
const STOP_SLACK_MS = 3000;
const CLOSE_STORE_MS = 1000;

main().catch((err: unknown) => {
  process.stderr.write(
    `tandem workers: ${err instanceof TandemError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
