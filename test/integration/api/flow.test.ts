/** A mediator's working day through the HTTP API, on both stores: every route's happy path. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../../src/domain/index.js';
import { eventually, startApi, type Api, type OrgFixture, type Session, ADAPTERS } from './harness.js';
import { beneficiary } from '../store/fixtures.js';

const place = { municipality: 'Liège', postcode: '4000', location: { lat: 50.63312, lon: 5.57941 } };
const monday = [{ day: 'mon', start: '18:00', end: '20:00' }];

describe.each(ADAPTERS)('API on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;
  let coordinator: Session;
  let mediator: Session;
  let admin: Session;

  beforeAll(async () => {
    api = await startApi(adapter, 'flow');
    org = await api.organisation('flow-org');
    [coordinator, mediator, admin] = await Promise.all([
      api.login(org.emails.coordinator),
      api.login(org.emails.mediator),
      api.login(org.emails.admin),
    ]);
  });
  afterAll(() => api?.close());

  it('answers /healthz and /readyz', async () => {
    expect((await api.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await api.call('GET', '/readyz')).body).toEqual({ status: 'ok', store: 'ok', queue: 'ok' });
  });

  it('signs in, tells who the caller is, and signs out', async () => {
    const session = await api.login(org.emails.mediator);
    const me = await api.call('GET', '/me', { as: session });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { email: org.emails.mediator, role: 'mediator' },
      organisation: { id: org.orgId, slug: org.slug },
    });
    expect((await api.call('DELETE', '/session', { as: session })).status).toBe(204);
    expect((await api.call('GET', '/me', { as: session })).status).toBe(401);
  });

  it('lets staff change their own password: the current one first, other sessions signed out, this one renewed', async () => {
    const email = 'pat@flow-org.test';
    const made = await api.call('POST', '/staff', { as: admin, body: { email, name: 'Pat', role: 'mediator' } });
    expect(made.status).toBe(201);
    const first: string = made.body.password;
    const here = await api.login(email, first);
    const elsewhere = await api.login(email, first);
    const change = (as: Session, currentPassword: string, newPassword: string) =>
      api.call('POST', '/session/password', { as, body: { currentPassword, newPassword } });
    const wrong = await change(here, 'not my password', 'a new long password');
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('currentPassword');
    const short = await change(here, first, 'short');
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('newPassword');
    expect((await change(here, first, first)).status).toBe(400);
    const changed = await change(here, first, 'a new long password');
    expect(changed.status).toBe(200);
    const renewed = {
      cookie: changed.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .filter((c) => !c!.endsWith('='))
        .join('; '),
      csrf: changed.body.csrfToken,
    };
    expect((await api.call('GET', '/me', { as: renewed })).status).toBe(200);
    expect((await api.call('GET', '/me', { as: elsewhere })).status).toBe(401);
    expect((await api.call('GET', '/me', { as: here })).status).toBe(401);
    expect((await api.store.staff.findByEmail(email))!.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await api.call('POST', '/session', { body: { email, password: first } })).status).toBe(401);
    const again = await api.login(email, 'a new long password');
    expect((await api.call('GET', '/me', { as: again })).status).toBe(200);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, without Secure on plain HTTP', async () => {
    const res = await api.call('POST', '/session', {
      body: { email: org.emails.mediator, password: 'correct horse battery staple' },
    });
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses a wrong password as it refuses an unknown address, without saying which', async () => {
    const wrong = await api.call('POST', '/session', {
      body: { email: org.emails.admin, password: 'not the password' },
    });
    const unknown = await api.call('POST', '/session', {
      body: { email: 'nobody@nowhere.test', password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('makes an address wait after five failed sign-ins in a row, even with the right password', async () => {
    const email = (
      await api.call('POST', '/staff', {
        as: admin,
        body: { email: 'locked@flow-org.test', name: 'Locked Out', role: 'mediator' },
      })
    ).body;
    const password = email.password as string;
    for (let i = 0; i < 5; i++)
      expect(
        (await api.call('POST', '/session', { body: { email: 'locked@flow-org.test', password: 'wrong password!' } }))
          .status,
      ).toBe(401);
    const locked = await api.call('POST', '/session', { body: { email: 'locked@flow-org.test', password } });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('requires the CSRF token on every change by staff', async () => {
    const res = await api.call('PATCH', `/volunteers/${org.volunteerId}`, {
      as: coordinator,
      noCsrf: true,
      body: { capacity: 3 },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf');
    const forged = await api.call('PATCH', `/volunteers/${org.volunteerId}`, {
      as: coordinator,
      headers: { 'x-csrf-token': 'forged' },
      noCsrf: true,
      body: { capacity: 3 },
    });
    expect(forged.status).toBe(403);
    // Reads need none.
    expect((await api.call('GET', `/volunteers/${org.volunteerId}`, { as: coordinator, noCsrf: true })).status).toBe(
      200,
    );
  });

  it('manages staff and the organisation (admin), and keeps one admin', async () => {
    const created = await api.call('POST', '/staff', {
      as: admin,
      body: { email: 'new.mediator@flow-org.test', name: 'Nadia', role: 'mediator' },
    });
    expect(created.status).toBe(201);
    expect(created.body.user).not.toHaveProperty('passwordHash');
    expect(created.body.password).toHaveLength(20);
    await api.login('new.mediator@flow-org.test', created.body.password);
    const list = await api.call('GET', '/staff', { as: admin });
    expect(list.body.items.map((s: { email: string }) => s.email)).toContain('new.mediator@flow-org.test');
    const promoted = await api.call('PATCH', `/staff/${created.body.user.id}`, {
      as: admin,
      body: { role: 'coordinator' },
    });
    expect(promoted.body.role).toBe('coordinator');
    const demoteSelf = await api.call('PATCH', `/staff/${org.staffIds.admin}`, {
      as: admin,
      body: { role: 'mediator' },
    });
    expect(demoteSelf.status).toBe(409);
    expect(demoteSelf.body.rule).toBe('last_admin');
    const renamed = await api.call('PATCH', '/organisation', { as: admin, body: { name: 'Voisins de Flow' } });
    expect(renamed.body.name).toBe('Voisins de Flow');
    expect((await api.call('GET', '/organisation', { as: admin })).body.name).toBe('Voisins de Flow');
  });

  it('creates, reads and changes programmes, with If-Match against lost updates', async () => {
    const body = {
      slug: 'homework-help',
      kind: 'homework_help',
      name: { fr: 'Devoirs', nl: 'Huiswerk', en: 'Homework' },
      rules: { maxDistanceKm: 8, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 5 },
      expectedDurationMonths: 9,
      meetingRhythm: { minutes: 90, every: 'week' },
      lapseWindowDays: 21,
      regions: ['Liège'],
      servesMinors: true,
      status: 'open',
    };
    const created = await api.call('POST', '/programmes', { as: coordinator, body });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id;
    expect(
      (await api.call('GET', '/programmes', { as: mediator })).body.items.map((p: { id: string }) => p.id),
    ).toContain(id);
    const patched = await api.call('PATCH', `/programmes/${id}`, {
      as: coordinator,
      headers: { 'if-match': '"1"' },
      body: { lapseWindowDays: 28, rules: { ...body.rules, weights: { proximity: 2 } } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, lapseWindowDays: 28 });
    const stale = await api.call('PATCH', `/programmes/${id}`, {
      as: coordinator,
      headers: { 'if-match': '"1"' },
      body: { lapseWindowDays: 30 },
    });
    expect(stale.status).toBe(412);
    expect((await api.call('POST', '/programmes', { as: coordinator, body })).body.rule).toBe(
      'unique:programme.orgId+slug',
    );
    expect((await api.call('GET', `/programmes/${id}`, { as: mediator })).body.lapseWindowDays).toBe(28);
  });

  it('takes a public sign-up, sends the confirmation through the outbox, and confirms by the link', async () => {
    const signUp = {
      organisation: org.slug,
      programmes: [org.programmeSlug],
      locale: 'nl',
      consent: { accepted: true, textVersion: '2026-01' },
      contact: { firstName: 'Jef', lastName: 'Peeters', email: 'Jef.Peeters@People.test' },
      languages: ['nl', 'fr'],
      skills: ['dutch'],
      availability: monday,
      place,
      maxDistanceKm: 6,
    };
    const res = await api.call('POST', '/volunteers', { body: signUp });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'pending_email' });
    const [message] = await api.store.outbox.listPending(10);
    expect(message).toMatchObject({
      orgId: org.orgId,
      to: 'jef.peeters@people.test',
      locale: 'nl',
      template: 'volunteer_confirm',
      status: 'pending',
    });
    expect(message!.subject).toMatch(/Bevestig/);
    const link = /http:\/\/tandem\.test(\/api\/v1\/volunteers\/confirm\/[A-Za-z0-9_-]+)/.exec(message!.text)![1]!;
    const pending = await api.store.volunteers.get(org.orgId, message!.personId);
    expect(pending).toMatchObject({ status: 'pending_email', place: { location: { lat: 50.633, lon: 5.579 } } });
    const confirmed = await api.call('GET', link);
    expect(confirmed.body).toEqual({ status: 'pending_screening' });
    // A second opening (a mail scanner's, say) changes nothing.
    expect((await api.call('GET', link)).body).toEqual({ status: 'pending_screening' });
    expect((await api.call('GET', '/volunteers/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    // No consent, no sign-up.
    const noConsent = await api.call('POST', '/volunteers', {
      body: { ...signUp, consent: { accepted: false, textVersion: '2026-01' } },
    });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.errors.map((e: { field: string }) => e.field)).toContain('body.consent.accepted');
    // Nothing to help with, or never free: nobody could be proposed, so no sign-up either.
    const empty = await api.call('POST', '/volunteers', { body: { ...signUp, skills: [], availability: [] } });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.skills', 'body.availability']),
    );

    const screened = await api.call('POST', `/volunteers/${pending.id}/screening`, {
      as: coordinator,
      body: { interview: { date: '2026-11-20' }, training: { date: '2026-11-21' } },
    });
    expect(screened.status).toBe(200);
    expect(screened.body).toMatchObject({
      status: 'active',
      screening: { interview: { date: '2026-11-20', by: org.staffIds.coordinator } },
    });
  });

  it('lists volunteers with filters and paging, and pauses one', async () => {
    const all = await api.call('GET', `/volunteers?programme=${org.programmeId}&limit=1`, { as: mediator });
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(1);
    expect(all.body.total).toBeGreaterThanOrEqual(2);
    const bySkill = await api.call('GET', '/volunteers?skill=dutch', { as: mediator });
    expect(bySkill.body.items.map((v: { contact: { firstName: string } }) => v.contact.firstName)).toEqual(['Jef']);
    const byPlace = await api.call('GET', '/volunteers?place=liege', { as: mediator });
    expect(byPlace.body.total).toBeGreaterThanOrEqual(2);
    expect((await api.call('GET', '/volunteers?place=9999', { as: mediator })).body.total).toBe(0);
    const volunteer = bySkill.body.items[0];
    const paused = await api.call('PATCH', `/volunteers/${volunteer.id}`, {
      as: coordinator,
      body: { status: 'paused', capacity: 2 },
    });
    expect(paused.body).toMatchObject({ status: 'paused', capacity: 2 });
    // Pausing is a coordinator's move.
    const byMediator = await api.call('PATCH', `/volunteers/${volunteer.id}`, {
      as: mediator,
      body: { status: 'active' },
    });
    expect(byMediator.status).toBe(403);
    expect(
      (await api.call('PATCH', `/volunteers/${volunteer.id}`, { as: coordinator, body: { status: 'active' } })).body
        .status,
    ).toBe('active');
  });

  /** An intake of a young person, with these fields besides. */
  const intake = (extra: Record<string, unknown>) => ({
    kind: 'person',
    contact: { firstName: 'Yasmine' },
    members: [],
    needs: ['homework_help'],
    languages: ['ar'],
    availability: monday,
    place,
    preferences: {},
    programmeIds: [org.programmeId],
    ...extra,
  });
  const post = (extra: Record<string, unknown>) =>
    api.call('POST', '/beneficiaries', { as: mediator, body: intake(extra) });

  it('records on what ground an intake holds the person’s data, exported and erased with them', async () => {
    const consentAt = '2025-03-01T10:00:00.000Z';
    const consented = await post({ consent: { textVersion: 'privacy-1', at: consentAt } });
    expect(consented.status).toBe(201);
    expect(consented.body.legalBasis).toEqual({ ground: 'consent', at: consentAt });
    const unsaid = await post({});
    expect(unsaid.status).toBe(201);
    expect(unsaid.body.legalBasis).toMatchObject({ ground: 'legitimate_interest' });
    const mandated = await post({ legalBasis: { ground: 'public_task', at: '2025-02-01T09:00:00.000Z' } });
    expect(mandated.status).toBe(201);
    expect(mandated.body.legalBasis).toEqual({ ground: 'public_task', at: '2025-02-01T09:00:00.000Z' });
    const noConsent = await post({ legalBasis: { ground: 'consent', at: consentAt } });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.errors[0].field).toBe('body.consent');
    const unknown = await post({ legalBasis: { ground: 'because', at: consentAt } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('body.legalBasis.ground');
    const future = await post({ legalBasis: { ground: 'contract', at: '2999-01-01T00:00:00.000Z' } });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('body.legalBasis.at');
    const exported = await api.call('GET', `/people/${mandated.body.id}/export`, { as: coordinator });
    expect(exported.body.record.legalBasis).toEqual({ ground: 'public_task', at: '2025-02-01T09:00:00.000Z' });
    for (const made of [consented, unsaid, mandated])
      expect((await api.call('DELETE', `/people/${made.body.id}`, { as: coordinator })).status).toBe(200);
    expect((await api.call('GET', `/beneficiaries/${mandated.body.id}`, { as: mediator })).status).toBe(404);
  });

  it('keeps the date of a consent basis once, in the consent: a new consent moves it, another date for it is refused', async () => {
    const consentAt = '2025-03-01T10:00:00.000Z';
    const consent = { textVersion: 'privacy-1', at: consentAt };
    const made = await post({ consent, legalBasis: { ground: 'consent', at: consentAt } });
    expect(made.status).toBe(201);
    expect(made.body.legalBasis).toEqual({ ground: 'consent', at: consentAt });
    expect((await api.store.beneficiaries.get(org.orgId, made.body.id)).legalBasis).toEqual({ ground: 'consent' });
    const renewedAt = '2026-01-05T09:30:00.000Z';
    const renewed = await api.call('PATCH', `/beneficiaries/${made.body.id}`, {
      as: mediator,
      headers: { 'if-match': '"1"' },
      body: { consent: { textVersion: 'privacy-2', at: renewedAt } },
    });
    expect(renewed.body.legalBasis).toEqual({ ground: 'consent', at: renewedAt });
    const exported = await api.call('GET', `/people/${made.body.id}/export`, { as: coordinator });
    expect(exported.body.record.legalBasis).toEqual({ ground: 'consent', at: renewedAt });
    const other = await post({ consent, legalBasis: { ground: 'consent', at: '2025-02-01T10:00:00.000Z' } });
    expect(other.status).toBe(400);
    expect(other.body.errors[0].field).toBe('body.legalBasis.at');
    // A record stored with the date twice shows the consent's.
    const stored = await api.store.beneficiaries.insert(
      beneficiary(org.orgId, {
        programmeIds: [org.programmeId],
        consent: { textVersion: 'privacy-2', at: renewedAt },
        legalBasis: { ground: 'consent', at: consentAt },
      }),
    );
    const shown = await api.call('GET', `/beneficiaries/${stored.id}`, { as: mediator });
    expect(shown.body.legalBasis).toEqual({ ground: 'consent', at: renewedAt });
  });

  it('takes a beneficiary intake and lists the longest waiting first', async () => {
    const intake = {
      kind: 'household',
      groupName: 'Famille Hamdan',
      contact: { firstName: 'Samira', phone: '+32 470 12 34 56' },
      members: [{ firstName: 'Omar', age: 11, languages: ['ar'] }],
      needs: ['homework_help'],
      languages: ['ar', 'fr'],
      availability: monday,
      place,
      age: 11,
      waitingSince: '2025-01-15',
      preferences: {},
      programmeIds: [org.programmeId],
    };
    const created = await api.call('POST', '/beneficiaries', { as: mediator, body: intake });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'active',
      mediatorId: org.staffIds.mediator,
      excludedVolunteerIds: [],
    });
    const list = await api.call('GET', '/beneficiaries', { as: mediator });
    expect(list.body.items[0].id).toBe(created.body.id);
    const patched = await api.call('PATCH', `/beneficiaries/${created.body.id}`, {
      as: mediator,
      body: { needs: ['homework_help', 'french'] },
    });
    expect(patched.body.needs).toEqual(['homework_help', 'french']);
    const broken = await api.call('PATCH', `/beneficiaries/${created.body.id}`, {
      as: mediator,
      body: { members: [] },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].field).toBe('body.members');
    expect((await api.call('GET', `/beneficiaries/${created.body.id}`, { as: mediator })).body.needs).toEqual([
      'homework_help',
      'french',
    ]);
  });

  it("runs a match run in the background and serves ranked proposals in the caller's language, the plan, and rejections", async () => {
    const queued = await api.call('POST', `/programmes/${org.programmeId}/match-runs`, { as: coordinator });
    expect(queued.status).toBe(202);
    expect(queued.headers.get('location')).toBe(`/api/v1/match-runs/${queued.body.id}`);
    const run = await eventually(
      () => api.call('GET', `/match-runs/${queued.body.id}`, { as: mediator }),
      (r) => r.body.status === 'done' || r.body.status === 'failed',
    );
    expect(run.body).toMatchObject({ status: 'done', counts: { volunteers: expect.any(Number) } });
    expect(run.body.counts.proposals).toBeGreaterThan(0);

    const fr = await api.call('GET', `/beneficiaries/${org.beneficiaryId}/proposals`, { as: mediator });
    const nl = await api.call('GET', `/beneficiaries/${org.beneficiaryId}/proposals`, {
      as: mediator,
      headers: { 'accept-language': 'en;q=0.5, nl-BE;q=0.9' },
    });
    expect(fr.body.language).toBe('fr');
    expect(nl.body.language).toBe('nl');
    expect(nl.headers.get('content-language')).toBe('nl');
    expect(fr.body.items.length).toBeGreaterThan(0);
    expect(fr.body.items[0]).toMatchObject({
      rank: 1,
      breakdown: { proximity: expect.any(Number) },
      volunteerId: expect.any(String),
    });
    expect(fr.body.items[0].explanation).not.toBe(nl.body.items[0].explanation);

    const plan = await api.call('GET', `/programmes/${org.programmeId}/plan`, {
      as: mediator,
      headers: { 'accept-language': 'en' },
    });
    expect(plan.status).toBe(200);
    expect(plan.body.pairs.length).toBeGreaterThan(0);
    expect(plan.body.language).toBe('en');

    const rejected = fr.body.items[0];
    const after = await api.call('POST', `/proposals/${rejected.id}/reject`, {
      as: mediator,
      body: { reason: 'volunteer_unavailable' },
    });
    expect(after.status).toBe(200);
    expect(after.body.excludedVolunteerIds).toContain(rejected.volunteerId);
    await api.queue.idle();
    const again = await api.call('GET', `/beneficiaries/${org.beneficiaryId}/proposals`, { as: mediator });
    expect(again.body.items.map((p: { volunteerId: string }) => p.volunteerId)).not.toContain(rejected.volunteerId);
  });

  it('explains why a beneficiary nobody can take has no proposal', async () => {
    const far = await api.call('POST', '/beneficiaries', {
      as: mediator,
      body: {
        kind: 'person',
        contact: { firstName: 'Far' },
        members: [],
        needs: [],
        languages: ['ti'],
        availability: monday,
        place: { location: { lat: 51.2, lon: 4.4 } },
        preferences: {},
        programmeIds: [org.programmeId],
      },
    });
    await api.queue.idle();
    const res = await api.call('GET', `/beneficiaries/${far.body.id}/proposals`, {
      as: mediator,
      headers: { 'accept-language': 'en' },
    });
    expect(res.body.items).toEqual([]);
    expect(res.body.unmatched[0]).toMatchObject({ programmeId: org.programmeId, nearby: 0 });
    expect(res.body.unmatched[0].explanation).toMatch(/no volunteer within/);
  });

  it('confirms a tandem once per Idempotency-Key, refuses a second open tandem, and follows it to its end', async () => {
    const beneficiaryId = (
      await api.call('POST', '/beneficiaries', {
        as: mediator,
        body: {
          kind: 'person',
          contact: { firstName: 'Amina' },
          members: [],
          needs: ['job_search'],
          languages: ['fr'],
          availability: monday,
          place,
          preferences: {},
          programmeIds: [org.programmeId],
        },
      })
    ).body.id;
    await api.queue.idle();
    const [best] = (await api.call('GET', `/beneficiaries/${beneficiaryId}/proposals`, { as: mediator })).body.items;
    const pair = { programmeId: org.programmeId, volunteerId: best.volunteerId, beneficiaryId, proposalId: best.id };
    const key = { 'idempotency-key': `confirm-${beneficiaryId}` };

    const first = await api.call('POST', '/tandems', { as: mediator, headers: key, body: pair });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'proposed', proposalId: best.id, proposedBy: org.staffIds.mediator });
    const replay = await api.call('POST', '/tandems', { as: mediator, headers: key, body: pair });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const reused = await api.call('POST', '/tandems', {
      as: mediator,
      headers: key,
      body: { ...pair, beneficiaryId: org.beneficiaryId },
    });
    expect(reused.status).toBe(409);
    expect(reused.body.rule).toBe('idempotency_key_reused');
    const second = await api.call('POST', '/tandems', {
      as: mediator,
      headers: { 'idempotency-key': `another-${beneficiaryId}` },
      body: pair,
    });
    expect(second.status).toBe(409);
    expect(second.body.rule).toBe('beneficiary_open_tandem');
    expect((await api.call('POST', '/tandems', { as: mediator, body: pair })).body.errors[0].field).toBe(
      'header.idempotency-key',
    );

    const id = first.body.id;
    // Meetings and check-ins happen on or before today, never before the proposal.
    const today = dayOf(new Date());
    const started = await api.call('POST', `/tandems/${id}/first-meeting`, {
      as: mediator,
      body: { outcome: 'accepted', date: today, charterSigned: true },
    });
    expect(started.body).toMatchObject({
      status: 'active',
      firstMeeting: { date: today, charterSigned: true },
      lastContactOn: today,
    });
    const checked = await api.call('POST', `/tandems/${id}/check-ins`, {
      as: mediator,
      body: { date: today, who: 'volunteer', mood: 4, note: 'Went to the library together.' },
    });
    expect(checked.status).toBe(201);
    expect(checked.body.checkIns).toHaveLength(1);
    expect(checked.body.lastContactOn).toBe(today);
    const active = await api.call('GET', `/tandems?status=active&programme=${org.programmeId}`, { as: mediator });
    expect(active.body.items.map((t: { id: string }) => t.id)).toContain(id);
    // Its last contact is in the future of the lapse window: a lapse-window listing sees it once it nears.
    const lapsing = await api.call('GET', '/tandems?lapsingSoon=true', { as: mediator });
    expect(lapsing.status).toBe(200);
    expect((await api.call('GET', `/tandems/${id}`, { as: mediator })).body.checkIns[0].recordedBy).toBe(
      org.staffIds.mediator,
    );
    const closed = await api.call('POST', `/tandems/${id}/close`, {
      as: mediator,
      body: { outcome: 'found_work', note: 'Hired as an apprentice.' },
    });
    expect(closed.body).toMatchObject({ status: 'closed', closed: { outcome: 'found_work' } });
    expect(
      (await api.call('POST', `/tandems/${id}/close`, { as: mediator, body: { outcome: 'other' } })).body.rule,
    ).toBe('tandem_transition');
  });

  it('records a declined first meeting: the pair is excluded and the slot freed', async () => {
    const v = await api.store.volunteers.get(org.orgId, org.volunteerId);
    const res = await api.call('POST', '/tandems', {
      as: coordinator,
      headers: { 'idempotency-key': `manual-${org.beneficiaryId}` },
      body: {
        programmeId: org.programmeId,
        volunteerId: v.id,
        beneficiaryId: org.beneficiaryId,
        reason: 'known_to_each_other',
      },
    });
    // The beneficiary had this volunteer excluded by the rejection above: a rule says no.
    expect(res.status).toBe(409);
    expect(res.body.rule).toBe('pair_excluded');
    const otherVolunteer = (await api.call('GET', `/volunteers?skill=dutch`, { as: mediator })).body.items[0].id;
    const far = (await api.call('GET', '/beneficiaries?sort=newest&limit=200', { as: mediator })).body.items.find(
      (b: { contact: { firstName: string } }) => b.contact.firstName === 'Far',
    );
    // A mediator may pair by hand too, with a reason; here a coordinator approves it first, and turns it down.
    const p = await api.store.programmes.get(org.orgId, org.programmeId);
    await api.store.programmes.update(org.orgId, p.id, p.version, { manualPairApproval: 'coordinator' }, new Date());
    const unproposed = await api.call('POST', '/tandems', {
      as: mediator,
      headers: { 'idempotency-key': `manual-m-${far.id}` },
      body: {
        programmeId: org.programmeId,
        volunteerId: otherVolunteer,
        beneficiaryId: far.id,
        reason: 'They know each other from the football club.',
      },
    });
    expect(unproposed.status).toBe(201);
    expect(unproposed.body.approval).toEqual({ status: 'pending' });
    const turnedDown = await api.call('POST', `/tandems/${unproposed.body.id}/refuse`, {
      as: coordinator,
      body: { reason: 'Too close to the family.' },
    });
    expect(turnedDown.body.status).toBe('declined');
    const tandem = (
      await api.call('POST', '/tandems', {
        as: coordinator,
        headers: { 'idempotency-key': `manual-c-${far.id}` },
        body: {
          programmeId: org.programmeId,
          volunteerId: otherVolunteer,
          beneficiaryId: far.id,
          reason: 'known_to_each_other',
        },
      })
    ).body;
    expect(tandem.status).toBe('proposed');
    const declined = await api.call('POST', `/tandems/${tandem.id}/first-meeting`, {
      as: mediator,
      body: {
        outcome: 'declined',
        date: dayOf(new Date()),
        by: 'beneficiary',
        reason: 'Prefers someone closer to school.',
      },
    });
    expect(declined.body).toMatchObject({ status: 'declined', declined: { by: 'beneficiary' } });
    expect((await api.store.beneficiaries.get(org.orgId, far.id)).excludedVolunteerIds).toContain(otherVolunteer);
    expect((await api.store.reservations.openTandems(org.orgId, [far.id])).size).toBe(0);
  });

  it('reports figures and the audit trail', async () => {
    const stats = await api.call('GET', `/stats?programme=${org.programmeId}`, { as: mediator });
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      programmeId: org.programmeId,
      tandems: { closed: 1, declined: 2 },
      outcomes: { found_work: 1 },
    });
    expect(stats.body.waiting.beneficiaries).toBeGreaterThan(0);
    expect(stats.body.waiting.medianWaitDays).toBeGreaterThan(0);
    expect(Object.keys(stats.body.endured)).toEqual(['3', '6', '12']);
    const audit = await api.call('GET', `/audit?target=${org.beneficiaryId}`, { as: coordinator });
    expect(audit.status).toBe(200);
    const all = await api.call('GET', '/audit?limit=200', { as: coordinator });
    const actions = new Set(all.body.items.map((e: { action: string }) => e.action));
    for (const a of [
      'staff.sign_in',
      'volunteer.sign_up',
      'tandem.confirm',
      'tandem.manual_pair',
      'proposal.reject',
      'programme.create',
    ])
      expect(actions).toContain(a);
  });

  it('exports and erases a person (GDPR), messages included', async () => {
    const [message] = await api.store.outbox.listPending(10);
    const personId = message!.personId;
    const exported = await api.call('GET', `/people/${personId}/export`, { as: coordinator });
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ personId, kind: 'volunteer' });
    expect(exported.body.emails.map((m: { id: string }) => m.id)).toContain(message!.id);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    const erased = await api.call('DELETE', `/people/${personId}`, { as: coordinator });
    expect(erased.status).toBe(200);
    expect(erased.body.kind).toBe('volunteer');
    expect(await api.store.outbox.find(org.orgId, message!.id)).toBeNull();
    expect((await api.call('GET', `/volunteers/${personId}`, { as: mediator })).status).toBe(404);
  });

  it("answers problems as application/problem+json in the caller's language", async () => {
    const missing = await api.call('GET', '/volunteers/vol_nope', {
      as: mediator,
      headers: { 'accept-language': 'nl' },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.body).toMatchObject({
      status: 404,
      code: 'not_found',
      title: 'Niet gevonden',
      instance: '/api/v1/volunteers/vol_nope',
    });
    const noRoute = await api.call('GET', '/nowhere', { as: mediator });
    expect(noRoute.status).toBe(404);
    const malformed = await api.call('POST', '/session', {
      body: '{"email": "x@y.z", ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toEqual({ field: 'body', message: 'must be a JSON document' });
    const notJson = await api.call('POST', '/session', {
      body: 'email=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.status).toBe(415);
    const huge = await api.call('POST', '/beneficiaries', { as: mediator, body: { note: 'x'.repeat(300_000) } });
    expect(huge.status).toBe(413);
    const badQuery = await api.call('GET', '/volunteers?limit=5000', { as: mediator });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors[0].field).toBe('query.limit');
    expect(JSON.stringify(badQuery.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('serves the OpenAPI document and Swagger UI from the package', async () => {
    expect((await api.call('GET', '/api/v1/openapi.json')).body.openapi).toBe('3.1.0');
    const ui = await api.call('GET', '/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.body).toMatch(/swagger-ui/);
  });

  it("sends helmet's headers and a request id", async () => {
    const res = await api.call('GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps personal data and secrets out of the logs', async () => {
    const text = api.logs.join('\n');
    expect(api.logs.length).toBeGreaterThan(10);
    for (const secret of [
      'Jef',
      'Peeters',
      'people.test',
      'Samira',
      'Hamdan',
      '+32 470',
      org.marker,
      'correct horse',
      'tandem_session=',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('/volunteers/confirm/[token]');
  });

  it('met no fault along the way: every refusal above was a 4xx', () => {
    expect(api.logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });

  it('keeps one record for an address signed up twice, even at once, and tells that address by e-mail only', async () => {
    const email = 'twice@people.test';
    const body = {
      organisation: org.slug,
      programmes: [org.programmeSlug],
      locale: 'fr',
      consent: { accepted: true, textVersion: '2026-01' },
      contact: { firstName: 'Inès', email },
      languages: ['fr'],
      skills: ['job_search'],
      availability: monday,
      place,
      maxDistanceKm: 5,
    };
    const answers = await Promise.all([1, 2, 3, 4].map(() => api.call('POST', '/volunteers', { body })));
    expect(answers.map((a) => [a.status, a.body])).toEqual(answers.map(() => [202, { status: 'pending_email' }]));
    const records = async () =>
      (await api.store.volunteers.list(org.orgId, {}, { limit: 1000 })).filter((v) => v.contact.email === email);
    expect(await records()).toHaveLength(1);
    const mails = async () => (await api.store.outbox.listPending(1000)).filter((m) => m.to === email);
    const [first] = await mails();
    const link = /http:\/\/tandem\.test(\/api\/v1\/volunteers\/confirm\/[A-Za-z0-9_-]+)/.exec(first!.text)![1]!;
    expect((await api.call('GET', link)).body).toEqual({ status: 'pending_screening' });
    const again = await api.call('POST', '/volunteers', {
      body: { ...body, contact: { firstName: 'Inès', email: 'Twice@People.test' } },
    });
    expect([again.status, again.body]).toEqual([202, { status: 'pending_email' }]);
    expect(await records()).toHaveLength(1);
    const told = (await mails()).find((m) => m.template === 'volunteer_already')!;
    expect(told.subject).toMatch(/déjà inscrit/);
  });
});
