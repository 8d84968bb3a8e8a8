/**
 * What each job does, the same whatever queue runs it. Every processor is safe to run twice: a
 * finished match run is not run again, a sent message is not sent again.
 */
import type { MatchingService } from '../services/matching.js';
import type { OutboxMessage } from '../store/outbox.js';
import type { Clock, Logger, Store } from '../store/ports.js';
import type { Processors } from './queue.js';

/** Sends one message (SMTP in production: the workers' business). */
export interface Mailer {
  send(message: OutboxMessage): Promise<void>;
}

export interface ProcessorDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  matching: Pick<MatchingService, 'recomputeProgramme' | 'recomputeAround'>;
  /** Without one, messages stay `pending` in the outbox until a sender takes them. */
  mailer?: Mailer;
}

export function createProcessors(deps: ProcessorDeps): Processors {
  const { store, clock, logger, matching, mailer } = deps;
  const { outbox } = store;
  return {
    async 'match-run'({ orgId, runId }, { lastAttempt }) {
      const run = await store.matchRuns.get(orgId, runId);
      if (run.status === 'done' || run.status === 'failed') return;
      const started = await store.matchRuns.update(orgId, runId, run.version, { status: 'running', startedAt: clock.now().toISOString() }, clock.now());
      try {
        const result = await matching.recomputeProgramme(orgId, run.scope.programmeId, { runId });
        const finished = clock.now();
        await store.matchRuns.update(
          orgId,
          runId,
          started.version,
          {
            status: 'done',
            finishedAt: finished.toISOString(),
            durationMs: Math.max(0, finished.getTime() - Date.parse(started.startedAt!)),
            // recomputeProgramme reports the proposals kept (top-K per beneficiary), not every feasible pair.
            counts: { volunteers: result.volunteers, beneficiaries: result.beneficiaries, feasiblePairs: result.proposals, proposals: result.proposals, ...(result.pairs !== undefined && { pairs: result.pairs }) },
          },
          finished,
        );
        logger.info('match_run.done', { orgId, runId, proposals: result.proposals, elapsedMs: result.elapsedMs });
      } catch (err) {
        const current = await store.matchRuns.get(orgId, runId);
        const patch = lastAttempt ? { status: 'failed' as const, finishedAt: clock.now().toISOString(), error: (err as Error).message.slice(0, 1000) } : { status: 'queued' as const };
        await store.matchRuns.update(orgId, runId, current.version, patch, clock.now());
        throw err;
      }
    },

    async recompute({ orgId, programmeId, person }) {
      await matching.recomputeAround(orgId, programmeId, person);
    },

    async email({ orgId, messageId }, { lastAttempt }) {
      const message = await outbox.find(orgId, messageId);
      if (!message || message.status !== 'pending' || !mailer) return;
      try {
        await mailer.send(message);
      } catch (err) {
        await outbox.markFailed(orgId, messageId, (err as Error).message, lastAttempt);
        throw err;
      }
      await outbox.markSent(orgId, messageId, clock.now());
    },
  };
}
