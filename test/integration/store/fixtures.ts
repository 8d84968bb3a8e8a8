/** Valid records for tests; each takes overrides. Times are fixed so runs compare exactly. */
import type {
  AuditEvent,
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
} from '../../../src/domain/index.js';
import type { ProposalSet } from '../../../src/store/ports.js';

export const T0 = '2026-11-22T09:00:00.000Z';
let seq = 0;
export const uid = (prefix: string) => `${prefix}_${process.pid}_${++seq}`;

const meta = (orgId: string, prefix: string) => ({ id: uid(prefix), orgId, version: 1, createdAt: T0, updatedAt: T0 });

export function organisation(over: Partial<Organisation> = {}): Organisation {
  const id = over.id ?? uid('org');
  return {
    id,
    orgId: id,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    slug: `org-${id.replace(/_/g, '-').toLowerCase()}`,
    name: 'Voisins solidaires',
    kind: 'non_profit',
    ...over,
  };
}

export function staff(orgId: string, over: Partial<StaffUser> = {}): StaffUser {
  const base = meta(orgId, 'usr');
  return {
    ...base,
    email: `${base.id.toLowerCase()}@example.org`,
    name: 'Anne Mediator',
    role: 'mediator',
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    status: 'active',
    ...over,
  };
}

export function programme(orgId: string, over: Partial<Programme> = {}): Programme {
  const base = meta(orgId, 'prg');
  return {
    ...base,
    slug: 'mentorat',
    kind: 'mentoring',
    name: { fr: 'Mentorat', nl: 'Mentoring', en: 'Mentoring' },
    rules: { maxDistanceKm: 10, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 5 },
    expectedDurationMonths: 6,
    meetingRhythm: { minutes: 120, every: 'week' },
    lapseWindowDays: 30,
    regions: ['liege'],
    servesMinors: false,
    status: 'open',
    // Pairs chosen by hand in these tests go ahead without a coordinator's approval.
    manualPairApproval: 'none',
    ...over,
  };
}

export function volunteer(orgId: string, over: Partial<Volunteer> = {}): Volunteer {
  return {
    ...meta(orgId, 'vol'),
    kind: 'person',
    contact: { firstName: 'Marie', lastName: 'Dupont', email: 'marie@example.org' },
    consent: { textVersion: '2026-01', at: T0 },
    languages: ['fr', 'ar'],
    skills: ['job_search'],
    availability: [{ day: 'mon', start: '18:00', end: '20:00' }],
    place: { municipality: 'Liège', postcode: '4000', location: { lat: 50.633, lon: 5.58 } },
    maxDistanceKm: 5,
    capacity: 2,
    programmeIds: [],
    status: 'active',
    screening: { interview: { date: '2026-10-01', by: 'usr_x' }, training: { date: '2026-10-10' } },
    ...over,
  };
}

export function beneficiary(orgId: string, over: Partial<Beneficiary> = {}): Beneficiary {
  return {
    ...meta(orgId, 'ben'),
    kind: 'person',
    contact: { firstName: 'Yusuf' },
    members: [],
    needs: ['job_search'],
    languages: ['ar', 'fr'],
    availability: [{ day: 'mon', start: '18:00', end: '20:00' }],
    place: { municipality: 'Liège', location: { lat: 50.64, lon: 5.57 } },
    age: 19,
    waitingSince: '2026-06-01',
    preferences: {},
    excludedVolunteerIds: [],
    referral: { partner: 'CPAS de Liège — service jeunesse' },
    programmeIds: ['prg_any'],
    status: 'active',
    ...over,
  };
}

export function proposal(orgId: string, over: Partial<Proposal> = {}): Proposal {
  return {
    ...meta(orgId, 'pro'),
    beneficiaryId: 'ben_1',
    volunteerId: 'vol_1',
    rank: 1,
    score: 0.8,
    distanceKm: 1.2,
    overlapMinutes: 120,
    commonLanguages: ['fr'],
    matchedNeeds: ['job_search'],
    breakdown: { proximity: 0.9, skills: 1, availability: 1, language: 1, waiting: 0.4 },
    programmeId: 'prg_1',
    volunteerVersion: 1,
    beneficiaryVersion: 1,
    computedAt: T0,
    explanation: { fr: 'à 1,2 km', nl: '1,2 km verder', en: '1.2 km apart' },
    supersededAt: null,
    ...over,
  };
}

export function tandem(orgId: string, over: Partial<Tandem> = {}): Tandem {
  return {
    ...meta(orgId, 'tan'),
    programmeId: 'prg_1',
    volunteerId: 'vol_1',
    beneficiaryId: 'ben_1',
    status: 'proposed',
    proposedAt: T0,
    proposedBy: 'usr_1',
    checkIns: [],
    ...over,
  };
}

export function auditEvent(orgId: string, over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    ...meta(orgId, 'aud'),
    at: T0,
    actor: 'usr_1',
    action: 'volunteer.update',
    target: { kind: 'volunteer', id: 'vol_1' },
    fields: ['languages'],
    ...over,
  };
}

export function matchRun(orgId: string, over: Partial<MatchRun> = {}): MatchRun {
  return {
    ...meta(orgId, 'run'),
    kind: 'recompute',
    scope: { programmeId: 'prg_1' },
    status: 'queued',
    requestedBy: 'usr_1',
    ...over,
  };
}

export function note(orgId: string, over: Partial<Note> = {}): Note {
  return {
    ...meta(orgId, 'not'),
    about: 'volunteer',
    aboutId: 'vol_1',
    personIds: ['vol_1'],
    authorId: 'usr_med',
    text: 'Prefers to meet at the library.',
    ...over,
  };
}

export function referralSource(orgId: string, over: Partial<ReferralSource> = {}): ReferralSource {
  return { ...meta(orgId, 'ref'), name: { fr: 'CPAS de Liège', nl: 'OCMW Luik' }, status: 'active', ...over };
}

/** A beneficiary's set of proposals (version 1 unless told), its proposals made to match it. */
export function proposalSet(
  orgId: string,
  over: Partial<Omit<ProposalSet, 'proposals'>> & { proposals?: Partial<Proposal>[] } = {},
): ProposalSet {
  const { proposals = [{}], ...rest } = over;
  const set = {
    orgId,
    programmeId: 'prg_1',
    beneficiaryId: 'ben_1',
    version: 1,
    computedAt: T0,
    ...rest,
  };
  return {
    ...set,
    proposals: proposals.map((p, i) =>
      proposal(orgId, {
        rank: i + 1,
        volunteerId: `vol_${i + 1}`,
        ...p,
        programmeId: set.programmeId,
        beneficiaryId: set.beneficiaryId,
        computedAt: set.computedAt,
      }),
    ),
  };
}
