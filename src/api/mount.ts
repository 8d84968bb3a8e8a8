/** The API's transport over the executor: Express handlers, guards (session, role, CSRF, rate limits), ETags. */
import type { NextFunction, Request, Response, Router } from 'express';
import type { Locale } from '../../scoring/index.js';
import type { Access, Caller, Method } from '../http/access.js';
import type { Executor } from '../http/executor.js';

export interface Guards {
  authenticate(req: Request, access: Access, method: Method): Promise<Caller | undefined>;
  limiter(kind: 'login' | 'public'): (req: Request, res: Response, next: NextFunction) => void;
  locale(req: Request): Locale;
}

/** Registers each operation of the executor on `router`. */
export function mount(router: Router, executor: Executor, guards: Guards): void {
  for (const spec of executor.routes) {
    const path = spec.path.replace(/\{(\w+)\}/g, ':$1');
    const handle = async (req: Request, res: Response) => {
      const locale = guards.locale(req);
      const caller = await guards.authenticate(req, spec.access, spec.method);
      const result = await executor.run(spec, {
        caller,
        params: req.params,
        query: req.query,
        headers: req.headers,
        body: req.body,
        locale,
        req,
        res,
      });
      res.status(spec.status);
      if (result === undefined) {
        res.end();
        return;
      }
      // A record's version is its entity tag: send it back in If-Match to update from it.
      const version = typeof result === 'object' && result !== null && 'version' in result ? result.version : undefined;
      if (typeof version === 'number') res.set('ETag', `"${version}"`);
      res.json(result);
    };
    const chain = spec.limiter ? [guards.limiter(spec.limiter), handle] : [handle];
    router[spec.method](path, ...chain);
  }
}
