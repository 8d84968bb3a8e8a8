/** What a mediator does with a proposal besides confirming it (commands/tandems.ts): setting it aside. */
import { z } from 'zod';
import { Id, Token, type Beneficiary } from '../../domain/index.js';
import { NotFoundError } from '../../errors/not-found-error.js';
import { excludePair } from '../pairs.js';
import { command } from './command.js';
import { FOLLOWERS } from './people.js';

/**
 * Rejects a proposal with a reason code: that volunteer is never proposed to that beneficiary
 * again, and the proposal is set aside at once (the recompute that follows proposes others).
 */
export const rejectProposal = command({
  name: 'proposal.reject',
  roles: FOLLOWERS,
  input: z.strictObject({ proposalId: Id, reason: Token }),
  async run(ctx, { proposalId, reason }): Promise<Beneficiary> {
    const { store, clock, actor } = ctx;
    const proposal = await store.proposals.get(actor.orgId, proposalId);
    const { beneficiary, event } = await excludePair(ctx, actor.orgId, proposal.beneficiaryId, proposal.volunteerId);
    if (!beneficiary) throw new NotFoundError('beneficiary', proposal.beneficiaryId);
    if (proposal.supersededAt === null) await store.proposals.withdraw(actor.orgId, proposal.id, clock.now());
    ctx.raise({ type: 'ProposalRejected', proposal, reason });
    ctx.raise(event);
    return beneficiary;
  },
});
