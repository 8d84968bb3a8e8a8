/**
 * Routes as data: method, path, who may call, the zod schemas of what goes in and out, and a
 * handler. The same table registers the Express handlers, generates the OpenAPI document and
 * drives the authorisation-matrix test, so a route cannot be served without being described and
 * checked. Every handler gets input already validated, and its output is validated before it
 * leaves.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Locale } from '../../scoring/index.js';
import type { Role } from '../domain/index.js';
import { ValidationError } from '../errors/validation-error.js';
import type { Caller } from './auth.js';
import type { ApiDeps } from './deps.js';

export const API_BASE = '/api/v1';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/** Who may call: nobody signed in needed, or staff with one of these roles. */
export type Access = 'public' | readonly Role[];

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
  return spec as unknown as AnyRoute;
}

/** Parses one part of the request; failures name the field under `part` (`body.contact.email`). */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error, [part]);
  return result.data;
}

export interface Guards {
  authenticate(req: Request, access: Access, method: Method): Promise<Caller | undefined>;
  limiter(kind: 'login' | 'public'): (req: Request, res: Response, next: NextFunction) => void;
  locale(req: Request): Locale;
}

/** Registers each route on `router`: guards (session, role, CSRF), validation, handler, output check. */
export function mount(router: Router, routes: readonly AnyRoute[], deps: ApiDeps, guards: Guards): void {
  for (const spec of routes) {
    const path = spec.path.replace(/\{(\w+)\}/g, ':$1');
    const handle = async (req: Request, res: Response) => {
      const locale = guards.locale(req);
      const caller = await guards.authenticate(req, spec.access, spec.method);
      const ctx = {
        params: spec.params ? parsePart(spec.params, req.params, 'path') : undefined,
        query: spec.query ? parsePart(spec.query, req.query, 'query') : undefined,
        headers: spec.headers ? parsePart(spec.headers, req.headers, 'header') : undefined,
        body: spec.body ? parsePart(spec.body, req.body ?? {}, 'body') : undefined,
        caller,
        locale,
        deps,
        req,
        res,
      };
      const result = await spec.handler(ctx as never);
      res.status(spec.status);
      if (spec.status === 204 || !spec.response) {
        res.end();
        return;
      }
      // A response that does not match its schema is a bug here, not bad input: a 500.
      const checked = spec.response.safeParse(result);
      if (!checked.success) throw new ResponseSchemaError(spec, checked.error);
      // A record's version is its entity tag: send it back in If-Match to update from it.
      const version = (checked.data as { version?: unknown } | null)?.version;
      if (typeof version === 'number') res.set('ETag', `"${version}"`);
      res.json(checked.data);
    };
    const chain = spec.limiter ? [guards.limiter(spec.limiter), handle] : [handle];
    router[spec.method](path, ...chain);
  }
}

/** Thrown when a handler's output breaks its own schema; logged with field paths, never values. */
export class ResponseSchemaError extends Error {
  constructor(spec: AnyRoute, error: z.ZodError) {
    super(
      `response of ${spec.method.toUpperCase()} ${spec.path} breaks its schema at ${error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`,
    );
  }
}
