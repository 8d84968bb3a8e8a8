import { z } from 'zod';
import { LOCALES } from '../../../scoring/index.js';
import { importPeople, ImportInput } from '../../services/commands/import.js';
import { template } from '../../services/import/people-csv.js';
import { route } from '../../http/route.js';
import { IdParams } from '../schemas.js';
import { MEDIATORS } from './volunteers.js';

const Kind = ImportInput.shape.kind;

const ImportProblem = z.strictObject({
  line: z.number().int(),
  column: z.string().optional(),
  problem: z.string(),
  detail: z.string().optional(),
});

const ImportReport = z.strictObject({
  problems: z.array(ImportProblem),
  good: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  written: z.boolean(),
  conflicts: z.number().int(),
});

export const importRoutes = [
  route({
    method: 'get',
    path: '/programmes/{id}/import-template',
    summary: "The programme's CSV template for its volunteers or beneficiaries, headers in French, Dutch or English",
    tag: 'import',
    access: MEDIATORS,
    params: IdParams,
    query: z.strictObject({ kind: Kind, lang: z.enum(LOCALES).default('en') }),
    status: 200,
    response: z.strictObject({ filename: z.string(), csv: z.string() }),
    async handler({ deps, caller, params, query }) {
      const programme = await deps.store.programmes.get(caller.orgId, params.id);
      return {
        filename: `${programme.slug}-${query.kind}-${query.lang}.csv`,
        csv: template(query.kind, programme, query.lang),
      };
    },
  }),
  route({
    method: 'post',
    path: '/programmes/{id}/import',
    summary:
      'Imports people from a CSV: a dry run tells every problem by line and column; nothing is written while the file has one, unless mode is good-rows; a row whose id was imported before updates that person',
    tag: 'import',
    access: MEDIATORS,
    params: IdParams,
    // Places the problems quote are named in the request's language.
    body: ImportInput.omit({ programmeId: true, locale: true }),
    status: 200,
    response: ImportReport,
    handler: ({ commands, caller, params, body, locale }) =>
      commands.run(importPeople, caller.actor, { ...body, programmeId: params.id, locale }),
  }),
];
