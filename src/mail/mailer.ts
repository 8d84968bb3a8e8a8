import type { OutboxMessage } from '../store/outbox.js';

/** Sends one message (SMTP in production, see smtp-mailer.ts); the e-mail job calls it. */
export interface Mailer {
  send(message: OutboxMessage): Promise<void>;
}
