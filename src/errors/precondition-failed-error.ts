import { VersionConflictError } from './version-conflict-error.js';

/** The version the caller read (If-Match) is not the record's: nothing was changed (HTTP 412). */
export class PreconditionFailedError extends VersionConflictError {
  constructor(
    kind: string,
    id: string,
    given: number,
    readonly current: number,
  ) {
    super(kind, id, given);
    this.message = `the ${kind} is at version ${current}`;
  }
}
