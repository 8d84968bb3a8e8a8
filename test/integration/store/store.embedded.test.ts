import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openEmbeddedStore } from '../../../src/store/embedded.js';
import type { Store } from '../../../src/store/ports.js';
import { contractSuite, figures } from './contract.js';

const folders = new WeakMap<Store, string>();
const created: string[] = [];

contractSuite({
  name: 'embedded',
  capabilities: { validators: false, ttlIndexes: true },
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-store-'));
    created.push(dir);
    const store = await openEmbeddedStore({ dataDir: dir });
    folders.set(store, dir);
    return store;
  },
  async reopen(store) {
    const dir = folders.get(store)!;
    await store.close();
    const again = await openEmbeddedStore({ dataDir: dir });
    folders.set(again, dir);
    return again;
  },
  async cleanup() {
    await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
  },
});

afterAll(() => console.log('concurrent confirms', JSON.stringify(figures)));
