import { TandemError } from './tandem-error.js';

/** The database cannot be reached or refused to start; the operation may be retried later. */
export class StoreUnavailableError extends TandemError {}
