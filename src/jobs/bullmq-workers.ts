import { UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../store/ports.js';
import {
  PermanentJobError,
  runJob,
  safeMessage,
  type JobContext,
  type JobQueue,
  type Processors,
  type QueueName,
} from './queue.js';

export interface BullWorkersOptions {
  redisUrl: string;
  prefix: string;
  /** The queues this process serves. */
  queues: readonly QueueName[];
  /** Jobs run at once, per queue. */
  concurrency: number;
  /** How long a job's lock lasts without renewal: a worker that died loses its job after this (then the stalled check hands it on). */
  lockDurationMs?: number;
  /** The queue the jobs lead to others through. */
  queue: JobQueue;
  logger: Logger;
}

/**
 * Runs the processors on BullMQ workers, one per served queue. A PermanentJobError becomes
 * BullMQ's UnrecoverableError (failed at once, no retry); anything else is retried with the
 * job's backoff. Stalled-job recovery stays on: a job whose worker died is run again elsewhere.
 */
export class BullWorkers {
  private readonly workers: Worker[];
  private readonly connections: Redis[] = [];

  constructor(processors: Processors, options: BullWorkersOptions) {
    const { logger } = options;
    this.workers = options.queues.map((name) => {
      // Workers block on Redis and must wait through an outage rather than fail their commands.
      const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', (err: Error) => logger.warn('worker.redis_error', { queue: name, error: err.message }));
      this.connections.push(connection);
      const worker = new Worker(name, (job) => this.run(processors, options.queue, job), {
        connection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        name: `tandem-${process.pid}`,
        ...(options.lockDurationMs && {
          lockDuration: options.lockDurationMs,
          stalledInterval: options.lockDurationMs,
        }),
      });
      worker.on('failed', (job, err) =>
        logger.warn('job.failed', {
          queue: name,
          job: job?.name,
          jobId: job?.id,
          attempts: job?.attemptsMade,
          error: safeMessage(err),
        }),
      );
      worker.on('error', (err) => logger.warn('worker.error', { queue: name, error: err.message }));
      return worker;
    });
  }

  /** Resolves once every worker is connected and waiting for jobs. */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  /**
   * Stops taking jobs and lets the running ones finish. Resolves with false when some still run
   * after `graceMs`: with the connections closed their locks are no longer renewed, so they go to
   * another worker once the locks expire; the caller should then end the process, which alone
   * stops their processors.
   */
  async close(graceMs = 30_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    // Not awaited past the grace: BullMQ cannot cut a close() short (a close(true) after it waits for it).
    const finished = (await Promise.race([Promise.all(this.workers.map((w) => w.close())), late])) !== 'late';
    clearTimeout(timer);
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
    return finished;
  }

  private async run(processors: Processors, queue: JobQueue, job: BullJob): Promise<unknown> {
    const attempt = job.attemptsMade + 1;
    const context: JobContext = {
      attempt,
      lastAttempt: attempt >= (job.opts.attempts ?? 1),
      progress: (fraction) => job.updateProgress(Math.round(fraction * 100)),
      childResults: async () => Object.values(await job.getChildrenValues()),
      queue,
    };
    try {
      return await runJob(processors, job, context);
    } catch (err) {
      // What is thrown is kept in Redis as the job's failure: masked like a log line.
      if (err instanceof PermanentJobError) throw new UnrecoverableError(safeMessage(err));
      throw new Error(safeMessage(err), { cause: err });
    }
  }
}
