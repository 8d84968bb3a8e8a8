import { CronExpressionParser } from 'cron-parser';
import { TIME_ZONE } from '../domain/calendar.js';
import type { Logger } from '../store/ports.js';
import {
  coalesceKey,
  PermanentJobError,
  runJob,
  safeMessage,
  type Job,
  type JobContext,
  type JobQueue,
  type Processors,
  type QueuedJob,
} from './queue.js';

export interface InProcessQueueOptions {
  /** Tries per job, the first included. */
  attempts?: number;
  /** Delay before the second try; doubled for each later one. */
  backoffMs?: number;
  /** Jobs run at once. */
  concurrency?: number;
  logger: Logger;
}

interface Entry extends QueuedJob {
  /** For a flow's parent: what its children returned. */
  childResults?: unknown[];
  /** Runs once this entry is finished, whether it succeeded. */
  onSettled?: (result: { ok: true; value: unknown } | { ok: false }) => void;
}

/** The coalescing state of one key (see coalesceKey): what waits, what runs, what follows. */
interface Slot {
  waiting: boolean;
  running: boolean;
  next?: Entry;
}

/**
 * Runs jobs in this process, with the same processors and the same retry rule as the BullMQ
 * adapter: attempts with exponential backoff, no retry after a PermanentJobError, coalesced
 * recomputes, flows, delays and cron schedules. What is queued is lost if the process stops: a
 * match run left `queued` is enqueued again by whoever asks for it next, schedules are set up
 * again at start. For one process (the embedded default); several processes need BullMQ.
 */
export class InProcessQueue implements JobQueue {
  private readonly waiting: Entry[] = [];
  /** Ids waiting, delayed, running or due for a retry: a second enqueue of one of them is a no-op. */
  private readonly pending = new Set<string>();
  private readonly slots = new Map<string, Slot>();
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly schedulers = new Map<string, NodeJS.Timeout>();
  private closed = false;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly processors: Processors,
    private readonly options: InProcessQueueOptions,
  ) {
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
    this.concurrency = options.concurrency ?? 2;
  }

  async enqueue(job: Job, { jobId, delayMs }: { jobId: string; delayMs?: number }): Promise<boolean> {
    return this.add({ job, jobId }, delayMs ?? 0);
  }

  async enqueueFlow(parent: QueuedJob, children: QueuedJob[]): Promise<void> {
    if (this.closed) throw new Error('the job queue is closed');
    if (this.pending.has(parent.jobId)) return;
    this.pending.add(parent.jobId);
    const results: unknown[] = [];
    let left = children.length;
    const settled = (result: { ok: true; value: unknown } | { ok: false }) => {
      if (result.ok) results.push(result.value);
      if (--left === 0) this.push({ ...parent, childResults: results });
    };
    if (left === 0) this.push({ ...parent, childResults: results });
    for (const child of children) {
      if (!this.add({ ...child, onSettled: settled }, 0)) settled({ ok: false });
    }
  }

  async schedule(schedulerId: string, pattern: string, job: Job): Promise<void> {
    await this.unschedule(schedulerId);
    const arm = () => {
      const at = CronExpressionParser.parse(pattern, { tz: TIME_ZONE, currentDate: new Date() }).next().getTime();
      // setTimeout holds at most ~24.8 days; a farther run is armed again on the way.
      const timer = setTimeout(
        () => {
          if (Date.now() >= at) void this.enqueue(job, { jobId: `${schedulerId}:${at}` });
          arm();
        },
        Math.min(at - Date.now(), 2 ** 31 - 1),
      );
      timer.unref();
      this.schedulers.set(schedulerId, timer);
    };
    arm();
  }

  async unschedule(schedulerId: string): Promise<void> {
    clearTimeout(this.schedulers.get(schedulerId));
    this.schedulers.delete(schedulerId);
  }

  async backlog(): Promise<number> {
    return this.pending.size;
  }

  async schedules(): Promise<string[]> {
    return [...this.schedulers.keys()].sort();
  }

  async ready(): Promise<boolean> {
    return !this.closed;
  }

  /** Resolves once nothing is waiting, running or due for a retry (delayed jobs included). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of [...this.timers, ...this.schedulers.values()]) clearTimeout(timer);
    this.timers.clear();
    this.schedulers.clear();
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
    this.pending.clear();
    this.slots.clear();
  }

  /** Queues an entry unless its id is pending or it coalesces with one; returns whether it did. */
  private add(entry: Entry, delayMs: number): boolean {
    if (this.closed) throw new Error('the job queue is closed');
    if (this.pending.has(entry.jobId)) return false;
    const key = coalesceKey(entry.job);
    const slot = key === undefined ? undefined : this.slots.get(key);
    if (slot?.waiting) return false;
    if (slot?.running) {
      slot.next = entry;
      return true;
    }
    if (key !== undefined) this.slots.set(key, { waiting: true, running: false });
    this.pending.add(entry.jobId);
    if (delayMs <= 0) this.push(entry);
    else this.later(delayMs, () => this.push(entry));
    return true;
  }

  private push(entry: Entry): void {
    if (this.closed) return;
    this.pending.add(entry.jobId);
    this.waiting.push(entry);
    this.pump();
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      const key = coalesceKey(entry.job);
      if (key !== undefined) this.slots.set(key, { ...this.slots.get(key), waiting: false, running: true });
      this.start(entry, 1);
    }
  }

  private start(entry: Entry, attempt: number): void {
    const run = this.run(entry, attempt).finally(() => {
      this.running.delete(run);
      this.pump();
    });
    this.running.add(run);
  }

  private async run(entry: Entry, attempt: number): Promise<void> {
    const { job, jobId } = entry;
    const lastAttempt = attempt >= this.attempts;
    const context: JobContext = {
      attempt,
      lastAttempt,
      progress: async () => {},
      childResults: async () => entry.childResults ?? [],
      queue: this,
    };
    try {
      const value = await runJob(this.processors, job, context);
      this.finish(entry, { ok: true, value });
    } catch (err) {
      const permanent = err instanceof PermanentJobError;
      const fields = { job: job.name, jobId, attempt, error: safeMessage(err) };
      if (lastAttempt || permanent || this.closed) {
        this.options.logger.warn('job.failed', { ...fields, permanent });
        this.finish(entry, { ok: false });
        return;
      }
      this.options.logger.warn('job.retry', fields);
      this.later(this.backoffMs * 2 ** (attempt - 1), () => this.start(entry, attempt + 1));
    }
  }

  private finish(entry: Entry, result: { ok: true; value: unknown } | { ok: false }): void {
    this.pending.delete(entry.jobId);
    const key = coalesceKey(entry.job);
    const slot = key === undefined ? undefined : this.slots.get(key);
    if (key !== undefined && slot) {
      this.slots.delete(key);
      if (slot.next && !this.closed) this.add(slot.next, 0);
    }
    entry.onSettled?.(result);
  }
}
