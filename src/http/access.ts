/** Who calls, and who may: what the API's routes and the pages check the same way. */
import type { Role, StaffUser } from '../domain/index.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import type { Actor } from '../services/context.js';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/** Who may call: nobody signed in needed, or staff with one of these roles. */
export type Access = 'public' | readonly Role[];

/** The signed-in staff member behind a request. */
export interface Caller {
  staff: StaffUser;
  orgId: string;
  role: Role;
  actor: Actor;
  csrfToken: string;
  sessionKey: string;
}

/** ForbiddenError unless the caller's role is admitted (a public operation admits anyone). */
export function checkRole(access: Access, role: Role): void {
  if (access !== 'public' && !access.includes(role))
    throw new ForbiddenError(`this needs the role ${access.join(' or ')}`);
}
