import { z } from 'zod';
import { Programme, ProgrammeFields, ProgrammePatch, ROLES } from '../../domain/index.js';
import {
  adoptSuggestedWeights,
  AllWeights,
  createProgramme,
  updateProgramme,
} from '../../services/commands/programmes.js';
import { listAll } from '../../store/paging.js';
import { LEARNT_CRITERIA } from '../../services/learning.js';
import { suggestedWeights } from '../../services/suggestions.js';
import { route } from '../../http/route.js';
import { IdParams, IfMatch, ifMatch } from '../schemas.js';

export const COORDINATOR = ['coordinator'] as const;
const OVERSIGHT = ['coordinator', 'admin'] as const;

const Interval = z.strictObject({ estimate: z.number(), low: z.number(), high: z.number() });
const Fit = z.strictObject({
  intercept: Interval,
  coefficients: z.strictObject(
    Object.fromEntries(LEARNT_CRITERIA.map((c) => [c, Interval])) as Record<
      (typeof LEARNT_CRITERIA)[number],
      typeof Interval
    >,
  ),
});
const SuggestedWeights = z.strictObject({
  programmeId: z.string(),
  version: z.number().int(),
  /** What the model learns: a tandem that lasted 6 months or closed with a positive outcome (endured, found work, training). */
  outcome: z.literal('lasted_6_months_or_positive'),
  minimum: z.number().int(),
  current: AllWeights,
  suggestion: z.discriminatedUnion('status', [
    z.strictObject({
      status: z.literal('too_few'),
      tandems: z.number().int(),
      minimum: z.number().int(),
      good: z.number().int(),
      bad: z.number().int(),
    }),
    z.strictObject({ status: z.literal('no_signal'), tandems: z.number().int(), fit: Fit }),
    z.strictObject({
      status: z.literal('ready'),
      tandems: z.number().int(),
      good: z.number().int(),
      fit: Fit,
      weights: AllWeights,
      intervals: z.strictObject(
        Object.fromEntries(
          LEARNT_CRITERIA.map((c) => [c, z.strictObject({ low: z.number(), high: z.number() })]),
        ) as Record<(typeof LEARNT_CRITERIA)[number], z.ZodObject<{ low: z.ZodNumber; high: z.ZodNumber }>>,
      ),
    }),
  ]),
});

export const programmeRoutes = [
  route({
    method: 'get',
    path: '/programmes',
    summary: "The organisation's programmes",
    tag: 'programmes',
    access: ROLES,
    status: 200,
    response: z.strictObject({ items: z.array(Programme) }),
    async handler({ deps, caller }) {
      return { items: await listAll(deps.store.programmes, caller.orgId, {}) };
    },
  }),
  route({
    method: 'post',
    path: '/programmes',
    summary: 'Creates a programme: its rules, weights, rhythm and lapse window',
    tag: 'programmes',
    access: COORDINATOR,
    body: ProgrammeFields,
    status: 201,
    conflicts: ['unique:programme.orgId+slug'],
    response: Programme,
    handler: ({ commands, caller, body }) => commands.run(createProgramme, caller.actor, body),
  }),
  route({
    method: 'get',
    path: '/programmes/{id}',
    summary: 'One programme',
    tag: 'programmes',
    access: ROLES,
    params: IdParams,
    status: 200,
    response: Programme,
    handler: ({ deps, caller, params }) => deps.store.programmes.get(caller.orgId, params.id),
  }),
  route({
    method: 'patch',
    path: '/programmes/{id}',
    summary: 'Changes a programme (weights, hard rules, lapse window…); proposals follow at the next match run',
    tag: 'programmes',
    access: COORDINATOR,
    params: IdParams,
    headers: IfMatch,
    body: ProgrammePatch,
    status: 200,
    conflicts: ['version'],
    response: Programme,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(updateProgramme, caller.actor, {
        programmeId: params.id,
        expectedVersion: ifMatch(headers),
        patch: body,
      }),
  }),
  route({
    method: 'get',
    path: '/programmes/{id}/suggested-weights',
    summary:
      'Weights suggested by how the programme’s tandems turned out (a logistic regression of lasting 6 months or ending positively on the pair’s criteria), beside the current ones, with 95 % intervals and the number of tandems; below a minimum, says so. Never applied by itself',
    tag: 'programmes',
    access: OVERSIGHT,
    params: IdParams,
    status: 200,
    response: SuggestedWeights,
    handler: ({ deps, caller, params }) => suggestedWeights(deps, caller.actor, params.id),
  }),
  route({
    method: 'post',
    path: '/programmes/{id}/suggested-weights/adopt',
    summary:
      'A coordinator adopts the suggested weights they were shown (audited); refused when the suggestion changed since, or there is none',
    tag: 'programmes',
    access: COORDINATOR,
    params: IdParams,
    headers: IfMatch,
    body: z.strictObject({ weights: AllWeights }),
    status: 200,
    conflicts: ['version', 'no_suggested_weights', 'suggested_weights_changed'],
    response: Programme,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(adoptSuggestedWeights, caller.actor, {
        programmeId: params.id,
        weights: body.weights,
        expectedVersion: ifMatch(headers),
      }),
  }),
];
