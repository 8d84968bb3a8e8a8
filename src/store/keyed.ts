/**
 * Short-lived records under a unique key, gone once expired: staff sessions, sign-up
 * confirmation tokens, idempotency keys, login throttles. Callers namespace their keys
 * (`session:…`, `idem:<orgId>:…`) and keep secrets out of them (a token is stored as its hash).
 * Claiming a key is an insert under the unique `_id`, the one write both servers do atomically.
 */
import { EXPIRES_AT } from './collections.js';
import { DuplicateKeyError, type CollectionDriver } from './driver.js';

export type KeyedValue = Record<string, unknown>;

export interface KeyedRepository {
  /** Stores `value` under `key` unless a live record holds it; returns whether it did. */
  claim(key: string, value: KeyedValue, expiresAt: Date, now: Date): Promise<boolean>;
  /** The live value under `key`, or null. */
  get<T extends KeyedValue>(key: string, now: Date): Promise<T | null>;
  /** The live records whose key starts with `prefix`, by key. */
  list<T extends KeyedValue>(prefix: string, now: Date): Promise<{ key: string; value: T }[]>;
  delete(key: string): Promise<boolean>;
  /** Removes every record whose key starts with `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
}

/** Keys starting with `prefix`: from it up to the next string of its length (a range both servers answer on `_id`). */
function startingWith(prefix: string) {
  if (!prefix) throw new Error('a key prefix must not be empty');
  const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return { _id: { $gte: prefix, $lt: next } };
}

export class Keyed implements KeyedRepository {
  constructor(private readonly col: CollectionDriver) {}

  async claim(key: string, value: KeyedValue, expiresAt: Date, now: Date): Promise<boolean> {
    for (let tries = 0; tries < 2; tries++) {
      try {
        await this.col.insertOne({ _id: key, value, [EXPIRES_AT]: expiresAt });
        return true;
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        // An expired record the TTL monitor has not removed yet does not hold the key.
        if ((await this.col.deleteMany({ _id: key, [EXPIRES_AT]: { $lte: now } })) === 0) return false;
      }
    }
    return false;
  }

  async get<T extends KeyedValue>(key: string, now: Date): Promise<T | null> {
    const doc = await this.col.findOne({ _id: key, [EXPIRES_AT]: { $gt: now } });
    return doc ? (doc.value as T) : null;
  }

  async list<T extends KeyedValue>(prefix: string, now: Date): Promise<{ key: string; value: T }[]> {
    const docs = await this.col.find({ ...startingWith(prefix), [EXPIRES_AT]: { $gt: now } }, { sort: { _id: 1 } });
    return docs.map((d) => ({ key: d._id, value: d.value as T }));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.col.deleteMany({ _id: key })) > 0;
  }

  deletePrefix(prefix: string): Promise<number> {
    return this.col.deleteMany(startingWith(prefix));
  }
}
