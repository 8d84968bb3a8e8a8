/**
 * The e-mail outbox: messages written in the same request that causes them (a volunteer's
 * sign-up), sent later by a job. The recipient's address is personal data: it lives here and in
 * the person's record only, never in a job, a log or an audit event. Sent messages expire.
 */
import { z } from 'zod';
import { Email, Id, Timestamp, Token } from '../domain/index.js';
import { ValidationError } from '../errors/validation-error.js';
import { EXPIRES_AT } from './collections.js';
import { DuplicateKeyError, type CollectionDriver } from './driver.js';
import { DAY_MS } from '../domain/calendar.js';

/** How long a sent message is kept, for support questions ("I never got the e-mail"). */
export const SENT_RETENTION_MS = 30 * DAY_MS;

export const OutboxMessage = z.strictObject({
  id: Id,
  orgId: Id,
  /** What the message is for, e.g. `volunteer_confirm`. */
  template: Token,
  /** The person it concerns, so erasing them removes it. */
  personId: Id,
  to: Email,
  locale: z.enum(['fr', 'nl', 'en']),
  subject: z.string().min(1).max(300),
  text: z.string().min(1).max(20_000),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int().min(0),
  createdAt: Timestamp,
  sentAt: Timestamp.optional(),
  /** Non-personal failure message. */
  error: z.string().max(1000).optional(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

export interface OutboxRepository {
  add(message: OutboxMessage): Promise<void>;
  /** Adds a message unless one with its id is there already (a job run again); returns whether it did. */
  addOnce(message: OutboxMessage): Promise<boolean>;
  find(orgId: string, id: string): Promise<OutboxMessage | null>;
  /** Unscoped, oldest first: for the sender, which walks every organisation. */
  listPending(limit: number): Promise<OutboxMessage[]>;
  markSent(orgId: string, id: string, at: Date): Promise<void>;
  /** Counts a failed try; `final` makes it `failed` (no more tries). */
  markFailed(orgId: string, id: string, error: string, final: boolean): Promise<void>;
  /** Every message about a person, oldest first (part of what a GDPR export shows). */
  listForPerson(orgId: string, personId: string): Promise<OutboxMessage[]>;
  /** Removes every message about a person (erasure); returns how many. */
  deleteForPerson(orgId: string, personId: string): Promise<number>;
}

export class Outbox implements OutboxRepository {
  constructor(private readonly col: CollectionDriver) {}

  async add(message: OutboxMessage): Promise<void> {
    const checked = OutboxMessage.safeParse(message);
    if (!checked.success) throw ValidationError.fromZod(checked.error);
    const { id, ...rest } = checked.data;
    await this.col.insertOne({ _id: id, ...rest });
  }

  async addOnce(message: OutboxMessage): Promise<boolean> {
    try {
      await this.add(message);
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  async find(orgId: string, id: string): Promise<OutboxMessage | null> {
    const doc = await this.col.findOne({ _id: id, orgId });
    return doc ? fromDoc(doc) : null;
  }

  async listPending(limit: number): Promise<OutboxMessage[]> {
    return (await this.col.find({ status: 'pending' }, { sort: { createdAt: 1 }, limit })).map(fromDoc);
  }

  async listForPerson(orgId: string, personId: string): Promise<OutboxMessage[]> {
    return (await this.col.find({ orgId, personId }, { sort: { createdAt: 1 } })).map(fromDoc);
  }

  async markSent(orgId: string, id: string, at: Date): Promise<void> {
    await this.col.updateOne(
      { _id: id, orgId },
      { $set: { status: 'sent', sentAt: at.toISOString(), [EXPIRES_AT]: new Date(at.getTime() + SENT_RETENTION_MS) } },
    );
  }

  async markFailed(orgId: string, id: string, error: string, final: boolean): Promise<void> {
    const doc = await this.col.findOne({ _id: id, orgId });
    if (!doc) return;
    await this.col.updateOne(
      { _id: id, orgId },
      {
        $set: {
          attempts: (doc.attempts as number) + 1,
          error: error.slice(0, 1000),
          ...(final ? { status: 'failed' } : {}),
        },
      },
    );
  }

  deleteForPerson(orgId: string, personId: string): Promise<number> {
    return this.col.deleteMany({ orgId, personId });
  }
}

function fromDoc(doc: Record<string, unknown>): OutboxMessage {
  const out: Record<string, unknown> = { id: doc._id };
  for (const [key, value] of Object.entries(doc)) if (!key.startsWith('_')) out[key] = value;
  return out as OutboxMessage;
}
