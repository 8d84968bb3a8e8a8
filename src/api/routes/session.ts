import { z } from 'zod';
import { ROLES, type StaffUser } from '../../domain/index.js';
import { MAX_PASSWORD_LENGTH } from '../../services/password.js';
import { signIn } from '../../services/sign-in.js';
import { ChangePasswordInput, changeOwnPassword } from '../../services/commands/accounts.js';
import { closeSession, openSession } from '../../http/auth.js';
import type { ApiDeps } from '../../http/deps.js';
import { route } from '../../http/route.js';
import { Me, organisationView, SessionCreated } from '../views.js';

const Credentials = z.strictObject({
  email: z
    .string()
    .max(254)
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'must be an e-mail address' })),
  password: z.string().min(1, 'required').max(MAX_PASSWORD_LENGTH),
});

async function me(deps: ApiDeps, staff: StaffUser) {
  const org = await deps.store.organisations.get(staff.orgId, staff.orgId);
  return {
    user: { id: staff.id, name: staff.name, email: staff.email, role: staff.role },
    organisation: organisationView(org),
  };
}

export const sessionRoutes = [
  route({
    method: 'post',
    path: '/session',
    summary: 'Sign in: sets the session cookie and returns the CSRF token to send with every change',
    tag: 'session',
    access: 'public',
    limiter: 'login',
    refusals: [401],
    body: Credentials,
    status: 201,
    response: SessionCreated,
    async handler({ deps, commands, body, req, res }) {
      const staff = await signIn({ ...deps, commands }, body.email, body.password);
      const { csrfToken, expiresAt } = await openSession(deps, req, res, staff);
      return { ...(await me(deps, staff)), csrfToken, expiresAt: expiresAt.toISOString() };
    },
  }),
  route({
    method: 'delete',
    path: '/session',
    summary: 'Sign out',
    tag: 'session',
    access: ROLES,
    status: 204,
    async handler({ deps, req, res, caller }) {
      await closeSession(deps, req, res, caller);
      return undefined;
    },
  }),
  route({
    method: 'post',
    path: '/session/password',
    summary:
      "Changes the caller's own password (the current one first); signs out the account's other sessions and returns this one's new CSRF token",
    tag: 'session',
    access: ROLES,
    limiter: 'login',
    body: ChangePasswordInput,
    status: 200,
    conflicts: ['version'],
    response: SessionCreated,
    async handler({ deps, commands, body, req, res, caller }) {
      const staff = await commands.run(changeOwnPassword, caller.actor, body);
      await closeSession(deps, req, res, caller);
      const { csrfToken, expiresAt } = await openSession(deps, req, res, staff);
      return { ...(await me(deps, staff)), csrfToken, expiresAt: expiresAt.toISOString() };
    },
  }),
  route({
    method: 'get',
    path: '/me',
    summary: "The caller's account, organisation and role",
    tag: 'session',
    access: ROLES,
    status: 200,
    response: Me,
    handler: ({ deps, caller }) => me(deps, caller.staff),
  }),
];
