/**
 * The one executor of operations: the API's routes and the pages that act through them both run
 * an operation here, so the caller's role, the validation of each part, the handler and the check
 * of what it returns are done once, the same way. Only the transport differs (JSON with a CSRF
 * header, or a form post with the session's token), and stays in src/api/mount.ts and
 * src/web/operations.ts.
 */
import type { Request, Response } from 'express';
import type { Locale } from '../../scoring/index.js';
import { eventLogger } from '../logger.js';
import { commandsFor, type Commands } from '../services/commands/command.js';
import { checkRole, type Caller, type Method } from './access.js';
import type { ApiDeps } from './deps.js';
import { ValidationError } from '../errors/validation-error.js';
import { HttpError } from './http-error.js';
import { parsePart, ResponseSchemaError, type AnyRoute } from './route.js';

/** One call of an operation: who, and its parts as they came (unparsed). */
export interface Invocation {
  caller?: Caller | undefined;
  params?: unknown;
  query?: unknown;
  body?: unknown;
  headers?: unknown;
  locale: Locale;
  req: Request;
  res: Response;
}

export class Executor {
  private readonly table: Map<string, AnyRoute>;
  readonly commands: Commands;

  constructor(
    readonly routes: readonly AnyRoute[],
    private readonly deps: ApiDeps,
  ) {
    this.table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
    this.commands = commandsFor({
      ...deps,
      logger: eventLogger(deps.logger),
      jobs: deps.queue,
      publicUrl: deps.config.publicUrl,
    });
  }

  /** The operation `method path`, as the route table names it (e.g. `post /tandems`). */
  operation(method: Method, path: string): AnyRoute {
    const spec = this.table.get(`${method} ${path}`);
    if (!spec) throw new Error(`no operation ${method} ${path}`);
    return spec;
  }

  /**
   * Runs an operation: 401 without a caller where one is needed, 403 for a role it does not
   * admit, 400 naming the field for a bad part; returns the checked response (undefined for none).
   */
  async run(spec: AnyRoute, call: Invocation): Promise<unknown> {
    if (spec.access !== 'public') {
      if (!call.caller) throw new HttpError(401, 'unauthenticated');
      checkRole(spec.access, call.caller.role);
    }
    // A change that changes nothing is a mistake of the caller's, said as such rather than a new version.
    if (spec.method === 'patch' && spec.body && isEmptyObject(call.body))
      throw new ValidationError([{ field: 'body', message: 'must change at least one field' }]);
    const ctx = {
      params: spec.params ? parsePart(spec.params, call.params ?? {}, 'path') : undefined,
      query: spec.query ? parsePart(spec.query, call.query ?? {}, 'query') : undefined,
      headers: spec.headers ? parsePart(spec.headers, call.headers ?? {}, 'header') : undefined,
      body: spec.body ? parsePart(spec.body, call.body ?? {}, 'body') : undefined,
      caller: call.caller,
      locale: call.locale,
      deps: this.deps,
      commands: this.commands,
      req: call.req,
      res: call.res,
    };
    const result = await spec.handler(ctx);
    if (spec.status === 204 || !spec.response) return undefined;
    // A response that does not match its schema is a bug here, not bad input: a 500.
    const checked = spec.response.safeParse(result);
    if (!checked.success) throw new ResponseSchemaError(spec, checked.error);
    return checked.data;
  }
}

function isEmptyObject(body: unknown): boolean {
  return (
    body === undefined ||
    (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0)
  );
}
