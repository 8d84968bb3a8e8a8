import { z } from 'zod';
import { Id, RecordMeta, Timestamp, Token } from './common.js';

export const RECORD_KINDS = [
  'organisation',
  'staff',
  'programme',
  'volunteer',
  'beneficiary',
  'proposal',
  'tandem',
  'match_run',
  'note',
  'referral_source',
] as const;
export const RecordKind = z.enum(RECORD_KINDS);
export type RecordKind = z.infer<typeof RecordKind>;

/**
 * Who did what to which record, and when. Append-only. It names records by id and the fields
 * changed by name, never their values, so no personal data is copied into it; erasing a person
 * replaces their id here with a pseudonym.
 */
export const AuditEvent = z.strictObject({
  ...RecordMeta,
  at: Timestamp,
  /** A staff id, `system`, or `seed`. */
  actor: Id,
  /** e.g. `volunteer.update`, `tandem.confirm`, `person.erase`. */
  action: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'must be <record>.<verb>'),
  target: z.strictObject({ kind: RecordKind, id: Id }),
  /** Names of the fields that changed, without values. */
  fields: z.array(z.string().max(100)).max(100).optional(),
  /** A non-personal reason code, e.g. the rule that refused an operation. */
  reason: Token.optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
