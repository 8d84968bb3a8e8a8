import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import swaggerUi from 'swagger-ui-express';
import { authenticate } from '../http/auth.js';
import type { ApiDeps } from '../http/deps.js';
import { HttpError } from '../http/http-error.js';
import { negotiateLocale } from '../http/language.js';
import type { Executor } from '../http/executor.js';
import { maskPath } from '../logger.js';
import { buildOpenApi } from './openapi.js';
import { problemFrom } from './problem.js';
import { queuesBoard, QUEUES_BOARD_PATH } from './queues-board.js';
import { API_BASE } from '../http/route.js';
import { mount, type Guards } from './mount.js';

const BODY_LIMIT = '256kb';
/** MAX_CSV_CHARS characters, some of them several bytes, in JSON. */
const IMPORT_BODY_LIMIT = '12mb';
const READY_TIMEOUT_MS = 3000;

/**
 * The API over the one executor: health and readiness, the OpenAPI document and its docs, the
 * queue board, /api/v1, and errors as problem+json. The pages are mounted beside it (src/app.ts).
 */
export function apiRouter(deps: ApiDeps, executor: Executor): Router {
  const app = express.Router();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [store, queue] = await Promise.all([
      probe(() => deps.store.organisations.find('readyz', 'readyz')),
      probe(() => deps.queue.ready()),
    ]);
    res.status(store && queue ? 200 : 503).json({
      status: store && queue ? 'ok' : 'unavailable',
      store: store ? 'ok' : 'down',
      queue: queue ? 'ok' : 'down',
    });
  });

  const document = buildOpenApi(executor.routes, API_BASE);
  app.get(`${API_BASE}/openapi.json`, (_req, res) => {
    res.json(document);
  });
  app.use(
    '/api/docs',
    swaggerUi.serve,
    swaggerUi.setup(undefined, { swaggerOptions: { url: `${API_BASE}/openapi.json` } }),
  );
  const board = queuesBoard(deps);
  if (board) app.use(QUEUES_BOARD_PATH, board);

  const json = (limit: string) => express.json({ limit, type: ['application/json', 'application/*+json'] });
  app.use(API_BASE, cookieParser(), requireJson);
  // A spreadsheet of people is larger than any other body.
  app.use(`${API_BASE}/programmes/:id/import`, json(IMPORT_BODY_LIMIT));
  app.use(API_BASE, json(BODY_LIMIT));
  const router = express.Router();
  mount(router, executor, guards(deps));
  app.use(API_BASE, router);
  app.use((req) => {
    throw new HttpError(404, 'not_found', `no route ${req.method} ${req.path}`);
  });
  app.use(errorHandler());
  return app;
}

function guards(deps: ApiDeps): Guards {
  const limiters = {
    login: limiter(deps.config.rateLimits.login),
    public: limiter(deps.config.rateLimits.public),
  };
  return {
    authenticate: (req, access, method) => authenticate(deps, req, access, method),
    limiter: (kind) => limiters[kind],
    locale: (req) => negotiateLocale(req.get('accept-language')),
  };
}

/** A fixed window per client address, per minute; the refusal is a problem like any other. */
function limiter(perMinute: number) {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: (_req, _res, next, options) =>
      next(
        new HttpError(429, 'rate_limited', undefined, { 'Retry-After': String(Math.ceil(options.windowMs / 1000)) }),
      ),
  });
}

/** A body that is not JSON is refused up front rather than read as empty. */
const requireJson: express.RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (hasBody && !req.is(['application/json', 'application/*+json']))
    return next(new HttpError(415, 'unsupported_media_type', 'send application/json'));
  next();
};

function errorHandler(): ErrorRequestHandler {
  return (err, req: Request, res, _next) => {
    const { problem, headers, unexpected } = problemFrom(
      err,
      negotiateLocale(req.get('accept-language')),
      maskPath(req.originalUrl),
    );
    // A fault goes into the request's log line (pino-http logs res.err); a refusal needs no more than its status.
    if (unexpected) res.err = err as Error;
    if (res.headersSent) return res.end();
    res.status(problem.status).set(headers).type('application/problem+json').send(JSON.stringify(problem));
  };
}

async function probe(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS)));
    return await Promise.race([check().then((r) => r !== false), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
