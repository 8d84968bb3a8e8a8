import { z } from 'zod';
import { LocalizedName, ReferralSource, ROLES } from '../../domain/index.js';
import { route } from '../../http/route.js';
import {
  createReferralSource,
  referralSourcesOf,
  updateReferralSource,
} from '../../services/commands/referral-sources.js';
import { expectedVersion, IdParams, IfMatch } from '../schemas.js';
import { OVERSIGHT } from './reports.js';

export const referralSourceRoutes = [
  route({
    method: 'get',
    path: '/referral-sources',
    summary: "The organisation's referral sources (CPAS, volunteer services, schools…), active ones first",
    tag: 'referral sources',
    access: ROLES,
    status: 200,
    response: z.strictObject({ items: z.array(ReferralSource) }),
    handler: async ({ deps, caller }) => ({ items: await referralSourcesOf(deps.store, caller.orgId) }),
  }),
  route({
    method: 'post',
    path: '/referral-sources',
    summary: 'Adds a referral source, named in one or more languages',
    tag: 'referral sources',
    access: OVERSIGHT,
    body: createReferralSource.input,
    status: 201,
    response: ReferralSource,
    handler: ({ commands, caller, body }) => commands.run(createReferralSource, caller.actor, body),
  }),
  route({
    method: 'patch',
    path: '/referral-sources/{id}',
    summary: 'Renames a referral source, or retires it (past referrals keep its name) or brings it back',
    tag: 'referral sources',
    access: OVERSIGHT,
    params: IdParams,
    headers: IfMatch,
    body: z
      .strictObject({ name: LocalizedName.optional(), status: ReferralSource.shape.status.optional() })
      .refine((b) => b.name !== undefined || b.status !== undefined, 'give a name or a status'),
    status: 200,
    conflicts: ['version'],
    response: ReferralSource,
    async handler({ deps, commands, caller, params, headers, body }) {
      const current = await deps.store.referralSources.get(caller.orgId, params.id);
      return commands.run(updateReferralSource, caller.actor, {
        id: current.id,
        expectedVersion: expectedVersion(headers, current),
        ...body,
      });
    },
  }),
];
