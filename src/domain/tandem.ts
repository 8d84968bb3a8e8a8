import { z } from 'zod';
import { Breakdown, IsoDate, Time } from '../../scoring/index.js';
import { Id, LongText, RecordMeta, ShortText, Timestamp } from './common.js';
import { Intensity, Stage } from './support.js';

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
  /** The tandem's stage when the news was given, in programmes with stages. */
  stage: Stage.optional(),
  /** The digest of the Idempotency-Key it was recorded under: a retry finds it and adds nothing. */
  requestKey: z.string().optional(),
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
  /**
   * The pair's criteria as its proposal scored them when it was confirmed (proposals are not kept
   * for long): what the weights suggested by outcomes are learnt from.
   */
  criteria: Breakdown.optional(),
  status: TandemStatus,
  proposedAt: Timestamp,
  proposedBy: Id,
  firstMeeting: z.strictObject({ date: IsoDate, charterSigned: z.literal(true) }).optional(),
  declined: z.strictObject({ by: Side, reason: LongText, at: Timestamp }).optional(),
  checkIns: z.array(CheckIn).max(1000),
  /** Day of the last contact (first meeting or check-in): what the lapse job looks at. */
  lastContactOn: IsoDate.optional(),
  lapsedAt: Timestamp.optional(),
  /** How it ended; `requestKey`: the digest of the Idempotency-Key it was closed under (a retry finds it). */
  closed: z
    .strictObject({ at: Timestamp, outcome: Outcome, note: LongText.optional(), requestKey: z.string().optional() })
    .optional(),
  /** A pair the mediator chose outside the proposals, and why. */
  manual: z.strictObject({ reason: LongText }).optional(),
  /** A manual pair waiting for (or given) a coordinator's approval; nobody is contacted before it. */
  approval: z
    .strictObject({
      status: z.enum(['pending', 'approved']),
      by: Id.optional(),
      at: Timestamp.optional(),
    })
    .optional(),
  /** When and where the two are to meet first, as the agreement states it. */
  meetingPlan: z
    .strictObject({
      date: IsoDate,
      time: Time.optional(),
      place: ShortText.optional(),
    })
    .optional(),
  /** In programmes with intensities: how much support, and so how much of the volunteer's capacity it takes. */
  intensity: Intensity.optional(),
  /** In programmes with stages: the current one, and when each began. */
  stages: z
    .array(z.strictObject({ stage: Stage, from: IsoDate, by: Id }))
    .max(20)
    .optional(),
});
export type Tandem = z.infer<typeof Tandem>;

/** A tandem's current stage, in programmes with stages. */
export function currentStage(tandem: Pick<Tandem, 'stages'>): Stage | undefined {
  return tandem.stages?.at(-1)?.stage;
}
