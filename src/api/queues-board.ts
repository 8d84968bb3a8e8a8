/**
 * Bull Board at /admin/queues: the BullMQ queues (waiting, running, failed jobs, retries). Its
 * queues hold every organisation's jobs, so it is for the platform's operators only: the admins of
 * the organisation named by TANDEM_OPERATOR_ORG, never another organisation's admins. Only when the
 * jobs go through Redis; in-process jobs have nothing to show. Jobs hold ids, never personal data.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import cookieParser from 'cookie-parser';
import express, { type Router } from 'express';
import { BullQueue } from '../jobs/bullmq-queue.js';
import { authenticate } from '../http/auth.js';
import type { ApiDeps } from '../http/deps.js';
import { HttpError } from '../http/http-error.js';

export const QUEUES_BOARD_PATH = '/admin/queues';

export function queuesBoard(deps: ApiDeps): Router | undefined {
  if (!(deps.queue instanceof BullQueue)) return undefined;
  const board = new ExpressAdapter();
  board.setBasePath(QUEUES_BOARD_PATH);
  createBullBoard({ queues: [...deps.queue.queues.values()].map((q) => new BullMQAdapter(q)), serverAdapter: board });
  const router = express.Router();
  router.use(cookieParser(), (req, _res, next) => {
    // The board's own pages cannot send the CSRF token: its changes (retry, clean) must come from this site instead.
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (!reading && !sameOrigin(req.get('origin') ?? req.get('referer'), req.get('host')))
      return next(new HttpError(403, 'csrf'));
    authenticate(deps, req, ['admin'], 'get')
      .then(async (caller) => {
        const org = caller && (await deps.store.organisations.find(caller.orgId, caller.orgId));
        if (!deps.config.operatorOrg || org?.slug !== deps.config.operatorOrg)
          throw new HttpError(403, 'forbidden', "the queues are for the platform's operators");
        next();
      })
      .catch(next);
  });
  router.use(board.getRouter() as Router);
  return router;
}

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
