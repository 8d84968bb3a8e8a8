/**
 * The jobs as a process runs them, from the configuration: the processors over the services
 * (with SMTP when SMTP_URL is set) and the queue (BullMQ when REDIS_URL is set, else in this
 * process). Shared by `npm start` and `npm run workers`, so both run the same processors.
 */
import type { Config } from '../config.js';
import { SmtpMailer } from '../mail/smtp-mailer.js';
import type { MatchingService } from '../services/matching.js';
import type { Clock, Logger, Store } from '../store/ports.js';
import { BullQueue } from './bullmq-queue.js';
import { InProcessQueue } from './in-process.js';
import { createProcessors } from './processors.js';
import type { JobQueue, Processors } from './queue.js';
import { ScheduleKeeper } from './schedules.js';
import { Sweeper } from './sweeper.js';

export interface JobRuntime {
  processors: Processors;
  /** BullMQ when REDIS_URL is set (the jobs then run in `npm run workers`), else in this process. */
  queue: JobQueue;
  /**
   * Starts what keeps the queue whole whatever Redis loses: the schedules (synced now, on every
   * reconnection, and when found missing) and the sweep for lost work. The server and every
   * worker process run both (the sweep takes turns).
   */
  keep(): Promise<void>;
  close(): Promise<void>;
}

export function jobRuntime(
  cfg: Config,
  deps: { store: Store; clock: Clock; logger: Logger; matching: MatchingService },
): JobRuntime {
  const mailer = cfg.workers.smtpUrl
    ? new SmtpMailer({
        url: cfg.workers.smtpUrl,
        from: cfg.workers.mailFrom,
        domain: new URL(cfg.server.publicUrl).hostname,
      })
    : undefined;
  // A running match run renews its lease well within this; a worker killed lets it go after it.
  const runLeaseMs = Math.max(10_000, 2 * cfg.workers.lockMs);
  const processors = createProcessors({
    runLeaseMs,
    ...deps,
    ...(mailer && { mailer }),
    publicUrl: cfg.server.publicUrl,
    split: cfg.workers.split,
    schedules: { lapseCheck: cfg.workers.lapseCheckCron },
  });
  const bull = cfg.redisUrl
    ? new BullQueue({ redisUrl: cfg.redisUrl, prefix: cfg.workers.queuePrefix, logger: deps.logger })
    : undefined;
  const queue = bull ?? new InProcessQueue(processors, { logger: deps.logger, concurrency: cfg.workers.concurrency });
  const keeper = new ScheduleKeeper(deps.store, queue, deps.logger, { lapseCheck: cfg.workers.lapseCheckCron });
  const sweeper = new Sweeper({ ...deps, queue }, { everyMs: cfg.workers.sweepMs, reconcileEvery: 4 });
  return {
    processors,
    queue,
    async keep() {
      await bull?.whenReady();
      keeper.start(bull && ((listener) => bull.health.whenBack(listener)));
      sweeper.start();
    },
    async close() {
      keeper.stop();
      sweeper.stop();
      await queue.close();
      mailer?.close();
    },
  };
}
