/**
 * Domain events: what a command did, in the domain's words. Commands raise them; the one
 * dispatcher (dispatcher.ts) turns them into audit entries, e-mails and background jobs. An event names
 * records by id (the records themselves ride along for the dispatcher), never personal data.
 */
import type { Locale } from '../../scoring/index.js';
import type {
  Beneficiary,
  MatchRun,
  Note,
  Organisation,
  Programme,
  Proposal,
  ReferralSource,
  StaffUser,
  Tandem,
  Volunteer,
} from '../domain/index.js';

export type PersonKind = 'volunteer' | 'beneficiary';

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
  /** A mediator took a beneficiary in (intake). */
  | { type: 'PersonAdded'; person: Volunteer | Beneficiary; kind: PersonKind }
  /**
   * A person's record changed in ways the matching reads (`fields` names them); `formerProgrammeIds`
   * are the programmes they were in before, when those changed (each is recomputed too).
   */
  | {
      type: 'PersonChanged';
      person: Volunteer | Beneficiary;
      kind: PersonKind;
      fields: string[];
      formerProgrammeIds?: readonly string[];
    }
  /** A person was erased (GDPR art. 17); `pseudonym` replaced their id in the audit trail. */
  | { type: 'PersonErased'; kind: PersonKind | 'staff'; pseudonym: string }
  | { type: 'ProgrammeCreated'; programme: Programme }
  | { type: 'ProgrammeChanged'; programme: Programme; fields: string[] }
  /** A coordinator adopted the weights the programme's outcomes suggested. */
  | { type: 'SuggestedWeightsAdopted'; programme: Programme }
  /** A coordinator asked for the programme's proposals to be computed again. */
  | { type: 'MatchRunRequested'; run: MatchRun }
  /** A run still queued long after it was asked for: its job was lost (a restart). */
  | { type: 'MatchRunStalled'; run: MatchRun }
  | { type: 'StaffAdded'; staff: StaffUser }
  | { type: 'StaffChanged'; staff: StaffUser; fields: string[] }
  | { type: 'StaffSignedIn'; staff: StaffUser }
  | { type: 'OrganisationChanged'; organisation: Organisation; fields: string[] }
  | { type: 'ReferralSourceAdded'; source: ReferralSource }
  | { type: 'ReferralSourceChanged'; source: ReferralSource; fields: string[] }
  /** People added or updated from a spreadsheet (audited by count, never by name). */
  | {
      type: 'PeopleImported';
      kind: 'volunteers' | 'beneficiaries';
      programme: Programme;
      people: (Volunteer | Beneficiary)[];
    }
  /**
   * Someone signed up as a volunteer through the public form, in `locale`; the contact person is
   * sent the link that confirms the address (`confirmToken`, held in memory only).
   */
  | {
      type: 'VolunteerSignedUp';
      volunteer: Volunteer;
      organisation: Organisation;
      locale: Locale;
      confirmToken: string;
    }
  /**
   * An address signed up again: told by e-mail only, with a fresh link while it is unconfirmed,
   * else that nothing changed.
   */
  | {
      type: 'VolunteerSignedUpAgain';
      volunteer: Volunteer;
      organisation: Organisation;
      locale: Locale;
      confirmToken: string | undefined;
    }
  /** A staff member set a new password; their earlier sessions are over. */
  | { type: 'PasswordChanged'; staff: StaffUser };

export type DomainEventType = DomainEvent['type'];
