/**
 * An organisation keeps at least one active admin, so nobody locks it out of its own accounts:
 * the one check, and the one way changes that may remove an admin are made.
 */
import type { StaffUser } from '../domain/index.js';
import { ConflictError } from '../errors/conflict-error.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { listAll } from '../store/paging.js';
import type { Clock, Store } from '../store/ports.js';
import type { Actor } from './context.js';

/** How long one admin change may hold the organisation's admins; a holder that died is passed over after it. */
const LEASE_MS = 30_000;
/** How long a change waits for another one to finish before giving up (409 `admin_change_busy`). */
const WAIT_MS = 10_000;

type After = { role?: StaffUser['role'] | undefined; status?: StaffUser['status'] | undefined } | null;

/** Whether the change (`after`: role and status once changed; null: erased) takes an active admin away. */
function removesAnAdmin(target: StaffUser, after: After): boolean {
  const stillAdmin =
    after !== null && (after.role ?? target.role) === 'admin' && (after.status ?? target.status) === 'active';
  return target.role === 'admin' && target.status === 'active' && !stillAdmin;
}

/**
 * Makes a change to a staff member (`write`), refusing with 409 `last_admin` one that would leave
 * the organisation without an active admin, and with 403 one that touches an admin unless an admin
 * asks. Changes that may take an admin away are decided one at a time per organisation: each
 * holds a lease (a key claimed by a unique-key insert, the one write both stores do atomically),
 * then counts the other admins and writes. So two admins demoting or erasing each other at once
 * cannot both win.
 */
export async function adminChange<R>(
  deps: { store: Store; clock: Clock; actor: Actor },
  target: StaffUser,
  after: After,
  write: () => Promise<R>,
): Promise<R> {
  const { store, clock, actor } = deps;
  if (target.role === 'admin' && actor.role !== 'admin' && actor.role !== 'system')
    throw new ForbiddenError('only an admin may change or erase an admin');
  if (!removesAnAdmin(target, after)) return write();
  const lease = `admins:${target.orgId}`;
  const until = Date.now() + WAIT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    const now = clock.now();
    if (await store.keys.claim(lease, { by: actor.userId }, new Date(now.getTime() + LEASE_MS), now)) break;
    if (Date.now() > until)
      throw new ConflictError('admin_change_busy', 'another change of admins is still being made; retry');
    await new Promise((r) => setTimeout(r, pause));
  }
  try {
    // Read under the lease: whatever another change did before it is seen here.
    const others = (await listAll(store.staff, target.orgId, { role: 'admin', status: 'active' })).filter(
      (s) => s.id !== target.id,
    );
    const current = await store.staff.find(target.orgId, target.id);
    if (current && removesAnAdmin(current, after) && others.length === 0)
      throw new ConflictError('last_admin', 'the organisation would have no active admin left');
    return await write();
  } finally {
    await store.keys.delete(lease);
  }
}
