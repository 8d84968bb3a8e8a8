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

export interface JobRuntime {
  processors: Processors;
  /** BullMQ when REDIS_URL is set (the jobs then run in `npm run workers`), else in this process. */
  queue: JobQueue;
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
  const processors = createProcessors({
    ...deps,
    ...(mailer && { mailer }),
    publicUrl: cfg.server.publicUrl,
    split: cfg.workers.split,
    schedules: { lapseCheck: cfg.workers.lapseCheckCron },
  });
  const queue = cfg.redisUrl
    ? new BullQueue({ redisUrl: cfg.redisUrl, prefix: cfg.workers.queuePrefix, logger: deps.logger })
    : new InProcessQueue(processors, { logger: deps.logger, concurrency: cfg.workers.concurrency });
  return {
    processors,
    queue,
    async close() {
      await queue.close();
      mailer?.close();
    },
  };
}
