import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type StaffUser } from '../../domain/index.js';
import { VersionConflictError } from '../../errors/version-conflict-error.js';
import { decoyHash, MAX_PASSWORD_LENGTH, verifyPassword } from '../../services/password.js';
import { recordAudit } from '../audit.js';
import { closeSession, openSession } from '../../http/auth.js';
import type { ApiDeps } from '../../http/deps.js';
import { HttpError } from '../../http/http-error.js';
import { route } from '../../http/route.js';
import { Me, organisationView, SessionCreated } from '../views.js';

/** Failed sign-ins allowed before the account waits; each further failure doubles the wait. */
export const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 60_000;
const MAX_WAIT_MS = 15 * 60_000;
/** How long failures are remembered after the last one. */
const FAILURE_MEMORY_MS = 24 * 3_600_000;

/** How long an account waits after `failures` consecutive failed sign-ins (0: not at all). */
export function lockoutMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_FAILURES), MAX_WAIT_MS);
}

interface Throttle {
  [key: string]: unknown;
  failures: number;
  lockedUntil: string | null;
}

const throttleKey = (email: string) => `login:${createHash('sha256').update(email).digest('base64url')}`;

const Credentials = z.strictObject({
  email: z
    .string()
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

/**
 * Checks the credentials. Unknown accounts cost as much as known ones (a decoy hash is checked),
 * and answer the same, so the route tells nobody which addresses have accounts. After
 * FREE_FAILURES failures in a row an address waits before it may try again.
 */
async function signIn(deps: ApiDeps, email: string, password: string): Promise<StaffUser> {
  const { clock, store } = deps;
  const { keys } = store;
  const key = throttleKey(email);
  const now = clock.now();
  const throttle = await keys.get<Throttle>(key, now);
  if (throttle?.lockedUntil && Date.parse(throttle.lockedUntil) > now.getTime()) {
    const seconds = Math.ceil((Date.parse(throttle.lockedUntil) - now.getTime()) / 1000);
    throw new HttpError(429, 'locked', `try again in ${seconds} s`, { 'Retry-After': String(seconds) });
  }
  const staff = await store.staff.findByEmail(email);
  const ok = await verifyPassword(staff?.passwordHash ?? (await decoyHash()), password);
  if (ok && staff && staff.status === 'active') {
    if (throttle) await keys.delete(key);
    return staff;
  }
  const failures = (throttle?.failures ?? 0) + 1;
  const wait = lockoutMs(failures);
  const value: Throttle = { failures, lockedUntil: wait ? new Date(now.getTime() + wait).toISOString() : null };
  const expiresAt = new Date(now.getTime() + FAILURE_MEMORY_MS);
  if (!(await keys.replace(key, value, expiresAt, now))) await keys.claim(key, value, expiresAt, now);
  throw new HttpError(401, 'bad_credentials');
}

export const sessionRoutes = [
  route({
    method: 'post',
    path: '/session',
    summary: 'Sign in: sets the session cookie and returns the CSRF token to send with every change',
    tag: 'session',
    access: 'public',
    limiter: 'login',
    body: Credentials,
    status: 201,
    response: SessionCreated,
    async handler({ deps, body, req, res }) {
      const staff = await signIn(deps, body.email, body.password);
      const { csrfToken, expiresAt } = await openSession(deps, req, res, staff);
      const now = deps.clock.now();
      try {
        await deps.store.staff.update(staff.orgId, staff.id, staff.version, { lastLoginAt: now.toISOString() }, now);
      } catch (err) {
        // Another sign-in of the same account wrote it a moment ago.
        if (!(err instanceof VersionConflictError)) throw err;
      }
      await recordAudit(deps, { orgId: staff.orgId, userId: staff.id, role: staff.role }, 'staff.sign_in', {
        kind: 'staff',
        id: staff.id,
      });
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
