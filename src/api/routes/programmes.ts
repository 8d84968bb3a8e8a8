import { z } from 'zod';
import { Programme, ROLES } from '../../domain/index.js';
import { newId } from '../../services/context.js';
import { listAll } from '../../store/paging.js';
import { recordAudit } from '../audit.js';
import { route } from '../../http/route.js';
import { expectedVersion, IdParams, IfMatch } from '../schemas.js';

export const COORDINATOR = ['coordinator'] as const;

const ProgrammeFields = Programme.omit({ id: true, orgId: true, version: true, createdAt: true, updatedAt: true });
const ProgrammePatch = ProgrammeFields.omit({ slug: true }).partial();

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
    async handler({ deps, caller, body }) {
      const at = deps.clock.now().toISOString();
      const programme = await deps.store.programmes.insert({
        ...body,
        id: newId('prg'),
        orgId: caller.orgId,
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
      await recordAudit(deps, caller.actor, 'programme.create', { kind: 'programme', id: programme.id });
      return programme;
    },
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
    async handler({ deps, caller, params, headers, body }) {
      const current = await deps.store.programmes.get(caller.orgId, params.id);
      const updated = await deps.store.programmes.update(
        caller.orgId,
        current.id,
        expectedVersion(headers, current),
        body,
        deps.clock.now(),
      );
      await recordAudit(
        deps,
        caller.actor,
        'programme.update',
        { kind: 'programme', id: current.id },
        { fields: Object.keys(body) },
      );
      return updated;
    },
  }),
];
