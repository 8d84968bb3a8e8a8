/**
 * The spreadsheets programmes keep today, read as volunteers or beneficiaries: a template per
 * programme with its headers in French, Dutch or English, and every row checked, each problem
 * told by its line and column. Nothing is written here: the import command writes the rows
 * (all, or only the good ones when asked), keyed by the spreadsheet's own id so that importing
 * the same file again changes nothing.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { coarsen, DAYS, KNOWN_SKILLS, type AvailabilitySlot, type Day } from '../../../scoring/index.js';
import { readHours } from '../../domain/calendar.js';
import {
  BeneficiaryFields,
  needsOffered,
  needsUnanswered,
  VolunteerFields,
  type Programme,
} from '../../domain/index.js';
import { fold, placeFields, placeLabel, resolvePlace } from '../../domain/places.js';

export type ImportKind = 'volunteers' | 'beneficiaries';
export type ImportLocale = 'fr' | 'nl' | 'en';

/** The text a consent recorded on paper before tandem carries. */
export const IMPORT_CONSENT = 'import';
/** Rows a file may hold: an association's spreadsheet, with room. */
export const MAX_ROWS = 5000;

interface Column {
  key: string;
  header: Record<ImportLocale, string>;
  required?: true;
  only?: ImportKind;
}

/** The columns, in the template's order; a file may order them as it likes and leave optional ones out. */
export const COLUMNS: readonly Column[] = [
  { key: 'id', header: { fr: 'identifiant', nl: 'id', en: 'id' }, required: true },
  { key: 'firstName', header: { fr: 'prénom', nl: 'voornaam', en: 'first name' }, required: true },
  { key: 'lastName', header: { fr: 'nom', nl: 'achternaam', en: 'last name' } },
  { key: 'email', header: { fr: 'e-mail', nl: 'e-mail', en: 'email' } },
  { key: 'phone', header: { fr: 'téléphone', nl: 'telefoon', en: 'phone' } },
  { key: 'municipality', header: { fr: 'commune', nl: 'gemeente', en: 'municipality' }, required: true },
  { key: 'postcode', header: { fr: 'code postal', nl: 'postcode', en: 'postcode' } },
  { key: 'languages', header: { fr: 'langues', nl: 'talen', en: 'languages' }, required: true },
  { key: 'skills', header: { fr: 'compétences', nl: 'vaardigheden', en: 'skills' }, only: 'volunteers' },
  { key: 'needs', header: { fr: 'besoins', nl: 'noden', en: 'needs' }, only: 'beneficiaries' },
  { key: 'availability', header: { fr: 'disponibilités', nl: 'beschikbaarheid', en: 'availability' } },
  {
    key: 'maxDistanceKm',
    header: { fr: 'distance max (km)', nl: 'max. afstand (km)', en: 'max distance (km)' },
    only: 'volunteers',
  },
  {
    key: 'capacity',
    header: { fr: 'tandems à la fois', nl: 'tandems tegelijk', en: 'tandems at once' },
    only: 'volunteers',
  },
  { key: 'age', header: { fr: 'âge', nl: 'leeftijd', en: 'age' }, only: 'beneficiaries' },
  {
    key: 'waitingSince',
    header: { fr: 'en attente depuis', nl: 'wacht sinds', en: 'waiting since' },
    only: 'beneficiaries',
  },
  { key: 'referral', header: { fr: 'envoyé par', nl: 'doorverwezen door', en: 'referred by' }, only: 'beneficiaries' },
  {
    key: 'consentDate',
    header: { fr: 'date du consentement', nl: 'datum toestemming', en: 'consent date' },
    required: true,
  },
];

const columnsOf = (kind: ImportKind) => COLUMNS.filter((c) => !c.only || c.only === kind);

/** Day names as the three languages abbreviate or write them. */
const DAY_NAMES: Record<string, Day> = {};
for (const [i, names] of [
  ['mon', 'monday', 'lun', 'lundi', 'ma', 'maandag'],
  ['tue', 'tuesday', 'mar', 'mardi', 'di', 'dinsdag'],
  ['wed', 'wednesday', 'mer', 'mercredi', 'wo', 'woensdag'],
  ['thu', 'thursday', 'jeu', 'jeudi', 'do', 'donderdag'],
  ['fri', 'friday', 'ven', 'vendredi', 'vr', 'vrijdag'],
  ['sat', 'saturday', 'sam', 'samedi', 'za', 'zaterdag'],
  ['sun', 'sunday', 'dim', 'dimanche', 'zo', 'zondag'],
].entries())
  for (const n of names) DAY_NAMES[n] = DAYS[i]!;

/** The template of a programme: the headers in the reader's language and one example row. */
export function template(kind: ImportKind, programme: Programme, locale: ImportLocale): string {
  const columns = columnsOf(kind);
  const example: Record<string, string> = {
    id: kind === 'volunteers' ? 'V-001' : 'B-001',
    firstName: { fr: 'Marie', nl: 'Marie', en: 'Marie' }[locale],
    municipality: { fr: 'Liège', nl: 'Luik', en: 'Liège' }[locale],
    postcode: '4000',
    languages: 'fr, ar',
    skills: KNOWN_SKILLS.slice(0, 2).join(', '),
    needs: needsOffered([programme]).slice(0, 1).join('; '),
    availability: {
      fr: 'lun 18:00-20:00, sam 10-12',
      nl: 'ma 18:00-20:00, za 10-12',
      en: 'mon 18:00-20:00, sat 10-12',
    }[locale],
    maxDistanceKm: String(programme.rules.maxDistanceKm),
    capacity: '1',
    consentDate: '2026-01-15',
  };
  return stringify([columns.map((c) => c.header[locale]), columns.map((c) => example[c.key] ?? '')], {
    delimiter: locale === 'en' ? ',' : ';',
  });
}

/** A problem of the file: its line (1 is the header), the column as the file names it, and what is wrong (a message key). */
export interface ImportProblem {
  line: number;
  column?: string;
  problem: string;
  /** What the problem message quotes: the value, the places to choose from. */
  detail?: string;
}

export interface ImportRow<F> {
  line: number;
  externalId: string;
  fields: F;
}

export type VolunteerImport = Omit<VolunteerFields, 'programmeIds' | 'status' | 'screening'>;
export type BeneficiaryImport = Omit<BeneficiaryFields, 'programmeIds' | 'status' | 'mediatorId'>;

export interface ImportReading<F> {
  rows: ImportRow<F>[];
  problems: ImportProblem[];
}

/** A Belgian date (31/01/2026) or an ISO one (2026-01-31), as ISO. */
function readDate(text: string): string | undefined {
  const be = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = be ? `${be[3]}-${be[2]!.padStart(2, '0')}-${be[1]!.padStart(2, '0')}` : text;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ? iso : undefined;
}

const list = (text: string) =>
  text
    .split(/[;,|]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads a file's rows; each problem named by line and column, the places it quotes named in `locale`. */
export function readPeopleCsv(
  kind: ImportKind,
  text: string,
  programme: Programme,
  today: string,
  locale: ImportLocale = 'en',
): ImportReading<VolunteerImport | BeneficiaryImport> {
  const problems: ImportProblem[] = [];
  const columns = columnsOf(kind);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
    records = parse(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      to: MAX_ROWS + 1,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, problem: 'unreadable', detail: (err as Error).message }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, problem: 'empty' }] };

  // Headers in any of the three languages, case, accents and punctuation aside.
  const at = new Map<string, number>();
  header.record.forEach((h, i) => {
    const column = columns.find((c) => Object.values(c.header).some((name) => fold(name) === fold(h)));
    if (column && !at.has(column.key)) at.set(column.key, i);
    else problems.push({ line: 1, column: h, problem: column ? 'duplicateColumn' : 'unknownColumn' });
  });
  for (const c of columns)
    if (c.required && !at.has(c.key)) problems.push({ line: 1, column: c.header.en, problem: 'missingColumn' });
  if (problems.length) return { rows: [], problems };

  const rows: ImportRow<VolunteerImport | BeneficiaryImport>[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const rowProblems: ImportProblem[] = [];
    const headerOf = (key: string) => header.record[at.get(key)!]!;
    const cell = (key: string) => (at.has(key) ? (record[at.get(key)!] ?? '') : '');
    const wrong = (key: string, problem: string, detail?: string) =>
      rowProblems.push({ line, column: headerOf(key), problem, ...(detail !== undefined && { detail }) });
    if (record.length > header.record.length) rowProblems.push({ line, problem: 'tooManyCells' });
    for (const c of columns) if (c.required && !cell(c.key)) wrong(c.key, 'required');

    const externalId = cell('id');
    if (externalId && seen.has(externalId)) wrong('id', 'duplicateId', String(seen.get(externalId)));
    else if (externalId) seen.set(externalId, line);

    let place: VolunteerImport['place'] | undefined;
    if (cell('municipality')) {
      const r = resolvePlace(`${/^\d{4}$/.test(cell('postcode')) ? cell('postcode') : ''} ${cell('municipality')}`);
      if (r.found) place = { ...placeFields(r.found), location: coarsen({ lat: r.found.lat, lon: r.found.lon }) };
      else
        wrong(
          'municipality',
          r.choices.length ? 'placeChoose' : 'placeUnknown',
          r.choices.map((m) => placeLabel(m, locale)).join(' · '),
        );
    }
    if (cell('postcode') && !/^\d{4}$/.test(cell('postcode'))) wrong('postcode', 'postcode', cell('postcode'));

    const languages = list(cell('languages')).map((l) => l.toLowerCase());
    for (const l of languages) if (!/^[a-z]{2}$/.test(l)) wrong('languages', 'language', l);
    const skillKey = kind === 'volunteers' ? 'skills' : 'needs';
    const skills = list(cell(skillKey)).map((s) => s.toLowerCase());
    for (const s of skills) if (!/^[a-z0-9_]+$/.test(s)) wrong(skillKey, 'skill', s);
    if (kind === 'beneficiaries')
      for (const i of needsUnanswered([programme], skills)) wrong('needs', 'needNotAnswered', skills[i]);

    const availability: AvailabilitySlot[] = [];
    for (const part of list(cell('availability').replace(/,(?=\s*\p{L})/gu, ';'))) {
      const m = /^(\p{L}+)\.?\s+(.+)$/u.exec(part);
      const day = m && DAY_NAMES[fold(m[1]!)];
      const hours = m && readHours(m[2]!);
      if (day && hours) availability.push({ day, ...hours });
      else wrong('availability', 'availability', part);
    }

    const consentAt = readDate(cell('consentDate'));
    if (cell('consentDate') && (!consentAt || consentAt > today)) wrong('consentDate', 'date', cell('consentDate'));
    const number = (key: string) => {
      const raw = cell(key).replace(',', '.');
      if (!raw) return undefined;
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0) wrong(key, 'number', cell(key));
      return n;
    };

    const contact = {
      firstName: cell('firstName'),
      ...(cell('lastName') && { lastName: cell('lastName') }),
      ...(cell('email') && { email: cell('email').toLowerCase() }),
      ...(cell('phone') && { phone: cell('phone') }),
    };
    const consent = { textVersion: IMPORT_CONSENT, at: `${consentAt ?? today}T00:00:00.000Z` };
    let fields: VolunteerImport | BeneficiaryImport | undefined;
    let issues: z.core.$ZodIssue[] = [];
    if (kind === 'volunteers') {
      const candidate = {
        externalId,
        kind: 'person' as const,
        contact,
        consent,
        languages,
        skills,
        availability,
        place,
        maxDistanceKm: number('maxDistanceKm') ?? programme.rules.maxDistanceKm,
        capacity: number('capacity') ?? 1,
        programmeIds: [programme.id],
        status: 'pending_screening' as const,
        screening: {},
      };
      const checked = VolunteerFields.safeParse(candidate);
      if (checked.success) {
        const { programmeIds: _p, status: _s, screening: _sc, ...rest } = checked.data;
        fields = rest;
      } else issues = checked.error.issues;
    } else {
      const waiting = cell('waitingSince') ? readDate(cell('waitingSince')) : today;
      if (!waiting || waiting > today) wrong('waitingSince', 'date', cell('waitingSince'));
      const candidate = {
        externalId,
        kind: 'person' as const,
        contact,
        consent,
        legalBasis: { ground: 'consent' as const },
        members: [],
        needs: skills,
        languages,
        availability,
        place,
        ...(number('age') !== undefined && { age: number('age') }),
        waitingSince: waiting ?? today,
        preferences: {},
        excludedVolunteerIds: [],
        ...(cell('referral') && { referral: { partner: cell('referral') } }),
        programmeIds: [programme.id],
        status: 'active' as const,
      };
      const checked = BeneficiaryFields.safeParse(candidate);
      if (checked.success) {
        const { programmeIds: _p, status: _s, mediatorId: _m, ...rest } = checked.data;
        fields = rest;
      } else issues = checked.error.issues;
    }
    // What the schema finds and the row's own reading did not already tell, by the column it comes from.
    const keyOf: Record<string, string> = {
      contact: 'firstName',
      'contact.lastName': 'lastName',
      'contact.email': 'email',
      'contact.phone': 'phone',
      place: 'municipality',
      externalId: 'id',
      needs: 'needs',
      skills: 'skills',
      consent: 'consentDate',
    };
    for (const issue of issues) {
      const path = issue.path.join('.');
      const key =
        keyOf[path] ?? keyOf[issue.path.slice(0, 2).join('.')] ?? keyOf[String(issue.path[0])] ?? String(issue.path[0]);
      const told = rowProblems.some((p) => at.has(key) && p.column === headerOf(key));
      // The cell quoted (the reader's own words), not the schema's message (English, for developers).
      const value = cell(key);
      if (!told)
        rowProblems.push({
          line,
          ...(at.has(key) && { column: headerOf(key) }),
          ...(value
            ? { problem: 'invalid', detail: value.length > 80 ? `${value.slice(0, 79)}…` : value }
            : { problem: 'invalidRow' }),
        });
    }
    if (rowProblems.length || !fields) problems.push(...rowProblems);
    else rows.push({ line, externalId, fields });
  }
  if (body.length > MAX_ROWS)
    problems.push({ line: body[MAX_ROWS]!.info.lines, problem: 'tooManyRows', detail: String(MAX_ROWS) });
  return { rows, problems };
}

/** What importing the rows does to the people already held: add, update, or leave as they are. */
export interface ImportPlan<F> {
  add: ImportRow<F>[];
  update: { row: ImportRow<F>; id: string; version: number }[];
  unchanged: ImportRow<F>[];
}

/**
 * The rows against the people the programme already has, by the spreadsheet's id: a row whose
 * person exists with the same fields changes nothing, so the same file imported twice writes once.
 */
export function planImport<F extends object>(
  rows: readonly ImportRow<F>[],
  existing: ReadonlyMap<string, { id: string; version: number } & Partial<F>>,
): ImportPlan<F> {
  const plan: ImportPlan<F> = { add: [], update: [], unchanged: [] };
  for (const row of rows) {
    const held = existing.get(row.externalId);
    if (!held) plan.add.push(row);
    else if (Object.entries(row.fields).every(([k, v]) => same(v, held[k as keyof F]))) plan.unchanged.push(row);
    else plan.update.push({ row, id: held.id, version: held.version });
  }
  return plan;
}

/** Equal as JSON values (the stores give back what they were given, key order aside). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
