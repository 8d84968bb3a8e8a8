/**
 * What each job does, the same whatever queue runs it: thin steps over the services. Every
 * processor is safe to run again: a finished match run is not run again, a try of it is taken by
 * one worker (and its sets replace what an interrupted one wrote), a message is sent by one
 * worker and not again, messages and follow-ups have ids of their own.
 */
import type { MatchRun } from '../domain/index.js';
import { retryOnVersionConflict, systemActor } from '../services/context.js';
import { LapseService } from '../services/lapse.js';
import type { MatchingService, RecomputeResult, RegionPart } from '../services/matching.js';
import { NoticeService, sendLater, tandemNews } from '../services/notices.js';
import { PeopleService } from '../services/people.js';
import { TandemService } from '../services/tandems.js';
import type { Mailer } from '../mail/mailer.js';
import type { Clock, Logger, Patch, Store } from '../store/ports.js';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import { PermanentJobError, safeMessage, type JobContext, type Processors } from './queue.js';
import { syncSchedules, type ScheduleOptions } from './schedules.js';

/** When a match run is split by region across workers. */
export interface SplitOptions {
  /** Regions to cut a large programme into; 1 never splits. */
  regions: number;
  /** Waiting beneficiaries from which a programme is large. */
  fromBeneficiaries: number;
}

export const DEFAULT_SPLIT: SplitOptions = { regions: 4, fromBeneficiaries: 20_000 };

export interface ProcessorDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  matching: Pick<MatchingService, 'recomputeProgramme' | 'recomputeAround' | 'regions' | 'rankRegion' | 'writeRun'>;
  /** Without one, messages stay `pending` in the outbox until a sender takes them. */
  mailer?: Mailer;
  /** Base URL of the service, for links in e-mails; default http://localhost:3000. */
  publicUrl?: string;
  split?: SplitOptions;
  schedules?: Partial<ScheduleOptions>;
  /** How long a running match run's lease lasts unrenewed (see MatchRun.leaseUntil). */
  runLeaseMs?: number;
}

/** Tries of a match run before it is marked failed (its workers keep dying). */
export const MAX_RUN_ATTEMPTS = 5;
/** A message being sent is held this long by its sender: a sender that died lets another try after it. */
const SENDING_MS = 2 * 60_000;
/** Recording a message as sent is tried every second, until this long before its hold expires. */
const SENT_RETRY_MS = 1_000;
const SENT_MARGIN_MS = 15_000;

export function createProcessors(deps: ProcessorDeps): Processors {
  const { store, clock, logger, matching, mailer } = deps;
  const { outbox } = store;

  /**
   * A message gone out is recorded as sent through a store outage longer than one operation's
   * retries: were the record lost, another sender would send it again once the hold expires.
   * Tries stop before the hold does, so the retry that may follow cannot overlap a live send.
   */
  async function recordSent(orgId: string, messageId: string, until: number): Promise<void> {
    for (;;) {
      try {
        return await outbox.markSent(orgId, messageId, clock.now());
      } catch (err) {
        if (!(err instanceof StoreUnavailableError) || Date.now() + SENT_RETRY_MS > until) throw err;
        await new Promise((r) => setTimeout(r, SENT_RETRY_MS));
      }
    }
  }

  const services = { store, clock, logger, publicUrl: deps.publicUrl ?? 'http://localhost:3000' };
  const notices = new NoticeService(services);
  const lapse = new LapseService(services);
  const split = deps.split ?? DEFAULT_SPLIT;
  const leaseMs = deps.runLeaseMs ?? 60_000;
  const lease = () => new Date(clock.now().getTime() + leaseMs).toISOString();

  /**
   * Marks a run done with its counts and tells the mediators about the new proposals: the digests
   * are written first (their ids come from the run), so a run done has them whatever happens next.
   */
  const finish = async (
    run: MatchRun,
    result: RecomputeResult & { proposed: readonly string[] },
    queue: JobContext['queue'],
  ) => {
    const digests = await notices.digest(run.orgId, run.scope.programmeId, run.id, result.proposed);
    const finished = clock.now();
    const startedAt = run.startedAt ?? finished.toISOString();
    await update(run.orgId, run.id, {
      status: 'done',
      finishedAt: finished.toISOString(),
      durationMs: Math.max(0, finished.getTime() - Date.parse(startedAt)),
      progress: 1,
      // The proposals kept (top-K per beneficiary), not every feasible pair.
      counts: {
        volunteers: result.volunteers,
        beneficiaries: result.beneficiaries,
        feasiblePairs: result.feasiblePairs,
        proposals: result.proposals,
        ...(result.pairs !== undefined && { pairs: result.pairs }),
      },
      leaseUntil: undefined,
    });
    await sendLater(queue, run.orgId, digests);
    logger.info('match_run.done', {
      orgId: run.orgId,
      runId: run.id,
      proposals: result.proposals,
      pairs: result.pairs,
    });
  };

  /**
   * A run's status moves from whatever version it is at: only this run's jobs write it. A patch
   * given as a function is made from the run as read, and none (undefined) leaves it as it is.
   */
  const update = (
    orgId: string,
    runId: string,
    patch: Patch<MatchRun> | ((run: MatchRun) => Patch<MatchRun> | undefined),
  ) =>
    retryOnVersionConflict(async () => {
      const current = await store.matchRuns.get(orgId, runId);
      const change = typeof patch === 'function' ? patch(current) : patch;
      return change ? store.matchRuns.update(orgId, runId, current.version, change, clock.now()) : current;
    });

  /** Runs a step of a match run; a final failure marks the run failed, an earlier one queued again. */
  const step = async <R>(
    orgId: string,
    runId: string,
    { lastAttempt }: JobContext,
    work: () => Promise<R>,
  ): Promise<R> => {
    try {
      return await work();
    } catch (err) {
      const final = lastAttempt || err instanceof PermanentJobError;
      await update(
        orgId,
        runId,
        final
          ? {
              status: 'failed',
              finishedAt: clock.now().toISOString(),
              error: safeMessage(err).slice(0, 1000),
              retryable: !(err instanceof PermanentJobError),
              leaseUntil: undefined,
            }
          : { status: 'queued', leaseUntil: undefined },
      ).catch(() => {});
      throw err;
    }
  };

  /**
   * Renews a running run's lease and, given `progress`, moves it (at most 0.95: 1 is `finish`'s).
   * Such a write, not awaited by the work it reports on, may land after the run finished or
   * failed: it then leaves the run as it is.
   */
  const advance = (orgId: string, runId: string, progress?: (run: MatchRun) => number) =>
    update(orgId, runId, (run) =>
      run.status === 'running'
        ? { ...(progress && { progress: Math.min(0.95, progress(run)) }), leaseUntil: lease() }
        : undefined,
    );

  /** Throttled progress of a run: in the store (GET /match-runs/{id}) and on the job; each report renews the lease. */
  const reporter = (orgId: string, runId: string, context: JobContext) => {
    let last = 0;
    return (fraction: number) => {
      void context.progress(fraction).catch(() => {});
      if (fraction - last < 0.1) return;
      last = fraction;
      // Not awaited: the ranking goes on meanwhile.
      void advance(orgId, runId, () => fraction).catch(() => {});
    };
  };

  /**
   * Takes the next try of a run, unless it is finished or another worker holds it: the try is
   * claimed under a unique key, so of two jobs for it (a stalled one handed back, one the sweep
   * queued) one works. Past MAX_RUN_ATTEMPTS the run fails, to be queued again by the sweep.
   */
  const takeTry = async (orgId: string, runId: string): Promise<MatchRun | null> => {
    const run = await store.matchRuns.get(orgId, runId);
    if (run.status === 'done' || run.status === 'failed') return null;
    if (run.status === 'running' && run.leaseUntil && run.leaseUntil > clock.now().toISOString()) return null;
    const attempt = (run.attempts ?? 0) + 1;
    const now = clock.now();
    if (!(await store.keys.claim(`run-try:${orgId}:${runId}:${attempt}`, {}, new Date(now.getTime() + leaseMs), now)))
      return null;
    if (attempt > MAX_RUN_ATTEMPTS) {
      await update(orgId, runId, {
        status: 'failed',
        finishedAt: now.toISOString(),
        error: `interrupted ${MAX_RUN_ATTEMPTS} times (its workers stopped or were killed)`,
        retryable: true,
        leaseUntil: undefined,
      });
      return null;
    }
    return update(orgId, runId, {
      status: 'running',
      attempts: attempt,
      leaseUntil: lease(),
      startedAt: run.startedAt ?? now.toISOString(),
      progress: 0,
    });
  };

  /** Renews a run's lease while `work` runs (the lease tells the sweep the run is alive). */
  const leased = async <R>(orgId: string, runId: string, work: () => Promise<R>): Promise<R> => {
    const timer = setInterval(() => void advance(orgId, runId).catch(() => {}), Math.max(1000, leaseMs / 3));
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  };

  return {
    async 'match-run'({ orgId, runId }, context) {
      const started = await takeTry(orgId, runId);
      if (!started) return { status: (await store.matchRuns.get(orgId, runId)).status };
      const run = started;
      return step(orgId, runId, context, () =>
        leased(orgId, runId, async () => {
          const { programmeId } = run.scope;
          const large =
            split.regions > 1 &&
            (await store.beneficiaries.count(orgId, { programmeIds: programmeId, status: 'active' })) >=
              split.fromBeneficiaries;
          const regions = large ? await matching.regions(orgId, programmeId, split.regions) : [];
          if (regions.length > 1) {
            await context.queue.enqueueFlow(
              {
                job: { name: 'match-merge', data: { orgId, runId, regions: regions.length } },
                jobId: `${runId}:merge`,
              },
              regions.map((region) => ({
                job: { name: 'match-region', data: { orgId, runId, region } },
                jobId: `${runId}:region:${region.index}`,
              })),
            );
            return { regions: regions.length };
          }
          const part = await matching.rankRegion(orgId, programmeId, undefined, reporter(orgId, runId, context));
          const result = await matching.writeRun(orgId, programmeId, [part], runId);
          await finish(started, { ...result, proposed: proposedIn([part]) }, context.queue);
          return { regions: 1, proposals: result.proposals };
        }),
      );
    },

    async 'match-region'({ orgId, runId, region }, context) {
      const run = await store.matchRuns.get(orgId, runId);
      if (run.status === 'done' || run.status === 'failed') return null;
      const part = await matching.rankRegion(
        orgId,
        run.scope.programmeId,
        region,
        (f) => void context.progress(f).catch(() => {}),
      );
      await advance(orgId, runId, (current) => (current.progress ?? 0) + 0.9 / region.of);
      return part;
    },

    async 'match-merge'({ orgId, runId, regions }, context) {
      const run = await store.matchRuns.get(orgId, runId);
      if (run.status === 'done' || run.status === 'failed') return { status: run.status };
      return step(orgId, runId, context, () =>
        leased(orgId, runId, async () => {
          const parts = (await context.childResults()).filter(
            (p): p is RegionPart => p !== null && typeof p === 'object',
          );
          if (parts.length !== regions)
            throw new PermanentJobError(`${regions - parts.length} of ${regions} regions failed`);
          const result = await matching.writeRun(orgId, run.scope.programmeId, parts, runId);
          await finish(
            await store.matchRuns.get(orgId, runId),
            { ...result, proposed: proposedIn(parts) },
            context.queue,
          );
          return { regions, proposals: result.proposals };
        }),
      );
    },

    async recompute({ orgId, programmeId, person }) {
      const { beneficiaries, proposals } = await matching.recomputeAround(orgId, programmeId, person);
      return { beneficiaries, proposals };
    },

    async email({ orgId, messageId }, { lastAttempt }) {
      const message = await outbox.find(orgId, messageId);
      if (!message || message.status !== 'pending' || !mailer) return { sent: false };
      // One sender at a time: two jobs for one message (one the sweep queued) send it once.
      const sending = `sending:${orgId}:${messageId}`;
      const now = clock.now();
      if (!(await store.keys.claim(sending, {}, new Date(now.getTime() + SENDING_MS), now))) return { sent: false };
      // On the process's own clock: the store's may be a test's.
      const triesUntil = Date.now() + SENDING_MS - SENT_MARGIN_MS;
      try {
        await mailer.send(message);
      } catch (err) {
        await store.keys.delete(sending);
        await outbox.markFailed(orgId, messageId, safeMessage(err), lastAttempt);
        throw err;
      }
      await recordSent(orgId, messageId, triesUntil);
      return { sent: true };
    },

    async 'tandem-news'({ orgId, tandemId, news }, { queue }) {
      // A tandem erased since is news to nobody; writing the same news twice writes it once.
      const tandem = await store.tandems.find(orgId, tandemId);
      const ids = tandem ? await tandemNews(services, tandem, news) : [];
      await sendLater(queue, orgId, ids);
      return { written: ids.length };
    },

    async 'lapse-check'({ orgId, programmeId }, { queue }) {
      return lapse.check(orgId, programmeId, queue);
    },

    async reminders({ orgId, programmeId }, { queue }) {
      const ids = await notices.reminders(orgId, programmeId);
      await sendLater(queue, orgId, ids);
      return { messages: ids.length };
    },

    async retention() {
      const people = new PeopleService(services);
      const purged = await people.purgeUnconfirmed();
      const resumed = await people.resumeDue();
      const expired = (await store.purgeExpired(clock.now())) + (await store.proposals.pruneSuperseded(clock.now()));
      const tandems = new TandemService(services);
      let orphans = 0;
      for (const org of await store.organisations.listAll())
        orphans += await tandems.releaseOrphans(systemActor(org.id, 'retention'));
      return { purged, resumed, expired, orphans };
    },

    async schedules(_data, { queue }) {
      return syncSchedules(store, queue, deps.schedules);
    },
  };
}

/** The beneficiaries a run's parts proposed someone to. */
function proposedIn(parts: readonly RegionPart[]): string[] {
  return [...new Set(parts.flatMap((p) => p.drafts.map((d) => d.beneficiaryId)))];
}
