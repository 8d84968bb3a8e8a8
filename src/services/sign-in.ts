/**
 * Signing in, with a lockout that holds under parallel attempts. Every attempt on an address first
 * takes the next numbered slot (`login:<hash of the address>#000001`, `#000002`, …) by an insert
 * under a unique key, the one write both stores make atomically: of attempts racing for a slot,
 * one wins and the others look again. Once FREE_FAILURES slots are taken the address waits, each
 * further failure doubling the wait; a right password frees the slots. So eight wrong passwords
 * sent at once take five slots and lock the address, and the right one sent with them waits too.
 */
import { createHash } from 'node:crypto';
import type { StaffUser } from '../domain/index.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { LockedOutError } from '../errors/locked-out-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import type { Clock, Store } from '../store/ports.js';
import type { Commands } from './commands/command.js';
import { decoyHash, verifyPassword } from './password.js';

/** Failed sign-ins allowed before the address waits; each further failure doubles the wait. */
export const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 60_000;
const MAX_WAIT_MS = 15 * 60_000;
/** How long an attempt is remembered. */
const ATTEMPT_MEMORY_MS = 24 * 3_600_000;
/** Rounds of looking again when other attempts took the slot first (each round one of them wins). */
const MAX_ROUNDS = 64;

/** How long an address waits after `failures` attempts in a row without success (0: not at all). */
export function lockoutMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_FAILURES), MAX_WAIT_MS);
}

interface Attempt {
  [key: string]: unknown;
  at: string;
}

const slotsOf = (email: string) => `login:${createHash('sha256').update(email).digest('base64url')}#`;
const slotKey = (prefix: string, n: number) => `${prefix}${String(n).padStart(6, '0')}`;

/** Takes the address's next attempt slot, or refuses (429) while it waits. */
async function takeSlot(deps: { store: Store; clock: Clock }, prefix: string): Promise<void> {
  const { store, clock } = deps;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = clock.now();
    const taken = await store.keys.list<Attempt>(prefix, now);
    const last = taken.at(-1);
    const wait = lockoutMs(taken.length);
    if (last && wait) {
      const until = Date.parse(last.value.at) + wait;
      if (until > now.getTime()) throw new LockedOutError(Math.ceil((until - now.getTime()) / 1000));
    }
    const next = last ? Number(last.key.slice(prefix.length)) + 1 : 1;
    const at = now.toISOString();
    if (await store.keys.claim(slotKey(prefix, next), { at }, new Date(now.getTime() + ATTEMPT_MEMORY_MS), now)) return;
  }
  // So many attempts at once on one address: whatever they are, they wait.
  throw new LockedOutError(Math.ceil(FIRST_WAIT_MS / 1000));
}

/**
 * Checks an e-mail address and password. Unknown addresses cost as much as known ones (a decoy
 * hash is checked) and answer the same (AuthenticationError, 401), so nobody learns which
 * addresses have accounts; an address that failed too often waits (LockedOutError, 429). A
 * success is recorded on the account (last sign-in) and in the audit trail.
 */
export async function signIn(
  deps: { store: Store; clock: Clock; commands: Commands },
  email: string,
  password: string,
): Promise<StaffUser> {
  const { store, commands } = deps;
  const prefix = slotsOf(email);
  await takeSlot(deps, prefix);
  const staff = await store.staff.findByEmail(email);
  const ok = await verifyPassword(staff?.passwordHash ?? (await decoyHash()), password);
  if (!ok || !staff || staff.status !== 'active') throw new AuthenticationError();
  await store.keys.deletePrefix(prefix);
  return commands.act({ orgId: staff.orgId, userId: staff.id, role: staff.role }, async (ctx) => {
    const now = ctx.clock.now();
    let signedIn = staff;
    try {
      signedIn = await ctx.store.staff.update(
        staff.orgId,
        staff.id,
        staff.version,
        { lastLoginAt: now.toISOString() },
        now,
      );
    } catch (err) {
      // Another sign-in of the same account wrote it a moment ago.
      if (!(err instanceof VersionConflictError)) throw err;
    }
    ctx.raise({ type: 'StaffSignedIn', staff: signedIn });
    return signedIn;
  });
}
