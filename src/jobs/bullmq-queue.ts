import { FlowProducer, Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { TIME_ZONE } from '../domain/calendar.js';
import type { Logger } from '../store/ports.js';
import { within } from './bounded.js';
import { RedisHealth } from './redis-health.js';
import {
  coalesceKey,
  QUEUE_NAMES,
  QUEUE_OF,
  type Job,
  type JobQueue,
  type QueuedJob,
  type QueueName,
} from './queue.js';

export interface BullQueueOptions {
  redisUrl: string;
  /** Key prefix of every queue: one per deployment, one per test. */
  prefix: string;
  /** Tries per job, the first included. */
  attempts?: number;
  /** Delay before the second try; doubled for each later one. */
  backoffMs?: number;
  logger: Logger;
}

const HOUR_S = 3600;
/** How long closing may wait for Redis to say goodbye before the connection is dropped. */
const CLOSE_MS = 2000;

/** BullMQ keeps `:` for its own keys: the port's ids (`recompute:org:…`) are escaped, one to one. */
const bullId = (id: string) => id.replace(/%/g, '%25').replace(/:/g, '%3A');
const portId = (id: string) => id.replace(/%3A/g, ':').replace(/%25/g, '%');

/**
 * The job-queue port on BullMQ (Redis): the producer side, used by the API and by jobs that lead
 * to others. One BullMQ queue per kind of work (QUEUE_NAMES), so worker processes may serve some
 * of them; BullWorkers (bullmq-workers.ts) runs the processors. Recomputes coalesce with BullMQ's
 * deduplication (keepLastIfActive: one waiting behind one running at most); flows run a split
 * match run's regions on any worker and then its merge; schedules are BullMQ job schedulers.
 */
export class BullQueue implements JobQueue {
  readonly queues: ReadonlyMap<QueueName, Queue>;
  private readonly connection: Redis;
  private readonly flows: FlowProducer;
  private readonly jobOptions: JobsOptions;
  /** Whether Redis answers, logged once when it stops and once when it is back. */
  readonly health: RedisHealth;

  constructor(private readonly options: BullQueueOptions) {
    // Commands fail at once while Redis is away rather than pile up: callers keep their intents
    // in the store (see the relay), so a request never waits on Redis.
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.health = new RedisHealth(options.logger, 'queue');
    this.health.watch(this.connection);
    const shared = { connection: this.connection, prefix: options.prefix };
    this.queues = new Map(QUEUE_NAMES.map((name) => [name, new Queue(name, shared)]));
    this.flows = new FlowProducer(shared);
    for (const q of this.queues.values()) q.on('error', this.health.failed);
    this.flows.on('error', this.health.failed);
    this.jobOptions = {
      attempts: options.attempts ?? 3,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
      // Kept a while for Bull Board and for answering duplicates, then dropped.
      removeOnComplete: { age: HOUR_S, count: 10_000 },
      removeOnFail: { age: 7 * 24 * HOUR_S },
    };
  }

  /** The key prefix of its queues (workers of the same queues use the same). */
  get prefix(): string {
    return this.options.prefix;
  }

  /**
   * Adds a job; while Redis cannot take it, says false and leaves it to the sweep, which finds the
   * same work again in the store (see sweeper.ts): a request is never failed, nor its write
   * undone, because Redis is away.
   */
  async enqueue(job: Job, { jobId, delayMs }: { jobId: string; delayMs?: number }): Promise<boolean> {
    const queue = this.queue(job);
    const id = bullId(jobId);
    try {
      if (await queue.getJob(id)) return false;
      const key = coalesceKey(job);
      const added = await queue.add(job.name, job.data, {
        ...this.jobOptions,
        jobId: id,
        ...(delayMs && { delay: delayMs }),
        ...(key && { deduplication: { id: key, keepLastIfActive: true } }),
      });
      return added.id === id;
    } catch (err) {
      if (this.health.up)
        this.options.logger.warn('queue.enqueue_deferred', { job: job.name, error: (err as Error).message });
      return false;
    }
  }

  async enqueueFlow(parent: QueuedJob, children: QueuedJob[]): Promise<void> {
    await this.flows.add({
      name: parent.job.name,
      queueName: QUEUE_OF[parent.job.name],
      data: parent.job.data,
      opts: { ...this.jobOptions, jobId: bullId(parent.jobId) },
      children: children.map(({ job, jobId }) => ({
        name: job.name,
        queueName: QUEUE_OF[job.name],
        data: job.data,
        // A child that fails for good still lets the parent run, which then sees a part missing.
        opts: { ...this.jobOptions, jobId: bullId(jobId), ignoreDependencyOnFailure: true },
      })),
    });
  }

  async schedule(schedulerId: string, pattern: string, job: Job): Promise<void> {
    await this.queue(job).upsertJobScheduler(
      bullId(schedulerId),
      { pattern, tz: TIME_ZONE },
      { name: job.name, data: job.data, opts: this.jobOptions },
    );
  }

  async unschedule(schedulerId: string): Promise<void> {
    for (const queue of this.queues.values()) await queue.removeJobScheduler(bullId(schedulerId));
  }

  async backlog(): Promise<number> {
    let n = 0;
    for (const q of this.queues.values()) {
      const counts = await q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      n += Object.values(counts).reduce((a, b) => a + b, 0);
      n += (await q.getDelayed()).filter((job) => !job.repeatJobKey).length;
    }
    return n;
  }

  async schedules(): Promise<string[]> {
    const ids: string[] = [];
    for (const queue of this.queues.values())
      ids.push(...(await queue.getJobSchedulers(0, -1)).map((s) => portId(s.key)));
    return ids.sort();
  }

  /** Resolves once Redis answers (commands fail at once before: see the connection's options). */
  async whenReady(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.waitUntilReady()));
  }

  async ready(): Promise<boolean> {
    return (await this.connection.ping()) === 'PONG';
  }

  /** Closes the queues; past a short wait (Redis may be away) the connection is dropped. */
  async close(): Promise<void> {
    await within(Promise.all([...[...this.queues.values()].map((q) => q.close()), this.flows.close()]), CLOSE_MS);
    this.connection.disconnect();
  }

  private queue(job: Job): Queue {
    return this.queues.get(QUEUE_OF[job.name])!;
  }
}
