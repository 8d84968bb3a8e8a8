/**
 * The MongoDB adapter, through the official driver: MongoDB itself, or FerretDB 1.x (which the
 * integration tests run against). One MongoClient per URI per process, shared by every store
 * opened on it. At start-up it creates the indexes, and `$jsonSchema` validators and TTL indexes
 * where the server has them; FerretDB answers NotImplemented (238) to both, which is logged once
 * and worked around (zod checks every write anyway; `purgeExpired` does what TTL would).
 */
import { MongoClient, MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { z } from 'zod';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import { COLLECTION_NAMES, COLLECTIONS } from './collections.js';
import {
  DuplicateKeyError,
  type CollectionDriver,
  type Doc,
  type Filter,
  type FindOptions,
  type Update,
} from './driver.js';
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

const clients = new Map<string, { client: Promise<MongoClient>; users: number }>();

async function acquireClient(uri: string): Promise<MongoClient> {
  let entry = clients.get(uri);
  if (!entry) {
    entry = { client: new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 }).connect(), users: 0 };
    clients.set(uri, entry);
  }
  entry.users++;
  try {
    return await entry.client;
  } catch (err) {
    clients.delete(uri);
    // The URI may carry a password: name the cause, not the URI.
    throw new StoreUnavailableError(`cannot connect to MongoDB: ${(err as Error).message}`, { cause: err });
  }
}

async function releaseClient(uri: string): Promise<void> {
  const entry = clients.get(uri);
  if (!entry || --entry.users > 0) return;
  clients.delete(uri);
  await (await entry.client).close();
}

/** The database a URI names (`mongodb://host/name`), if any. */
export function databaseInUri(uri: string): string | undefined {
  return /^mongodb(?:\+srv)?:\/\/[^/]+\/([^/?]+)/.exec(uri)?.[1];
}

export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const client = await acquireClient(options.uri);
  try {
    const db = client.db(options.dbName ?? databaseInUri(options.uri) ?? 'tandem');
    const capabilities = await prepareDatabase(db, options.logger);
    return createStore(
      { collection: (name) => new MongoCollection(db.collection<Doc>(name)), close: () => releaseClient(options.uri) },
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

class MongoCollection implements CollectionDriver {
  constructor(private readonly col: Collection<Doc>) {}

  async insertOne(doc: Doc): Promise<void> {
    await duplicatesAsConflicts(() => this.col.insertOne(doc));
  }

  async insertMany(docs: Doc[]): Promise<void> {
    await duplicatesAsConflicts(() => this.col.insertMany(docs, { ordered: true }));
  }

  findOne(filter: Filter): Promise<Doc | null> {
    return this.col.findOne(filter);
  }

  find(filter: Filter, options: FindOptions = {}): Promise<Doc[]> {
    let cursor = this.col.find(filter);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return cursor.toArray();
  }

  count(filter: Filter): Promise<number> {
    return this.col.countDocuments(filter);
  }

  async countBy(filter: Filter, field: string): Promise<Map<string, number>> {
    const groups = await this.col
      .aggregate<{ _id: string; n: number }>([{ $match: filter }, { $group: { _id: `$${field}`, n: { $sum: 1 } } }])
      .toArray();
    return new Map(groups.map((g) => [g._id, g.n]));
  }

  updateOne(filter: Filter, update: Update): Promise<Doc | null> {
    return duplicatesAsConflicts(() => this.col.findOneAndUpdate(filter, update, { returnDocument: 'after' }));
  }

  async updateMany(filter: Filter, update: Update): Promise<number> {
    return (await this.col.updateMany(filter, update)).modifiedCount;
  }

  async deleteMany(filter: Filter): Promise<number> {
    return (await this.col.deleteMany(filter)).deletedCount;
  }
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
