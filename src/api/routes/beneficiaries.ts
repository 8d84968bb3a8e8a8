import { z } from 'zod';
import { LanguageCode, SkillId } from '../../../scoring/index.js';
import {
  Beneficiary,
  BeneficiaryFields,
  BeneficiaryPatch,
  BeneficiaryStatus,
  dayOf,
  Id,
  Intake,
  PlaceFilter,
} from '../../domain/index.js';
import { ValidationError } from '../../errors/validation-error.js';
import { newId } from '../../services/context.js';
import type { ApiDeps } from '../../http/deps.js';
import type { Where } from '../../store/ports.js';
import { recordAudit } from '../audit.js';
import { pageOf } from '../../store/paging.js';
import { allOf, atPlace, causeOf, named, NameFilter, recomputeAround } from '../people.js';
import { parsePart, route } from '../../http/route.js';
import { expectedVersion, IdParams, IfMatch, Paged, Paging } from '../schemas.js';
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
    body: Intake,
    status: 201,
    response: Beneficiary,
    async handler({ deps, caller, body }) {
      await Promise.all(body.programmeIds.map((id) => deps.store.programmes.get(caller.orgId, id)));
      await checkReferral(deps, caller.orgId, body.referral?.sourceId);
      await checkMediator(deps, caller.orgId, body.mediatorId);
      const fields = parsePart(
        BeneficiaryFields,
        {
          ...body,
          waitingSince: body.waitingSince ?? dayOf(deps.clock.now()),
          mediatorId: body.mediatorId ?? caller.staff.id,
          excludedVolunteerIds: [],
          status: 'active',
        },
        'body',
      );
      const at = deps.clock.now().toISOString();
      const beneficiary = await deps.store.beneficiaries.insert({
        ...fields,
        id: newId('ben'),
        orgId: caller.orgId,
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
      await recordAudit(deps, caller.actor, 'beneficiary.create', { kind: 'beneficiary', id: beneficiary.id });
      await recomputeAround(
        deps,
        caller.orgId,
        beneficiary.programmeIds,
        { beneficiaryId: beneficiary.id },
        causeOf(beneficiary),
      );
      return beneficiary;
    },
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
    response: Paged(Beneficiary),
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
    response: Beneficiary,
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
    response: Beneficiary,
    async handler({ deps, caller, params, headers, body }) {
      const current = await deps.store.beneficiaries.get(caller.orgId, params.id);
      const version = expectedVersion(headers, current);
      if (body.programmeIds)
        await Promise.all(body.programmeIds.map((id) => deps.store.programmes.get(caller.orgId, id)));
      if (body.referral?.sourceId !== current.referral?.sourceId)
        await checkReferral(deps, caller.orgId, body.referral?.sourceId);
      if (body.mediatorId !== current.mediatorId) await checkMediator(deps, caller.orgId, body.mediatorId);
      // Checked as a whole (a household keeps members), with the paths of the body.
      parsePart(BeneficiaryFields, { ...stripMeta(current), ...body }, 'body');
      const updated = await deps.store.beneficiaries.update(caller.orgId, current.id, version, body, deps.clock.now());
      await recordAudit(
        deps,
        caller.actor,
        'beneficiary.update',
        { kind: 'beneficiary', id: updated.id },
        { fields: Object.keys(body) },
      );
      const programmes = [...new Set([...current.programmeIds, ...updated.programmeIds])];
      await recomputeAround(deps, caller.orgId, programmes, { beneficiaryId: updated.id }, causeOf(updated));
      return updated;
    },
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
    response: Beneficiary,
    handler: ({ commands, caller, params }) =>
      commands.run(liftExclusion, caller.actor, { beneficiaryId: params.id, volunteerId: params.volunteerId }),
  }),
];

/** A referral names one of the organisation's active sources. */
async function checkReferral(deps: ApiDeps, orgId: string, sourceId: string | undefined): Promise<void> {
  if (sourceId === undefined) return;
  const source = await deps.store.referralSources.find(orgId, sourceId);
  if (!source || source.status !== 'active')
    throw new ValidationError([{ field: 'body.referral.sourceId', message: 'no such active referral source' }]);
}

/** The mediator who follows a beneficiary is active staff of the same organisation. */
async function checkMediator(deps: ApiDeps, orgId: string, staffId: string | undefined): Promise<void> {
  if (staffId === undefined) return;
  const staff = await deps.store.staff.find(orgId, staffId);
  if (!staff || staff.status !== 'active')
    throw new ValidationError([{ field: 'body.mediatorId', message: 'no such active staff member here' }]);
}

function stripMeta({ id: _id, orgId: _org, version: _v, createdAt: _c, updatedAt: _u, ...fields }: Beneficiary) {
  return fields;
}
