#!/usr/bin/env node
/**
 * `npm run gdpr -- export|erase <personId>`: the data-protection duties, run by an operator on
 * the configured store. `export` prints everything held about the person as JSON; `erase`
 * removes it and prints what was removed. Bad arguments: exit status 2, naming the argument.
 */
import { config } from '../config.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { TandemError } from '../errors/tandem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { systemActor } from '../services/context.js';
import { PeopleService } from '../services/people.js';
import { openStore, systemClock } from '../store/index.js';
import { stderrLogger } from '../store/logger.js';

const USAGE = `usage: npm run gdpr -- export <personId>     everything held about a person, as JSON
       npm run gdpr -- erase <personId>      erase the person; audit events keep a pseudonym
       npm run gdpr -- purge-unconfirmed     erase volunteers who never confirmed their e-mail in 30 days
`;

const COMMANDS = ['export', 'erase', 'purge-unconfirmed'] as const;

async function main(args: string[]): Promise<void> {
  const [command, personId, ...extra] = args;
  if (command === undefined || command === '--help') return void process.stdout.write(USAGE);
  if (!COMMANDS.includes(command as (typeof COMMANDS)[number]))
    throw new ValidationError([
      { field: 'command', message: `unknown command "${command}" (want export, erase or purge-unconfirmed)` },
    ]);
  const takesId = command !== 'purge-unconfirmed';
  if (takesId && !personId) throw new ValidationError([{ field: 'personId', message: 'required' }]);
  const unexpected = takesId ? extra[0] : personId;
  if (unexpected !== undefined)
    throw new ValidationError([{ field: 'arguments', message: `unexpected "${unexpected}"` }]);

  const store = await openStore(config().store);
  try {
    const people = new PeopleService({ store, clock: systemClock, logger: stderrLogger });
    let result: unknown;
    if (command === 'purge-unconfirmed') result = { purged: await people.purgeUnconfirmed() };
    else {
      const found = await people.locate(personId!);
      if (!found) throw new NotFoundError('person', personId!);
      const actor = systemActor(found.orgId, 'gdpr-cli');
      result = command === 'export' ? await people.export(actor, personId!) : await people.erase(actor, personId!);
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(
    `gdpr: ${err instanceof TandemError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  if (err instanceof ValidationError) process.stderr.write(USAGE);
  process.exitCode = err instanceof ValidationError ? 2 : err instanceof NotFoundError ? 3 : 1;
});
