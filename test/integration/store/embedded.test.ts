/** What only the embedded store has: its data folder, one process at a time, compacted files. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/errors/store-unavailable-error.js';
import { openEmbeddedStore } from '../../../src/store/embedded.js';
import * as f from './fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-embedded-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('embedded store data folder', () => {
  it('keeps one file per collection, rewritten compacted when reopened', async () => {
    const store = await openEmbeddedStore({ dataDir: dir });
    const v = await store.volunteers.insert(f.volunteer('org_e'));
    for (let version = 1; version <= 5; version++)
      await store.volunteers.update('org_e', v.id, version, { capacity: version }, new Date());
    // Records only (NeDB also keeps a line per index of the collection).
    const records = async () =>
      (await readFile(join(dir, 'volunteers.db'), 'utf8'))
        .trim()
        .split('\n')
        .filter((l) => !l.includes('$$indexCreated'));
    // Appended: the insert and five updates, each a line.
    expect(await records()).toHaveLength(6);
    await store.close();
    const lines = await records();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ _id: v.id, capacity: 5, version: 6 });
  });

  it('is opened by one store at a time in a process', async () => {
    const store = await openEmbeddedStore({ dataDir: dir });
    await expect(openEmbeddedStore({ dataDir: dir })).rejects.toBeInstanceOf(StoreUnavailableError);
    await store.close();
    await (await openEmbeddedStore({ dataDir: dir })).close();
  });

  it('refuses a folder another live process holds, and takes over one a dead process left', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(join(dir, 'LOCK'), String(other.pid));
      await expect(openEmbeddedStore({ dataDir: dir })).rejects.toThrow(`in use by process ${other.pid}`);
    } finally {
      other.kill();
      await new Promise((r) => other.once('exit', r));
    }
    const store = await openEmbeddedStore({ dataDir: dir });
    expect(await readFile(join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
    await store.close();
  });
});
