/**
 * Errors as `application/problem+json` (RFC 9457). Every error tandem raises on purpose maps to
 * a 4xx (or 503 when the store is down); anything else is a 500 whose details stay in the logs.
 * Titles are in the caller's language; `errors` names each failing field.
 */
import { z } from 'zod';
import type { Locale } from '../../scoring/index.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { ConflictError } from '../errors/conflict-error.js';
import { LockedOutError } from '../errors/locked-out-error.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { PreconditionFailedError } from '../errors/precondition-failed-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import { HttpError } from '../http/http-error.js';
import { PROBLEM_CODES, TITLES, type ProblemCode } from '../http/problem-codes.js';

export const FieldIssueSchema = z.strictObject({ field: z.string(), message: z.string() });

export const Problem = z.strictObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  code: z.enum(PROBLEM_CODES as [ProblemCode, ...ProblemCode[]]),
  detail: z.string().optional(),
  instance: z.string().optional(),
  /** The rule a 409 refers to, e.g. `volunteer_capacity`. */
  rule: z.string().optional(),
  errors: z.array(FieldIssueSchema).optional(),
});
export type Problem = z.infer<typeof Problem>;

export interface ProblemResponse {
  problem: Problem;
  headers: Record<string, string>;
  /** Whether the error was not one raised on purpose (to be logged as a fault). */
  unexpected: boolean;
}

export function problemFrom(err: unknown, locale: Locale, instance: string): ProblemResponse {
  const make = (
    code: ProblemCode,
    extra: Partial<Problem> = {},
    headers: Record<string, string> = {},
    unexpected = false,
  ): ProblemResponse => ({
    problem: {
      type: `urn:tandem:problem:${code}`,
      title: TITLES[code][locale],
      status: TITLES[code].status,
      code,
      instance,
      ...extra,
    },
    headers,
    unexpected,
  });
  if (err instanceof HttpError)
    return make(err.code, { status: err.status, ...(err.detail ? { detail: err.detail } : {}) }, err.headers);
  if (err instanceof AuthenticationError) return make('bad_credentials');
  if (err instanceof LockedOutError)
    return make('locked', { detail: err.message }, { 'Retry-After': String(err.retryAfterSeconds) });
  if (err instanceof ValidationError)
    return make('validation', {
      errors: err.issues,
      detail: err.issues.map((i) => `${i.field}: ${i.message}`).join('; '),
    });
  if (err instanceof NotFoundError) return make('not_found', { detail: `${err.kind} ${err.id} not found` });
  if (err instanceof PreconditionFailedError) return make('precondition_failed', { detail: err.message });
  if (err instanceof VersionConflictError) return make('version_conflict', { rule: err.rule, detail: err.message });
  if (err instanceof ConflictError) return make('conflict', { rule: err.rule, detail: err.message });
  if (err instanceof ForbiddenError) return make('forbidden', { detail: err.reason });
  // A path whose percent-encoding does not decode (`/volunteers/%zz`): the router's decodeURIComponent.
  if (err instanceof URIError)
    return make('validation', { errors: [{ field: 'path', message: 'must be valid percent-encoding' }] });
  if (err instanceof StoreUnavailableError) return make('unavailable', {}, { 'Retry-After': '5' }, true);
  const status = httpStatusOf(err);
  // Errors body-parser raises on unreadable input (malformed JSON, wrong charset, too large).
  if (status === 413) return make('payload_too_large');
  if (status === 415) return make('unsupported_media_type');
  // The parser's own message may quote the input: it is not repeated.
  if (status !== undefined && status >= 400 && status < 500)
    return make('validation', { errors: [{ field: 'body', message: 'must be a JSON document' }] });
  return make('internal', {}, {}, true);
}

function httpStatusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  if (!e || e.expose !== true) return undefined;
  const s = e.status ?? e.statusCode;
  return typeof s === 'number' ? s : undefined;
}
