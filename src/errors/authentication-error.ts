import { TandemError } from './tandem-error.js';

/** Wrong e-mail or password (HTTP 401): the same answer whether the account exists or not. */
export class AuthenticationError extends TandemError {
  constructor() {
    super('wrong e-mail or password');
  }
}
