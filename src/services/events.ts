/**
 * Domain events: what a command did, in the domain's words. Commands raise them; the one
 * dispatcher (dispatcher.ts) turns them into audit entries and background jobs. An event names
 * records by id (the records themselves ride along for the dispatcher), never personal data.
 */
import type { Beneficiary, Note, Programme, Proposal, ReferralSource, Tandem, Volunteer } from '../domain/index.js';

export type DomainEvent =
  /**
   * A mediator chose a pair: a `proposed` tandem; `manual` when the matching had not proposed it
   * (its reason and any approval it waits for are on the tandem).
   */
  | { type: 'TandemConfirmed'; tandem: Tandem; manual: boolean }
  /** A coordinator approved a mediator's pair chosen by hand: the people are told now. */
  | { type: 'TandemApproved'; tandem: Tandem }
  /** A coordinator turned a mediator's pair down before anyone was told (the pair stays possible). */
  | { type: 'TandemRefused'; tandem: Tandem }
  | { type: 'MeetingPlanned'; tandem: Tandem }
  | { type: 'TandemStageChanged'; tandem: Tandem }
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
  /** A coordinator lifted an exclusion: the volunteer may be proposed to the beneficiary again. */
  | { type: 'ExclusionLifted'; beneficiary: Beneficiary; volunteerId: string }
  /** Not taken on at screening, with the reason they are given. */
  | { type: 'VolunteerDeclined'; volunteer: Volunteer }
  | { type: 'NoteAdded'; note: Note }
  | { type: 'ReferralSourceSaved'; source: ReferralSource; created: boolean; fields: string[] }
  /** A person's record changed in ways the matching reads (`fields` names them). */
  | { type: 'PersonChanged'; person: Volunteer | Beneficiary; kind: 'volunteer' | 'beneficiary'; fields: string[] }
  /** A coordinator adopted the weights the programme's outcomes suggested. */
  | { type: 'SuggestedWeightsAdopted'; programme: Programme };

export type DomainEventType = DomainEvent['type'];
