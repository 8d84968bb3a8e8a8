/**
 * Domain events: what a command did, in the domain's words. Commands raise them; the one
 * dispatcher (dispatcher.ts) turns them into audit entries and background jobs. An event names
 * records by id (the records themselves ride along for the dispatcher), never personal data.
 */
import type { Beneficiary, Programme, Proposal, Tandem, Volunteer } from '../domain/index.js';

export type DomainEvent =
  /** A mediator chose a pair: a `proposed` tandem; `manual` when the matching had not proposed it. */
  | { type: 'TandemConfirmed'; tandem: Tandem; manual?: { reason: string } }
  /** Both accepted at a first meeting. */
  | { type: 'TandemStarted'; tandem: Tandem }
  /** One side said no at the first meeting. */
  | { type: 'TandemDeclined'; tandem: Tandem }
  | { type: 'TandemCheckedIn'; tandem: Tandem }
  | { type: 'TandemClosed'; tandem: Tandem }
  /** No contact within the programme's lapse window. */
  | { type: 'TandemLapsed'; tandem: Tandem }
  /** This volunteer is never to be proposed to this beneficiary again. */
  | { type: 'PairExcluded'; beneficiary: Beneficiary; volunteerId: string; programmeIds: readonly string[] }
  | { type: 'ProposalRejected'; proposal: Proposal; reason: string }
  /** A person's record changed in ways the matching reads (`fields` names them). */
  | { type: 'PersonChanged'; person: Volunteer | Beneficiary; kind: 'volunteer' | 'beneficiary'; fields: string[] }
  /** A coordinator adopted the weights the programme's outcomes suggested. */
  | { type: 'SuggestedWeightsAdopted'; programme: Programme };

export type DomainEventType = DomainEvent['type'];
