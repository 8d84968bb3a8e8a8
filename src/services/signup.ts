/**
 * A volunteer's public sign-up: the record waits in `pending_email` until the person opens the
 * link sent to them. The message goes to the outbox in the same request, and a job sends it; the
 * link's token is stored only as its hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Locale } from '../../scoring/index.js';
import { localName, type Volunteer, type VolunteerFields } from '../domain/index.js';
import { NotFoundError } from '../errors/not-found-error.js';
import type { JobSink } from '../domain/jobs.js';
import type { Clock, Logger, Store } from '../store/ports.js';
import { audit, newId, retryOnVersionConflict, systemActor } from './context.js';
import { DAY_MS } from '../domain/calendar.js';

/** How long the confirmation link works. */
export const CONFIRM_TTL_MS = 7 * DAY_MS;

export interface SignupDeps {
  store: Store;
  queue: JobSink;
  clock: Clock;
  logger: Logger;
  /** Base of the confirmation link. */
  publicUrl: string;
}

const tokenKey = (token: string) => `signup:${createHash('sha256').update(token).digest('base64url')}`;

const MESSAGES: Record<
  Locale,
  { subject: (org: string) => string; text: (name: string, org: string, link: string, days: number) => string }
> = {
  fr: {
    subject: (org) => `Confirmez votre inscription comme bénévole chez ${org}`,
    text: (name, org, link, days) =>
      `Bonjour ${name},\n\nMerci de votre inscription comme bénévole chez ${org}. Pour la confirmer, ouvrez ce lien dans les ${days} jours :\n\n${link}\n\nSi vous ne vous êtes pas inscrit·e, ignorez ce message : sans confirmation, vos données seront effacées.\n`,
  },
  nl: {
    subject: (org) => `Bevestig je inschrijving als vrijwilliger bij ${org}`,
    text: (name, org, link, days) =>
      `Dag ${name},\n\nBedankt voor je inschrijving als vrijwilliger bij ${org}. Open binnen ${days} dagen deze link om ze te bevestigen:\n\n${link}\n\nHeb je je niet ingeschreven? Negeer dan dit bericht: zonder bevestiging worden je gegevens gewist.\n`,
  },
  en: {
    subject: (org) => `Confirm your sign-up as a volunteer with ${org}`,
    text: (name, org, link, days) =>
      `Hello ${name},\n\nThank you for signing up as a volunteer with ${org}. To confirm, open this link within ${days} days:\n\n${link}\n\nIf you did not sign up, ignore this message: without confirmation your details will be erased.\n`,
  },
};

export class SignupService {
  constructor(private readonly deps: SignupDeps) {}

  /** Stores the volunteer as `pending_email` and queues the confirmation e-mail. */
  async signUp(
    orgId: string,
    fields: Omit<VolunteerFields, 'status' | 'screening'> & { contact: { email: string } },
    locale: Locale,
  ): Promise<Volunteer> {
    const { store, queue, clock } = this.deps;
    const { keys, outbox } = store;
    const now = clock.now();
    const at = now.toISOString();
    const org = await store.organisations.get(orgId, orgId);
    const volunteer = await store.volunteers.insert({
      ...fields,
      locale,
      status: 'pending_email',
      screening: {},
      id: newId('vol'),
      orgId,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    const token = randomBytes(32).toString('base64url');
    await keys.claim(
      tokenKey(token),
      { orgId, volunteerId: volunteer.id },
      new Date(now.getTime() + CONFIRM_TTL_MS),
      now,
    );
    const link = `${this.deps.publicUrl.replace(/\/$/, '')}/api/v1/volunteers/confirm/${token}`;
    const message = MESSAGES[locale];
    const messageId = newId('msg');
    await outbox.add({
      id: messageId,
      orgId,
      template: 'volunteer_confirm',
      personId: volunteer.id,
      to: fields.contact.email,
      locale,
      subject: message.subject(localName(org.name, locale).text),
      text: message.text(fields.contact.firstName, localName(org.name, locale).text, link, CONFIRM_TTL_MS / DAY_MS),
      status: 'pending',
      attempts: 0,
      createdAt: at,
    });
    await queue.enqueue({ name: 'email', data: { orgId, messageId } }, { jobId: messageId });
    await audit(this.deps, systemActor(orgId, 'signup'), 'volunteer.sign_up', { kind: 'volunteer', id: volunteer.id });
    return volunteer;
  }

  /**
   * Confirms the address behind a link: `pending_email` becomes `pending_screening`. Opening the
   * link again (or a mail scanner opening it first) changes nothing and answers the same.
   */
  async confirm(token: string): Promise<Volunteer> {
    const { store, clock } = this.deps;
    const found = await store.keys.get<{ orgId: string; volunteerId: string }>(tokenKey(token), clock.now());
    if (!found) throw new NotFoundError('confirmation', 'link');
    return retryOnVersionConflict(async () => {
      const volunteer = await store.volunteers.get(found.orgId, found.volunteerId);
      if (volunteer.status !== 'pending_email') return volunteer;
      const updated = await store.volunteers.update(
        found.orgId,
        volunteer.id,
        volunteer.version,
        { status: 'pending_screening' },
        clock.now(),
      );
      await audit(
        this.deps,
        systemActor(found.orgId, 'signup'),
        'volunteer.confirm_email',
        { kind: 'volunteer', id: volunteer.id },
        { fields: ['status'] },
      );
      return updated;
    });
  }
}
