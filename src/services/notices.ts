/**
 * E-mails about tandems and proposals: to staff, lapse alerts, reminders of proposed tandems with
 * no first meeting, digests of a match run's new proposals; to the people of a tandem, that it is
 * proposed or has started. Each message has an id derived
 * from what it is about, so a job run twice writes it once; the caller queues the returned ids
 * for sending (a message already sent is not sent again).
 */
import { createHash } from 'node:crypto';
import { LOCALES, type Locale } from '../../scoring/index.js';
import {
  dayOf,
  localName,
  rhythmText,
  volunteerLocale,
  type Programme,
  type StaffUser,
  type Tandem,
} from '../domain/index.js';
import { renderNews, type TandemNews } from '../mail/tandem-news.js';
import { DIGEST, LAPSE_ALERT, REMINDER, renderForStaff, type Rendered } from '../mail/templates.js';
import type { JobSink } from '../domain/jobs.js';
import type { ServiceDeps } from './context.js';
import { listAll } from '../store/paging.js';
import { DAY_MS } from '../domain/calendar.js';

/** The active staff member `staffId` names, else the organisation's active coordinators. */
async function recipients(
  deps: Pick<ServiceDeps, 'store'>,
  orgId: string,
  staffId: string | undefined,
): Promise<StaffUser[]> {
  const staff = staffId ? await deps.store.staff.find(orgId, staffId) : null;
  if (staff && staff.status === 'active') return [staff];
  return listAll(deps.store.staff, orgId, { role: 'coordinator', status: 'active' });
}

/**
 * Tells the people of a tandem that it is proposed or has started: the volunteer in their
 * language, and the beneficiary's contact person (a minor's guardian, else the person or the
 * household's contact) where the programme wants it, in their language or in all three. The
 * mediator who follows the beneficiary is the one to answer. Returns the ids of the messages
 * written (none for someone without an e-mail address); writing them twice writes them once.
 */
export async function tandemNews(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  tandem: Tandem,
  news: TandemNews,
): Promise<string[]> {
  const { store, clock } = deps;
  const { orgId } = tandem;
  const [programme, org, volunteer, beneficiary] = await Promise.all([
    store.programmes.get(orgId, tandem.programmeId),
    store.organisations.get(orgId, orgId),
    store.volunteers.find(orgId, tandem.volunteerId),
    store.beneficiaries.find(orgId, tandem.beneficiaryId),
  ]);
  if (!volunteer || !beneficiary) return [];
  const [mediator] = await recipients(deps, orgId, beneficiary.mediatorId ?? tandem.proposedBy);
  if (!mediator) return [];
  const params = (name: string) => (locale: Locale) => ({
    name,
    volunteer: volunteer.contact.firstName,
    beneficiary: beneficiary.groupName ?? beneficiary.contact.firstName,
    programme: programme.name[locale],
    organisation: localName(org.name, locale).text,
    mediator: { name: mediator.name, email: mediator.email },
    rhythm: rhythmText(programme.meetingRhythm, locale),
    meeting: tandem.meetingPlan,
  });
  const contact = beneficiary.guardian ?? beneficiary.contact;
  const theirs = beneficiary.languages.find((l): l is Locale => (LOCALES as readonly string[]).includes(l));
  const letters = [
    {
      to: 'volunteer' as const,
      person: volunteer.contact,
      locale: volunteerLocale(volunteer) as Locale | undefined,
      personId: volunteer.id,
    },
    ...(programme.notifyContactPerson
      ? [{ to: 'contact' as const, person: contact, locale: theirs, personId: beneficiary.id }]
      : []),
  ];
  const at = clock.now().toISOString();
  const ids: string[] = [];
  for (const letter of letters) {
    if (!letter.person.email) continue;
    const id = messageId(orgId, 'news', news, tandem.id, letter.to);
    const { subject, text } = renderNews(news, letter.to, letter.locale, params(letter.person.firstName));
    await store.outbox.addOnce({
      id,
      orgId,
      template: `tandem_${news}`,
      personId: letter.personId,
      to: letter.person.email,
      locale: letter.locale ?? 'fr',
      subject,
      text,
      status: 'pending',
      attempts: 0,
      createdAt: at,
    });
    ids.push(id);
  }
  return ids;
}

/** Days after a proposal at which a tandem with no first meeting is brought back to mind. */
export const REMINDER_DAYS = [7, 14] as const;

/** A message id from what the message is about: the same subject gives the same id. */
export function messageId(...about: string[]): string {
  return `msg_${createHash('sha256').update(about.join('\u0000')).digest('base64url').slice(0, 32)}`;
}

export class NoticeService {
  constructor(private readonly deps: ServiceDeps & { publicUrl: string }) {}

  /** Tells the mediator of a lapsed tandem (else the coordinators); returns the ids of the messages written. */
  async lapseAlert(tandem: Tandem, programme: Programme, windowDays: number): Promise<string[]> {
    const beneficiary = await this.deps.store.beneficiaries.find(tandem.orgId, tandem.beneficiaryId);
    const to = await recipients(this.deps, tandem.orgId, beneficiary?.mediatorId ?? tandem.proposedBy);
    return this.write(tandem.orgId, 'lapse_alert', to, ['lapse', tandem.id], (s) =>
      renderForStaff(
        LAPSE_ALERT,
        {
          name: s.name,
          url: this.deps.publicUrl,
          tandemRef: tandem.id,
          lastContactOn: tandem.lastContactOn ?? dayOf(new Date(tandem.proposedAt)),
          days: windowDays,
        },
        programme.name,
      ),
    );
  }

  /** Reminders for the proposed tandems of a programme that reached 7 or 14 days with no first meeting. */
  async reminders(orgId: string, programmeId: string): Promise<string[]> {
    const { store, clock } = this.deps;
    const programme = await store.programmes.get(orgId, programmeId);
    const now = clock.now().getTime();
    const ids: string[] = [];
    for (const tandem of await listAll(store.tandems, orgId, { programmeId, status: 'proposed' })) {
      if (tandem.firstMeeting) continue;
      const days = REMINDER_DAYS.filter((d) => now - Date.parse(tandem.proposedAt) >= d * DAY_MS).at(-1);
      if (days === undefined) continue;
      const to = await recipients(this.deps, orgId, tandem.proposedBy);
      ids.push(
        ...(await this.write(orgId, 'tandem_reminder', to, ['reminder', tandem.id, String(days)], (s) =>
          renderForStaff(
            REMINDER,
            {
              name: s.name,
              url: this.deps.publicUrl,
              tandemRef: tandem.id,
              proposedOn: dayOf(new Date(tandem.proposedAt)),
              days,
            },
            programme.name,
          ),
        )),
      );
    }
    return ids;
  }

  /** After a match run: each mediator hears how many of the people they follow got proposals (coordinators, for those nobody follows). */
  async digest(orgId: string, programmeId: string, runId: string, proposed: readonly string[]): Promise<string[]> {
    const { store } = this.deps;
    if (proposed.length === 0) return [];
    const programme = await store.programmes.get(orgId, programmeId);
    const withProposals = new Set(proposed);
    const followed = new Map<string | undefined, number>();
    for (const b of await listAll(store.beneficiaries, orgId, { programmeIds: programmeId, status: 'active' })) {
      if (withProposals.has(b.id)) followed.set(b.mediatorId, (followed.get(b.mediatorId) ?? 0) + 1);
    }
    const counts = new Map<StaffUser, number>();
    for (const [mediatorId, people] of followed) {
      for (const s of await recipients(this.deps, orgId, mediatorId)) counts.set(s, (counts.get(s) ?? 0) + people);
    }
    const ids: string[] = [];
    for (const [s, people] of counts) {
      ids.push(
        ...(await this.write(orgId, 'proposal_digest', [s], ['digest', runId], () =>
          renderForStaff(DIGEST, { name: s.name, url: this.deps.publicUrl, people }, programme.name),
        )),
      );
    }
    return ids;
  }

  private async write(
    orgId: string,
    template: string,
    to: StaffUser[],
    about: string[],
    render: (s: StaffUser) => Rendered,
  ): Promise<string[]> {
    const at = this.deps.clock.now().toISOString();
    const ids: string[] = [];
    for (const s of to) {
      const id = messageId(orgId, ...about, s.id);
      const { subject, text } = render(s);
      await this.deps.store.outbox.addOnce({
        id,
        orgId,
        template,
        personId: s.id,
        to: s.email,
        locale: 'fr',
        subject,
        text,
        status: 'pending',
        attempts: 0,
        createdAt: at,
      });
      ids.push(id);
    }
    return ids;
  }
}

/** Queues the sending of outbox messages (a message already sent is skipped by the email job). */
export async function sendLater(queue: JobSink, orgId: string, messageIds: readonly string[]): Promise<void> {
  for (const messageId of messageIds)
    await queue.enqueue({ name: 'email', data: { orgId, messageId } }, { jobId: messageId });
}
