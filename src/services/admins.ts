/** An organisation keeps at least one active admin, so nobody locks it out of its own accounts: the one check. */
import type { StaffUser } from '../domain/index.js';
import { ConflictError } from '../errors/conflict-error.js';
import { listAll } from '../store/paging.js';
import type { Store } from '../store/ports.js';

/**
 * ConflictError `last_admin` when `target`, an active admin, would stop being one (`after`: its
 * role and status once changed; null: erased) and no other active admin is left.
 */
export async function keepsAnAdmin(
  store: Store,
  target: StaffUser,
  after: { role?: StaffUser['role'] | undefined; status?: StaffUser['status'] | undefined } | null,
): Promise<void> {
  const stillAdmin =
    after !== null && (after.role ?? target.role) === 'admin' && (after.status ?? target.status) === 'active';
  if (target.role !== 'admin' || target.status !== 'active' || stillAdmin) return;
  const others = (await listAll(store.staff, target.orgId, { role: 'admin', status: 'active' })).filter(
    (s) => s.id !== target.id,
  );
  if (others.length === 0) throw new ConflictError('last_admin', 'the organisation would have no active admin left');
}
