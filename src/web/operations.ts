/**
 * What the pages change, they change through the API's own operations, called in-process: the
 * same route table, so the same zod schemas, role checks, business rules, audit events and
 * recomputes as a call to /api/v1, with no HTTP in between and nothing written twice. Only the
 * transport differs: a form post with the session's CSRF token instead of JSON with a header.
 */
import type { Request, Response } from 'express';
import type { Locale } from '../../scoring/index.js';
import type { Caller } from '../api/auth.js';
import type { ApiDeps } from '../api/deps.js';
import { HttpError } from '../api/http-error.js';
import { parsePart, type AnyRoute, type Method } from '../api/route.js';
import { ROUTES } from '../api/routes/index.js';
import { ForbiddenError } from '../errors/forbidden-error.js';

const TABLE = new Map<string, AnyRoute>(ROUTES.map((r) => [`${r.method} ${r.path}`, r]));

export interface Invocation {
  caller?: Caller | undefined;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Runs the operation `method path` (as the route table names it, e.g. `post /tandems`). */
export async function perform<T>(
  deps: ApiDeps,
  req: Request,
  res: Response,
  locale: Locale,
  method: Method,
  path: string,
  call: Invocation = {},
): Promise<T> {
  const spec = TABLE.get(`${method} ${path}`);
  if (!spec) throw new Error(`no operation ${method} ${path}`);
  if (spec.access !== 'public') {
    if (!call.caller) throw new HttpError(401, 'unauthenticated');
    if (!spec.access.includes(call.caller.role))
      throw new ForbiddenError(`this needs the role ${spec.access.join(' or ')}`);
  }
  const ctx = {
    params: spec.params ? parsePart(spec.params, call.params ?? {}, 'path') : undefined,
    query: spec.query ? parsePart(spec.query, call.query ?? {}, 'query') : undefined,
    headers: spec.headers ? parsePart(spec.headers, call.headers ?? {}, 'header') : undefined,
    body: spec.body ? parsePart(spec.body, call.body ?? {}, 'body') : undefined,
    caller: call.caller,
    locale,
    deps,
    req,
    res,
  };
  return (await spec.handler(ctx as never)) as T;
}
