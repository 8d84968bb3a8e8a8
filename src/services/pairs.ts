/** "Never propose this volunteer to this beneficiary again": the one place that writes it, and lifts it. */
import type { Beneficiary } from '../domain/index.js';
import { ConflictError } from '../errors/conflict-error.js';
import type { Clock, Store } from '../store/ports.js';
import { retryOnVersionConflict } from './context.js';
import type { DomainEvent } from './events.js';

/**
 * Adds the volunteer to the beneficiary's exclusions (again after a concurrent update of the
 * beneficiary; nothing when already there, or when the beneficiary was erased). Returns the
 * beneficiary as it now stands and the event to raise, if anything changed.
 */
export async function excludePair(
  deps: { store: Store; clock: Clock },
  orgId: string,
  beneficiaryId: string,
  volunteerId: string,
): Promise<{ beneficiary: Beneficiary | null; event?: DomainEvent }> {
  const { store, clock } = deps;
  return retryOnVersionConflict(async () => {
    const b = await store.beneficiaries.find(orgId, beneficiaryId);
    if (!b || b.excludedVolunteerIds.includes(volunteerId)) return { beneficiary: b };
    const beneficiary = await store.beneficiaries.update(
      orgId,
      b.id,
      b.version,
      { excludedVolunteerIds: [...b.excludedVolunteerIds, volunteerId] },
      clock.now(),
    );
    return {
      beneficiary,
      event: { type: 'PairExcluded', beneficiary, volunteerId, programmeIds: beneficiary.programmeIds },
    };
  });
}

/**
 * Lifts an exclusion: the volunteer may be proposed to the beneficiary again (a coordinator's
 * decision, see commands/pairs.ts). ConflictError `not_excluded` when there is none to lift.
 */
export async function liftPairExclusion(
  deps: { store: Store; clock: Clock },
  orgId: string,
  beneficiaryId: string,
  volunteerId: string,
): Promise<{ beneficiary: Beneficiary; event: DomainEvent }> {
  const { store, clock } = deps;
  return retryOnVersionConflict(async () => {
    const b = await store.beneficiaries.get(orgId, beneficiaryId);
    if (!b.excludedVolunteerIds.includes(volunteerId))
      throw new ConflictError('not_excluded', `volunteer ${volunteerId} is not excluded for ${beneficiaryId}`);
    const beneficiary = await store.beneficiaries.update(
      orgId,
      b.id,
      b.version,
      { excludedVolunteerIds: b.excludedVolunteerIds.filter((v) => v !== volunteerId) },
      clock.now(),
    );
    return { beneficiary, event: { type: 'ExclusionLifted', beneficiary, volunteerId } };
  });
}
