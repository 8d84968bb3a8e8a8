/**
 * The pages, server-rendered: the public sign-up under /signup and the staff's pages under /app,
 * in French, Dutch and English. They work as plain HTML forms; /assets/app.js only improves
 * them. Mounted by the API's app before its own routes: anything that is not a page is passed on.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { authenticate } from '../http/auth.js';
import type { WebDeps } from './operations.js';
import { HttpError } from '../http/http-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import { API_BASE } from '../http/route.js';
import type { Role } from '../domain/index.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { CSRF_FIELD, sameToken } from './csrf.js';
import { formSecret } from '../http/secrets.js';
import { nameText } from './format.js';
import { html } from './html.js';
import { i18nMiddleware, localeOf } from './i18n.js';
import { pageOf, send, type Page, type PageHandler, type StaffHandler } from './layout.js';
import { suggest } from './places.js';
import { registerStaffPages } from './pages/index.js';
import { landing } from './pages/landing.js';
import { chooseOrganisation, confirmEmail, sent, showForm, submitForm } from './pages/signup.js';
import { formLimiter } from './limits.js';

/** src/web/assets from the sources (src/web) or the build (dist/src/web). */
const ASSETS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  import.meta.url.includes('/dist/') ? '../../../src/web/assets' : 'assets',
);

const FORM_LIMIT = '64kb';
const CONFIRM_PATH = `${API_BASE}/volunteers/confirm/:token`;

/** Paths the pages answer; everything else goes on to the API. */
function isPage(req: Request): boolean {
  if (/^\/(?:$|signup(?:\/|$)|app(?:\/|$)|places$|assets\/)/.test(req.path)) return true;
  // The e-mail's confirmation link, opened in a browser.
  return (
    req.method === 'GET' &&
    req.path.startsWith(`${API_BASE}/volunteers/confirm/`) &&
    req.accepts(['json', 'html']) === 'html'
  );
}

export function webRouter(deps: WebDeps): Router {
  const router = express.Router();
  const secret = formSecret(deps.store, deps.clock);
  router.use((req, _res, next) => (isPage(req) ? next() : next('router')));
  router.use('/assets', express.static(ASSETS_DIR, { maxAge: '1h', index: false }));
  // The language first: a form the parser refuses still gets its error page in that language.
  router.use(
    cookieParser(),
    i18nMiddleware(),
    express.urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 500 }),
  );

  const page =
    (handler: PageHandler): RequestHandler =>
    (req, res, next) => {
      handler(pageOf(deps, req, res)).catch(next);
    };
  const staff =
    (roles: readonly Role[], handler: StaffHandler): RequestHandler =>
    (req, res, next) => {
      (async () => {
        const caller = await authenticate(deps, req, roles, 'get');
        if (!caller) throw new HttpError(401, 'unauthenticated');
        if (
          req.method === 'POST' &&
          !sameToken((req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD], caller.csrfToken)
        )
          throw new HttpError(403, 'csrf');
        const org = await deps.store.organisations.get(caller.orgId, caller.orgId);
        await handler({ ...pageOf(deps, req, res), caller, orgName: nameText(org.name, localeOf(req)) });
      })().catch(next);
    };

  router.get('/', page(landing));
  router.get('/places', (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    res
      .set('Cache-Control', 'public, max-age=3600')
      .set('Vary', 'Accept-Language, Cookie')
      .json(suggest(q, localeOf(req)));
  });
  router.get('/signup', page(chooseOrganisation));
  router.get(
    '/signup/:org',
    page(async (p) => showForm(p, await secret())),
  );
  router.post(
    '/signup/:org',
    formLimiter(deps.config.rateLimits.public),
    page(async (p) => submitForm(p, await secret())),
  );
  router.get('/signup/:org/sent', page(sent));
  router.get(CONFIRM_PATH, page(confirmEmail));
  registerStaffPages({ router, page, staff }, deps, secret);
  router.use(page(async (p) => notFound(p)));
  router.use(errorPage(deps));
  return router;
}

async function notFound(p: Page): Promise<void> {
  send(p, {
    title: p.t('errors.notFoundTitle'),
    status: 404,
    main: html`<h1>${p.t('errors.notFoundTitle')}</h1><p class="lead">${p.t('errors.notFoundLead')}</p><p><a href="/">${p.t('errors.home')}</a></p>`,
  });
}

/** Errors as pages: sign-in for a missing session, a plain explanation otherwise; faults are logged. */
function errorPage(deps: WebDeps): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const p = pageOf(deps, req, res);
    const { t } = p;
    if (err instanceof HttpError && err.status === 401) {
      const back =
        req.method === 'GET' && req.originalUrl.startsWith('/app')
          ? `?next=${encodeURIComponent(req.originalUrl)}`
          : '';
      return res.redirect(303, `/app/login${back}`);
    }
    const show = (status: number, key: string) =>
      send(p, {
        title: t(`errors.${key}Title`),
        status,
        main: html`<h1>${t(`errors.${key}Title`)}</h1><p class="lead">${t(`errors.${key}Lead`)}</p><p><a href="${req.originalUrl.startsWith('/app') ? '/app' : '/'}">${t('errors.home')}</a></p>`,
      });
    if (err instanceof HttpError && err.code === 'csrf') return show(403, 'expired');
    if (err instanceof VersionConflictError) return show(409, 'changed');
    if (err instanceof ForbiddenError) return show(403, 'forbidden');
    // An address whose percent-encoding does not decode is a bad request, not a fault.
    if (err instanceof URIError) return show(400, 'badRequest');
    // A malformed id in the address is a page that does not exist.
    if (err instanceof NotFoundError || err instanceof ValidationError) return show(404, 'notFound');
    // The body parsers' refusals (too large, unreadable) carry their status.
    const status = (err as { status?: unknown; expose?: unknown } | null)?.expose
      ? (err as { status: unknown }).status
      : undefined;
    if (status === 413) return show(413, 'tooLarge');
    if (typeof status === 'number' && status >= 400 && status < 500) return show(400, 'badRequest');
    res.err = err as Error;
    show(500, 'internal');
  };
}
