/** The two store adapters as the integration tests open them: each store in its own folder or database. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { openEmbeddedStore } from '../../../src/store/embedded.js';
import { silentLogger } from '../../../src/store/logger.js';
import { openMongoStore } from '../../../src/store/mongo.js';
import type { Store, StoreCapabilities } from '../../../src/store/ports.js';
import { mongodbUri } from '../services.js';

export interface Adapter {
  name: string;
  /** A new, empty store of its own (database or folder). */
  open(): Promise<Store>;
  /** The same data again after `store` is closed: a new connection, or the folder reopened. */
  reopen(store: Store): Promise<Store>;
  capabilities: StoreCapabilities;
  /** Removes what open() created. */
  cleanup(): Promise<void>;
}

export function embeddedAdapter(): Adapter {
  const folders = new WeakMap<Store, string>();
  const created: string[] = [];
  const at = async (dir: string) => {
    const store = await openEmbeddedStore({ dataDir: dir });
    folders.set(store, dir);
    return store;
  };
  return {
    name: 'embedded',
    capabilities: { validators: false, ttlIndexes: true },
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'tandem-store-'));
      created.push(dir);
      return at(dir);
    },
    async reopen(store) {
      await store.close();
      return at(folders.get(store)!);
    },
    async cleanup() {
      await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/** On the test MongoDB wire server: FerretDB 1.x, unless TANDEM_TEST_MONGODB_URI names another. */
export function mongoAdapter(file: string): Adapter {
  const uri = mongodbUri();
  const databases = new WeakMap<Store, string>();
  const created: string[] = [];
  const at = async (dbName: string) => {
    const store = await openMongoStore({ uri, dbName, logger: silentLogger });
    databases.set(store, dbName);
    return store;
  };
  return {
    name: 'mongodb',
    // FerretDB 1.x answers NotImplemented to $jsonSchema validators and TTL indexes.
    capabilities: { validators: false, ttlIndexes: false },
    open() {
      // FerretDB's SQLite backend keeps one file per database: a database per store keeps tests apart.
      const dbName = `${file}_${process.pid}_${created.length}`;
      created.push(dbName);
      return at(dbName);
    },
    async reopen(store) {
      // The last store on a URI closes its client: the reopened store connects anew.
      await store.close();
      return at(databases.get(store)!);
    },
    async cleanup() {
      const client = await new MongoClient(uri).connect();
      try {
        for (const name of created.splice(0)) await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
