/**
 * The sweep that makes a lost job harmless: whatever Redis lost (restarted empty, a worker
 * killed, a request cut off after its write), the work is found again from what MongoDB holds.
 * Every few seconds one process (they take turns under a key) looks at:
 * - match runs: queued with no job to run them, running past their lease (interrupted), failed
 *   for a passing reason a while ago: queued again, within bounds;
 * - e-mails still pending in the outbox: queued for sending again (a message is sent once);
 * - proposals, less often: beneficiaries whose current set is older than a change it depends on
 *   (see services/matching/reconcile.ts) are recomputed.
 */
import type { MatchRun } from '../domain/index.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import { safeMessage } from './queue.js';
import { queuedRecompute, systemActor } from '../services/context.js';
import type { MatchingService } from '../services/matching.js';
import { listAll } from '../store/paging.js';
import type { Clock, Logger, Patch, Store } from '../store/ports.js';
import { MAX_RUN_ATTEMPTS } from './processors.js';
import type { JobQueue } from './queue.js';

export interface SweepOptions {
  /** Between two sweeps. */
  everyMs: number;
  /** Proposals are reconciled every this many sweeps. */
  reconcileEvery: number;
}

export const DEFAULT_SWEEP: SweepOptions = { everyMs: 15_000, reconcileEvery: 4 };

/** Work younger than this is left to the job its request queued. */
const SETTLE_MS = 10_000;
/** A retryable failed run is queued again this long after it failed, at most MAX_RETRIES times. */
const RETRY_FAILED_MS = 5 * 60_000;
const MAX_RETRIES = 3;
/** Pending e-mails older than this are left for someone to look at (the SMTP server refuses them). */
const MAIL_DAYS_MS = 24 * 3_600_000;
const BATCH = 200;
/** A queue with fewer jobs than this is idle enough for the sweep to look for lost recomputes. */
const IDLE_BACKLOG = 5;
/** More stale beneficiaries than this in a programme are recomputed by one match run. */
const MANY_STALE = 50;

export interface SweepReport {
  runs: number;
  mails: number;
  stale: number;
}

export class Sweeper {
  private timer?: NodeJS.Timeout;
  private ticks = 0;
  private running?: Promise<unknown>;
  /** A sweep failed (a service away): the next failures are not logged again until one succeeds. */
  private failing = false;

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      logger: Logger;
      queue: JobQueue;
      matching: Pick<MatchingService, 'staleBeneficiaries'>;
    },
    private readonly options: SweepOptions = DEFAULT_SWEEP,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => (this.failing = false))
        .catch((err: unknown) => {
          if (!this.failing) this.deps.logger.warn('sweep.failed', { error: safeMessage(err) });
          this.failing = true;
        })
        .finally(() => (this.running = undefined));
    }, this.options.everyMs);
    this.timer.unref();
  }

  /** Stops sweeping; a sweep under way is not waited for (it may be retrying an absent store). */
  stop(): void {
    clearInterval(this.timer);
  }

  /** One sweep, unless another process took this turn; returns what it queued again. */
  async sweep(): Promise<SweepReport | null> {
    const { store, clock } = this.deps;
    const now = clock.now();
    if (!(await store.keys.claim('sweep', {}, new Date(now.getTime() + this.options.everyMs * 0.8), now))) return null;
    // Proposals are reconciled when the queue is (nearly) idle: a busy one is still doing the work.
    const reconcile =
      this.ticks++ % this.options.reconcileEvery === 0 &&
      (await this.deps.queue.backlog().catch(() => Infinity)) < IDLE_BACKLOG;
    const report: SweepReport = { runs: 0, mails: 0, stale: 0 };
    for (const org of await store.organisations.listAll()) {
      report.runs += await this.runs(org.id, now);
      if (reconcile) report.stale += await this.proposals(org.id, now);
    }
    // Replaced sets an interrupted write left among the current ones leave them.
    if (reconcile) await store.proposals.pruneSuperseded(now);
    report.mails = await this.mails(now);
    if (report.runs + report.mails + report.stale > 0) this.deps.logger.info('sweep.requeued', { ...report });
    return report;
  }

  private async runs(orgId: string, now: Date): Promise<number> {
    const { store } = this.deps;
    const at = now.toISOString();
    const settled = new Date(now.getTime() - SETTLE_MS).toISOString();
    let requeued = 0;
    const again = async (run: MatchRun, patch: Patch<MatchRun>) => {
      let updated: MatchRun;
      try {
        updated = await store.matchRuns.update(orgId, run.id, run.version, patch, now);
      } catch (err) {
        // It moved meanwhile (its worker is at it): nothing to do.
        if (err instanceof VersionConflictError) return;
        throw err;
      }
      if (updated.status !== 'queued') return;
      await this.deps.queue.enqueue(
        { name: 'match-run', data: { orgId, runId: run.id } },
        { jobId: `${run.id}#${updated.version}` },
      );
      requeued++;
    };
    for (const run of await listAll(store.matchRuns, orgId, { status: { in: ['queued', 'running', 'failed'] } })) {
      if (run.status === 'queued' && run.updatedAt < settled) await again(run, { status: 'queued' });
      else if (run.status === 'running' && (run.leaseUntil ?? run.updatedAt) < at) {
        await again(
          run,
          (run.attempts ?? 0) >= MAX_RUN_ATTEMPTS
            ? {
                status: 'failed',
                finishedAt: at,
                error: `interrupted ${MAX_RUN_ATTEMPTS} times (its workers stopped or were killed)`,
                retryable: true,
                leaseUntil: undefined,
              }
            : { status: 'queued', leaseUntil: undefined },
        );
      } else if (
        run.status === 'failed' &&
        run.retryable &&
        (run.retries ?? 0) < MAX_RETRIES &&
        (run.finishedAt ?? run.updatedAt) < new Date(now.getTime() - RETRY_FAILED_MS).toISOString()
      )
        await again(run, {
          status: 'queued',
          attempts: 0,
          retries: (run.retries ?? 0) + 1,
          retryable: undefined,
          finishedAt: undefined,
          error: undefined,
        });
    }
    return requeued;
  }

  private async mails(now: Date): Promise<number> {
    const settled = new Date(now.getTime() - SETTLE_MS).toISOString();
    const oldest = new Date(now.getTime() - MAIL_DAYS_MS).toISOString();
    // One job per message and minute at most: the sender sends a message once.
    const minute = Math.floor(now.getTime() / 60_000);
    let queued = 0;
    for (const m of await this.deps.store.outbox.listPending(BATCH)) {
      if (m.createdAt > settled || m.createdAt < oldest) continue;
      if (
        await this.deps.queue.enqueue(
          { name: 'email', data: { orgId: m.orgId, messageId: m.id } },
          { jobId: `${m.id}#${minute}` },
        )
      )
        queued++;
    }
    return queued;
  }

  /**
   * Recomputes the beneficiaries whose proposals are stale; many at once (a programme never
   * computed, a long outage) make one match run instead. A programme with a run under way is left
   * to it.
   */
  private async proposals(orgId: string, now: Date): Promise<number> {
    const { store, matching, queue } = this.deps;
    const settled = new Date(now.getTime() - SETTLE_MS);
    const round = Math.floor(now.getTime() / this.options.everyMs);
    const busy = new Set(
      (await listAll(store.matchRuns, orgId, { status: { in: ['queued', 'running'] } })).map(
        (r) => r.scope.programmeId,
      ),
    );
    let queued = 0;
    for (const programme of await listAll(store.programmes, orgId, { status: 'open' })) {
      if (busy.has(programme.id)) continue;
      const stale = await matching.staleBeneficiaries(orgId, programme.id, settled);
      if (stale.length > MANY_STALE) {
        const run = await store.matchRuns.insert(
          queuedRecompute(orgId, programme.id, systemActor(orgId, 'sweep').userId, now.toISOString()),
        );
        await queue.enqueue({ name: 'match-run', data: { orgId, runId: run.id } }, { jobId: run.id });
        queued += stale.length;
        continue;
      }
      for (const beneficiaryId of stale) {
        await queue.enqueue(
          { name: 'recompute', data: { orgId, programmeId: programme.id, person: { beneficiaryId } } },
          { jobId: `reconcile:${orgId}:${programme.id}:${beneficiaryId}:${round}` },
        );
        queued++;
      }
    }
    return queued;
  }
}
