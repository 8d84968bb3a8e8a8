/**
 * What trying tandem from outside broke (issue 10), each held by a test that failed before the
 * fix: on the embedded store, through HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programme } from '../store/fixtures.js';
import { startApi, type Api, type OrgFixture, type Session } from './harness.js';

describe('regressions found from outside', () => {
  let api: Api;
  let org: OrgFixture;
  let coordinator: Session;

  beforeAll(async () => {
    api = await startApi('embedded', 'regressions');
    org = await api.organisation('regressions');
    coordinator = await api.login(org.emails.coordinator);
  });
  afterAll(() => api?.close());

  it('answers 400 naming the need to an intake with a need the programme does not list, and documents the 400', async () => {
    const listed = await api.store.programmes.insert(
      programme(org.orgId, { slug: 'besoins-listes', needs: ['job_search', 'admin_paperwork'] }),
    );
    const res = await api.call('POST', '/beneficiaries', {
      as: coordinator,
      body: {
        kind: 'person',
        contact: { firstName: 'Amina' },
        members: [],
        needs: ['job_search', 'driving'],
        languages: ['fr'],
        availability: [],
        place: { location: { lat: 50.64, lon: 5.57 } },
        preferences: {},
        programmeIds: [listed.id],
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ field: 'body.needs[1]', message: expect.stringMatching(/programme answers/) }]);
    expect(await api.store.beneficiaries.count(org.orgId, { programmeIds: listed.id })).toBe(0);
    const doc = await api.call('GET', '/api/v1/openapi.json');
    for (const [path, method] of [
      ['/api/v1/beneficiaries', 'post'],
      ['/api/v1/beneficiaries/{id}', 'patch'],
    ] as const)
      expect(Object.keys(doc.body.paths[path][method].responses)).toContain('400');
  });

  it('reports the e-mails an erasure removed (DELETE /people/{id}), not 0', async () => {
    const at = new Date().toISOString();
    for (const n of [1, 2])
      await api.store.outbox.add({
        id: `msg_erase_${n}`,
        orgId: org.orgId,
        personId: org.volunteerId,
        to: 'someone@example.org',
        locale: 'fr',
        subject: 'Bonjour',
        text: 'Un message.',
        status: 'pending',
        attempts: 0,
        template: 'test',
        createdAt: at,
      } as never);
    const erased = await api.call('DELETE', `/people/${org.volunteerId}`, { as: coordinator });
    expect(erased.status).toBe(200);
    expect(erased.body.messages).toBe(2);
  });

  it('answers 400 to a path whose percent-encoding does not decode, in the API and the pages, logging no fault', async () => {
    const before = api.logs.length;
    const problem = await api.call('GET', '/volunteers/%zz', { as: coordinator });
    expect(problem.status).toBe(400);
    expect(problem.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(problem.body.errors[0].field).toBe('path');
    const page = await fetch(`${api.url}/app/tandems/%E0%A4%A`, { headers: { cookie: coordinator.cookie } });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(api.logs.slice(before).join('\n')).not.toMatch(/URIError|"level":50/);
  });

  it('keeps a coordinator from erasing an admin, and everyone from erasing or demoting the last admin', async () => {
    const adminId = org.staffIds.admin;
    const byCoordinator = await api.call('DELETE', `/people/${adminId}`, { as: coordinator });
    expect(byCoordinator.status).toBe(403);
    const admin = await api.login(org.emails.admin);
    const byAdmin = await api.call('DELETE', `/people/${adminId}`, { as: admin });
    expect(byAdmin.status).toBe(409);
    expect(byAdmin.body.rule).toBe('last_admin');
    const demoted = await api.call('PATCH', `/staff/${adminId}`, { as: admin, body: { role: 'coordinator' } });
    expect(demoted.status).toBe(409);
    expect(await api.store.staff.get(org.orgId, adminId)).toMatchObject({ role: 'admin', status: 'active' });
  });

  it('keeps every number within bounds, refuses NUL bytes and lone surrogates, an empty PATCH and a mediator of another organisation', async () => {
    const other = await api.organisation('regressions-other');
    const huge = await api.call('PATCH', `/programmes/${org.programmeId}`, {
      as: coordinator,
      body: { rules: { maxDistanceKm: 1e308, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 5 } },
    });
    expect(huge.status).toBe(400);
    expect(huge.body.errors.map((e: { field: string }) => e.field)).toContain('body.rules.maxDistanceKm');
    const weights = await api.call('PATCH', `/programmes/${org.programmeId}`, {
      as: coordinator,
      body: {
        rules: {
          maxDistanceKm: 10,
          minOverlapMinutes: 60,
          requireCommonLanguage: true,
          topK: 5,
          weights: { proximity: 1e308 },
        },
      },
    });
    expect(weights.status).toBe(400);
    expect(weights.body.errors[0].field).toBe('body.rules.weights.proximity');
    for (const firstName of ['Ann\\u0000a', 'Ann\\ud800a']) {
      const bad = await api.call('PATCH', `/beneficiaries/${org.beneficiaryId}`, {
        as: coordinator,
        body: `{"contact":{"firstName":"${firstName}"}}`,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('body.contact.firstName');
    }
    const empty = await api.call('PATCH', `/beneficiaries/${org.beneficiaryId}`, { as: coordinator, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('body');
    const foreign = await api.call('PATCH', `/beneficiaries/${org.beneficiaryId}`, {
      as: coordinator,
      body: { mediatorId: other.staffIds.mediator },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('body.mediatorId');
  });
});
