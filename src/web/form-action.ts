/**
 * A form posted to one operation, the same way on every page (post, redirect, get): once done,
 * the browser goes on (303) to what it did; refused, the page comes back with the form as posted
 * and why: a ValidationError's issues next to their fields (or in a banner), a record changed
 * since the form was drawn (VersionConflictError), a rule that said no (ConflictError). A refusal
 * the page does not name is an error like any other. A form that carries the version it was
 * drawn from sends it as If-Match.
 */
import { ConflictError } from '../errors/conflict-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import type { Method } from '../http/access.js';
import { emptyForm, errorsFrom, one, type FormState } from './forms.js';
import type { StaffPage } from './layout.js';
import { perform } from './operations.js';

/** A refusal as the page says it: a banner over the page, or messages next to fields. */
export type Refusal = string | FormState['errors'];

/** The form field of each schema path (`contact.email` → `email`) and each field's message. */
export interface FieldMessages {
  paths: Record<string, string>;
  message: (field: string) => string;
  /** The field a path none claims goes to (default: the first one listed). */
  fallback?: string;
}

export interface FormAction<T> {
  method: Method;
  path: string;
  params?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Where the browser goes once it is done, possibly from what the operation answered. */
  done: string | ((result: T) => string);
  /** The page again, with the form as posted and its errors, or a banner. */
  again: (form: FormState, banner?: string) => unknown;
  /** A ValidationError: its issues next to their fields, or one banner. */
  invalid?: FieldMessages | string;
  /** A VersionConflictError: the record changed since the form was drawn. */
  changed?: string;
  /** Any other ConflictError (a VersionConflictError too, without `changed`). */
  refused?: (err: ConflictError) => Refusal;
}

export async function formAction<T = unknown>(p: StaffPage, action: FormAction<T>): Promise<void> {
  const { deps, req, res, locale, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const headers = {
    ...(values.version !== undefined && { 'if-match': `"${one(values, 'version')}"` }),
    ...action.headers,
  };
  let result: T;
  try {
    result = await perform<T>(deps, req, res, locale, action.method, action.path, {
      caller,
      ...(action.params && { params: action.params }),
      ...(action.body !== undefined && { body: action.body }),
      ...(Object.keys(headers).length > 0 && { headers }),
    });
  } catch (err) {
    const refusal = refusalOf(err, action);
    if (refusal === undefined) throw err;
    await (typeof refusal === 'string'
      ? action.again(emptyForm(values), refusal)
      : action.again({ values, errors: refusal }));
    return;
  }
  res.redirect(303, typeof action.done === 'string' ? action.done : action.done(result));
}

function refusalOf(err: unknown, action: FormAction<never>): Refusal | undefined {
  const { invalid, changed, refused } = action;
  if (err instanceof ValidationError && invalid !== undefined)
    return typeof invalid === 'string'
      ? invalid
      : errorsFrom(err.issues, invalid.paths, invalid.message, invalid.fallback ?? Object.values(invalid.paths)[0]!);
  if (err instanceof VersionConflictError && changed !== undefined) return changed;
  if (err instanceof ConflictError && refused) return refused(err);
  return undefined;
}
