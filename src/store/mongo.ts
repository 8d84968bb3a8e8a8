/**
 * The MongoDB adapter, through the official driver: MongoDB itself, or FerretDB 1.x (which the
 * integration tests run against). One MongoClient per URI per process, shared by every store
 * opened on it. At start-up it creates the indexes, and `$jsonSchema` validators and TTL indexes
 * where the server has them; FerretDB answers NotImplemented (238) to both, which is logged once
 * and worked around (zod checks every write anyway; `purgeExpired` does what TTL would).
 */
import { MongoBulkWriteError, MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { z } from 'zod';
import { COLLECTION_NAMES, COLLECTIONS } from './collections.js';
import {
  DuplicateKeyError,
  type CollectionDriver,
  type Doc,
  type Filter,
  type FindOptions,
  type Update,
} from './driver.js';
import { acquireClient, releaseClient, type ClientHandle } from './mongo-client.js';
import type { Logger, Store, StoreCapabilities } from './ports.js';
import { createStore } from './records.js';

const NOT_IMPLEMENTED = 238;
const NAMESPACE_EXISTS = 48;
const DUPLICATE_KEY = 11000;

export interface MongoStoreOptions {
  uri: string;
  /** Default: the database named in the URI, else `tandem`. */
  dbName?: string;
  logger: Logger;
}

/** The database a URI names (`mongodb://host/name`), if any. */
export function databaseInUri(uri: string): string | undefined {
  return /^mongodb(?:\+srv)?:\/\/[^/]+\/([^/?]+)/.exec(uri)?.[1];
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const handle = await acquireClient(options.uri, options.logger);
  const dbName = options.dbName ?? databaseInUri(options.uri) ?? 'tandem';
  try {
    const capabilities = await handle.run((client) => prepareDatabase(client.db(dbName), options.logger));
    return createStore(
      {
        collection: (name) => new MongoCollection(handle, (client) => client.db(dbName).collection<Doc>(name)),
        close: () => releaseClient(options.uri),
      },
      'mongodb',
      capabilities,
    );
  } catch (err) {
    await releaseClient(options.uri);
    throw err;
  }
}

const warned = new Set<string>();

/**
 * Creates validators and indexes, learning what the server supports. A server without
 * validators or TTL indexes is told once per process; anything else it refuses is an error.
 */
export async function prepareDatabase(
  db: Pick<Db, 'createCollection' | 'command' | 'collection'>,
  logger: Logger,
): Promise<StoreCapabilities> {
  const capabilities: StoreCapabilities = { validators: true, ttlIndexes: true };
  for (const name of COLLECTION_NAMES) {
    const { schema, indexes } = COLLECTIONS[name];
    if (schema && capabilities.validators)
      capabilities.validators = await ensureValidator(db, name, mongoValidator(schema));
    const collection = db.collection(name);
    for (const { fields, unique, expireAfterSeconds } of indexes) {
      try {
        await collection.createIndex(fields, {
          ...(unique && { unique }),
          ...(expireAfterSeconds !== undefined && { expireAfterSeconds }),
        });
      } catch (err) {
        if (!isNotImplemented(err) || expireAfterSeconds === undefined) throw err;
        capabilities.ttlIndexes = false;
        // A plain index still serves purgeExpired.
        await collection.createIndex(fields);
      }
    }
  }
  const missing = Object.entries(capabilities)
    .filter(([, has]) => !has)
    .map(([feature]) => feature);
  if (missing.length && !warned.has(missing.join())) {
    warned.add(missing.join());
    logger.warn('store.mongodb.unsupported', {
      missing,
      fallback: 'zod validation on every write; purgeExpired instead of TTL',
    });
  }
  return capabilities;
}

async function ensureValidator(
  db: Pick<Db, 'createCollection' | 'command'>,
  name: string,
  validator: Document,
): Promise<boolean> {
  try {
    await db.createCollection(name, { validator, validationLevel: 'strict', validationAction: 'error' });
    return true;
  } catch (err) {
    if (isNotImplemented(err)) return false;
    if (!(err instanceof MongoServerError && err.code === NAMESPACE_EXISTS)) throw err;
  }
  try {
    await db.command({ collMod: name, validator, validationLevel: 'strict', validationAction: 'error' });
    return true;
  } catch (err) {
    if (isNotImplemented(err)) return false;
    throw err;
  }
}

function isNotImplemented(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === NOT_IMPLEMENTED;
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

const BSON_TYPES: Record<string, string[]> = {
  string: ['string'],
  integer: ['int', 'long', 'double'],
  number: ['int', 'long', 'double', 'decimal'],
  boolean: ['bool'],
  array: ['array'],
  object: ['object'],
  null: ['null'],
};

/**
 * A server-side `$jsonSchema` from a domain schema: the required top-level fields, their BSON
 * types and enumerations. A safety net under the zod validation, not a second copy of it.
 */
export function mongoValidator(schema: z.ZodType): Document {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  const rename = (key: string) => (key === 'id' ? '_id' : key);
  const properties: Record<string, Document> = {};
  for (const [key, prop] of Object.entries(json.properties ?? {})) {
    const alternatives = prop.anyOf ?? [prop];
    const types = [...new Set(alternatives.flatMap((a) => [a.type ?? []].flat()).flatMap((t) => BSON_TYPES[t] ?? []))];
    const values = alternatives.every((a) => a.enum || a.type === 'null')
      ? alternatives.flatMap((a) => a.enum ?? [null])
      : undefined;
    properties[rename(key)] = { ...(types.length && { bsonType: types }), ...(values && { enum: values }) };
  }
  return { $jsonSchema: { bsonType: 'object', required: (json.required ?? []).map(rename), properties } };
}

/**
 * A collection through the process's client: every operation tried again while the server is
 * briefly away (see ClientHandle). A write whose reply was lost may have been applied: before it
 * is sent again, the document is looked at, so a retried insert or update is done once.
 */
class MongoCollection implements CollectionDriver {
  constructor(
    private readonly handle: ClientHandle,
    private readonly of: (client: ClientHandle['current']) => Collection<Doc>,
  ) {}

  private run<R>(op: (col: Collection<Doc>) => Promise<R>, settled?: (col: Collection<Doc>) => Promise<R | undefined>) {
    return this.handle.run((client) => op(this.of(client)), settled && (() => settled(this.of(this.handle.current))));
  }

  async insertOne(doc: Doc): Promise<void> {
    await this.run(
      (col) => duplicatesAsConflicts(() => col.insertOne({ ...doc })),
      async (col) => (sameDoc(await col.findOne({ _id: doc._id }), doc) ? null : undefined),
    );
  }

  async insertMany(docs: Doc[]): Promise<void> {
    if (docs.length === 0) return;
    await this.run(
      (col) =>
        duplicatesAsConflicts(() =>
          col.insertMany(
            docs.map((d) => ({ ...d })),
            { ordered: true },
          ),
        ),
      async (col) => {
        // Those a lost reply had inserted are not sent again.
        const present = new Map(
          (await col.find({ _id: { $in: docs.map((d) => d._id) } }).toArray()).map((d) => [d._id, d]),
        );
        const rest = docs.filter((d) => !present.has(d._id));
        if (docs.some((d) => present.has(d._id) && !sameDoc(present.get(d._id)!, d))) return undefined;
        if (rest.length) await duplicatesAsConflicts(() => col.insertMany(rest, { ordered: true }));
        return null;
      },
    );
  }

  async insertEach(docs: Doc[]): Promise<boolean[]> {
    if (docs.length === 0) return [];
    const inserted = (present: Map<string, Doc>) => docs.map((d) => sameDoc(present.get(d._id) ?? null, d));
    return this.run(
      async (col) => {
        try {
          await col.insertMany(
            docs.map((d) => ({ ...d })),
            { ordered: false },
          );
          return docs.map(() => true);
        } catch (err) {
          if (!(err instanceof MongoBulkWriteError)) throw err;
          const errors = [err.writeErrors].flat();
          if (errors.some((e) => e.code !== DUPLICATE_KEY)) throw err;
          const taken = new Set(errors.map((e) => e.index));
          return docs.map((_, i) => !taken.has(i));
        }
      },
      // After a lost reply: in are those stored as sent; the rest are tried again.
      async (col) => {
        const present = new Map(
          (await col.find({ _id: { $in: docs.map((d) => d._id) } }).toArray()).map((d) => [d._id, d]),
        );
        const rest = docs.filter((d) => !present.has(d._id));
        if (rest.length) {
          try {
            await col.insertMany(rest, { ordered: false });
          } catch (err) {
            if (!(err instanceof MongoBulkWriteError)) throw err;
          }
          for (const d of await col.find({ _id: { $in: rest.map((r) => r._id) } }).toArray()) present.set(d._id, d);
        }
        return inserted(present);
      },
    );
  }

  findOne(filter: Filter): Promise<Doc | null> {
    return this.run((col) => col.findOne(filter));
  }

  find(filter: Filter, options: FindOptions = {}): Promise<Doc[]> {
    return this.run((col) => {
      let cursor = col.find(filter);
      if (options.sort) cursor = cursor.sort(options.sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      return cursor.toArray();
    });
  }

  count(filter: Filter): Promise<number> {
    return this.run((col) => col.countDocuments(filter));
  }

  countBy(filter: Filter, field: string): Promise<Map<string, number>> {
    return this.run(async (col) => {
      const groups = await col
        .aggregate<{ _id: string; n: number }>([{ $match: filter }, { $group: { _id: `$${field}`, n: { $sum: 1 } } }])
        .toArray();
      return new Map(groups.map((g) => [g._id, g.n]));
    });
  }

  updateOne(filter: Filter, update: Update): Promise<Doc | null> {
    return this.run(
      (col) => duplicatesAsConflicts(() => col.findOneAndUpdate(filter, update, { returnDocument: 'after' })),
      // A versioned update lost with its reply shows as the document already carrying it.
      async (col) => {
        if (typeof filter._id !== 'string') return undefined;
        const doc = await col.findOne({ _id: filter._id });
        return doc && carries(doc, update) ? doc : undefined;
      },
    );
  }

  updateMany(filter: Filter, update: Update): Promise<number> {
    return this.run(async (col) => (await col.updateMany(filter, update)).modifiedCount);
  }

  deleteMany(filter: Filter): Promise<number> {
    const ids = keysOnly(filter);
    // FerretDB pushes `_id: <string>` down to its backend, but not `$in`: deleting by a list of
    // keys as one statement per key spares a scan of the whole collection.
    if (ids)
      return this.run(async (col) =>
        ids.length === 0
          ? 0
          : (
              await col.bulkWrite(
                ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
                { ordered: false },
              )
            ).deletedCount,
      );
    return this.run(async (col) => (await col.deleteMany(filter)).deletedCount);
  }
}

/** The keys of a filter that is `{ _id: { $in: [...] } }` and nothing else. */
function keysOnly(filter: Filter): string[] | undefined {
  const key = filter._id;
  if (Object.keys(filter).length !== 1 || typeof key !== 'object' || key === null) return undefined;
  const ids = (key as { $in?: unknown }).$in;
  if (Object.keys(key).length !== 1 || !Array.isArray(ids)) return undefined;
  return ids.every((id) => typeof id === 'string') ? ids : undefined;
}

async function duplicatesAsConflicts<R>(run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof MongoServerError && err.code === DUPLICATE_KEY)
      throw new DuplicateKeyError(err.message, { cause: err });
    throw err;
  }
}

/** JSON with keys in order, for comparing a stored document with the one that was sent. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function sameDoc(stored: Doc | null, sent: Doc): boolean {
  return stored !== null && canonical(stored) === canonical(sent);
}

/** Whether `doc` already holds what `update` sets (and lacks what it unsets). */
function carries(doc: Doc, update: Update): boolean {
  const at = (path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], doc);
  return (
    Object.entries(update.$set ?? {}).every(([path, value]) => canonical(at(path)) === canonical(value)) &&
    Object.keys(update.$unset ?? {}).every((path) => at(path) === undefined)
  );
}
