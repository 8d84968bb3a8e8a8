/**
 * Background work as the services name it: ids and numbers only, never personal data, so a queue
 * backed by Redis holds nothing to protect. The queues themselves live in src/jobs; services only
 * hand jobs to a JobSink.
 */

export type PersonRef = { volunteerId: string } | { beneficiaryId: string };

/** A slice of a programme for a split match run: beneficiaries whose longitude is in [fromLon, toLon). */
export interface RegionSlice {
  index: number;
  of: number;
  fromLon: number;
  toLon: number;
}

export type Job =
  | { name: 'match-run'; data: { orgId: string; runId: string } }
  /** One region of a split match run (a child of `match-merge`): returns its ranked part. */
  | { name: 'match-region'; data: { orgId: string; runId: string; region: RegionSlice } }
  /** Writes a split match run from its regions' parts, once they are all done. */
  | { name: 'match-merge'; data: { orgId: string; runId: string; regions: number } }
  | { name: 'recompute'; data: { orgId: string; programmeId: string; person: PersonRef } }
  | { name: 'email'; data: { orgId: string; messageId: string } }
  /** Writes (then queues the sending of) the e-mails telling a tandem's people it is proposed or started. */
  | { name: 'tandem-news'; data: { orgId: string; tandemId: string; news: 'proposed' | 'started' } }
  /** Lapses the tandems of a programme without contact, tells their mediators, asks for a rematch. */
  | { name: 'lapse-check'; data: { orgId: string; programmeId: string } }
  /** Reminds mediators of proposed tandems with no first meeting after 7 and 14 days. */
  | { name: 'reminders'; data: { orgId: string; programmeId: string } }
  /** Purges unconfirmed sign-ups and expired records. */
  | { name: 'retention'; data: Record<string, never> }
  /** Keeps one lapse-check and reminders schedule per open programme. */
  | { name: 'schedules'; data: Record<string, never> };

export type JobName = Job['name'];
export type JobData<N extends JobName> = Extract<Job, { name: N }>['data'];

export interface QueuedJob {
  job: Job;
  jobId: string;
}

/** Where services hand background work: the queue, or whatever relays to it. */
export interface JobSink {
  /**
   * Adds a job unless one with the same id is already waiting or running (the id makes enqueueing
   * idempotent: a retried request does not run the work twice), or it coalesces with one (see
   * coalesceKey in src/jobs/queue.ts). Returns whether it was added; a queue that cannot take it
   * now (Redis away) says false too, the work being found again in the store by the sweep
   * (src/jobs/sweeper.ts). `delayMs` runs it that much later.
   */
  enqueue(job: Job, options: { jobId: string; delayMs?: number }): Promise<boolean>;
}
