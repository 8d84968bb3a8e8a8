import { TandemError } from './tandem-error.js';

/** The record does not exist, or not in the caller's organisation (the two are not told apart). */
export class NotFoundError extends TandemError {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`${kind} ${id} not found`);
  }
}
