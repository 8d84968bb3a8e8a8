import { UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../store/ports.js';
import { within } from './bounded.js';
import { RedisHealth } from './redis-health.js';
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

/** Errors that say Redis is away (not that a job or a command went wrong). */
const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|Stream isn't writeable|getaddrinfo/i;
/** Once the running jobs are done, how long BullMQ may take to record them and say goodbye to Redis. */
const SETTLE_MS = 2000;
/** A stalled job (its worker died) goes back to the queue this many times before BullMQ fails it. */
const MAX_STALLED = 5;

/**
 * Runs the processors on BullMQ workers, one per served queue. A PermanentJobError becomes
 * BullMQ's UnrecoverableError (failed at once, no retry); anything else is retried with the
 * job's backoff. Stalled-job recovery stays on: a job whose worker died is run again elsewhere.
 */
export class BullWorkers {
  private readonly workers: Worker[];
  private readonly connections: Redis[] = [];
  /** Processors running now (BullMQ's own bookkeeping needs Redis; this does not). */
  private active = 0;
  /** Jobs whose processor returned, until BullMQ has recorded them as completed or failed. */
  private readonly recording = new Set<string>();
  readonly health: RedisHealth;

  constructor(processors: Processors, options: BullWorkersOptions) {
    const { logger } = options;
    this.health = new RedisHealth(logger, 'workers');
    this.workers = options.queues.map((name) => {
      // Workers block on Redis and must wait through an outage rather than fail their commands.
      const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
      this.health.watch(connection);
      this.connections.push(connection);
      const worker = new Worker(name, (job) => this.run(processors, options.queue, job), {
        connection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        name: `tandem-${process.pid}`,
        maxStalledCount: MAX_STALLED,
        ...(options.lockDurationMs && {
          lockDuration: options.lockDurationMs,
          stalledInterval: options.lockDurationMs,
        }),
      });
      worker.on('completed', (job) => this.recording.delete(job.id!));
      worker.on('failed', (job, err) => {
        if (job) this.recording.delete(job.id!);
        logger.warn('job.failed', {
          queue: name,
          job: job?.name,
          jobId: job?.id,
          attempts: job?.attemptsMade,
          error: safeMessage(err),
        });
      });
      worker.on('error', (err) => {
        if (CONNECTION_ERROR.test(err.message)) this.health.failed(err);
        else if (this.health.up) logger.warn('worker.error', { queue: name, error: safeMessage(err) });
      });
      return worker;
    });
  }

  /** Resolves once every worker is connected and waiting for jobs. */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  /**
   * Stops taking jobs and lets the running ones finish, for at most `graceMs`; with none running
   * it returns at once, whether Redis is there or not. Resolves with false when some still run
   * past the grace: with the connections dropped their locks are no longer renewed, so they go to
   * another worker once the locks expire; the caller should then end the process, which alone
   * stops their processors.
   */
  async close(graceMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + graceMs;
    // No new job from here on; pausing does not wait for Redis.
    await within(Promise.all(this.workers.map((w) => w.pause(true).catch(() => {}))), SETTLE_MS);
    // The running jobs finish, and BullMQ records them (while Redis is there to record them). A
    // job whose lock was lost (its process starved past the lock) is never recorded here: paused,
    // BullMQ drops that error silently, and the stalled check of another worker runs it again.
    let idleSince = 0;
    while (Date.now() < deadline) {
      if (this.active > 0) idleSince = 0;
      else if (!this.health.up || this.recording.size === 0) break;
      else if (!idleSince) idleSince = Date.now();
      else if (Date.now() - idleSince > SETTLE_MS) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const finished = this.active === 0;
    // Nothing left to wait for: BullMQ's goodbyes, forced and brief.
    await within(Promise.all(this.workers.map((w) => w.close(true).catch(() => {}))), this.health.up ? SETTLE_MS : 0);
    for (const c of this.connections) c.disconnect();
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
    this.active++;
    this.recording.add(job.id!);
    try {
      return await runJob(processors, job, context);
    } catch (err) {
      // What is thrown is kept in Redis as the job's failure: masked like a log line.
      if (err instanceof PermanentJobError) throw new UnrecoverableError(safeMessage(err));
      throw new Error(safeMessage(err), { cause: err });
    } finally {
      this.active--;
    }
  }
}
