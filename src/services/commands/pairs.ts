/** Decisions about a pair itself, beyond a tandem: a coordinator lifting an exclusion. */
import { z } from 'zod';
import { Id, type Beneficiary } from '../../domain/index.js';
import { liftPairExclusion } from '../pairs.js';
import { command } from './command.js';

/**
 * Lifts an exclusion (a pair declined or set aside before, which is otherwise for good): the
 * volunteer may be proposed to the beneficiary again. Coordinators only; audited.
 */
export const liftExclusion = command({
  name: 'beneficiary.lift_exclusion',
  roles: ['coordinator'],
  input: z.strictObject({ beneficiaryId: Id, volunteerId: Id }),
  async run(ctx, { beneficiaryId, volunteerId }): Promise<Beneficiary> {
    const { beneficiary, event } = await liftPairExclusion(ctx, ctx.actor.orgId, beneficiaryId, volunteerId);
    ctx.raise(event);
    return beneficiary;
  },
});
