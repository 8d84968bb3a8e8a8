import { z } from 'zod';
import { RULES, Unmatched, type Locale } from '../../../scoring/index.js';
import { BeneficiaryView, Id, Proposal, Token } from '../../domain/index.js';
import { rejectProposal } from '../../services/commands/proposals.js';
import { route } from '../../http/route.js';
import { IdParams } from '../schemas.js';
import { MEDIATORS } from './volunteers.js';

/** A proposal with its explanation in the caller's language. */
export const ProposalView = Proposal.omit({ explanation: true }).extend({ explanation: z.string() });
type ProposalView = z.infer<typeof ProposalView>;

const view = (p: Proposal, locale: Locale): ProposalView => ({ ...p, explanation: p.explanation[locale] });

const Language = z.enum(['fr', 'nl', 'en']);

const UnmatchedView = Unmatched.omit({ beneficiaryId: true }).extend({ programmeId: Id, explanation: z.string() });

export const proposalRoutes = [
  route({
    method: 'get',
    path: '/beneficiaries/{id}/proposals',
    summary:
      "A beneficiary's proposed volunteers, best first, each with its score breakdown and an explanation in the caller's language (Accept-Language); when there is none, why",
    tag: 'proposals',
    access: MEDIATORS,
    params: IdParams,
    status: 200,
    response: z.strictObject({ language: Language, items: z.array(ProposalView), unmatched: z.array(UnmatchedView) }),
    async handler({ deps, caller, params, locale, res }) {
      const beneficiary = await deps.store.beneficiaries.get(caller.orgId, params.id);
      const proposals = await deps.store.proposals.listForBeneficiary(caller.orgId, beneficiary.id);
      const unmatched: z.infer<typeof UnmatchedView>[] = [];
      if (proposals.length === 0 && beneficiary.status === 'active') {
        for (const programmeId of beneficiary.programmeIds) {
          const why = await deps.services.matching.whyUnmatched(caller.orgId, programmeId, beneficiary.id);
          if (!why) continue;
          const { beneficiaryId: _, explanations, explanation: __, ...facts } = why;
          unmatched.push({ ...facts, programmeId, explanation: explanations[locale] });
        }
      }
      res.set({ 'Content-Language': locale, Vary: 'Accept-Language' });
      return { language: locale, items: proposals.map((p) => view(p, locale)), unmatched };
    },
  }),
  route({
    method: 'get',
    path: '/beneficiaries/{id}/near-misses',
    summary:
      'The volunteers just outside the rules for a beneficiary, per programme: each breaks exactly one hard rule (named; a full volunteer breaks `capacity`), within twice the search radius, nearest first',
    tag: 'proposals',
    access: MEDIATORS,
    params: IdParams,
    status: 200,
    response: z.strictObject({
      items: z.array(
        z.strictObject({
          programmeId: Id,
          volunteerId: Id,
          rule: z.enum(RULES),
          distanceKm: z.number().min(0),
          radiusKm: z.number().min(0),
          overlapMinutes: z.number().int().min(0),
        }),
      ),
    }),
    async handler({ deps, caller, params }) {
      const beneficiary = await deps.store.beneficiaries.get(caller.orgId, params.id);
      const items = [];
      for (const programmeId of beneficiary.programmeIds)
        for (const miss of await deps.services.matching.nearMisses(caller.orgId, programmeId, beneficiary.id))
          items.push({ programmeId, ...miss });
      return { items };
    },
  }),
  route({
    method: 'get',
    path: '/programmes/{id}/plan',
    summary:
      "The programme's current optimal assignment: the proposals that together pair the most beneficiaries best, within every volunteer's free slots",
    tag: 'proposals',
    access: MEDIATORS,
    params: IdParams,
    status: 200,
    response: z.strictObject({
      programmeId: Id,
      language: Language,
      totalScore: z.number(),
      unpaired: z.number().int(),
      pairs: z.array(ProposalView),
    }),
    async handler({ deps, caller, params, locale, res }) {
      const plan = await deps.services.matching.plan(caller.orgId, params.id);
      res.set({ 'Content-Language': locale, Vary: 'Accept-Language' });
      return {
        programmeId: plan.programmeId,
        language: locale,
        totalScore: plan.totalScore,
        unpaired: plan.unpaired,
        pairs: plan.pairs.map((p) => view(p, locale)),
      };
    },
  }),
  route({
    method: 'post',
    path: '/proposals/{id}/reject',
    summary: 'Rejects a proposal with a reason: that volunteer is never proposed to that beneficiary again',
    tag: 'proposals',
    access: MEDIATORS,
    params: IdParams,
    body: z.strictObject({ reason: Token }),
    status: 200,
    response: BeneficiaryView,
    handler: ({ commands, caller, params, body }) =>
      commands.run(rejectProposal, caller.actor, { proposalId: params.id, reason: body.reason }),
  }),
];
