import { ConflictError } from './conflict-error.js';

/** The record changed since the caller read it: re-read, then retry or tell the user. */
export class VersionConflictError extends ConflictError {
  constructor(
    readonly kind: string,
    readonly id: string,
    readonly expectedVersion: number,
  ) {
    super('version', `${kind} ${id} is no longer at version ${expectedVersion}`);
  }
}
