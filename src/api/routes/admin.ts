import { z } from 'zod';
import { keepsAnAdmin } from '../../services/admins.js';
import { Email, Organisation, Role, ShortText } from '../../domain/index.js';
import { createStaff } from '../../services/accounts.js';
import { listAll } from '../../store/paging.js';
import { recordAudit } from '../audit.js';
import { route } from '../../http/route.js';
import { expectedVersion, IdParams, IfMatch } from '../schemas.js';
import { StaffView, staffView } from '../../domain/index.js';
import { organisationView, OrganisationView } from '../views.js';

const ADMIN = ['admin'] as const;

const NewStaff = z.strictObject({ email: Email, name: ShortText, role: Role });
const StaffPatch = z.strictObject({
  name: ShortText.optional(),
  role: Role.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const adminRoutes = [
  route({
    method: 'get',
    path: '/staff',
    summary: "The organisation's staff accounts",
    tag: 'admin',
    access: ADMIN,
    status: 200,
    response: z.strictObject({ items: z.array(StaffView) }),
    async handler({ deps, caller }) {
      return { items: (await listAll(deps.store.staff, caller.orgId, {})).map(staffView) };
    },
  }),
  route({
    method: 'post',
    path: '/staff',
    summary: 'Creates a staff account; its generated password is shown this once',
    tag: 'admin',
    access: ADMIN,
    body: NewStaff,
    status: 201,
    conflicts: ['unique:staff.email'],
    response: z.strictObject({ user: StaffView, password: z.string() }),
    async handler({ deps, caller, body }) {
      const { staff, generatedPassword } = await createStaff(deps, {
        ...body,
        orgId: caller.orgId,
        invitedBy: caller.staff.id,
      });
      await recordAudit(deps, caller.actor, 'staff.create', { kind: 'staff', id: staff.id }, { fields: ['role'] });
      return { user: staffView(staff), password: generatedPassword! };
    },
  }),
  route({
    method: 'patch',
    path: '/staff/{id}',
    summary: "Changes a staff member's name, role or status",
    tag: 'admin',
    access: ADMIN,
    params: IdParams,
    headers: IfMatch,
    body: StaffPatch,
    status: 200,
    conflicts: ['last_admin', 'version'],
    response: StaffView,
    async handler({ deps, caller, params, headers, body }) {
      const target = await deps.store.staff.get(caller.orgId, params.id);
      await keepsAnAdmin(deps.store, target, body);
      const updated = await deps.store.staff.update(
        caller.orgId,
        target.id,
        expectedVersion(headers, target),
        body,
        deps.clock.now(),
      );
      await recordAudit(
        deps,
        caller.actor,
        'staff.update',
        { kind: 'staff', id: target.id },
        { fields: Object.keys(body) },
      );
      return staffView(updated);
    },
  }),
  route({
    method: 'get',
    path: '/organisation',
    summary: "The caller's organisation",
    tag: 'admin',
    access: ADMIN,
    status: 200,
    response: OrganisationView,
    async handler({ deps, caller }) {
      return organisationView(await deps.store.organisations.get(caller.orgId, caller.orgId));
    },
  }),
  route({
    method: 'patch',
    path: '/organisation',
    summary: 'Renames the organisation or changes its kind',
    tag: 'admin',
    access: ADMIN,
    headers: IfMatch,
    body: z.strictObject({ name: Organisation.shape.name.optional(), kind: Organisation.shape.kind.optional() }),
    status: 200,
    conflicts: ['version'],
    response: OrganisationView,
    async handler({ deps, caller, headers, body }) {
      const org = await deps.store.organisations.get(caller.orgId, caller.orgId);
      const updated = await deps.store.organisations.update(
        org.id,
        org.id,
        expectedVersion(headers, org),
        body,
        deps.clock.now(),
      );
      await recordAudit(
        deps,
        caller.actor,
        'organisation.update',
        { kind: 'organisation', id: org.id },
        { fields: Object.keys(body) },
      );
      return organisationView(updated);
    },
  }),
];
