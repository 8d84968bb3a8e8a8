/**
 * Idempotency-Key: a client that sends the same key when it retries a write stores it once and
 * hears the same answer. A creation takes an id derived from the key (the store's unique id
 * refuses a second insert, and the replay finds the record); a step on a record keeps the key's
 * digest in what it adds (a check-in, a closing), where the replay finds it. Both are written in
 * the same write as the change, so a retry after any failure is safe. Scoped to the organisation.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConflictError } from '../errors/conflict-error.js';

/** The key as clients send it (the header's rules, checked again where commands are called directly). */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, 'must be 8-100 letters, digits or _ . : -');

/** What is stored of a key: its digest within the organisation. */
export function keyDigest(orgId: string, key: string): string {
  return createHash('sha256').update(`${orgId}\u0000${key}`).digest('base64url').slice(0, 32);
}

/** The id a creation takes under a key (a new one without). */
export function keyedId(prefix: string, orgId: string, key: string | undefined, fresh: () => string): string {
  return key ? `${prefix}_k${keyDigest(orgId, key)}` : fresh();
}

/**
 * Inserts a record created under a key, or, when a record already has that key's id (a retry),
 * returns that one (`replayed`): the store's unique id decides, even between concurrent retries.
 */
export async function insertOnce<T extends { id: string; orgId: string }>(
  records: { insert(record: T): Promise<T>; find(orgId: string, id: string): Promise<T | null> },
  record: T,
  key: string | undefined,
): Promise<{ record: T; replayed: boolean }> {
  try {
    return { record: await records.insert(record), replayed: false };
  } catch (err) {
    if (!key || !(err instanceof ConflictError && err.rule.endsWith('.id'))) throw err;
    const found = await records.find(record.orgId, record.id);
    if (!found) throw err;
    return { record: found, replayed: true };
  }
}
