import type { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

/**
 * A per-address limit on a form's posts. A refusal does not end the request: the page shows the
 * form again, with what was typed and a 429 (`res.locals.rateLimited`).
 */
export function formLimiter(perMinute: number) {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? 'unknown'),
    handler: (_req: Request, res: Response, next: () => void) => {
      res.locals.rateLimited = true;
      next();
    },
  });
}
