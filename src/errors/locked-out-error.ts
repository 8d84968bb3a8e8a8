import { TandemError } from './tandem-error.js';

/** Too many failed sign-ins on an address: it waits this many seconds before trying again (HTTP 429). */
export class LockedOutError extends TandemError {
  constructor(readonly retryAfterSeconds: number) {
    super(`try again in ${retryAfterSeconds} s`);
  }
}
