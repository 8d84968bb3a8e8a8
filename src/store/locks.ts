/** Update locks: one document per record version being written, so of concurrent updaters one wins. */
import { EXPIRES_AT, RETENTION_MS } from './collections.js';
import { DuplicateKeyError, type CollectionDriver } from './driver.js';

/**
 * An update lock older than this is taken to be left by an interrupted write (a process killed, a
 * request cut off): longer than a write may take with its retries (RETRY_BUDGET_MS in
 * mongo-client.ts), short enough that the record is not refused for long.
 */
const LOCK_LEASE_MS = 10_000;

/**
 * Serialises updates of one record version through a lock document keyed by record and next
 * version: of concurrent updaters from the same version, only the one whose insert succeeds
 * writes. Released once the write is done; one left by a crash expires after the lease.
 */
export class Locks {
  constructor(private readonly col: CollectionDriver) {}

  async hold<R>(key: string, onTaken: () => Error, write: () => Promise<R>): Promise<R> {
    if (!(await this.take(key)) && !(await this.takeStale(key))) throw onTaken();
    try {
      return await write();
    } finally {
      await this.col.deleteMany({ _id: key });
    }
  }

  /** Whether a live lock holds `key` now: a read, for waiters to poll (failed inserts are writes, and slow the holder). */
  async held(key: string): Promise<boolean> {
    const held = await this.col.findOne({ _id: key });
    return held !== null && (held.at as number) > Date.now() - LOCK_LEASE_MS;
  }

  private async take(key: string): Promise<boolean> {
    // Store-internal lease time: wall-clock, whatever clock the services are given.
    const now = Date.now();
    try {
      await this.col.insertOne({ _id: key, at: now, [EXPIRES_AT]: new Date(now + RETENTION_MS.lock) });
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  private async takeStale(key: string): Promise<boolean> {
    const held = await this.col.findOne({ _id: key });
    if (held && (held.at as number) > Date.now() - LOCK_LEASE_MS) return false;
    if (held) await this.col.deleteMany({ _id: key, at: held.at });
    return this.take(key);
  }
}
