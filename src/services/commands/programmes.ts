/** A programme's commands: adopting the weights its outcomes suggest. */
import { z } from 'zod';
import { CRITERIA, type Criterion } from '../../../scoring/index.js';
import { Id } from '../../domain/index.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { PreconditionFailedError } from '../../errors/precondition-failed-error.js';
import { suggestionFor } from '../suggestions.js';
import { command } from './command.js';

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
  roles: ['coordinator'],
  input: z.strictObject({
    programmeId: Id,
    weights: AllWeights,
    /** The version the coordinator read (If-Match); absent: the one there now. */
    expectedVersion: z.number().int().min(1).optional(),
  }),
  async run(ctx, input) {
    const { store, clock, actor } = ctx;
    const programme = await store.programmes.get(actor.orgId, input.programmeId);
    if (input.expectedVersion !== undefined && input.expectedVersion !== programme.version)
      throw new PreconditionFailedError('programme', programme.id, input.expectedVersion, programme.version);
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
