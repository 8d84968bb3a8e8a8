/**
 * The one dispatcher: what follows from each domain event, in one place. Every event becomes an
 * audit entry (ids and field names, never values) and the background work it calls for (a
 * recompute around the people it touched). Jobs leave through one narrow seam, JobIntents: today
 * straight to the queue; a durable outbox can take its place without any command knowing.
 */
import type { AuditEvent, RecordKind } from '../domain/index.js';
import type { JobSink, PersonRef, QueuedJob } from '../domain/jobs.js';
import type { Clock, Logger, Store } from '../store/ports.js';
import { audit, type Actor } from './context.js';
import type { DomainEvent } from './events.js';

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
}

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
  const tandem = (action: string, t: { id: string }, fields?: string[]): AuditEntry => ({
    action,
    target: { kind: 'tandem', id: t.id },
    ...(fields && { extra: { fields } }),
  });
  switch (event.type) {
    case 'TandemConfirmed':
      return [
        tandem('tandem.confirm', event.tandem),
        ...(event.manual
          ? [
              {
                action: 'tandem.manual_pair',
                target: { kind: 'tandem' as const, id: event.tandem.id },
                extra: { reason: event.manual.reason },
              },
            ]
          : []),
      ];
    case 'TandemStarted':
      return [tandem('tandem.start', event.tandem, ['status', 'firstMeeting', 'lastContactOn'])];
    case 'TandemDeclined':
      return [tandem('tandem.decline', event.tandem, ['status', 'declined'])];
    case 'TandemCheckedIn':
      return [tandem('tandem.check_in', event.tandem, ['checkIns'])];
    case 'TandemClosed':
      return [tandem('tandem.close', event.tandem, ['status', 'closed'])];
    case 'TandemLapsed':
      return [tandem('tandem.lapse', event.tandem, ['status', 'lapsedAt'])];
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
    case 'PersonChanged':
      return [
        {
          action: `${event.kind}.update`,
          target: { kind: event.kind, id: event.person.id },
          extra: { fields: event.fields },
        },
      ];
    case 'SuggestedWeightsAdopted':
      return [
        {
          action: 'programme.adopt_weights',
          target: { kind: 'programme', id: event.programme.id },
          extra: { fields: ['rules.weights'], reason: 'suggested_weights' },
        },
      ];
  }
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
      return around(event.tandem, causeOf(event.tandem), ['v', 'b']);
    case 'TandemClosed':
      return around(event.tandem, causeOf(event.tandem), ['v', 'b']);
    case 'PairExcluded':
      return event.programmeIds.map((programmeId) =>
        recomputeJob(orgId, programmeId, { beneficiaryId: event.beneficiary.id }, causeOf(event.beneficiary)),
      );
    case 'PersonChanged': {
      const person = event.kind === 'volunteer' ? { volunteerId: event.person.id } : { beneficiaryId: event.person.id };
      return event.person.programmeIds.map((programmeId) =>
        recomputeJob(orgId, programmeId, person, causeOf(event.person)),
      );
    }
    // Adopted weights apply at the next computation, as when they are saved by hand.
    case 'SuggestedWeightsAdopted':
    case 'TandemStarted':
    case 'TandemCheckedIn':
    case 'ProposalRejected':
      return [];
  }
}

export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** Audits each event, then queues the jobs they call for (each once). */
  async dispatch(actor: Actor, events: readonly DomainEvent[]): Promise<void> {
    for (const event of events)
      for (const entry of auditOf(event)) await audit(this.deps, actor, entry.action, entry.target, entry.extra);
    const jobs = new Map<string, QueuedJob>();
    for (const event of events) for (const job of jobsOf(actor.orgId, event)) jobs.set(job.jobId, job);
    if (jobs.size) await this.deps.intents.enqueueIntents([...jobs.values()]);
  }
}
