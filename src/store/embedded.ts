/**
 * The embedded adapter, for running with no database server: @seald-io/nedb (the maintained
 * fork of NeDB), one append-only file per collection under the data folder
 * (`<dataDir>/<collection>.db`, one JSON document per line). Loading a file replays it and
 * rewrites it compacted; it is compacted again every hour and on close. NeDB queues the
 * operations of each collection, so each one is atomic, which is all the shared repositories
 * need (their races are decided by unique-key inserts). One process at a time per folder:
 * `<dataDir>/LOCK` holds the owner's pid.
 */
import nedb from '@seald-io/nedb';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
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
import type { Store } from './ports.js';
import { createStore } from './records.js';

// The package's types declare an ES default export on what is a CommonJS module.
const Datastore = nedb as unknown as typeof nedb.default;
type Datastore<S> = nedb.default<S>;

const COMPACTION_INTERVAL_MS = 3_600_000;

/**
 * Fields indexed for lookups that would otherwise scan a large collection: NeDB uses one index
 * per query (an equality first, then an `$in`, then a range), so these are chosen to be the
 * selective one of the queries they serve: a beneficiary's proposals, a volunteer's (each
 * volunteer named in a set is an entry), people by longitude (the matching's boxes).
 */
const LOOKUPS: Partial<Record<string, string[]>> = {
  proposalSets: ['beneficiaryId', 'proposals.volunteerId'],
  volunteers: ['place.location.lon'],
  beneficiaries: ['place.location.lon'],
};

export interface EmbeddedStoreOptions {
  dataDir: string;
}

export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<Store> {
  const dir = resolve(options.dataDir);
  await mkdir(dir, { recursive: true });
  const unlock = await lockFolder(dir);
  const stores = new Map<string, Datastore<Doc>>();
  try {
    for (const name of COLLECTION_NAMES) {
      const ds = new Datastore<Doc>({ filename: join(dir, `${name}.db`) });
      await ds.loadDatabaseAsync();
      // Unique and TTL indexes change what the store does; the data is in memory, so only the few
      // lookups below are worth an index of their own.
      for (const { fields, unique, expireAfterSeconds } of COLLECTIONS[name].indexes) {
        if (unique || expireAfterSeconds !== undefined)
          await ds.ensureIndexAsync({ fieldName: Object.keys(fields), unique, expireAfterSeconds });
      }
      for (const fieldName of LOOKUPS[name] ?? []) await ds.ensureIndexAsync({ fieldName });
      ds.setAutocompactionInterval(COMPACTION_INTERVAL_MS);
      stores.set(name, ds);
    }
  } catch (err) {
    await unlock();
    throw err;
  }
  return createStore(
    {
      collection: (name) => new NedbCollection(stores.get(name)!),
      async close() {
        for (const ds of stores.values()) {
          ds.stopAutocompaction();
          await ds.compactDatafileAsync();
        }
        await unlock();
      },
    },
    'embedded',
    { validators: false, ttlIndexes: true },
  );
}

const lockedHere = new Set<string>();

/** Claims the folder for this process; a lock left by a process that is gone is taken over. */
async function lockFolder(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, 'LOCK');
  if (lockedHere.has(dir)) throw new StoreUnavailableError(`data folder ${dir} is already open in this process`);
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = Number(await readFile(file, 'utf8'));
    // Our own pid here is a leftover (e.g. pid 1 in a restarted container): we hold no lock.
    if (owner !== process.pid && isAlive(owner))
      throw new StoreUnavailableError(`data folder ${dir} is in use by process ${owner}`);
    await writeFile(file, String(process.pid));
  }
  lockedHere.add(dir);
  return async () => {
    lockedHere.delete(dir);
    await rm(file, { force: true });
  };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

class NedbCollection implements CollectionDriver {
  constructor(private readonly ds: Datastore<Doc>) {}

  async insertOne(doc: Doc): Promise<void> {
    await duplicatesAsConflicts(() => this.ds.insertAsync(doc));
  }

  async insertMany(docs: Doc[]): Promise<void> {
    // NeDB inserts an array all or nothing.
    await duplicatesAsConflicts(() => this.ds.insertAsync(docs));
  }

  async insertEach(docs: Doc[]): Promise<boolean[]> {
    const inserted: boolean[] = [];
    for (const doc of docs) {
      try {
        await this.insertOne(doc);
        inserted.push(true);
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        inserted.push(false);
      }
    }
    return inserted;
  }

  async findOne(filter: Filter): Promise<Doc | null> {
    return (await this.ds.findOneAsync(filter)) ?? null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<Doc[]> {
    let cursor = this.ds.findAsync(filter);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return await cursor;
  }

  async count(filter: Filter): Promise<number> {
    return await this.ds.countAsync(filter);
  }

  async countBy(filter: Filter, field: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const doc of await this.find(filter)) {
      const key = doc[field] as string;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  async updateOne(filter: Filter, update: Update): Promise<Doc | null> {
    const { affectedDocuments } = await duplicatesAsConflicts(() =>
      this.ds.updateAsync(filter, update, { multi: false, returnUpdatedDocs: true }),
    );
    return affectedDocuments ?? null;
  }

  async updateMany(filter: Filter, update: Update): Promise<number> {
    return (await this.ds.updateAsync(filter, update, { multi: true })).numAffected;
  }

  deleteMany(filter: Filter): Promise<number> {
    return this.ds.removeAsync(filter, { multi: true });
  }
}

async function duplicatesAsConflicts<R>(run: () => Promise<R>): Promise<R> {
  try {
    return await run();
  } catch (err) {
    if ((err as { errorType?: string }).errorType === 'uniqueViolated')
      throw new DuplicateKeyError((err as Error).message, { cause: err });
    throw err;
  }
}
