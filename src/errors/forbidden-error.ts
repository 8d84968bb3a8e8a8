import { TandemError } from './tandem-error.js';

/** The caller may not do this (role or organisation), whatever the data. */
export class ForbiddenError extends TandemError {
  constructor(readonly reason: string) {
    super(`forbidden: ${reason}`);
  }
}
