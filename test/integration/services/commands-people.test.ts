/**
 * The commands about people, programmes and accounts on the embedded store, no mocks: each one's
 * rules and writes, and the audit entries and jobs the dispatcher makes of its events.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/services/context.js';
import { intakeBeneficiary, updateBeneficiary } from '../../../src/services/commands/beneficiaries.js';
import { erasePerson } from '../../../src/services/commands/people.js';
import {
  createProgramme,
  followMatchRun,
  requestMatchRun,
  updateProgramme,
} from '../../../src/services/commands/programmes.js';
import { rejectProposal } from '../../../src/services/commands/proposals.js';
import { addReferralSource, updateReferralSource } from '../../../src/services/commands/referral-sources.js';
import { addStaff, updateOrganisation, updateStaff } from '../../../src/services/commands/staff.js';
import { screenVolunteer, updateVolunteer } from '../../../src/services/commands/volunteers.js';
import { embeddedAdapter } from '../store/adapters.js';
import * as f from '../store/fixtures.js';
import { NOW, settingOn } from './setting.js';

const adapter = embeddedAdapter();
afterAll(() => adapter.cleanup());

const INTAKE = {
  kind: 'person' as const,
  contact: { firstName: 'Amina' },
  members: [],
  needs: ['french'],
  languages: ['ar', 'fr'],
  availability: [{ day: 'wed' as const, start: '14:00', end: '16:00' }],
  place: { location: { lat: 50.64, lon: 5.57 } },
  preferences: {},
};

describe('commands about people, programmes and accounts on the embedded store', () => {
  let s: Awaited<ReturnType<typeof settingOn>>;
  beforeEach(async () => {
    s = await settingOn(adapter);
  });
  /** The audit trail of a record, by action (its entries share the fixed clock's time). */
  const actions = async (targetId: string) =>
    (await s.raw.audit.list(s.org.id, { targetId })).map((e) => e.action).sort();
  const recomputed = () =>
    s.jobs.map((j) =>
      j.job.name === 'recompute' ? `${j.job.data.programmeId}:${JSON.stringify(j.job.data.person)}` : j.job.name,
    );

  it('takes a beneficiary in, waiting from today and followed by the mediator, audited and recomputed around', async () => {
    const b = await s.commands.run(intakeBeneficiary, s.mediator, { ...INTAKE, programmeIds: [s.prg.id] });
    expect(b).toMatchObject({ status: 'active', waitingSince: NOW.slice(0, 10), mediatorId: s.mediator.userId });
    expect(await actions(b.id)).toEqual(['beneficiary.create']);
    expect(recomputed()).toEqual([`${s.prg.id}:${JSON.stringify({ beneficiaryId: b.id })}`]);
  });

  it('refuses an intake into an unknown programme, for a mediator of another organisation or from a retired source', async () => {
    await expect(
      s.commands.run(intakeBeneficiary, s.mediator, { ...INTAKE, programmeIds: ['prg_nope'] }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    const other = await s.raw.organisations.insert(f.organisation());
    const foreign = await s.raw.staff.insert(f.staff(other.id));
    await expect(
      s.commands.run(intakeBeneficiary, s.mediator, { ...INTAKE, programmeIds: [s.prg.id], mediatorId: foreign.id }),
    ).rejects.toMatchObject({ issues: [{ field: 'body.mediatorId' }] });
    const retired = await s.raw.referralSources.insert(f.referralSource(s.org.id, { status: 'retired' }));
    await expect(
      s.commands.run(intakeBeneficiary, s.mediator, {
        ...INTAKE,
        programmeIds: [s.prg.id],
        referral: { sourceId: retired.id },
      }),
    ).rejects.toMatchObject({ issues: [{ field: 'body.referral.sourceId' }] });
    expect(await s.raw.beneficiaries.count(s.org.id)).toBe(2);
  });

  it("refuses needs the beneficiary's programmes do not answer, at intake and on a change, naming each need", async () => {
    const listed = await s.raw.programmes.insert(f.programme(s.org.id, { slug: 'emploi', needs: ['job_search'] }));
    await expect(
      s.commands.run(intakeBeneficiary, s.mediator, {
        ...INTAKE,
        needs: ['job_search', 'french', 'driving'],
        programmeIds: [listed.id],
      }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      issues: [{ field: 'body.needs[1]' }, { field: 'body.needs[2]' }],
    });
    expect(await s.raw.beneficiaries.count(s.org.id)).toBe(2);
    // A programme that lists no needs answers any.
    const both = await s.commands.run(intakeBeneficiary, s.mediator, {
      ...INTAKE,
      needs: ['driving'],
      programmeIds: [listed.id, s.prg.id],
    });
    await expect(
      s.commands.run(updateBeneficiary, s.mediator, { beneficiaryId: both.id, patch: { programmeIds: [listed.id] } }),
    ).rejects.toMatchObject({ issues: [{ field: 'body.programmeIds' }] });
    const moved = await s.commands.run(updateBeneficiary, s.mediator, {
      beneficiaryId: both.id,
      patch: { programmeIds: [listed.id], needs: ['job_search'] },
    });
    await expect(
      s.commands.run(updateBeneficiary, s.mediator, {
        beneficiaryId: moved.id,
        patch: { needs: ['job_search', 'french'] },
      }),
    ).rejects.toMatchObject({ issues: [{ field: 'body.needs[1]' }] });
    expect(await s.raw.beneficiaries.get(s.org.id, both.id)).toMatchObject({ version: 2, needs: ['job_search'] });
  });

  it('changes a beneficiary from the version read, recomputing in the programmes left and joined', async () => {
    const other = await s.raw.programmes.insert(f.programme(s.org.id, { slug: 'voisins' }));
    s.calls.length = 0;
    const moved = await s.commands.run(updateBeneficiary, s.mediator, {
      beneficiaryId: s.b1.id,
      expectedVersion: 1,
      patch: { programmeIds: [other.id], needs: ['french'] },
    });
    expect(moved).toMatchObject({ version: 2, programmeIds: [other.id] });
    expect(s.calls.filter((c) => c.startsWith('beneficiaries.'))).toEqual([
      'beneficiaries.get',
      'beneficiaries.update',
    ]);
    expect(new Set(recomputed())).toEqual(
      new Set([s.prg.id, other.id].map((p) => `${p}:${JSON.stringify({ beneficiaryId: s.b1.id })}`)),
    );
    expect(await s.raw.audit.list(s.org.id, { targetId: s.b1.id })).toMatchObject([
      { action: 'beneficiary.update', fields: expect.arrayContaining(['programmeIds', 'needs']) as unknown },
    ]);
    await expect(
      s.commands.run(updateBeneficiary, s.mediator, { beneficiaryId: s.b1.id, expectedVersion: 1, patch: { age: 20 } }),
    ).rejects.toMatchObject({ name: 'PreconditionFailedError' });
    // Checked as a whole: a person has no household members.
    await expect(
      s.commands.run(updateBeneficiary, s.mediator, {
        beneficiaryId: s.b1.id,
        patch: { members: [{ age: 9, languages: ['ar'] }] },
      }),
    ).rejects.toMatchObject({ issues: [{ field: 'body.members' }] });
  });

  it("changes a volunteer in one write; pausing is a coordinator's, and only along the volunteer's moves", async () => {
    s.calls.length = 0;
    const changed = await s.commands.run(updateVolunteer, s.mediator, {
      volunteerId: s.volunteer.id,
      patch: { capacity: 2 },
    });
    expect(changed).toMatchObject({ capacity: 2, version: 2 });
    expect(s.calls.filter((c) => c.startsWith('volunteers.'))).toEqual(['volunteers.get', 'volunteers.update']);
    await expect(
      s.commands.run(updateVolunteer, s.mediator, { volunteerId: s.volunteer.id, patch: { status: 'paused' } }),
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
    const paused = await s.commands.run(updateVolunteer, s.coordinator, {
      volunteerId: s.volunteer.id,
      patch: { status: 'paused', capacity: 3 },
    });
    expect(paused).toMatchObject({ status: 'paused', capacity: 3, version: 3 });
    const unscreened = await s.raw.volunteers.insert(
      f.volunteer(s.org.id, { programmeIds: [s.prg.id], status: 'paused', screening: {} }),
    );
    await expect(
      s.commands.run(updateVolunteer, s.coordinator, { volunteerId: unscreened.id, patch: { status: 'active' } }),
    ).rejects.toMatchObject({ rule: 'screening_incomplete' });
    const left = await s.commands.run(updateVolunteer, s.coordinator, {
      volunteerId: s.volunteer.id,
      patch: { status: 'left' },
    });
    expect(left.status).toBe('left');
    await expect(
      s.commands.run(updateVolunteer, s.coordinator, { volunteerId: s.volunteer.id, patch: { status: 'active' } }),
    ).rejects.toMatchObject({ rule: 'volunteer_transition' });
    expect(await actions(s.volunteer.id)).toEqual(['volunteer.status', 'volunteer.update', 'volunteer.update']);
  });

  it('records screening steps and activates a volunteer once every programme has what it asks, in the same write', async () => {
    const v = await s.raw.volunteers.insert(
      f.volunteer(s.org.id, { programmeIds: [s.prg.id], status: 'pending_screening', screening: {} }),
    );
    const interviewed = await s.commands.run(screenVolunteer, s.coordinator, {
      volunteerId: v.id,
      steps: { interview: { date: '2026-11-20' } },
    });
    expect(interviewed).toMatchObject({
      status: 'pending_screening',
      screening: { interview: { date: '2026-11-20', by: s.coordinator.userId } },
    });
    await expect(
      s.commands.run(screenVolunteer, s.coordinator, {
        volunteerId: v.id,
        steps: { training: { date: '2026-12-01' } },
      }),
    ).rejects.toMatchObject({ issues: [{ field: 'body.training.date' }] });
    const trained = await s.commands.run(screenVolunteer, s.coordinator, {
      volunteerId: v.id,
      expectedVersion: 2,
      steps: { training: { date: '2026-11-21' } },
    });
    expect(trained).toMatchObject({ status: 'active', version: 3 });
    expect((await s.raw.audit.list(s.org.id, { targetId: v.id })).map((e) => e.fields).sort()).toEqual([
      ['screening'],
      ['screening', 'status'],
    ]);
    const unconfirmed = await s.raw.volunteers.insert(
      f.volunteer(s.org.id, { status: 'pending_email', screening: {} }),
    );
    await expect(
      s.commands.run(screenVolunteer, s.coordinator, {
        volunteerId: unconfirmed.id,
        steps: { goodConductSeenOn: '2026-11-20' },
      }),
    ).rejects.toMatchObject({ rule: 'email_unconfirmed' });
    await expect(
      s.commands.run(screenVolunteer, s.mediator, { volunteerId: v.id, steps: { goodConductSeenOn: '2026-11-20' } }),
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
  });

  it('rejects a proposal: the pair is excluded, the proposal set aside, audited with its reason, recomputed', async () => {
    const [proposal] = await s.raw.proposals.listForBeneficiary(s.org.id, s.b1.id);
    const b = await s.commands.run(rejectProposal, s.mediator, { proposalId: proposal!.id, reason: 'too_far' });
    expect(b.excludedVolunteerIds).toEqual([s.volunteer.id]);
    expect(await s.raw.proposals.listForBeneficiary(s.org.id, s.b1.id)).toEqual([]);
    expect(await s.raw.audit.list(s.org.id, { targetId: proposal!.id })).toMatchObject([
      { action: 'proposal.reject', reason: 'too_far' },
    ]);
    expect(recomputed()).toEqual([`${s.prg.id}:${JSON.stringify({ beneficiaryId: s.b1.id })}`]);
  });

  it("erases a volunteer: their tandems' holds, proposals, and their id in others' exclusions, under a pseudonym", async () => {
    await s.raw.beneficiaries.update(s.org.id, s.b2.id, 1, { excludedVolunteerIds: [s.volunteer.id] }, new Date(NOW));
    const report = await s.commands.run(erasePerson, s.coordinator, { personId: s.volunteer.id });
    expect(report).toMatchObject({ kind: 'volunteer', proposals: 2, tandems: 0 });
    expect(await s.raw.volunteers.find(s.org.id, s.volunteer.id)).toBeNull();
    expect((await s.raw.beneficiaries.get(s.org.id, s.b2.id)).excludedVolunteerIds).toEqual([]);
    expect(await s.raw.audit.list(s.org.id, { targetId: report.pseudonym })).toMatchObject([
      { action: 'person.erase', target: { kind: 'volunteer', id: report.pseudonym } },
    ]);
    await expect(s.commands.run(erasePerson, s.mediator, { personId: s.b1.id })).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
  });

  it('keeps an admin from being erased by a coordinator, and the last admin from being erased or demoted', async () => {
    await expect(s.commands.run(erasePerson, s.coordinator, { personId: s.admin.userId })).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
    await expect(s.commands.run(erasePerson, s.admin, { personId: s.admin.userId })).rejects.toMatchObject({
      rule: 'last_admin',
    });
    await expect(
      s.commands.run(updateStaff, s.admin, { staffId: s.admin.userId, patch: { status: 'disabled' } }),
    ).rejects.toMatchObject({ rule: 'last_admin' });
    expect(await s.raw.staff.get(s.org.id, s.admin.userId)).toMatchObject({ role: 'admin', status: 'active' });
  });

  it('lets exactly one of two admins who demote or erase each other at once win', async () => {
    for (const change of ['demote', 'erase'] as const) {
      const second = await s.raw.staff.insert(f.staff(s.org.id, { role: 'admin' }));
      const admins: Actor[] = [s.admin, { orgId: s.org.id, userId: second.id, role: 'admin' }];
      const [a, b] = admins;
      const act = (by: Actor, target: Actor) =>
        change === 'demote'
          ? s.commands.run(updateStaff, by, { staffId: target.userId, patch: { role: 'coordinator' } })
          : s.commands.run(erasePerson, by, { personId: target.userId });
      const results = await Promise.allSettled([act(a!, b!), act(b!, a!)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
        rule: 'last_admin',
      });
      const left = await s.raw.staff.list(s.org.id, { role: 'admin', status: 'active' });
      expect(left).toHaveLength(1);
      s.admin.userId = left[0]!.id;
    }
  });

  it('creates and changes a programme, from the version read', async () => {
    const { id: _, orgId: __, version: ___, createdAt: _c, updatedAt: _u, ...fields } = f.programme(s.org.id);
    const made = await s.commands.run(createProgramme, s.coordinator, { ...fields, slug: 'nouveau' });
    expect(await actions(made.id)).toEqual(['programme.create']);
    const changed = await s.commands.run(updateProgramme, s.coordinator, {
      programmeId: made.id,
      expectedVersion: 1,
      patch: { lapseWindowDays: 45 },
    });
    expect(changed).toMatchObject({ lapseWindowDays: 45, version: 2 });
    await expect(
      s.commands.run(updateProgramme, s.coordinator, {
        programmeId: made.id,
        expectedVersion: 1,
        patch: { lapseWindowDays: 60 },
      }),
    ).rejects.toMatchObject({ name: 'PreconditionFailedError' });
    await expect(s.commands.run(createProgramme, s.mediator, { ...fields, slug: 'autre' })).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
  });

  it('queues a match run under its own id, and queues it again once it has waited too long', async () => {
    const run = await s.commands.run(requestMatchRun, s.coordinator, { programmeId: s.prg.id });
    expect(s.jobs).toEqual([{ job: { name: 'match-run', data: { orgId: s.org.id, runId: run.id } }, jobId: run.id }]);
    expect(await actions(run.id)).toEqual(['match_run.request']);
    await s.commands.run(followMatchRun, s.mediator, { runId: run.id });
    expect(s.jobs).toHaveLength(1);
    s.clock.set('2026-11-23T10:05:00.000Z');
    await s.commands.run(followMatchRun, s.mediator, { runId: run.id });
    expect(s.jobs.map((j) => j.jobId)).toEqual([run.id, run.id]);
    expect(await actions(run.id)).toEqual(['match_run.request']);
  });

  it("adds a staff account with a password shown once, and changes the organisation's name", async () => {
    const { staff, password } = await s.commands.run(addStaff, s.admin, {
      email: 'new@example.org',
      name: 'Nina',
      role: 'mediator',
    });
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(staff).toMatchObject({ invitedBy: s.admin.userId, role: 'mediator' });
    expect(await s.raw.audit.list(s.org.id, { targetId: staff.id })).toMatchObject([
      { action: 'staff.create', fields: ['role'] },
    ]);
    const org = await s.commands.run(updateOrganisation, s.admin, { patch: { name: { fr: 'Voisins', nl: 'Buren' } } });
    expect(org).toMatchObject({ version: 2, name: { fr: 'Voisins', nl: 'Buren' } });
    await expect(s.commands.run(updateOrganisation, s.coordinator, { patch: { kind: 'other' } })).rejects.toMatchObject(
      { name: 'ForbiddenError' },
    );
  });

  it('keeps referral sources: added, renamed and retired by a coordinator, from the version read', async () => {
    const source = await s.commands.run(addReferralSource, s.coordinator, { name: { fr: 'CPAS de Liège' } });
    const retired = await s.commands.run(updateReferralSource, s.coordinator, {
      sourceId: source.id,
      expectedVersion: 1,
      patch: { status: 'retired' },
    });
    expect(retired).toMatchObject({ status: 'retired', version: 2 });
    expect(await actions(source.id)).toEqual(['referral_source.create', 'referral_source.update']);
    await expect(s.commands.run(addReferralSource, s.mediator, { name: { nl: 'OCMW' } })).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
  });
});
