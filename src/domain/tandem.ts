import { z } from 'zod';
import { IsoDate } from '../../scoring/index.js';
import { Id, LongText, RecordMeta, Timestamp } from './common.js';

export const TANDEM_STATUSES = ['proposed', 'active', 'declined', 'lapsed', 'closed'] as const;
export const TandemStatus = z.enum(TANDEM_STATUSES);
export type TandemStatus = z.infer<typeof TandemStatus>;

/** Tandems that hold a volunteer's slot and the beneficiary's one open tandem. */
export const OPEN_TANDEM_STATUSES = ['proposed', 'active'] as const satisfies readonly TandemStatus[];

export const SIDES = ['volunteer', 'beneficiary', 'mediator'] as const;
export const Side = z.enum(SIDES);

export const OUTCOMES = ['endured', 'found_work', 'training', 'moved', 'no_contact', 'other'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const CheckIn = z.strictObject({
  date: IsoDate,
  /** Who gave the news, and the staff member who wrote it down. */
  who: Side,
  recordedBy: Id,
  note: LongText.optional(),
  mood: z.number().int().min(1).max(5),
});
export type CheckIn = z.infer<typeof CheckIn>;

/**
 * A pair chosen by a mediator. `proposed` while both sides are contacted; `active` once both
 * accepted at a first meeting; `declined` (that pair is then excluded), later `lapsed` or `closed`.
 */
export const Tandem = z.strictObject({
  ...RecordMeta,
  programmeId: Id,
  volunteerId: Id,
  beneficiaryId: Id,
  proposalId: Id.optional(),
  status: TandemStatus,
  proposedAt: Timestamp,
  proposedBy: Id,
  firstMeeting: z.strictObject({ date: IsoDate, charterSigned: z.literal(true) }).optional(),
  declined: z.strictObject({ by: Side, reason: LongText, at: Timestamp }).optional(),
  checkIns: z.array(CheckIn).max(1000),
  /** Day of the last contact (first meeting or check-in): what the lapse job looks at. */
  lastContactOn: IsoDate.optional(),
  lapsedAt: Timestamp.optional(),
  closed: z.strictObject({ at: Timestamp, outcome: Outcome, note: LongText.optional() }).optional(),
});
export type Tandem = z.infer<typeof Tandem>;
