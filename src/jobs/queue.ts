/**
 * The job-queue port: background work the API hands off (a programme's match run, a recompute
 * around a changed person, an e-mail from the outbox). Jobs carry ids only, never personal data,
 * so a queue backed by Redis holds nothing to protect. The in-process adapter (in-process.ts)
 * runs them in this process; a BullMQ adapter can implement the same port.
 */

export type PersonRef = { volunteerId: string } | { beneficiaryId: string };

export type Job =
  | { name: 'match-run'; data: { orgId: string; runId: string } }
  | { name: 'recompute'; data: { orgId: string; programmeId: string; person: PersonRef } }
  | { name: 'email'; data: { orgId: string; messageId: string } };

export type JobName = Job['name'];
export type JobData<N extends JobName> = Extract<Job, { name: N }>['data'];

export interface JobContext {
  /** 1 on the first try. */
  attempt: number;
  /** Whether a failure of this attempt is final (no retry follows). */
  lastAttempt: boolean;
}

/** What runs a job; the same functions whatever the queue. A throw means "retry, if attempts remain". */
export type Processors = { [N in JobName]: (data: JobData<N>, context: JobContext) => Promise<void> };

export interface JobQueue {
  /**
   * Adds a job unless one with the same id is already waiting or running (the id makes enqueueing
   * idempotent: a retried request does not run the work twice). Returns whether it was added.
   */
  enqueue(job: Job, options: { jobId: string }): Promise<boolean>;
  /** Whether the queue can take jobs (for /readyz). */
  ready(): Promise<boolean>;
  /** Stops taking jobs and waits for the running ones. */
  close(): Promise<void>;
}
