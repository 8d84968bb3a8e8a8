import type { StoreConfig } from '../config.js';
import { openEmbeddedStore } from './embedded.js';
import { stderrLogger } from './logger.js';
import { openMongoStore } from './mongo.js';
import type { Logger, Store } from './ports.js';

export type * from './ports.js';
export { systemClock, fixedClock } from './clock.js';

/** The store the configuration names: MongoDB when MONGODB_URI is set, else the embedded one. */
export function openStore(config: StoreConfig, logger: Logger = stderrLogger): Promise<Store> {
  return config.kind === 'mongodb'
    ? openMongoStore({ uri: config.uri, dbName: config.dbName, logger })
    : openEmbeddedStore({ dataDir: config.dataDir });
}
