/**
 * Routes as data: method, path, who may call, the zod schemas of what goes in and out, and a
 * handler. The same table registers the Express handlers, generates the OpenAPI document and
 * drives the authorisation-matrix test, so a route cannot be served without being described and
 * checked. Every handler gets input already validated, and its output is validated before it
 * leaves.
 */
import type { Request, Response } from 'express';
import { type z } from 'zod';
import type { Locale } from '../../scoring/index.js';
import { ValidationError } from '../errors/validation-error.js';
import { isTypable, UNTYPABLE } from '../domain/index.js';
import type { Commands } from '../services/commands/command.js';
import type { Access, Caller, Method } from './access.js';
import type { ApiDeps } from './deps.js';

export const API_BASE = '/api/v1';

type Input = z.ZodType | undefined;
type Parsed<S extends Input> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<A extends Access, P extends Input, Q extends Input, B extends Input, H extends Input> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  headers: Parsed<H>;
  caller: A extends 'public' ? Caller | undefined : Caller;
  locale: Locale;
  deps: ApiDeps;
  /** Runs the services' commands (access, validation, rules, writes, events). */
  commands: Commands;
  req: Request;
  res: Response;
}

export interface RouteSpec<
  A extends Access,
  P extends Input,
  Q extends Input,
  B extends Input,
  H extends Input,
  R extends z.ZodType,
> {
  method: Method;
  /** OpenAPI style, under /api/v1: `/programmes/{id}`. */
  path: string;
  /** One line for the OpenAPI document. */
  summary: string;
  tag: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the route reads (lower-case names). */
  headers?: H;
  status: 200 | 201 | 202 | 204;
  /** The success body; absent for 204. */
  response?: R;
  /** Rules a 409 of this route may name, for the document. */
  conflicts?: readonly string[];
  /** Refusals its parts do not imply (a public route's 401), for the document. */
  refusals?: readonly (401 | 403)[];
  /** Extra middleware before validation (rate limits). */
  limiter?: 'login' | 'public';
  handler: (ctx: RouteContext<A, P, Q, B, H>) => Promise<z.input<R> | undefined>;
}

export type AnyRoute = RouteSpec<Access, Input, Input, Input, Input, z.ZodType>;

/** Declares a route; the identity at run time, it lets TypeScript infer the handler's context. */
export function route<
  A extends Access,
  P extends Input = undefined,
  Q extends Input = undefined,
  B extends Input = undefined,
  H extends Input = undefined,
  R extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<A, P, Q, B, H, R>): AnyRoute {
  return spec;
}

/** Parses one part of the request; failures name the field under `part` (`body.contact.email`). */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: string): z.output<S> {
  const untypable = untypableAt(value, part);
  if (untypable) throw new ValidationError([{ field: untypable, message: UNTYPABLE }]);
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error, [part]);
  return result.data;
}

/**
 * The path of the first string (or key) holding a NUL byte or a lone surrogate, anywhere in a
 * request part: refused whatever field it is in, before any schema, so no text (a filter, a name,
 * a reason) reaches the store or a page with one.
 */
function untypableAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return isTypable(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = untypableAt(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = isTypable(key) ? untypableAt(item, `${path}.${key}`) : `${path}.${key}`;
      if (found) return found;
    }
  }
  return undefined;
}

/** Thrown when a handler's output breaks its own schema; logged with field paths, never values. */
export class ResponseSchemaError extends Error {
  constructor(spec: AnyRoute, error: z.ZodError) {
    super(
      `response of ${spec.method.toUpperCase()} ${spec.path} breaks its schema at ${error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`,
    );
  }
}
