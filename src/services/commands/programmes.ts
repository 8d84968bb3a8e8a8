/**
 * A programme's commands: creating and changing it, adopting the weights its outcomes suggest, and
 * asking for its proposals to be computed again.
 */
import { z } from 'zod';
import { CRITERIA, type Criterion } from '../../../scoring/index.js';
import { Id, ProgrammeFields, ProgrammePatch, type MatchRun, type Programme } from '../../domain/index.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { newId, queuedRecompute } from '../context.js';
import { suggestionFor } from '../suggestions.js';
import { asRead, command, ExpectedVersion } from './command.js';

const COORDINATOR = ['coordinator'] as const;

/** A run still `queued` this long after it was asked for lost its job (a restart): it is queued again. */
const REQUEUE_AFTER_MS = 60_000;

export const createProgramme = command({
  name: 'programme.create',
  roles: COORDINATOR,
  input: ProgrammeFields,
  async run(ctx, fields): Promise<Programme> {
    const { store, clock, actor } = ctx;
    const at = clock.now().toISOString();
    const programme = await store.programmes.insert({
      ...fields,
      id: newId('prg'),
      orgId: actor.orgId,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    ctx.raise({ type: 'ProgrammeCreated', programme });
    return programme;
  },
});

/** Changes a programme's rules, weights, rhythm or lapse window; proposals follow at the next match run. */
export const updateProgramme = command({
  name: 'programme.update',
  roles: COORDINATOR,
  input: z.strictObject({ programmeId: Id, expectedVersion: ExpectedVersion, patch: ProgrammePatch }),
  async run(ctx, { programmeId, expectedVersion, patch }): Promise<Programme> {
    const { store, clock, actor } = ctx;
    const current = asRead('programme', await store.programmes.get(actor.orgId, programmeId), expectedVersion);
    // An intensity of null removes the programme's (the store leaves out a field set to undefined).
    const { intensity, ...rest } = patch;
    const changes = { ...rest, ...(intensity !== undefined && { intensity: intensity ?? undefined }) };
    const programme = await store.programmes.update(actor.orgId, current.id, current.version, changes, clock.now());
    ctx.raise({ type: 'ProgrammeChanged', programme, fields: Object.keys(patch) });
    return programme;
  },
});

/** Asks for a programme's proposals to be computed again, in the background: the run to follow. */
export const requestMatchRun = command({
  name: 'match_run.request',
  roles: COORDINATOR,
  input: z.strictObject({ programmeId: Id }),
  async run(ctx, { programmeId }): Promise<MatchRun> {
    const { store, clock, actor } = ctx;
    const programme = await store.programmes.get(actor.orgId, programmeId);
    const run = await store.matchRuns.insert(
      queuedRecompute(actor.orgId, programme.id, actor.userId, clock.now().toISOString()),
    );
    ctx.raise({ type: 'MatchRunRequested', run });
    return run;
  },
});

/**
 * A match run as it stands. One still queued long after it was asked for lost its job (a
 * restart): asking about it queues it again (by its id, so never twice at once).
 */
export const followMatchRun = command({
  name: 'match_run.follow',
  roles: ['mediator', 'coordinator'],
  input: z.strictObject({ runId: Id }),
  async run(ctx, { runId }): Promise<MatchRun> {
    const { store, clock, actor } = ctx;
    const run = await store.matchRuns.get(actor.orgId, runId);
    if (run.status === 'queued' && clock.now().getTime() - Date.parse(run.createdAt) > REQUEUE_AFTER_MS)
      ctx.raise({ type: 'MatchRunStalled', run });
    return run;
  },
});

/** A weight for each criterion, as the scoring core takes them (>= 0, bounded). */
export const AllWeights = z.strictObject(
  Object.fromEntries(CRITERIA.map((c) => [c, z.number().min(0, 'must be >= 0').max(100, 'must be <= 100')])) as Record<
    Criterion,
    z.ZodNumber
  >,
);

/**
 * A coordinator adopts the suggested weights they were shown: refused when the suggestion has
 * changed since (new outcomes), when there is none, and when the programme changed (If-Match).
 */
export const adoptSuggestedWeights = command({
  name: 'programme.adopt_weights',
  roles: COORDINATOR,
  input: z.strictObject({
    programmeId: Id,
    weights: AllWeights,
    /** The version the coordinator read (If-Match); absent: the one there now. */
    expectedVersion: ExpectedVersion,
  }),
  async run(ctx, input) {
    const { store, clock, actor } = ctx;
    const programme = asRead(
      'programme',
      await store.programmes.get(actor.orgId, input.programmeId),
      input.expectedVersion,
    );
    const suggestion = await suggestionFor(ctx, actor.orgId, programme);
    if (suggestion.status !== 'ready')
      throw new ConflictError('no_suggested_weights', 'the outcomes do not suggest weights yet');
    if (CRITERIA.some((c) => suggestion.weights[c] !== input.weights[c]))
      throw new ConflictError('suggested_weights_changed', 'the suggested weights changed since they were shown');
    const updated = await store.programmes.update(
      actor.orgId,
      programme.id,
      programme.version,
      { rules: { ...programme.rules, weights: suggestion.weights } },
      clock.now(),
    );
    ctx.raise({ type: 'SuggestedWeightsAdopted', programme: updated });
    return updated;
  },
});
