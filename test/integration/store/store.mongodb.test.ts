import { MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import { openMongoStore } from '../../../src/store/mongo.js';
import { silentLogger } from '../../../src/store/logger.js';
import type { Store } from '../../../src/store/ports.js';
import { mongodbUri } from '../services.js';
import { contractSuite, figures } from './contract.js';

const uri = mongodbUri();
const databases = new WeakMap<Store, string>();
const created: string[] = [];

contractSuite({
  name: 'mongodb (FerretDB)',
  // FerretDB 1.x answers NotImplemented to $jsonSchema validators and TTL indexes.
  capabilities: { validators: false, ttlIndexes: false },
  async open() {
    const dbName = `contract_${process.pid}_${created.length}`;
    created.push(dbName);
    const store = await openMongoStore({ uri, dbName, logger: silentLogger });
    databases.set(store, dbName);
    return store;
  },
  async reopen(store) {
    const dbName = databases.get(store)!;
    // The last store on a URI closes its client: the reopened store connects anew.
    await store.close();
    const again = await openMongoStore({ uri, dbName, logger: silentLogger });
    databases.set(again, dbName);
    return again;
  },
  async cleanup() {
    const client = await new MongoClient(uri).connect();
    try {
      for (const name of created) await client.db(name).dropDatabase();
    } finally {
      await client.close();
    }
  },
});

afterAll(() => console.log('concurrent confirms', JSON.stringify(figures)));
