/**
 * Bull Board at /admin/queues: the BullMQ queues (waiting, running, failed jobs, retries) for the
 * organisation's admins. Only when the jobs go through Redis; in-process jobs have nothing to show.
 * Jobs hold ids, never personal data, so the board shows none.
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
    authenticate(deps, req, ['admin'], 'get').then(() => next(), next);
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
