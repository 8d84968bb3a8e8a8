/**
 * The seam between the shared repositories (records.ts) and a database: the few collection
 * operations both adapters offer with the same meaning.
 *
 * The filter and update dialect is MongoDB's, restricted to what FerretDB 1.x and NeDB both do
 * alike: equality (an array field matches when it holds the value), `$in`, `$lt`/`$lte`/`$gt`/
 * `$gte`, `$or`, dotted paths; updates `$set`, `$unset`. Not `$ne`/`$nin` (NeDB tests them per
 * array element). Only `insertOne` under a unique key is atomic everywhere: FerretDB 1.x applies
 * a conditional update as a read-modify-write, so repositories never rely on one to decide a race.
 */
export type Doc = { _id: string } & Record<string, unknown>;
export type Filter = Record<string, unknown>;
export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, ''>;
}
export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

/** An insert or update hit a unique index; repositories turn it into a ConflictError naming the key. */
export class DuplicateKeyError extends Error {}

export interface CollectionDriver {
  /** DuplicateKeyError when a unique key is taken. */
  insertOne(doc: Doc): Promise<void>;
  insertMany(docs: Doc[]): Promise<void>;
  /** Inserts each document on its own; says which went in (false: its key was taken). */
  insertEach(docs: Doc[]): Promise<boolean[]>;
  findOne(filter: Filter): Promise<Doc | null>;
  find(filter: Filter, options?: FindOptions): Promise<Doc[]>;
  count(filter: Filter): Promise<number>;
  /** Matching documents per value of a top-level field. */
  countBy(filter: Filter, field: string): Promise<Map<string, number>>;
  /** Updates the first match and returns it as updated, or null when none matched. */
  updateOne(filter: Filter, update: Update): Promise<Doc | null>;
  updateMany(filter: Filter, update: Update): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
}

export interface IndexSpec {
  fields: Record<string, 1 | -1>;
  unique?: boolean;
  /** A TTL index on a Date field: documents go once that time is this many seconds past. */
  expireAfterSeconds?: number;
}

export interface Driver {
  collection(name: string): CollectionDriver;
  close(): Promise<void>;
}
