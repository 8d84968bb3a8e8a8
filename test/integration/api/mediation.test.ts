/**
 * What mediators keep beside the matching, through HTTP on both stores: the organisation's
 * referral sources (kept by coordinators, chosen at intake, filtered on, counted in the
 * statistics), notes on people and tandems (signed, dated, exported and erased with the person),
 * and the lists' searches (name, need, language, referral source, waiting or in a tandem).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beneficiary, volunteer } from '../store/fixtures.js';
import { ADAPTERS, startApi, type Api, type OrgFixture, type Session } from './harness.js';

describe.each(ADAPTERS)('referral sources, notes and searches on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;
  let other: OrgFixture;
  let coordinator: Session;
  let mediator: Session;
  let admin: Session;

  beforeAll(async () => {
    api = await startApi(adapter, 'mediation');
    org = await api.organisation('med-org');
    other = await api.organisation('med-other');
    coordinator = await api.login(org.emails.coordinator);
    mediator = await api.login(org.emails.mediator);
    admin = await api.login(org.emails.admin);
  });
  afterAll(() => api?.close());

  it('keeps referral sources: coordinators add, rename and retire them, mediators read them, intake refuses unknown ones', async () => {
    const created = await api.call('POST', '/referral-sources', {
      as: coordinator,
      body: { name: { fr: 'CPAS de Liège', nl: 'OCMW Luik' } },
    });
    expect(created.status).toBe(201);
    expect(
      (await api.call('POST', '/referral-sources', { as: mediator, body: { name: { fr: 'École' } } })).status,
    ).toBe(403);
    const empty = await api.call('POST', '/referral-sources', { as: coordinator, body: { name: {} } });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('body.name');
    const school = (
      await api.call('POST', '/referral-sources', { as: admin, body: { name: { fr: 'Athénée Léonie de Waha' } } })
    ).body;
    const retired = await api.call('PATCH', `/referral-sources/${school.id}`, {
      as: coordinator,
      headers: { 'if-match': '"1"' },
      body: { status: 'retired' },
    });
    expect(retired.body).toMatchObject({ status: 'retired', version: 2 });
    const stale = await api.call('PATCH', `/referral-sources/${school.id}`, {
      as: coordinator,
      headers: { 'if-match': '"1"' },
      body: { status: 'active' },
    });
    expect(stale.status).toBe(412);
    const list = await api.call('GET', '/referral-sources', { as: mediator });
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id, school.id]);
    expect(
      (await api.call('GET', '/referral-sources', { as: await api.login(other.emails.mediator) })).body.items,
    ).toEqual([]);

    const intake = (sourceId: string) => ({
      kind: 'person',
      contact: { firstName: 'Amina' },
      members: [],
      needs: ['french'],
      languages: ['ar', 'fr'],
      availability: [],
      place: { location: { lat: 50.64, lon: 5.57 } },
      preferences: {},
      referral: { sourceId },
      programmeIds: [org.programmeId],
    });
    const ok = await api.call('POST', '/beneficiaries', { as: mediator, body: intake(created.body.id) });
    expect(ok.status).toBe(201);
    for (const bad of [school.id, 'ref_nope']) {
      const refused = await api.call('POST', '/beneficiaries', { as: mediator, body: intake(bad) });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('body.referral.sourceId');
    }
    const stats = await api.call('GET', `/stats?programme=${org.programmeId}`, { as: mediator });
    expect(stats.body.referrals).toEqual([
      { sourceId: created.body.id, referred: 1, waiting: 1, paired: 0, started: 0 },
      { sourceId: null, referred: 1, waiting: 1, paired: 0, started: 0 },
    ]);
    expect(stats.body.stages).toBeNull();
  });

  it('searches the waiting list by name, need, language and referral source, leaving out people already in a tandem', async () => {
    const source = (await api.call('GET', '/referral-sources', { as: mediator })).body.items[0].id;
    const add = (firstName: string, over: object = {}) =>
      api.store.beneficiaries.insert(
        beneficiary(org.orgId, { programmeIds: [org.programmeId], contact: { firstName }, ...over }),
      );
    const noor = await add('Noor Éléonore', { needs: ['cv_writing'], languages: ['ps', 'en'] });
    const paired = await add('Noor Paired', { needs: ['cv_writing'], referral: { sourceId: source } });
    await api.store.reservations.claimBeneficiary(org.orgId, paired.id, 'tan_held', new Date());
    const names = async (query: string) =>
      (await api.call('GET', `/beneficiaries?${query}`, { as: mediator })).body.items.map(
        (b: { contact: { firstName: string } }) => b.contact.firstName,
      );
    expect(await names('name=eleonore')).toEqual(['Noor Éléonore']);
    expect((await names('name=noor')).sort()).toEqual(['Noor Paired', 'Noor Éléonore']);
    expect(await names('name=noor&tandem=waiting')).toEqual(['Noor Éléonore']);
    expect(await names('name=noor&tandem=paired')).toEqual(['Noor Paired']);
    expect(await names('need=cv_writing&language=ps')).toEqual(['Noor Éléonore']);
    expect((await names(`referral=${source}`)).sort()).toEqual(['Amina', 'Noor Paired']);
    expect(await names(`referral=${source}&tandem=waiting`)).toEqual(['Amina']);
    expect(noor.id).toBeTruthy();
    const bad = await api.call('GET', '/beneficiaries?tandem=maybe', { as: mediator });
    expect(bad.status).toBe(400);
  });

  it('searches volunteers by name and language', async () => {
    await api.store.volunteers.insert(
      volunteer(org.orgId, { contact: { firstName: 'Jozef', lastName: 'Van Damme' }, languages: ['nl', 'fr'] }),
    );
    const found = await api.call('GET', '/volunteers?name=van%20damme&language=nl', { as: mediator });
    expect(found.body.items.map((v: { contact: { lastName: string } }) => v.contact.lastName)).toEqual(['Van Damme']);
    expect((await api.call('GET', '/volunteers?name=van%20damme&language=ar', { as: mediator })).body.total).toBe(0);
  });

  it('writes signed, dated notes on a person and a tandem, exported with the person and erased with them', async () => {
    const t = await api.call('POST', '/tandems', {
      as: coordinator,
      headers: { 'idempotency-key': 'notes-tandem-1' },
      body: {
        programmeId: org.programmeId,
        volunteerId: org.volunteerId,
        beneficiaryId: org.beneficiaryId,
        reason: 'knows_the_family',
      },
    });
    expect(t.status).toBe(201);
    const onPerson = await api.call('POST', '/notes', {
      as: mediator,
      body: { about: 'beneficiary', aboutId: org.beneficiaryId, text: 'Prefers mornings after school.' },
    });
    expect(onPerson.status).toBe(201);
    expect(onPerson.body).toMatchObject({ authorId: org.staffIds.mediator, personIds: [org.beneficiaryId] });
    const onTandem = await api.call('POST', '/notes', {
      as: coordinator,
      body: { about: 'tandem', aboutId: t.body.id, text: 'First call done.' },
    });
    expect(onTandem.body.personIds).toEqual([org.volunteerId, org.beneficiaryId]);
    expect(
      (
        await api.call('POST', '/notes', {
          as: admin,
          body: { about: 'tandem', aboutId: t.body.id, text: 'Admins do not follow people.' },
        })
      ).status,
    ).toBe(403);
    const foreign = await api.call('POST', '/notes', {
      as: mediator,
      body: { about: 'volunteer', aboutId: other.volunteerId, text: 'Not ours.' },
    });
    expect(foreign.status).toBe(404);
    expect(
      (await api.call('POST', '/notes', { as: mediator, body: { about: 'tandem', aboutId: t.body.id, text: ' ' } }))
        .status,
    ).toBe(400);
    const listed = await api.call('GET', `/notes?about=${t.body.id}`, { as: mediator });
    expect(listed.body.items.map((n: { text: string }) => n.text)).toEqual(['First call done.']);

    const exported = await api.call('GET', `/people/${org.volunteerId}/export`, { as: admin });
    expect(exported.body.notes.map((n: { id: string }) => n.id)).toEqual([onTandem.body.id]);
    const erased = await api.call('DELETE', `/people/${org.beneficiaryId}`, { as: admin });
    expect(erased.body.notes).toBe(2);
    expect((await api.call('GET', `/notes?about=${org.beneficiaryId}`, { as: mediator })).body.items).toEqual([]);
    expect((await api.call('GET', `/notes?about=${t.body.id}`, { as: mediator })).body.items).toEqual([]);
  });
});
