import { z } from 'zod';
import { ReferralSource, ROLES } from '../../domain/index.js';
import { route } from '../../http/route.js';
import {
  addReferralSource,
  referralSourcesOf,
  updateReferralSource,
} from '../../services/commands/referral-sources.js';
import { IdParams, IfMatch, ifMatch } from '../schemas.js';
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
    body: addReferralSource.input,
    status: 201,
    response: ReferralSource,
    handler: ({ commands, caller, body }) => commands.run(addReferralSource, caller.actor, body),
  }),
  route({
    method: 'patch',
    path: '/referral-sources/{id}',
    summary: 'Renames a referral source, or retires it (past referrals keep its name) or brings it back',
    tag: 'referral sources',
    access: OVERSIGHT,
    params: IdParams,
    headers: IfMatch,
    body: updateReferralSource.input.shape.patch,
    status: 200,
    conflicts: ['version'],
    response: ReferralSource,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(updateReferralSource, caller.actor, {
        sourceId: params.id,
        expectedVersion: ifMatch(headers),
        patch: body,
      }),
  }),
];
