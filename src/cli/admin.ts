/**
 * `tandem admin …`: a real deployment's first organisation and accounts, from the command line
 * and on the configured store (MONGODB_URI, else the embedded store in TANDEM_DATA_DIR). A
 * password comes from standard input when it is piped, else it is generated and printed once:
 * there is no default password.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { config } from '../config.js';
import { Email, Organisation, Role, ShortText, Slug } from '../domain/index.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { createOrganisation, createStaff } from '../services/accounts.js';
import { BullQueue } from '../jobs/bullmq-queue.js';
import { commandsFor } from '../services/commands/command.js';
import { importPeople } from '../services/commands/import.js';
import { systemActor } from '../services/context.js';
import { template } from '../services/import/people-csv.js';
import { openStore, systemClock } from '../store/index.js';
import { silentLogger } from '../store/logger.js';
import type { Store } from '../store/ports.js';

export const ADMIN_HELP = `Usage:
  tandem admin create-org  --slug SLUG (--name NAME | --name-fr NAME --name-nl NAME --name-en NAME)
                           [--kind non_profit|public_service|youth_movement|other]
      The organisation's name as people read it: one per language (any of them; a page in a
      language it lacks shows another, marked), or --name for one written in no particular one.
  tandem admin create-user --org SLUG --email EMAIL --role admin|coordinator|mediator [--name NAME]
      The password is read from standard input when it is piped (echo … | tandem admin create-user …),
      else generated and printed once.
  tandem admin import --org SLUG --programme SLUG --kind volunteers|beneficiaries --file FILE.csv
                      [--dry-run | --good-rows] [--lang fr|nl|en]
      Imports people from a spreadsheet (the template: tandem admin template …). Every problem is
      printed by line and column (the places a town's name may mean named in that language);
      nothing is written while the file has one, unless --good-rows.
      Importing the same file again changes nothing (rows are keyed by the file's id column).
  tandem admin template --org SLUG --programme SLUG --kind volunteers|beneficiaries [--lang fr|nl|en]
      Prints the programme's CSV template, headers in that language.
`;

const CreateOrg = z
  .strictObject({
    slug: Slug,
    name: ShortText.optional(),
    'name-fr': ShortText.optional(),
    'name-nl': ShortText.optional(),
    'name-en': ShortText.optional(),
    kind: Organisation.shape.kind.default('non_profit'),
  })
  .transform(({ slug, kind, name, 'name-fr': fr, 'name-nl': nl, 'name-en': en }) => ({
    slug,
    kind,
    name: fr || nl || en ? { ...(fr && { fr }), ...(nl && { nl }), ...(en && { en }) } : name,
  }))
  .pipe(z.strictObject({ slug: Slug, kind: Organisation.shape.kind, name: Organisation.shape.name }));
const CreateUser = z.strictObject({
  org: Slug,
  email: z.string().trim().toLowerCase().pipe(Email),
  role: Role,
  name: ShortText.optional(),
});

function options<S extends z.ZodType>(schema: S, args: string[], names: string[], flags: string[] = []): z.infer<S> {
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        ...Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
        ...Object.fromEntries(flags.map((n) => [n, { type: 'boolean' as const }])),
      },
      strict: true,
    }).values;
  } catch (err) {
    throw new ValidationError([{ field: 'arguments', message: (err as Error).message }]);
  }
  const result = schema.safeParse(values);
  if (!result.success) throw ValidationError.fromZod(result.error, []);
  return result.data;
}

/** The first line piped on standard input; undefined from a terminal or when nothing is piped. */
async function pipedPassword(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  return line ? line : undefined;
}

async function withStore<R>(run: (store: Store) => Promise<R>): Promise<R> {
  const store = await openStore(config().store, silentLogger);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

const Kind = z.enum(['volunteers', 'beneficiaries']);
const ImportArgs = z.strictObject({
  org: Slug,
  programme: Slug,
  kind: Kind,
  file: z.string().min(1).max(4096),
  'dry-run': z.boolean().optional(),
  'good-rows': z.boolean().optional(),
  lang: z.enum(['fr', 'nl', 'en']).default('en'),
});
const TemplateArgs = z.strictObject({
  org: Slug,
  programme: Slug,
  kind: Kind,
  lang: z.enum(['fr', 'nl', 'en']).default('en'),
});

async function programmeOf(store: Store, org: string, programme: string) {
  const found = await store.organisations.findBySlug(org);
  if (!found) throw new NotFoundError('organisation', org);
  const prog = await store.programmes.findBySlug(found.id, programme);
  if (!prog) throw new NotFoundError('programme', programme);
  return prog;
}

/** Runs `tandem admin <command> …`; returns the exit status. */
export async function runAdmin(args: string[], out: (text: string) => void): Promise<number> {
  const [command, ...rest] = args;
  const deps = (store: Store) => ({ store, clock: systemClock });
  if (command === 'create-org') {
    const input = options(CreateOrg, rest, ['slug', 'name', 'name-fr', 'name-nl', 'name-en', 'kind']);
    const org = await withStore((store) => createOrganisation(deps(store), input));
    out(`created organisation ${org.slug} (${org.id})\n`);
    return 0;
  }
  if (command === 'create-user') {
    const input = options(CreateUser, rest, ['org', 'email', 'role', 'name']);
    const password = await pipedPassword();
    const { staff, generatedPassword } = await withStore(async (store) => {
      const org = await store.organisations.findBySlug(input.org);
      if (!org) throw new NotFoundError('organisation', input.org);
      return createStaff(deps(store), {
        orgId: org.id,
        email: input.email,
        role: input.role,
        name: input.name ?? input.email.split('@')[0]!,
        ...(password && { password }),
      });
    });
    out(`created ${staff.role} ${staff.email} (${staff.id}) in ${input.org}\n`);
    if (generatedPassword) out(`password, shown this once: ${generatedPassword}\n`);
    return 0;
  }
  if (command === 'template') {
    const input = options(TemplateArgs, rest, ['org', 'programme', 'kind', 'lang']);
    const prog = await withStore((store) => programmeOf(store, input.org, input.programme));
    out(template(input.kind, prog, input.lang));
    return 0;
  }
  if (command === 'import') {
    const input = options(ImportArgs, rest, ['org', 'programme', 'kind', 'file', 'lang'], ['dry-run', 'good-rows']);
    if (input['dry-run'] && input['good-rows'])
      throw new ValidationError([{ field: 'arguments', message: 'give --dry-run or --good-rows, not both' }]);
    let csv: string;
    try {
      csv = await readFile(input.file, 'utf8');
    } catch (err) {
      throw new ValidationError([{ field: 'file', message: `cannot be read: ${(err as Error).message}` }]);
    }
    const mode = input['dry-run'] ? 'dry-run' : input['good-rows'] ? 'good-rows' : 'all';
    const cfg = config();
    // With Redis, the workers propose the imported people at once; else the next match run does.
    const jobs =
      cfg.redisUrl && mode !== 'dry-run'
        ? new BullQueue({ redisUrl: cfg.redisUrl, prefix: cfg.workers.queuePrefix, logger: silentLogger })
        : undefined;
    const report = await withStore(async (store) => {
      const prog = await programmeOf(store, input.org, input.programme);
      const commands = commandsFor({ store, clock: systemClock, logger: silentLogger, jobs });
      return commands.run(importPeople, systemActor(prog.orgId, 'cli-import'), {
        programmeId: prog.id,
        kind: input.kind,
        csv,
        mode,
        locale: input.lang,
      });
    }).finally(() => jobs?.close());
    for (const p of report.problems)
      out(
        `line ${p.line}${p.column ? `, column "${p.column}"` : ''}: ${p.problem}${p.detail ? ` (${p.detail})` : ''}\n`,
      );
    const counts = `${report.added} to add, ${report.updated} to update, ${report.unchanged} unchanged`;
    if (mode === 'dry-run') out(`dry run: ${report.problems.length} problem(s); ${counts}; nothing written\n`);
    else if (!report.written && report.problems.length)
      out(
        `${report.problems.length} problem(s): nothing written (fix the file, or import the good rows with --good-rows)\n`,
      );
    else out(`imported: ${counts}${report.conflicts ? `, ${report.conflicts} changed meanwhile and left` : ''}\n`);
    return report.problems.length && mode !== 'good-rows' ? 1 : 0;
  }
  out(ADMIN_HELP);
  return command === undefined || command === 'help' ? 0 : 2;
}
