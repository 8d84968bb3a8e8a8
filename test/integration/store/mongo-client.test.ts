/**
 * The stuck client replaced (src/store/mongo-client.ts), against a FerretDB of its own stopped and
 * started again with `scripts/services down|up`: a client whose pool will never serve again is
 * kept while the server is down (no new client could connect either), and replaced once a new one
 * connects, so operations are served again without restarting the process.
 */
import { afterAll, expect, it } from 'vitest';
import type { MongoClient } from 'mongodb';
import { StoreUnavailableError } from '../../../src/errors/store-unavailable-error.js';
import { ClientHandle } from '../../../src/store/mongo-client.js';
import { Services } from '../../faults/processes.js';

let services: Services | undefined;
let handle: ClientHandle | undefined;
afterAll(async () => {
  await handle?.close();
  services?.stop();
});

it(
  'replaces a client stuck through a FerretDB restart once a new one connects, and not before',
  { timeout: 120_000 },
  async () => {
    services = Services.start();
    const events: string[] = [];
    const record = (event: string) => void events.push(event);
    handle = await ClientHandle.connect(services.mongodbUri, { info: record, warn: record });
    const probe = (client: MongoClient) => client.db('tandem_stuck').collection<{ _id: string }>('probe');
    await handle.run((c) => probe(c).insertOne({ _id: 'before' }));

    const stuck = handle.current;
    services.down('ferretdb');
    // What a restart can leave behind: a client nothing it runs can succeed on any more.
    await stuck.close();
    // Each operation spends the retry budget; two of them fail for longer than a client may before it is replaced.
    for (let i = 0; i < 2; i++)
      await expect(handle.run((c) => probe(c).findOne({ _id: 'before' }))).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
    expect(handle.current).toBe(stuck);

    services.up('ferretdb');
    expect(await handle.run((c) => probe(c).findOne({ _id: 'before' }))).toEqual({ _id: 'before' });
    expect(handle.current).not.toBe(stuck);
    expect(events).toEqual(['store.mongodb.down', 'store.mongodb.client_replaced', 'store.mongodb.up']);
  },
);
