/**
 * Pairs through HTTP on both stores, beyond the proposals: a mediator's pair chosen by hand with
 * a reason, held for a coordinator's approval where the programme asks; the e-mails the people
 * get when a tandem is proposed and starts (the volunteer in their language, the contact person
 * where the programme wants it); refusals and exclusions lifted (audited); stages of a mobility
 * with check-ins per stage; support intensity against a coach's capacity under parallel confirms;
 * volunteers just outside the rules; a volunteer declined at screening or paused until a day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/domain/index.js';
import { PeopleService } from '../../../src/services/people.js';
import { silentLogger } from '../../../src/store/logger.js';
import { beneficiary, proposalSet, volunteer } from '../store/fixtures.js';
import { ADAPTERS, eventually, startApi, type Api, type OrgFixture, type Session } from './harness.js';

const CONCURRENT = 30;
let keys = 0;
const key = () => `pairing-${process.pid}-${++keys}`;

describe.each(ADAPTERS)('pairs on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;
  let coordinator: Session;
  let mediator: Session;

  beforeAll(async () => {
    api = await startApi(adapter, 'pairing');
    org = await api.organisation('pairing-org');
    coordinator = await api.login(org.emails.coordinator);
    mediator = await api.login(org.emails.mediator);
  });
  afterAll(() => api?.close());

  const programme = (over: object) =>
    api.store.programmes
      .get(org.orgId, org.programmeId)
      .then((p) => api.store.programmes.update(org.orgId, p.id, p.version, over, new Date()));
  const newVolunteer = (over: object = {}) =>
    api.store.volunteers.insert(volunteer(org.orgId, { programmeIds: [org.programmeId], ...over }));
  const newBeneficiary = (over: object = {}) =>
    api.store.beneficiaries.insert(beneficiary(org.orgId, { programmeIds: [org.programmeId], ...over }));
  const pair = (as: Session, body: object) =>
    api.call('POST', '/tandems', {
      as,
      headers: { 'idempotency-key': key() },
      body: { programmeId: org.programmeId, ...body },
    });
  const mails = async (personId: string) =>
    (await api.store.outbox.listForPerson(org.orgId, personId)).filter((m) => m.template.startsWith('tandem_'));
  /** The e-mails are written by a job: wait for `count` of them. */
  const mailsOnce = (personId: string, count: number) =>
    eventually(
      () => mails(personId),
      (ms) => ms.length >= count,
    );
  // Today where the programmes are (Brussels), as the commands judge dates, not in UTC.
  const today = dayOf(new Date());

  it("holds a mediator's pair chosen by hand for a coordinator's approval, then tells the volunteer in their language", async () => {
    await programme({ manualPairApproval: 'coordinator', notifyContactPerson: true });
    const v = await newVolunteer({ locale: 'nl', contact: { firstName: 'Lotte', email: 'lotte@people.test' } });
    const b = await newBeneficiary({
      contact: { firstName: 'Samir' },
      guardian: { firstName: 'Leila', email: 'leila@people.test' },
      languages: ['ar'],
    });

    const noReason = await pair(mediator, { volunteerId: v.id, beneficiaryId: b.id });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('body.reason');
    expect(await api.store.reservations.openTandems(org.orgId, [b.id])).toEqual(new Map());

    const held = await pair(mediator, {
      volunteerId: v.id,
      beneficiaryId: b.id,
      reason: 'Lotte knows the family from the school gate.',
      meetingPlan: { date: '2026-12-03', time: '14:30', place: 'Bibliotheek' },
    });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({
      status: 'proposed',
      manual: { reason: 'Lotte knows the family from the school gate.' },
      approval: { status: 'pending' },
      meetingPlan: { date: '2026-12-03', time: '14:30', place: 'Bibliotheek' },
    });
    // The slot is held while the coordinator decides, and nobody is told yet.
    expect((await api.store.reservations.openTandems(org.orgId, [b.id])).get(b.id)).toBe(held.body.id);
    expect(await mails(v.id)).toEqual([]);
    const early = await api.call('POST', `/tandems/${held.body.id}/first-meeting`, {
      as: mediator,
      body: { outcome: 'accepted', date: today, charterSigned: true },
    });
    expect(early.status).toBe(409);
    expect(early.body.rule).toBe('awaiting_approval');
    expect((await api.call('POST', `/tandems/${held.body.id}/approve`, { as: mediator })).status).toBe(403);

    const approved = await api.call('POST', `/tandems/${held.body.id}/approve`, {
      as: coordinator,
      headers: { 'if-match': `"${held.body.version}"` },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.approval).toMatchObject({ status: 'approved', by: org.staffIds.coordinator });
    const [toVolunteer] = await mailsOnce(v.id, 1);
    expect(toVolunteer).toMatchObject({ to: 'lotte@people.test', locale: 'nl', template: 'tandem_proposed' });
    expect(toVolunteer!.subject).toMatch(/^Er wordt je een tandem voorgesteld: /);
    expect(toVolunteer!.text).toContain('Dag Lotte');
    expect(toVolunteer!.text).toContain('Samir');
    expect(toVolunteer!.text).toContain('om 14:30, Bibliotheek');
    // The guardian reads none of tandem's languages: all three, French first.
    const [toGuardian] = await mailsOnce(b.id, 1);
    expect(toGuardian).toMatchObject({ to: 'leila@people.test', template: 'tandem_proposed' });
    expect(toGuardian!.text.indexOf('Bonjour Leila')).toBeLessThan(toGuardian!.text.indexOf('Dag Leila'));
    expect((await api.call('POST', `/tandems/${held.body.id}/approve`, { as: coordinator })).body.rule).toBe(
      'not_awaiting_approval',
    );

    const started = await api.call('POST', `/tandems/${held.body.id}/first-meeting`, {
      as: mediator,
      body: { outcome: 'accepted', date: today, charterSigned: true },
    });
    expect(started.status).toBe(200);
    expect((await mailsOnce(v.id, 2)).map((m) => m.template)).toEqual(['tandem_proposed', 'tandem_started']);
    const audit = (await api.call('GET', `/audit?target=${held.body.id}`, { as: coordinator })).body.items;
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual([
      'tandem.approve',
      'tandem.manual_pair',
      'tandem.start',
    ]);
  });

  it("lets a coordinator turn a mediator's pair down without excluding it, and pairs at once where the programme needs no approval", async () => {
    await programme({ manualPairApproval: 'coordinator', notifyContactPerson: false });
    const v = await newVolunteer({ contact: { firstName: 'Marc', email: 'marc@people.test' } });
    const b = await newBeneficiary();
    const held = await pair(mediator, { volunteerId: v.id, beneficiaryId: b.id, reason: 'Same street.' });
    const refused = await api.call('POST', `/tandems/${held.body.id}/refuse`, {
      as: coordinator,
      body: { reason: 'Marc is starting with someone else next week.' },
    });
    expect(refused.body).toMatchObject({ status: 'declined', declined: { by: 'mediator' } });
    expect((await api.store.beneficiaries.get(org.orgId, b.id)).excludedVolunteerIds).toEqual([]);
    expect(await api.store.reservations.unitsInUse(org.orgId, [v.id])).toEqual(new Map());
    expect(await mails(v.id)).toEqual([]);

    await programme({ manualPairApproval: 'none' });
    const direct = await pair(mediator, { volunteerId: v.id, beneficiaryId: b.id, reason: 'Same street.' });
    expect(direct.status).toBe(201);
    expect(direct.body.approval).toBeUndefined();
    const [told] = await mailsOnce(v.id, 1);
    expect(told).toMatchObject({ locale: 'fr', template: 'tandem_proposed' });
    expect(told!.subject).toBe('Un tandem vous est proposé\u00a0: Mentorat');
  });

  it('says a set-aside pair is permanent, and lets only a coordinator lift the exclusion, audited', async () => {
    const v = await newVolunteer();
    const b = await newBeneficiary();
    const set = proposalSet(org.orgId, {
      programmeId: org.programmeId,
      beneficiaryId: b.id,
      proposals: [{ volunteerId: v.id }],
    });
    await api.store.proposals.publish([set], new Date(), [undefined]);
    const p = set.proposals[0]!;
    const rejected = await api.call('POST', `/proposals/${p.id}/reject`, { as: mediator, body: { reason: 'too_far' } });
    expect(rejected.body.excludedVolunteerIds).toEqual([v.id]);
    const excluded = await pair(mediator, { volunteerId: v.id, beneficiaryId: b.id, reason: 'After all.' });
    expect(excluded.body.rule).toBe('pair_excluded');
    const path = `/beneficiaries/${b.id}/exclusions/${v.id}`;
    expect((await api.call('DELETE', path, { as: mediator })).status).toBe(403);
    const lifted = await api.call('DELETE', path, { as: coordinator });
    expect(lifted.status).toBe(200);
    expect(lifted.body.excludedVolunteerIds).toEqual([]);
    expect((await api.call('DELETE', path, { as: coordinator })).body.rule).toBe('not_excluded');
    const audit = (await api.call('GET', `/audit?target=${b.id}`, { as: coordinator })).body.items;
    expect(audit.map((e: { action: string }) => e.action)).toContain('beneficiary.lift_exclusion');
    expect((await pair(mediator, { volunteerId: v.id, beneficiaryId: b.id, reason: 'After all.' })).status).toBe(201);
  });

  it('follows a mobility by stages: check-ins carry the stage, stages only go forward, figures per stage', async () => {
    await programme({ stages: true, manualPairApproval: 'none' });
    const v = await newVolunteer();
    const b = await newBeneficiary();
    const t = (await pair(coordinator, { volunteerId: v.id, beneficiaryId: b.id, reason: 'Erasmus+ in Valencia.' }))
      .body;
    expect(t.stages.map((s: { stage: string }) => s.stage)).toEqual(['before']);
    let version = (
      await api.call('POST', `/tandems/${t.id}/first-meeting`, {
        as: mediator,
        body: { outcome: 'accepted', date: today, charterSigned: true },
      })
    ).body.version;
    const checkIn = async (date: string, mood: number) =>
      (version = (
        await api.call('POST', `/tandems/${t.id}/check-ins`, {
          as: mediator,
          headers: { 'if-match': `"${version}"` },
          body: { date, who: 'beneficiary', mood },
        })
      ).body.version);
    await checkIn(today, 4);
    const during = await api.call('POST', `/tandems/${t.id}/stage`, {
      as: mediator,
      headers: { 'if-match': `"${version}"` },
      body: { stage: 'during', from: today },
    });
    expect(during.status).toBe(200);
    version = during.body.version;
    await checkIn(today, 2);
    const back = await api.call('POST', `/tandems/${t.id}/stage`, {
      as: mediator,
      body: { stage: 'before', from: '2026-11-21' },
    });
    expect(back.body.rule).toBe('stage_order');
    const tandem = await api.store.tandems.get(org.orgId, t.id);
    expect(tandem.checkIns.map((c) => c.stage)).toEqual(['before', 'during']);
    const stats = await api.call('GET', `/stats?programme=${org.programmeId}`, { as: mediator });
    expect(stats.body.stages).toEqual([
      { stage: 'before', tandems: expect.any(Number), checkIns: 1, meanMood: 4 },
      { stage: 'during', tandems: 1, checkIns: 1, meanMood: 2 },
      { stage: 'after', tandems: 0, checkIns: 0, meanMood: null },
    ]);
    await programme({ stages: false });
    expect(
      (await api.call('POST', `/tandems/${t.id}/stage`, { as: mediator, body: { stage: 'after', from: '2026-12-01' } }))
        .body.rule,
    ).toBe('no_stages');
  });

  it(`weighs support intensity against a coach's capacity under ${CONCURRENT} parallel confirms`, async () => {
    const weights = { light: 0.5, regular: 1, intensive: 2 };
    await programme({ intensity: { weights, default: 'regular' }, manualPairApproval: 'none', stages: false });
    const coach = await newVolunteer({ capacity: 2 });
    const young = await Promise.all(Array.from({ length: CONCURRENT }, () => newBeneficiary()));
    const intensities = young.map((_, i) => (['intensive', 'light', 'regular'] as const)[i % 3]!);
    const replies = await Promise.all(
      young.map((b, i) =>
        pair(coordinator, {
          volunteerId: coach.id,
          beneficiaryId: b.id,
          reason: 'Mobility coach.',
          intensity: intensities[i],
        }),
      ),
    );
    const won = replies.filter((r) => r.status === 201).map((r) => r.body);
    expect(
      replies.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.rule === 'volunteer_capacity'),
    ).toBe(true);
    const load = won.reduce((sum: number, t: { intensity: keyof typeof weights }) => sum + weights[t.intensity], 0);
    expect(load).toBeLessThanOrEqual(2);
    expect((await api.store.reservations.unitsInUse(org.orgId, [coach.id])).get(coach.id)).toBe(load * 2);
    const refused = intensities.filter((_, i) => replies[i]!.status !== 201);
    expect(refused.every((x) => weights[x] > 2 - load)).toBe(true);
    await programme({ intensity: undefined });
  });

  it('lists the volunteers just outside the rules, with the rule that excludes each', async () => {
    const b = await newBeneficiary({ place: { municipality: 'Liège', location: { lat: 50.64, lon: 5.57 } } });
    const dutch = await newVolunteer({ languages: ['nl'], contact: { firstName: 'Dutch' } });
    const reply = await api.call('GET', `/beneficiaries/${b.id}/near-misses`, { as: mediator });
    expect(reply.status).toBe(200);
    expect(reply.body.items).toContainEqual(
      expect.objectContaining({ programmeId: org.programmeId, volunteerId: dutch.id, rule: 'language' }),
    );
    expect((await api.call('GET', `/beneficiaries/${org.beneficiaryId}x/near-misses`, { as: mediator })).status).toBe(
      404,
    );
  });

  it('declines a volunteer at screening with a reason, and pauses one until a day the daily job brings them back', async () => {
    const pending = await newVolunteer({ status: 'pending_screening' });
    const declined = await api.call('POST', `/volunteers/${pending.id}/decline`, {
      as: coordinator,
      body: { reason: 'We could not reach you for the interview.' },
    });
    expect(declined.body).toMatchObject({
      status: 'declined',
      screening: { declined: { by: org.staffIds.coordinator, reason: 'We could not reach you for the interview.' } },
    });
    expect(
      (await api.call('POST', `/volunteers/${pending.id}/decline`, { as: coordinator, body: { reason: 'Again.' } }))
        .body.rule,
    ).toBe('volunteer_transition');
    const active = await newVolunteer();
    const past = await api.call('PATCH', `/volunteers/${active.id}`, {
      as: coordinator,
      body: { status: 'paused', pausedUntil: '2020-01-01' },
    });
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body)).toContain('body.pausedUntil');
    const tomorrow = dayOf(new Date(Date.now() + 86_400_000));
    const paused = await api.call('PATCH', `/volunteers/${active.id}`, {
      as: coordinator,
      body: { status: 'paused', pausedUntil: tomorrow },
    });
    expect(paused.body).toMatchObject({ status: 'paused', pausedUntil: tomorrow });
    const later = { now: () => new Date(Date.now() + 2 * 86_400_000) };
    expect(
      await new PeopleService({ store: api.store, clock: later, logger: silentLogger }).resumeDue(),
    ).toBeGreaterThanOrEqual(1);
    const back = await api.store.volunteers.get(org.orgId, active.id);
    expect(back.status).toBe('active');
    expect(back.pausedUntil).toBeUndefined();
  });
});
