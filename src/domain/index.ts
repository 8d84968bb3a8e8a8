/** The persisted domain: one zod schema per concept, reusing the scoring core's schemas. */
export * from './common.js';
export * from './organisation.js';
export * from './programme.js';
export * from './volunteer.js';
export * from './beneficiary.js';
export * from './proposal.js';
export * from './tandem.js';
export * from './audit.js';
export * from './match-run.js';
export * from './calendar.js';
export * from './support.js';
export * from './note.js';
export * from './referral-source.js';
export * from './jobs.js';
export * from './requests.js';
export * from './text.js';
