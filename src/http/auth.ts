/**
 * Staff sessions: an opaque random token in an HttpOnly cookie, stored server-side as its hash
 * (a stolen database holds no usable session), with a synchroniser CSRF token bound to it that
 * every state-changing call must echo in `X-CSRF-Token`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { StaffUser } from '../domain/index.js';
import type { ApiDeps } from './deps.js';
import { HttpError } from './http-error.js';
import { checkRole, type Access, type Caller, type Method } from './access.js';

export const SESSION_COOKIE = 'tandem_session';
export const CSRF_HEADER = 'x-csrf-token';

interface SessionValue {
  [key: string]: unknown;
  staffId: string;
  orgId: string;
  csrf: string;
  createdAt: string;
}

const hash = (token: string) => createHash('sha256').update(token).digest('base64url');
const sessionKey = (token: string) => `session:${hash(token)}`;
const newToken = () => randomBytes(32).toString('base64url');

/** Opens a session for `staff` and sets its cookie; returns the CSRF token and when it ends. */
export async function openSession(
  deps: ApiDeps,
  req: Request,
  res: Response,
  staff: StaffUser,
): Promise<{ csrfToken: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlMs);
  const token = newToken();
  const value: SessionValue = { staffId: staff.id, orgId: staff.orgId, csrf: newToken(), createdAt: now.toISOString() };
  if (!(await deps.store.keys.claim(sessionKey(token), value, expiresAt, now)))
    throw new Error('session token collision');
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: deps.config.sessionTtlMs,
  });
  return { csrfToken: value.csrf, expiresAt };
}

export async function closeSession(deps: ApiDeps, req: Request, res: Response, caller: Caller): Promise<void> {
  await deps.store.keys.delete(caller.sessionKey);
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

/**
 * The caller of a staff route: 401 without a live session of an active account, 403 for a role
 * the route does not admit or a missing CSRF token on anything but a read. Roles and status are
 * read afresh on each request, so a change by an admin applies at once.
 */
export async function authenticate(
  deps: ApiDeps,
  req: Request,
  access: Access,
  method: Method,
): Promise<Caller | undefined> {
  if (access === 'public') return undefined;
  const token: unknown = req.cookies?.[SESSION_COOKIE];
  if (typeof token !== 'string' || token.length > 100) throw new HttpError(401, 'unauthenticated');
  const key = sessionKey(token);
  const session = await deps.store.keys.get<SessionValue>(key, deps.clock.now());
  const staff = session && (await deps.store.staff.find(session.orgId, session.staffId));
  if (!session || !staff || staff.status !== 'active') throw new HttpError(401, 'unauthenticated');
  // A session opened before the password changed is over (the change opens a new one for its author).
  if (staff.passwordChangedAt && session.createdAt < staff.passwordChangedAt)
    throw new HttpError(401, 'unauthenticated');
  checkRole(access, staff.role);
  if (method !== 'get' && !sameToken(req.get(CSRF_HEADER), session.csrf)) throw new HttpError(403, 'csrf');
  return {
    staff,
    orgId: staff.orgId,
    role: staff.role,
    actor: { orgId: staff.orgId, userId: staff.id, role: staff.role },
    csrfToken: session.csrf,
    sessionKey: key,
  };
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
