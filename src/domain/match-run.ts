import { z } from 'zod';
import { Id, RecordMeta, Timestamp } from './common.js';

export const MatchRunCounts = z.strictObject({
  volunteers: z.number().int().min(0),
  beneficiaries: z.number().int().min(0),
  feasiblePairs: z.number().int().min(0),
  proposals: z.number().int().min(0),
  pairs: z.number().int().min(0).optional(),
});

/** One recompute of proposals, or one optimisation run, over a programme or a set of people. */
export const MatchRun = z.strictObject({
  ...RecordMeta,
  kind: z.enum(['recompute', 'optimise']),
  scope: z.strictObject({
    programmeId: Id,
    /** When only some people changed; absent for the whole programme. */
    volunteerIds: z.array(Id).max(10_000).optional(),
    beneficiaryIds: z.array(Id).max(10_000).optional(),
  }),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  requestedBy: Id,
  startedAt: Timestamp.optional(),
  finishedAt: Timestamp.optional(),
  durationMs: z.number().int().min(0).optional(),
  /** How far a running run is, from 0 to 1. */
  progress: z.number().min(0).max(1).optional(),
  counts: MatchRunCounts.optional(),
  /** Non-personal failure message. */
  error: z.string().max(1000).optional(),
  /** Tries started: a run interrupted (its worker killed) is tried again, up to a bound. */
  attempts: z.number().int().min(0).max(100).optional(),
  /** A running run renews this while it works; past it, the run was interrupted and goes back to the queue. */
  leaseUntil: Timestamp.optional(),
  /** A failure for a passing reason (interrupted, a service away): the run is queued again later. */
  retryable: z.boolean().optional(),
  /** Times a failed run was queued again. */
  retries: z.number().int().min(0).max(100).optional(),
});
export type MatchRun = z.infer<typeof MatchRun>;
