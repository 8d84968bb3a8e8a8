/**
 * Importing a spreadsheet of people into a programme: a dry run tells every problem and what the
 * import would do; a real one writes nothing while the file has problems, unless asked to import
 * the good rows. A row whose person (by the spreadsheet's id) exists with the same fields is left
 * alone, so the same file imported twice writes once; a new person's id is derived from the
 * spreadsheet's, so two imports of one file at once add each person once (a unique-key insert).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LOCALES } from '../../../scoring/index.js';
import { dayOf, Id, type Beneficiary, type Programme, type Volunteer } from '../../domain/index.js';
import { ConflictError } from '../../errors/conflict-error.js';
import { VersionConflictError } from '../../errors/version-conflict-error.js';
import type { Records } from '../../store/ports.js';
import {
  MAX_ROWS,
  planImport,
  readPeopleCsv,
  type BeneficiaryImport,
  type ImportKind,
  type ImportProblem,
  type VolunteerImport,
} from '../import/people-csv.js';
import { command } from './command.js';

/** A file's size at most: MAX_ROWS rows of a generous width. */
export const MAX_CSV_CHARS = 4_000_000;

export const IMPORT_MODES = ['dry-run', 'all', 'good-rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const ImportInput = z.strictObject({
  programmeId: Id,
  kind: z.enum(['volunteers', 'beneficiaries']),
  csv: z.string().max(MAX_CSV_CHARS, `must be at most ${MAX_CSV_CHARS} characters (${MAX_ROWS} rows)`),
  /** A dry run writes nothing; `all` writes only a file without problems; `good-rows` writes the rows without one. */
  mode: z.enum(IMPORT_MODES).default('dry-run'),
  /** The reader's language, in which the problems name places (the places an ambiguous town may mean). */
  locale: z.enum(LOCALES).default('en'),
});

export interface ImportReport {
  problems: ImportProblem[];
  /** Rows read without a problem. */
  good: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Whether anything was written (a dry run, or a file with problems imported whole, writes nothing). */
  written: boolean;
  /** Rows whose person changed meanwhile (another edit, another import): left for a later import. */
  conflicts: number;
}

type Person = Volunteer | Beneficiary;

/** The id a person imported under a spreadsheet's id gets, the same in every import of that id. */
function personIdFor(kind: ImportKind, orgId: string, externalId: string): string {
  const digest = createHash('sha256').update(`${orgId}\u0000${kind}\u0000${externalId}`).digest('base64url');
  return `${kind === 'volunteers' ? 'vol' : 'ben'}_x${digest.slice(0, 32)}`;
}

/** The people of the organisation already holding these spreadsheet ids, by id. */
async function heldBy(repo: Records<Person>, orgId: string, externalIds: string[]): Promise<Map<string, Person>> {
  const held = new Map<string, Person>();
  for (let i = 0; i < externalIds.length; i += 1000)
    for (const person of await repo.list(
      orgId,
      { externalId: { in: externalIds.slice(i, i + 1000) } },
      { limit: 1000 },
    ))
      if (person.externalId) held.set(person.externalId, person);
  return held;
}

/**
 * Imports a programme's people from a CSV (the programme's template, in any of its languages).
 * Imported volunteers wait for screening like those who sign up; beneficiaries wait for a tandem.
 */
export const importPeople = command({
  name: 'people.import',
  roles: ['mediator', 'coordinator'],
  input: ImportInput,
  async run(ctx, input): Promise<ImportReport> {
    const { store, clock, actor } = ctx;
    const { orgId } = actor;
    const { kind, mode } = input;
    const programme: Programme = await store.programmes.get(orgId, input.programmeId);
    const now = clock.now();
    const { rows, problems } = readPeopleCsv(kind, input.csv, programme, dayOf(now), input.locale);
    const repo = (kind === 'volunteers' ? store.volunteers : store.beneficiaries) as unknown as Records<Person>;
    const held = await heldBy(
      repo,
      orgId,
      rows.map((r) => r.externalId),
    );
    const plan = planImport<VolunteerImport | BeneficiaryImport>(rows, held);
    const report: ImportReport = {
      problems,
      good: rows.length,
      added: plan.add.length,
      updated: plan.update.length,
      unchanged: plan.unchanged.length,
      written: false,
      conflicts: 0,
    };
    if (mode === 'dry-run' || (problems.length && mode !== 'good-rows')) return report;

    const at = now.toISOString();
    const status = kind === 'volunteers' ? { status: 'pending_screening', screening: {} } : { status: 'active' };
    const written: Person[] = [];
    for (const row of plan.add) {
      try {
        written.push(
          await repo.insert({
            ...row.fields,
            ...status,
            programmeIds: [programme.id],
            id: personIdFor(kind, orgId, row.externalId),
            orgId,
            version: 1,
            createdAt: at,
            updatedAt: at,
          } as unknown as Person),
        );
      } catch (err) {
        // The same row imported by another request a moment ago.
        if (!(err instanceof ConflictError)) throw err;
        report.conflicts++;
        report.added--;
      }
    }
    for (const { row, id, version } of plan.update) {
      const person = held.get(row.externalId)!;
      const programmeIds = person.programmeIds.includes(programme.id)
        ? person.programmeIds
        : [...person.programmeIds, programme.id];
      try {
        written.push(await repo.update(orgId, id, version, { ...row.fields, programmeIds }, now));
      } catch (err) {
        if (!(err instanceof VersionConflictError)) throw err;
        report.conflicts++;
        report.updated--;
      }
    }
    report.written = written.length > 0;
    if (report.written) ctx.raise({ type: 'PeopleImported', kind, programme, people: written });
    return report;
  },
});
