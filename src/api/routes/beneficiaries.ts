import { z } from 'zod';
import { LanguageCode, SkillId } from '../../../scoring/index.js';
import {
  BeneficiaryPatch,
  BeneficiaryView,
  type Beneficiary,
  BeneficiaryStatus,
  Id,
  Intake,
  PlaceFilter,
} from '../../domain/index.js';
import { intakeBeneficiary, updateBeneficiary } from '../../services/commands/beneficiaries.js';
import type { Where } from '../../store/ports.js';
import { pageOf } from '../../store/paging.js';
import { allOf, atPlace, named, NameFilter } from '../people.js';
import { route } from '../../http/route.js';
import { IdempotencyHeader, IdParams, IfMatch, ifMatch, Paged, Paging } from '../schemas.js';
import { liftExclusion } from '../../services/commands/pairs.js';
import { COORDINATOR } from './programmes.js';
import { MEDIATORS } from './volunteers.js';

const ListQuery = z.strictObject({
  programme: Id.optional(),
  status: BeneficiaryStatus.optional(),
  mediator: Id.optional(),
  place: PlaceFilter.optional(),
  name: NameFilter.optional(),
  need: SkillId.optional(),
  language: LanguageCode.optional(),
  /** A referral source's id. */
  referral: Id.optional(),
  /** `waiting`: without a proposed or active tandem; `paired`: with one. */
  tandem: z.enum(['waiting', 'paired']).optional(),
  /** Default `waiting`: who has waited longest first. */
  sort: z.enum(['waiting', 'newest']).default('waiting'),
  ...Paging,
});

export const beneficiaryRoutes = [
  route({
    method: 'post',
    path: '/beneficiaries',
    summary: 'Intake of a beneficiary (a young person or a family) by a mediator',
    tag: 'beneficiaries',
    access: MEDIATORS,
    headers: IdempotencyHeader,
    body: Intake,
    status: 201,
    response: BeneficiaryView,
    handler: ({ commands, caller, headers, body }) =>
      commands.run(intakeBeneficiary, caller.actor, { ...body, idempotencyKey: headers['idempotency-key'] }),
  }),
  route({
    method: 'get',
    path: '/beneficiaries',
    summary:
      'Beneficiaries, longest waiting first; filters by programme, status, mediator, place, name, need, language, referral source, and whether they are in a tandem',
    tag: 'beneficiaries',
    access: MEDIATORS,
    query: ListQuery,
    status: 200,
    response: Paged(BeneficiaryView),
    async handler({ deps, caller, query }) {
      const where: Where<Beneficiary> = {
        ...(query.programme && { programmeIds: query.programme }),
        ...(query.status && { status: query.status }),
        ...(query.mediator && { mediatorId: query.mediator }),
        ...(query.need && { needs: query.need }),
        ...(query.language && { languages: query.language }),
      };
      const sort = query.sort === 'waiting' ? ({ waitingSince: 1 } as const) : ({ createdAt: -1 } as const);
      const open = query.tandem ? await deps.store.reservations.openTandems(caller.orgId) : undefined;
      return pageOf(
        deps.store.beneficiaries,
        caller.orgId,
        where,
        query,
        sort,
        allOf<Beneficiary>(
          query.place && atPlace(query.place),
          query.name && named(query.name),
          query.referral && ((b) => b.referral?.sourceId === query.referral),
          open && ((b) => open.has(b.id) === (query.tandem === 'paired')),
        ),
      );
    },
  }),
  route({
    method: 'get',
    path: '/beneficiaries/{id}',
    summary: 'One beneficiary',
    tag: 'beneficiaries',
    access: MEDIATORS,
    params: IdParams,
    status: 200,
    response: BeneficiaryView,
    handler: ({ deps, caller, params }) => deps.store.beneficiaries.get(caller.orgId, params.id),
  }),
  route({
    method: 'patch',
    path: '/beneficiaries/{id}',
    summary: 'Changes a beneficiary: needs, availability, preferences, status…',
    tag: 'beneficiaries',
    access: MEDIATORS,
    params: IdParams,
    headers: IfMatch,
    body: BeneficiaryPatch,
    status: 200,
    conflicts: ['version'],
    response: BeneficiaryView,
    handler: ({ commands, caller, params, headers, body }) =>
      commands.run(updateBeneficiary, caller.actor, {
        beneficiaryId: params.id,
        expectedVersion: ifMatch(headers),
        patch: body,
      }),
  }),
  route({
    method: 'delete',
    path: '/beneficiaries/{id}/exclusions/{volunteerId}',
    summary:
      'Lifts an exclusion (a pair declined or set aside before, which is otherwise for good): the volunteer may be proposed to this person again. Audited',
    tag: 'beneficiaries',
    access: COORDINATOR,
    params: z.strictObject({ id: Id, volunteerId: Id }),
    status: 200,
    conflicts: ['not_excluded'],
    response: BeneficiaryView,
    handler: ({ commands, caller, params }) =>
      commands.run(liftExclusion, caller.actor, { beneficiaryId: params.id, volunteerId: params.volunteerId }),
  }),
];
