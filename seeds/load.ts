/**
 * `npm run seed`: loads the seed programmes and their demo people into the configured store
 * (MongoDB when MONGODB_URI is set, else the embedded store in TANDEM_DATA_DIR); see
 * src/demo/seeds.ts for what is loaded. A second run changes nothing.
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from '../src/config.js';
import { loadSeeds, readSeeds } from '../src/demo/seeds.js';
import { TandemError } from '../src/errors/tandem-error.js';
import { ValidationError } from '../src/errors/validation-error.js';
import { openStore } from '../src/store/index.js';

/** The seeds folder beside this file, from the sources or from dist/. */
function seedsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(dirname(here)) === 'dist' ? join(here, '..', '..', 'seeds') : here;
}

async function main(): Promise<void> {
  const cfg = config();
  const store = await openStore(cfg.store);
  try {
    const report = await loadSeeds(store, await readSeeds(seedsDir()), cfg.demoPassword);
    const where = cfg.store.kind === 'mongodb' ? 'MongoDB' : `the embedded store in ${cfg.store.dataDir}`;
    process.stdout.write(
      `seeded ${where}: ${report.organisations.join(', ')}; ${report.created} records created, ${report.unchanged} already there\n`,
    );
    if (report.generatedPassword) {
      process.stdout.write(
        `demo staff (admin@, coordinator@, mediator@<slug>.example) password, shown this once: ${report.generatedPassword}\n`,
      );
    }
  } finally {
    await store.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `seed: ${err instanceof TandemError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = err instanceof ValidationError ? 2 : 1;
  });
}
