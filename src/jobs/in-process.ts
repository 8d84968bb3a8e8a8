import type { Logger } from '../store/ports.js';
import type { Job, JobQueue, Processors } from './queue.js';

export interface InProcessQueueOptions {
  /** Tries per job, the first included. */
  attempts?: number;
  /** Delay before the second try; doubled for each later one. */
  backoffMs?: number;
  /** Jobs run at once. */
  concurrency?: number;
  logger: Logger;
}

interface Entry {
  job: Job;
  jobId: string;
}

/**
 * Runs jobs in this process, with the same processors and the same retry rule a Redis-backed
 * queue would apply. What is queued is lost if the process stops: a match run left `queued` is
 * enqueued again by whoever asks for it next (see the match-run processor). For one process
 * (the embedded default); several processes need a shared queue.
 */
export class InProcessQueue implements JobQueue {
  private readonly waiting: Entry[] = [];
  /** Ids waiting or running: a second enqueue of one of them is a no-op. */
  private readonly pending = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
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

  async enqueue(job: Job, { jobId }: { jobId: string }): Promise<boolean> {
    if (this.closed) throw new Error('the job queue is closed');
    if (this.pending.has(jobId)) return false;
    this.pending.add(jobId);
    this.waiting.push({ job, jobId });
    this.pump();
    return true;
  }

  async ready(): Promise<boolean> {
    return !this.closed;
  }

  /** Resolves once nothing is waiting, running or due for a retry. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
    this.pending.clear();
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      this.start(this.waiting.shift()!, 1);
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
    try {
      await (this.processors[job.name] as (data: Job['data'], c: { attempt: number; lastAttempt: boolean }) => Promise<void>)(job.data, { attempt, lastAttempt });
      this.pending.delete(jobId);
    } catch (err) {
      const fields = { job: job.name, jobId, attempt, error: (err as Error).message };
      if (lastAttempt || this.closed) {
        this.options.logger.warn('job.failed', fields);
        this.pending.delete(jobId);
        return;
      }
      this.options.logger.warn('job.retry', fields);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.start(entry, attempt + 1);
      }, this.backoffMs * 2 ** (attempt - 1));
      this.timers.add(timer);
    }
  }
}
