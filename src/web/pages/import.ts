/**
 * `/app/import`: a programme's spreadsheet of volunteers or beneficiaries, through the same import
 * operation as the API and `tandem admin import`. The file is checked first (a dry run: every
 * problem by line and column, nothing written); the page then offers to import it, or only its
 * good rows while it has problems, carrying the file along so it is not chosen twice. The
 * template of each programme comes in French, Dutch and English.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { LOCALES, type Locale } from '../../../scoring/index.js';
import type { Programme } from '../../domain/index.js';
import { ValidationError } from '../../errors/validation-error.js';
import { MAX_CSV_CHARS, type ImportMode, type ImportReport } from '../../services/commands/import.js';
import type { ImportKind } from '../../services/import/people-csv.js';
import { CSRF_FIELD } from '../csrf.js';
import { choices, emptyForm, errorSummary, hidden, one, select, type FormState } from '../forms.js';
import { attrs, html, type Renderable } from '../html.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';
import { programmesOf } from './beneficiaries/shared.js';

const KINDS = ['volunteers', 'beneficiaries'] as const satisfies readonly ImportKind[];
/** What the buttons ask for: a check (a dry run), the whole file, or only its good rows. */
const ACTIONS: Record<string, ImportMode> = { check: 'dry-run', import: 'all', 'good-rows': 'good-rows' };
/** A UTF-8 character takes up to 3 bytes for what the import reads (Latin, Arabic, Cyrillic…). */
const MAX_BYTES = MAX_CSV_CHARS * 3;

/** The file and the form's fields of a multipart post; a file past the limits is told on the page, not a 500. */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_BYTES, fieldSize: MAX_BYTES, files: 1, fields: 10, parts: 11 },
}).single('file');

export const importUpload: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  upload(req, res, (err: unknown) => {
    if (err instanceof multer.MulterError) {
      res.locals.uploadError = err.code;
      return next();
    }
    next(err);
  });
};

/**
 * The file's text: UTF-8 (with or without its mark); else what Excel saves in Belgium by default,
 * Windows-1252, so that "Liège" survives either way.
 */
function textOf(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('windows-1252').decode(buffer);
  }
}

interface Checked {
  report: ImportReport;
  csv: string;
  programme: Programme;
  kind: ImportKind;
}

function templates(p: StaffPage, programmes: Programme[]): Renderable {
  const { t, locale } = p;
  return html`<section class="section"><h2>${t('import.templatesTitle')}</h2><p>${t('import.templatesLead')}</p>
<ul class="plain">${programmes.map(
    (prog) =>
      html`<li><strong>${prog.name[locale]}</strong>${KINDS.map(
        (kind) =>
          html`<br>${t('import.templateFor', { kind: t(`import.kind.${kind}`) })} ${LOCALES.map(
            (lang: Locale, i) =>
              html`${i ? ' · ' : ''}<a${attrs({ href: `/app/import/template?programme=${prog.id}&kind=${kind}&lang=${lang}`, hreflang: lang, download: '' })}>${t(`import.lang.${lang}`)}<span class="visually-hidden"> (${prog.name[locale]}, ${t(`import.kind.${kind}`)})</span></a>`,
          )}`,
      )}</li>`,
  )}</ul></section>`;
}

function reportPart(p: StaffPage, checked: Checked): Renderable {
  const { t, caller } = p;
  const { report, csv, programme, kind } = checked;
  const { problems } = report;
  const counts = { added: report.added, updated: report.updated, unchanged: report.unchanged };
  const offer = (action: 'import' | 'good-rows', label: string) =>
    html`<form method="post" action="/app/import" enctype="multipart/form-data" class="form">
  ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('programme', programme.id)}${hidden('kind', kind)}${hidden('csv', csv)}
  <div class="actions"><button type="submit" name="action" value="${action}" class="button">${label}</button></div>
</form>`;
  return html`<section class="section" aria-labelledby="report-title">
<h2 id="report-title">${t('import.reportTitle')}</h2>
<p>${t('import.reportSummary', { rows: t('import.rows', { count: report.good }), problems: t('import.problemCount', { count: problems.length }) })} ${t('import.wouldDo', counts)}</p>
${
  problems.length
    ? html`<table class="table">
  <caption>${t('import.problemsTitle', { count: problems.length })}</caption>
  <thead><tr><th scope="col">${t('import.line')}</th><th scope="col">${t('import.column')}</th><th scope="col">${t('import.problem')}</th></tr></thead>
  <tbody>${problems.map(
    (x) =>
      html`<tr><td data-label="${t('import.line')}">${x.line}</td><td data-label="${t('import.column')}">${x.column ?? '—'}</td><td data-label="${t('import.problem')}">${t(`import.problems.${x.problem}`, { detail: x.detail ?? '', defaultValue: x.detail ?? x.problem })}</td></tr>`,
  )}</tbody>
</table>
<p>${t('import.nothingWritten')}</p>
${report.good > 0 && offer('good-rows', t('import.importGood', { count: report.good }))}`
    : report.added + report.updated > 0
      ? offer('import', t('import.importAll', { count: report.added + report.updated }))
      : html`<p>${t('import.nothingToDo')}</p>`
}
</section>`;
}

async function importPage(
  p: StaffPage,
  form: FormState = emptyForm({ kind: 'volunteers' }),
  checked?: Checked,
): Promise<void> {
  const { t, locale, caller, req } = p;
  const programmes = await programmesOf(p);
  const q = (name: string) => (typeof req.query[name] === 'string' ? Number(req.query[name]) : NaN);
  const done =
    req.query.done === 'imported' &&
    [q('added'), q('updated'), q('unchanged')].every((n) => Number.isSafeInteger(n) && n >= 0) &&
    html`<div class="notice notice--ok" role="status"><p>${t('import.done', { added: q('added'), updated: q('updated'), unchanged: q('unchanged') })}</p></div>`;
  sendStaff(p, {
    title: t('import.title'),
    here: '/app/import',
    status: Object.keys(form.errors).length ? 400 : 200,
    wide: true,
    main: html`${done}<h1>${t('import.title')}</h1>
<p class="lead">${t('import.lead')}</p>
${checked && reportPart(p, checked)}
<section class="section"><h2>${t('import.checkTitle')}</h2>
${errorSummary(form, t('form.errorsTitle'))}
<form method="post" action="/app/import" enctype="multipart/form-data" class="form form--small" novalidate>
  ${hidden(CSRF_FIELD, caller.csrfToken)}
  ${select({ name: 'programme', label: t('import.programme'), form, choices: programmes.map((prog) => ({ value: prog.id, label: prog.name[locale] })) })}
  ${choices({ name: 'kind', label: t('import.who'), form, kind: 'radio', choices: KINDS.map((k) => ({ value: k, label: t(`import.kind.${k}`) })) })}
  <div class="field${form.errors.file ? ' field--error' : ''}">
    <label for="f-file">${t('import.file')}</label>
    <p class="hint" id="f-file-hint">${t('import.fileHint')}</p>
    ${form.errors.file && html`<p class="error" id="f-file-error">${form.errors.file}</p>`}
    <input${attrs({ type: 'file', id: 'f-file', name: 'file', accept: '.csv,text/csv', required: true, 'aria-describedby': form.errors.file ? 'f-file-hint f-file-error' : 'f-file-hint', 'aria-invalid': form.errors.file ? 'true' : undefined })}>
  </div>
  <div class="actions"><button type="submit" name="action" value="check" class="button">${t('import.check')}</button></div>
</form></section>
${templates(p, programmes)}`,
  });
}

export const importForm = (p: StaffPage) => importPage(p);

export async function importFile(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const fail = (errors: Record<string, string>) => importPage(p, { values, errors });
  if (res.locals.uploadError) return fail({ file: t('import.errors.tooLarge') });
  const file = (req as Request & { file?: Express.Multer.File }).file;
  const csv = file ? textOf(file.buffer) : one(values, 'csv');
  if (!csv.trim()) return fail({ file: t('import.errors.file') });
  const mode = ACTIONS[one(values, 'action')] ?? 'dry-run';
  const kind = one(values, 'kind') as ImportKind;
  const programme = (await programmesOf(p)).find((prog) => prog.id === one(values, 'programme'));
  if (!programme) return fail({ programme: t('import.errors.programme') });
  let report: ImportReport;
  try {
    report = await perform<ImportReport>(deps, req, res, locale, 'post', '/programmes/{id}/import', {
      caller,
      params: { id: programme.id },
      body: { kind, csv, mode },
    });
  } catch (err) {
    if (err instanceof ValidationError)
      return fail(
        Object.fromEntries(
          err.issues.map((i) => [
            i.field.endsWith('kind') ? 'kind' : 'file',
            t(i.field.endsWith('kind') ? 'import.errors.kind' : 'import.errors.tooLarge'),
          ]),
        ),
      );
    throw err;
  }
  // A whole file found with problems after all (changed since it was checked) is shown again, not imported.
  if (mode === 'dry-run' || (mode === 'all' && report.problems.length))
    return importPage(p, emptyForm({ programme: programme.id, kind }), { report, csv, programme, kind });
  const counts = `added=${report.added}&updated=${report.updated}&unchanged=${report.unchanged}`;
  res.redirect(303, `/app/import?done=imported&${counts}`);
}

/** A programme's template as a file, in the language asked for (with a byte-order mark: Excel then reads it as UTF-8). */
export async function importTemplate(p: StaffPage): Promise<void> {
  const { deps, req, res, locale, caller } = p;
  const { filename, csv } = await perform<{ filename: string; csv: string }>(
    deps,
    req,
    res,
    locale,
    'get',
    '/programmes/{id}/import-template',
    {
      caller,
      params: { id: req.query.programme },
      query: { kind: req.query.kind, lang: req.query.lang },
    },
  );
  res
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${filename}"`)
    .send(`\uFEFF${csv}`);
}
