import { TandemError } from './tandem-error.js';

/**
 * The operation would break a rule of the domain. `rule` names it, for callers to branch on
 * (e.g. `volunteer_capacity`, `beneficiary_open_tandem`, `unique:staff.email`).
 */
export class ConflictError extends TandemError {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(`${rule}: ${message}`);
  }
}
