/**
 * Bad input for every route that takes a body, on both stores: always a 400 problem naming the
 * field, never a 5xx. Routes are taken from the route table, so a new one is covered at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRoute } from '../../../src/http/route.js';
import { ROUTES } from '../../../src/api/routes/index.js';
import type { Role } from '../../../src/domain/index.js';
import { proposalSet, referralSource, tandem } from '../store/fixtures.js';
import { ADAPTERS, startApi, type Api, type OrgFixture, type Session } from './harness.js';

const withBody = ROUTES.filter((r) => r.body);
const withQuery = ROUTES.filter((r) => r.query);

describe.each(ADAPTERS)('bad input on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;
  const sessions = {} as Record<Role, Session>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    api = await startApi(adapter, 'badinput');
    org = await api.organisation('bad-input');
    for (const role of ['admin', 'coordinator', 'mediator'] as const)
      sessions[role] = await api.login(org.emails[role]);
    const set = proposalSet(org.orgId, {
      programmeId: org.programmeId,
      beneficiaryId: org.beneficiaryId,
      proposals: [{ volunteerId: org.volunteerId }],
    });
    await api.store.proposals.publish([set], new Date(), [undefined]);
    const p = set.proposals[0]!;
    const t = await api.store.tandems.insert(
      tandem(org.orgId, {
        programmeId: org.programmeId,
        volunteerId: org.volunteerId,
        beneficiaryId: org.beneficiaryId,
      }),
    );
    ids = {
      staff: org.staffIds.mediator,
      programmes: org.programmeId,
      volunteers: org.volunteerId,
      beneficiaries: org.beneficiaryId,
      proposals: p.id,
      tandems: t.id,
      'referral-sources': (await api.store.referralSources.insert(referralSource(org.orgId))).id,
    };
  });
  afterAll(() => api?.close());

  /** The route's path with ids of the caller's own organisation, and a caller it admits. */
  const target = (r: AnyRoute) => ({
    path: r.path.replace(/\/([\w-]+)\/\{id\}/, (_, kind: string) => `/${kind}/${ids[kind]}`),
    as: r.access === 'public' ? undefined : sessions[r.access[0]!],
    headers: { 'idempotency-key': `bad-input-${Math.random().toString(36).slice(2)}` },
  });

  it.each(withBody.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s: an unknown field is named',
    async (_, route) => {
      const { path, as, headers } = target(route);
      const res = await api.call(route.method.toUpperCase(), path, {
        ...(as && { as }),
        headers,
        body: { unexpectedField: 1 },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation');
      expect(res.body.errors.length).toBeGreaterThan(0);
      for (const e of res.body.errors) expect(e.field).toMatch(/^body(\.|\[|$)/);
    },
  );

  it.each(withBody.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s: a body of the wrong type is refused',
    async (_, route) => {
      const { path, as, headers } = target(route);
      for (const body of [[], 'text', 42, null]) {
        const res = await api.call(route.method.toUpperCase(), path, {
          ...(as && { as }),
          headers,
          body: JSON.stringify(body),
        });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.errors[0].field).toMatch(/^body/);
      }
    },
  );

  it.each(withBody.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s: a NUL byte or a lone surrogate in any text is named',
    async (_, route) => {
      const { path, as, headers } = target(route);
      for (const text of ['a\\u0000b', 'a\\udc00b']) {
        const res = await api.call(route.method.toUpperCase(), path, {
          ...(as && { as }),
          headers,
          body: `{"anyField":["ok","${text}"]}`,
        });
        expect(res.status, text).toBe(400);
        expect(res.body.errors).toEqual([
          { field: 'body.anyField[1]', message: 'must not contain NUL bytes or lone surrogates' },
        ]);
      }
    },
  );

  it.each(withQuery.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s: a NUL byte in a query parameter is named',
    async (_, route) => {
      const { path, as } = target(route);
      const name = Object.keys((route.query as unknown as { shape: object }).shape)[0]!;
      const res = await api.call(route.method.toUpperCase(), `${path}?${name}=a%00b`, { ...(as && { as }) });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: `query.${name}`, message: 'must not contain NUL bytes or lone surrogates' },
      ]);
    },
  );

  it('names nested fields and every failing one at once', async () => {
    const res = await api.call('POST', '/beneficiaries', {
      as: sessions.mediator,
      body: {
        kind: 'person',
        contact: { firstName: '' },
        members: [],
        needs: ['Not A Skill'],
        languages: [],
        availability: [{ day: 'mon', start: '20:00', end: '18:00' }],
        place: { location: { lat: 95, lon: 5 } },
        preferences: {},
        programmeIds: [org.programmeId],
      },
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body.contact.firstName',
        'body.needs[0]',
        'body.languages',
        'body.availability[0].end',
        'body.place.location.lat',
      ]),
    );
  });

  it('met no fault: no 5xx was logged', () => {
    expect(api.logs.filter((line) => JSON.parse(line).level >= 50)).toEqual([]);
  });
});
