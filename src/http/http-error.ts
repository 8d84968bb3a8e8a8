import { TandemError } from '../errors/tandem-error.js';
import type { ProblemCode } from './problem-codes.js';

/** A refusal that only exists at the HTTP layer (no session, bad CSRF token, too many tries…). */
export class HttpError extends TandemError {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? code);
  }
}
