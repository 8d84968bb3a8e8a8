/**
 * Weights suggested by a programme's outcomes (see learning.ts), shown to coordinators and
 * admins beside the current ones. Adopting them is a coordinator's command
 * (commands/programmes.ts): the system never applies them by itself.
 */
import { CRITERIA, type Criterion } from '../../scoring/index.js';
import { dayOf, type Programme } from '../domain/index.js';
import type { Clock, Store } from '../store/ports.js';
import { listAll } from '../store/paging.js';
import { requireRole, type Actor } from './context.js';
import { MIN_TANDEMS, outcomeSamples, suggestWeights, type Suggestion } from './learning.js';

const READERS = ['coordinator', 'admin'] as const;

/** The suggestion as the API gives it: beside the current weights (missing ones count 1). */
export interface SuggestedWeights {
  programmeId: string;
  version: number;
  outcome: 'lasted_6_months_or_positive';
  minimum: number;
  current: Record<Criterion, number>;
  suggestion: Suggestion;
}

/** What the programme's tandems suggest, from its tandems with a known result (read once). */
export async function suggestionFor(
  deps: { store: Store; clock: Clock },
  orgId: string,
  programme: Programme,
): Promise<Suggestion> {
  const tandems = await listAll(deps.store.tandems, orgId, { programmeId: programme.id });
  return suggestWeights(outcomeSamples(tandems, dayOf(deps.clock.now())), programme.rules.weights);
}

export async function suggestedWeights(
  deps: { store: Store; clock: Clock },
  actor: Actor,
  programmeId: string,
): Promise<SuggestedWeights> {
  requireRole(actor, READERS);
  const programme = await deps.store.programmes.get(actor.orgId, programmeId);
  return {
    programmeId: programme.id,
    version: programme.version,
    outcome: 'lasted_6_months_or_positive',
    minimum: MIN_TANDEMS,
    current: Object.fromEntries(CRITERIA.map((c) => [c, programme.rules.weights?.[c] ?? 1])) as Record<
      Criterion,
      number
    >,
    suggestion: await suggestionFor(deps, actor.orgId, programme),
  };
}
