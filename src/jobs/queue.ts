/**
 * The job-queue port: background work the API hands off (a programme's match run, a recompute
 * around a changed person, an e-mail from the outbox) and what runs on a schedule (lapse checks,
 * reminders, retention). Jobs carry ids and numbers only, never personal data, so a queue backed
 * by Redis holds nothing to protect. Two adapters: in this process (in-process.ts) and BullMQ
 * (bullmq-queue.ts, with workers in bullmq-workers.ts); both run the same processors with the
 * same retry rule.
 */
import { z } from 'zod';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';

export type { Job, JobData, JobName, JobSink, PersonRef, QueuedJob, RegionSlice } from '../domain/jobs.js';
import type { Job, JobData, JobName, JobSink, QueuedJob } from '../domain/jobs.js';

export const JOB_NAMES = [
  'match-run',
  'match-region',
  'match-merge',
  'recompute',
  'email',
  'tandem-news',
  'lapse-check',
  'reminders',
  'retention',
  'schedules',
] as const satisfies readonly JobName[];

/** Queues by kind of work, so a worker process can serve some of them (WORKER_QUEUES). */
export const QUEUE_NAMES = ['match', 'recompute', 'notify', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const QUEUE_OF: Record<JobName, QueueName> = {
  'match-run': 'match',
  'match-region': 'match',
  'match-merge': 'match',
  recompute: 'recompute',
  email: 'notify',
  'tandem-news': 'notify',
  'lapse-check': 'maintenance',
  reminders: 'maintenance',
  retention: 'maintenance',
  schedules: 'maintenance',
};

const Id = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/);
const Lon = z.number().min(-181).max(181);
const Empty = z.strictObject({});
const Programme = z.strictObject({ orgId: Id, programmeId: Id });

/** What each job's data must be: a processor given anything else fails at once, without retries. */
export const JOB_DATA: { [N in JobName]: z.ZodType<JobData<N>> } = {
  'match-run': z.strictObject({ orgId: Id, runId: Id }),
  'match-region': z.strictObject({
    orgId: Id,
    runId: Id,
    region: z.strictObject({
      index: z.number().int().min(0),
      of: z.number().int().min(1).max(64),
      fromLon: Lon,
      toLon: Lon,
    }),
  }),
  'match-merge': z.strictObject({ orgId: Id, runId: Id, regions: z.number().int().min(1).max(64) }),
  recompute: z.strictObject({
    orgId: Id,
    programmeId: Id,
    person: z.union([z.strictObject({ volunteerId: Id }), z.strictObject({ beneficiaryId: Id })]),
  }),
  email: z.strictObject({ orgId: Id, messageId: Id }),
  'tandem-news': z.strictObject({ orgId: Id, tandemId: Id, news: z.enum(['proposed', 'started']) }),
  'lapse-check': Programme,
  reminders: Programme,
  retention: Empty,
  schedules: Empty,
};

/**
 * Several recomputes of one person coalesce: while one waits, another is not queued; while one
 * runs, the latest other one waits behind it. So a burst of edits runs at most twice.
 */
export function coalesceKey(job: Job): string | undefined {
  if (job.name !== 'recompute') return undefined;
  const { orgId, programmeId, person } = job.data;
  return `recompute:${orgId}:${programmeId}:${'volunteerId' in person ? person.volunteerId : person.beneficiaryId}`;
}

/** An error's message fit for a log or a stored record: e-mail addresses (an SMTP refusal names its recipient) masked. */
export function safeMessage(err: unknown): string {
  return String((err as Error)?.message ?? err).replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '[address]');
}

/** A failure that no retry can mend (invalid job data, a record that is gone): the job fails at once. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

export interface JobContext {
  /** 1 on the first try. */
  attempt: number;
  /** Whether a failure of this attempt is final (no retry follows). */
  lastAttempt: boolean;
  /** Reports how far a long job is, from 0 to 1. */
  progress(fraction: number): Promise<void>;
  /** For the parent of a flow: what its children returned, in no particular order. */
  childResults(): Promise<unknown[]>;
  /** The queue running this job, for the jobs it leads to. */
  queue: JobQueue;
}

/**
 * What runs a job; the same functions whatever the queue. A throw means "retry, if attempts
 * remain", unless it is a PermanentJobError. What a processor returns is kept as the job's result
 * (a flow's parent reads its children's).
 */
export type Processors = { [N in JobName]: (data: JobData<N>, context: JobContext) => Promise<unknown> };

/**
 * Runs one job through its processor, as both adapters do: the data is checked first, and a
 * failure no retry can mend (bad data, a record gone) comes out as a PermanentJobError.
 */
export async function runJob(
  processors: Processors,
  job: { name: string; data: unknown },
  context: JobContext,
): Promise<unknown> {
  if (!(JOB_NAMES as readonly string[]).includes(job.name)) throw new PermanentJobError(`unknown job ${job.name}`);
  const name = job.name as JobName;
  const checked = JOB_DATA[name].safeParse(job.data);
  if (!checked.success)
    throw new PermanentJobError(
      `invalid ${name} job data: ${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    );
  try {
    return await (processors[name] as (data: unknown, c: JobContext) => Promise<unknown>)(checked.data, context);
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ValidationError)
      throw new PermanentJobError(err.message, { cause: err });
    throw err;
  }
}

export interface JobQueue extends JobSink {
  /**
   * Runs the children (on any worker, at once), then the parent, whose context gives their
   * results. Idempotent by job ids, like enqueue.
   */
  enqueueFlow(parent: QueuedJob, children: QueuedJob[]): Promise<void>;
  /** Runs `job` on a cron pattern (Brussels time) under `schedulerId`, replacing an earlier one. */
  schedule(schedulerId: string, pattern: string, job: Job): Promise<void>;
  unschedule(schedulerId: string): Promise<void>;
  /** Ids of the schedules in place. */
  schedules(): Promise<string[]>;
  /** Jobs waiting or running (a schedule's next run aside); the sweep leaves work to a busy queue. */
  backlog(): Promise<number>;
  /** Whether the queue can take jobs (for /readyz). */
  ready(): Promise<boolean>;
  /** Stops taking jobs and waits for the running ones. */
  close(): Promise<void>;
}
