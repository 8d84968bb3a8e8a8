/**
 * What the pages change, they change through the same operations as /api/v1, run by the one
 * executor in-process: the same zod schemas, role checks, business rules, audit events, recomputes
 * and response checks, with no HTTP in between and nothing written twice. Only the transport
 * differs: a form post with the session's CSRF token instead of JSON with a header.
 */
import type { Request, Response } from 'express';
import type { Locale } from '../../scoring/index.js';
import type { Caller, Method } from '../http/access.js';
import type { ApiDeps } from '../http/deps.js';
import type { Executor } from '../http/executor.js';

/** What the pages use: the application's dependencies and the executor of its operations. */
export interface WebDeps extends ApiDeps {
  executor: Executor;
}

export interface Invocation {
  caller?: Caller | undefined;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Runs the operation `method path` (as the route table names it, e.g. `post /tandems`). */
export async function perform<T>(
  deps: WebDeps,
  req: Request,
  res: Response,
  locale: Locale,
  method: Method,
  path: string,
  call: Invocation = {},
): Promise<T> {
  const { executor } = deps;
  return (await executor.run(executor.operation(method, path), { ...call, locale, req, res })) as T;
}
