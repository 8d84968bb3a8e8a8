/**
 * The one dispatcher: what follows from each domain event, in one place. Every event becomes an
 * audit entry (ids and field names, never values), the e-mails it calls for and the background
 * work (a recompute around the people it touched). A volunteer's sign-up e-mail is written to the
 * outbox here, each sent by a job; the e-mails telling a tandem's people it is proposed or started
 * are written by a job. Jobs leave through one narrow seam, JobIntents: today straight to the
 * queue; a durable outbox can take its place without any command knowing.
 */
import { CONFIRM_TTL_MS, localName, type AuditEvent, type RecordKind, type Tandem } from '../domain/index.js';
import type { JobSink, PersonRef, QueuedJob } from '../domain/jobs.js';
import { SIGNUP_MAIL } from '../mail/signup.js';
import type { OutboxMessage } from '../store/outbox.js';
import type { Clock, Logger, Store } from '../store/ports.js';
import { ConflictError } from '../errors/conflict-error.js';
import { StoreUnavailableError } from '../errors/store-unavailable-error.js';
import { auditEvent, newId, type Actor } from './context.js';
import type { DomainEvent } from './events.js';
import { DAY_MS } from '../domain/calendar.js';

/** Where the jobs that events call for go: the seam a durable outbox may replace. */
export interface JobIntents {
  enqueueIntents(intents: readonly QueuedJob[]): Promise<void>;
}

/** Intents handed straight to a queue (idempotent by job id, so a retried request queues nothing twice). */
export function queueIntents(sink: JobSink): JobIntents {
  return {
    async enqueueIntents(intents) {
      for (const { job, jobId } of intents) await sink.enqueue(job, { jobId });
    },
  };
}

/** For maintenance commands and tests that run without a queue: no follow-up job is queued. */
export const NO_JOBS: JobIntents = { enqueueIntents: () => Promise.resolve() };

export interface DispatcherDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  intents: JobIntents;
  /** Base of the links in e-mails (`https://tandem.example.org`); default http://localhost:3000. */
  publicUrl?: string | undefined;
}

/** An e-mail an event calls for, before it gets its id and time. */
type Mail = Omit<OutboxMessage, 'id' | 'orgId' | 'status' | 'attempts' | 'createdAt'>;

interface AuditEntry {
  action: string;
  target: { kind: RecordKind; id: string };
  extra?: Pick<AuditEvent, 'fields' | 'reason'>;
}

/** A change's name, so a retried request does not queue the same work twice. */
export const causeOf = (record: { id: string; version: number }) => `${record.id}@${record.version}`;

/** A recompute around one person of a programme, named by the change that calls for it. */
export function recomputeJob(orgId: string, programmeId: string, person: PersonRef, cause: string): QueuedJob {
  const personId = 'volunteerId' in person ? person.volunteerId : person.beneficiaryId;
  return {
    job: { name: 'recompute', data: { orgId, programmeId, person } },
    jobId: `recompute:${orgId}:${programmeId}:${personId}:${cause}`,
  };
}

function auditOf(event: DomainEvent): AuditEntry[] {
  switch (event.type) {
    case 'TandemConfirmed':
      return event.manual
        ? [
            record('tandem.manual_pair', 'tandem', event.tandem, [
              'manual',
              ...(event.tandem.approval ? ['approval'] : []),
            ]),
          ]
        : [record('tandem.confirm', 'tandem', event.tandem)];
    case 'TandemApproved':
      return [record('tandem.approve', 'tandem', event.tandem, ['approval'])];
    case 'TandemRefused':
      return [record('tandem.refuse', 'tandem', event.tandem, ['status', 'declined'])];
    case 'MeetingPlanned':
      return [record('tandem.plan_meeting', 'tandem', event.tandem, ['meetingPlan'])];
    case 'TandemStageChanged':
      return [record('tandem.stage', 'tandem', event.tandem, ['stages'])];
    case 'TandemStarted':
      return [record('tandem.start', 'tandem', event.tandem, ['status', 'firstMeeting', 'lastContactOn'])];
    case 'TandemDeclined':
      return [record('tandem.decline', 'tandem', event.tandem, ['status', 'declined'])];
    case 'TandemCheckedIn':
      return [record('tandem.check_in', 'tandem', event.tandem, ['checkIns'])];
    case 'TandemClosed':
      return [record('tandem.close', 'tandem', event.tandem, ['status', 'closed'])];
    case 'TandemLapsed':
      return [record('tandem.lapse', 'tandem', event.tandem, ['status', 'lapsedAt'])];
    case 'PairExcluded':
      // Its cause (a decline, a lapse, a rejected proposal) is audited already.
      return [];
    case 'ProposalRejected':
      return [
        {
          action: 'proposal.reject',
          target: { kind: 'proposal', id: event.proposal.id },
          extra: { reason: event.reason },
        },
      ];
    case 'PersonAdded':
      return [record(`${event.kind}.create`, event.kind, event.person)];
    case 'PersonChanged':
      // A volunteer's move alone (paused until a day, back, gone) reads as such in their history.
      return [
        record(
          event.kind === 'volunteer' && event.fields.every((f) => f === 'status' || f === 'pausedUntil')
            ? 'volunteer.status'
            : `${event.kind}.update`,
          event.kind,
          event.person,
          event.fields,
        ),
      ];
    case 'PersonErased':
      return [record('person.erase', event.kind, { id: event.pseudonym })];
    case 'ProgrammeCreated':
      return [record('programme.create', 'programme', event.programme)];
    case 'ProgrammeChanged':
      return [record('programme.update', 'programme', event.programme, event.fields)];
    case 'MatchRunRequested':
      return [record('match_run.request', 'match_run', event.run)];
    case 'MatchRunStalled':
      return [];
    case 'StaffAdded':
      return [record('staff.create', 'staff', event.staff, ['role'])];
    case 'StaffChanged':
      return [record('staff.update', 'staff', event.staff, event.fields)];
    case 'StaffSignedIn':
      return [record('staff.sign_in', 'staff', event.staff)];
    case 'OrganisationChanged':
      return [record('organisation.update', 'organisation', event.organisation, event.fields)];
    case 'ReferralSourceAdded':
      return [record('referral_source.create', 'referral_source', event.source)];
    case 'ReferralSourceChanged':
      return [record('referral_source.update', 'referral_source', event.source, event.fields)];
    case 'SuggestedWeightsAdopted':
      return [
        {
          action: 'programme.adopt_weights',
          target: { kind: 'programme', id: event.programme.id },
          extra: { fields: ['rules.weights'], reason: 'suggested_weights' },
        },
      ];
    case 'ExclusionLifted':
      return [
        {
          action: 'beneficiary.lift_exclusion',
          target: { kind: 'beneficiary', id: event.beneficiary.id },
          extra: { fields: ['excludedVolunteerIds'] },
        },
      ];
    case 'VolunteerDeclined':
      return [
        {
          action: 'volunteer.decline',
          target: { kind: 'volunteer', id: event.volunteer.id },
          extra: { fields: ['status', 'screening'] },
        },
      ];
    case 'NoteAdded':
      return [{ action: 'note.add', target: { kind: 'note', id: event.note.id } }];
    case 'PasswordChanged':
      return [{ action: 'staff.password_change', target: { kind: 'staff', id: event.staff.id } }];
    case 'VolunteerSignedUp':
      return [{ action: 'volunteer.sign_up', target: { kind: 'volunteer', id: event.volunteer.id } }];
    case 'VolunteerSignedUpAgain':
      return [{ action: 'volunteer.sign_up_again', target: { kind: 'volunteer', id: event.volunteer.id } }];
    case 'PeopleImported':
      return [
        {
          action: `${event.kind === 'volunteers' ? 'volunteer' : 'beneficiary'}.import`,
          target: { kind: 'programme', id: event.programme.id },
        },
      ];
  }
}

/** An audit entry about one record: what was done to it and, for a change, the fields' names. */
function record(action: string, kind: RecordKind, target: { id: string }, fields?: string[]): AuditEntry {
  return { action, target: { kind, id: target.id }, ...(fields && { extra: { fields } }) };
}

function jobsOf(orgId: string, event: DomainEvent): QueuedJob[] {
  const around = (
    t: { programmeId: string; volunteerId: string; beneficiaryId: string },
    cause: string,
    who: ('v' | 'b')[],
  ) =>
    who.map((w) =>
      recomputeJob(
        orgId,
        t.programmeId,
        w === 'v' ? { volunteerId: t.volunteerId } : { beneficiaryId: t.beneficiaryId },
        cause,
      ),
    );
  switch (event.type) {
    case 'TandemConfirmed':
      // The beneficiary waits no more; the volunteer has a slot less.
      return around(event.tandem, causeOf(event.tandem), ['v']);
    case 'TandemDeclined':
    case 'TandemLapsed':
    case 'TandemRefused':
      return around(event.tandem, causeOf(event.tandem), ['v', 'b']);
    case 'TandemClosed':
      return around(event.tandem, causeOf(event.tandem), ['v', 'b']);
    case 'ExclusionLifted':
      return event.beneficiary.programmeIds.map((programmeId) =>
        recomputeJob(orgId, programmeId, { beneficiaryId: event.beneficiary.id }, causeOf(event.beneficiary)),
      );
    case 'PairExcluded':
      return event.programmeIds.map((programmeId) =>
        recomputeJob(orgId, programmeId, { beneficiaryId: event.beneficiary.id }, causeOf(event.beneficiary)),
      );
    case 'PersonAdded':
    case 'PersonChanged': {
      const person = event.kind === 'volunteer' ? { volunteerId: event.person.id } : { beneficiaryId: event.person.id };
      const programmes = new Set([
        ...event.person.programmeIds,
        ...((event.type === 'PersonChanged' && event.formerProgrammeIds) || []),
      ]);
      return [...programmes].map((programmeId) => recomputeJob(orgId, programmeId, person, causeOf(event.person)));
    }
    case 'MatchRunRequested':
    case 'MatchRunStalled':
      // The run's id is the job's: asking again for a run still queued queues nothing twice.
      return [{ job: { name: 'match-run', data: { orgId, runId: event.run.id } }, jobId: event.run.id }];
    case 'PeopleImported':
      // Those who can be proposed now (volunteers wait for their screening first).
      return event.people
        .filter((p) => p.status === 'active')
        .map((p) =>
          recomputeJob(
            orgId,
            event.programme.id,
            event.kind === 'volunteers' ? { volunteerId: p.id } : { beneficiaryId: p.id },
            causeOf(p),
          ),
        );
    // Adopted weights apply at the next computation, as when they are saved by hand.
    case 'SuggestedWeightsAdopted':
    case 'TandemStarted':
    case 'TandemCheckedIn':
    case 'ProposalRejected':
    case 'TandemApproved':
    case 'MeetingPlanned':
    case 'TandemStageChanged':
    case 'VolunteerDeclined':
    case 'NoteAdded':
    case 'PersonErased':
    case 'ProgrammeCreated':
    case 'ProgrammeChanged':
    case 'StaffAdded':
    case 'StaffChanged':
    case 'StaffSignedIn':
    case 'OrganisationChanged':
    case 'ReferralSourceAdded':
    case 'ReferralSourceChanged':
    case 'PasswordChanged':
    case 'VolunteerSignedUp':
    case 'VolunteerSignedUpAgain':
      return [];
  }
}

function mailsOf(event: DomainEvent, publicUrl: string): Mail[] {
  switch (event.type) {
    case 'VolunteerSignedUp':
    case 'VolunteerSignedUpAgain': {
      const { volunteer, locale, confirmToken } = event;
      if (!volunteer.contact.email) return [];
      const texts = SIGNUP_MAIL[locale];
      const params = {
        name: volunteer.contact.firstName,
        organisation: localName(event.organisation.name, locale).text,
        group:
          volunteer.kind !== 'person' && volunteer.groupName
            ? { kind: volunteer.kind, name: volunteer.groupName }
            : undefined,
      };
      const rendered = confirmToken
        ? texts.confirm({
            ...params,
            link: `${publicUrl.replace(/\/$/, '')}/api/v1/volunteers/confirm/${confirmToken}`,
            days: CONFIRM_TTL_MS / DAY_MS,
          })
        : texts.already(params);
      return [
        {
          template: confirmToken ? 'volunteer_confirm' : 'volunteer_already',
          personId: volunteer.id,
          to: volunteer.contact.email,
          locale,
          ...rendered,
        },
      ];
    }
    default:
      return [];
  }
}

/** The news a tandem's people are told by e-mail: proposed once nobody needs to approve it, and started. */
function newsOf(event: DomainEvent): { tandem: Tandem; news: 'proposed' | 'started' } | undefined {
  switch (event.type) {
    case 'TandemConfirmed':
      return event.tandem.approval?.status === 'pending' ? undefined : { tandem: event.tandem, news: 'proposed' };
    case 'TandemApproved':
      return { tandem: event.tandem, news: 'proposed' };
    case 'TandemStarted':
      return { tandem: event.tandem, news: 'started' };
    default:
      return undefined;
  }
}

/** Tries of a delivery cut off by the store going away, and the wait between two. */
const DELIVERY_TRIES = 6;
const DELIVERY_PAUSE_MS = 5_000;

export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /**
   * Audits each event, writes the e-mails they call for, then queues the jobs (each once). It runs
   * once the change is stored: if the store goes away meanwhile, the change stays done (no 503 for
   * a stored write) and the delivery is tried again in the background; its audit entries and
   * e-mails keep their ids, so none is written twice, and a recompute it never queues is found
   * again by the sweep (src/jobs/sweeper.ts).
   */
  async dispatch(actor: Actor, events: readonly DomainEvent[]): Promise<void> {
    const { store, clock } = this.deps;
    const publicUrl = this.deps.publicUrl ?? 'http://localhost:3000';
    const entries = events.flatMap(auditOf).map((e) => auditEvent(this.deps, actor, e.action, e.target, e.extra));
    const jobs = new Map<string, QueuedJob>();
    const at = clock.now().toISOString();
    const mails: OutboxMessage[] = events
      .flatMap((event) => mailsOf(event, publicUrl))
      .map((mail) => ({
        ...mail,
        id: newId('msg'),
        orgId: actor.orgId,
        status: 'pending',
        attempts: 0,
        createdAt: at,
      }));
    for (const { id } of mails)
      jobs.set(id, { job: { name: 'email', data: { orgId: actor.orgId, messageId: id } }, jobId: id });
    for (const event of events) for (const job of jobsOf(actor.orgId, event)) jobs.set(job.jobId, job);
    for (const event of events) {
      const told = newsOf(event);
      if (!told) continue;
      // Written by a job (ids only in it): the request does not wait for the e-mails.
      const jobId = `tandem-news:${actor.orgId}:${told.tandem.id}:${told.news}`;
      jobs.set(jobId, {
        job: { name: 'tandem-news', data: { orgId: actor.orgId, tandemId: told.tandem.id, news: told.news } },
        jobId,
      });
    }
    const deliver = async () => {
      for (const entry of entries) await appendOnce(store, entry);
      for (const mail of mails) await store.outbox.addOnce(mail);
      if (jobs.size) await this.deps.intents.enqueueIntents([...jobs.values()]);
    };
    try {
      await deliver();
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      this.deps.logger.warn('dispatch.deferred', { events: events.map((e) => e.type) });
      void this.later(deliver);
    }
  }

  private async later(deliver: () => Promise<void>): Promise<void> {
    for (let i = 1; i <= DELIVERY_TRIES; i++) {
      await new Promise((resolve) => setTimeout(resolve, DELIVERY_PAUSE_MS).unref());
      try {
        return await deliver();
      } catch (err) {
        if (!(err instanceof StoreUnavailableError) || i === DELIVERY_TRIES)
          this.deps.logger.warn('dispatch.lost', { error: (err as Error).message });
        if (!(err instanceof StoreUnavailableError)) return;
      }
    }
  }
}

/** Appends an audit entry unless it is there already (a delivery tried again). */
async function appendOnce(store: Store, entry: AuditEvent): Promise<void> {
  try {
    await store.audit.append(entry);
  } catch (err) {
    if (!(err instanceof ConflictError && err.rule === 'unique:audit event.id')) throw err;
  }
}
