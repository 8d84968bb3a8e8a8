/**
 * `npm run seeds:generate -- --volunteers N --beneficiaries M --seed S [--out FILE]`: writes a
 * generated `rank`/`plan` input (to standard output without --out). Bad arguments: exit 2 and
 * a message naming the argument, as the tandem CLI does.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateInstance } from './generator.js';

class ArgumentError extends Error {}

/** A whole number within bounds, or an ArgumentError naming the option. */
function integer(name: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined) throw new ArgumentError(`--${name}: required`);
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ArgumentError(`--${name}: must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

function main(argv: string[]): void {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        volunteers: { type: 'string' },
        beneficiaries: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
      },
    }));
  } catch (err) {
    throw new ArgumentError((err as Error).message);
  }
  const options = {
    volunteers: integer('volunteers', values.volunteers, 0, 2_000_000),
    beneficiaries: integer('beneficiaries', values.beneficiaries, 0, 2_000_000),
    seed: integer('seed', values.seed, 0, 2 ** 32 - 1),
  };
  if (values.out === '') throw new ArgumentError('--out: must be a file name');
  const text = JSON.stringify(generateInstance(options)) + '\n';
  if (values.out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(values.out, text);
  } catch (err) {
    throw new ArgumentError(`--out: cannot write ${values.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof ArgumentError)) throw err;
  process.stderr.write(
    `seeds:generate: ${err.message}\nUsage: npm run seeds:generate -- --volunteers N --beneficiaries M --seed S [--out FILE]\n`,
  );
  process.exitCode = 2;
}
