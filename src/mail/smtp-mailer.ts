import nodemailer, { type Transporter } from 'nodemailer';
import type { Mailer } from './mailer.js';
import type { OutboxMessage } from '../store/outbox.js';

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:port or smtps://…; the password stays in here, never in a log. */
  url: string;
  /** The From: header, e.g. `tandem <no-reply@example.org>`. */
  from: string;
  /** Host part of the Message-ID. */
  domain: string;
}

/**
 * Sends outbox messages over SMTP with nodemailer. The Message-ID is the outbox id, so a message
 * sent twice (a worker that died between sending and recording it) is one message to the
 * recipient's mail system.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    this.transport = nodemailer.createTransport(options.url);
  }

  async send(message: OutboxMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: `<${message.id}@${this.options.domain}>`,
      headers: { 'Content-Language': message.locale, 'Auto-Submitted': 'auto-generated' },
    });
  }

  close(): void {
    this.transport.close();
  }
}
