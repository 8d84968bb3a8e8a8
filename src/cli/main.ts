#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { LOCALES, type Locale } from '../../scoring/locale.js';
import { dayOf } from '../domain/calendar.js';
import { TandemError } from '../errors/tandem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { VERSION } from '../version.js';
import { runMatch } from './match.js';

const HELP = `tandem ${VERSION}: match volunteers and beneficiaries

Usage:
  tandem rank   --input FILE|-   ranked feasible candidates per beneficiary
  tandem assign --input FILE|-   optimal pairs from scored edges, under volunteer capacity
  tandem plan   --input FILE|-   rank, then the optimal pairs over the ranked candidates
  tandem admin create-org|create-user|import|template …   organisations, staff accounts, people from a CSV ("tandem admin help")

Options:
  --input FILE   the input JSON document ("-" reads standard input)
  --lang fr|nl|en  language of the explanations (default: en)
  --help, --version

Writes one JSON document to standard output. Bad input: exit status 2 and a message naming
the field on standard error. Contract: ../shared/spec/match-cli.md.
`;

const COMMANDS = ['rank', 'assign', 'plan'] as const;
type Command = (typeof COMMANDS)[number];

function progressBar(label: string) {
  if (!process.stderr.isTTY) return undefined;
  return (done: number, total: number) => {
    const pct = total ? Math.floor((100 * done) / total) : 100;
    process.stderr.write(`\r${label} ${done}/${total} beneficiaries (${pct}%)${done === total ? '\n' : ''}`);
  };
}

async function main(argv: string[]): Promise<number> {
  // Loaded on demand: the matching commands need no store.
  if (argv[0] === 'admin')
    return (await import('./admin.js')).runAdmin(argv.slice(1), (text) => process.stdout.write(text));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        input: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new ValidationError([{ field: 'arguments', message: (err as Error).message }]);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (!COMMANDS.includes(command as Command))
    throw new ValidationError([
      { field: 'command', message: `unknown command "${command}" (want rank, assign or plan)` },
    ]);
  if (positionals.length > 1)
    throw new ValidationError([{ field: 'arguments', message: `unexpected "${positionals[1]}"` }]);
  if (values.input === undefined)
    throw new ValidationError([{ field: '--input', message: 'required (a file, or - for standard input)' }]);
  if (!LOCALES.includes(values.lang as Locale))
    throw new ValidationError([{ field: '--lang', message: 'must be fr, nl or en' }]);

  await runMatch(
    command as Command,
    {
      input: values.input,
      locale: values.lang as Locale,
      today: () => dayOf(new Date()),
      progress: progressBar(command),
    },
    process.stdout,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ValidationError) {
      process.stderr.write(`tandem: invalid input\n${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(
        `tandem: ${err instanceof TandemError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = 1;
    }
  },
);
