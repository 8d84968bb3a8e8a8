import { z } from 'zod';
import { NewStaff, OrganisationPatch, StaffPatch, StaffView, staffView } from '../../domain/index.js';
import { addStaff, updateOrganisation, updateStaff } from '../../services/commands/staff.js';
import { listAll } from '../../store/paging.js';
import { route } from '../../http/route.js';
import { IdParams, IfMatch, ifMatch } from '../schemas.js';
import { organisationView, OrganisationView } from '../views.js';

const ADMIN = ['admin'] as const;

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
    async handler({ commands, caller, body }) {
      const { staff, password } = await commands.run(addStaff, caller.actor, body);
      return { user: staffView(staff), password };
    },
  }),
  route({
    method: 'patch',
    path: '/staff/{id}',
    summary: "Changes a staff member's name, role or status; never the organisation's last active admin",
    tag: 'admin',
    access: ADMIN,
    params: IdParams,
    headers: IfMatch,
    body: StaffPatch,
    status: 200,
    conflicts: ['last_admin', 'admin_change_busy', 'version'],
    response: StaffView,
    async handler({ commands, caller, params, headers, body }) {
      const staff = await commands.run(updateStaff, caller.actor, {
        staffId: params.id,
        expectedVersion: ifMatch(headers),
        patch: body,
      });
      return staffView(staff);
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
    body: OrganisationPatch,
    status: 200,
    conflicts: ['version'],
    response: OrganisationView,
    async handler({ commands, caller, headers, body }) {
      return organisationView(
        await commands.run(updateOrganisation, caller.actor, { expectedVersion: ifMatch(headers), patch: body }),
      );
    },
  }),
];
