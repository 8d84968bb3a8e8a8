/**
 * The HTTP application: the pages and the API side by side over one executor of operations (the
 * API's route table), so a form post and a JSON call run the same checks and rules. The only
 * place besides server.ts that knows both; listening is the caller's business.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { apiRouter } from './api/app.js';
import { ROUTES } from './api/routes/index.js';
import type { ApiDeps } from './http/deps.js';
import { Executor } from './http/executor.js';
import { requestLogger } from './logger.js';
import { webRouter } from './web/index.js';

export function createApp(deps: ApiDeps): Express {
  const executor = new Executor(ROUTES, deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.use(requestLogger(deps.logger));
  app.use(helmet());
  // The pages (/, /signup, /app) first; anything else goes on to the API.
  app.use(webRouter({ ...deps, executor }));
  app.use(apiRouter(deps, executor));
  return app;
}
