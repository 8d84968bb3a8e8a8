import { z } from 'zod';
import { Candidate } from '../../scoring/index.js';
import { Id, LocalizedLongText, RecordMeta, Timestamp } from './common.js';

/**
 * A scored (volunteer, beneficiary) pair as the scoring core ranked it, computed at `computedAt`
 * from the given versions of both people. A newer computation supersedes it; superseded proposals
 * are kept (for the record) but never listed.
 */
export const Proposal = z.strictObject({
  ...RecordMeta,
  ...Candidate.shape,
  programmeId: Id,
  volunteerVersion: z.number().int().min(1),
  beneficiaryVersion: z.number().int().min(1),
  computedAt: Timestamp,
  runId: Id.optional(),
  explanation: LocalizedLongText,
  supersededAt: Timestamp.nullable(),
});
export type Proposal = z.infer<typeof Proposal>;
