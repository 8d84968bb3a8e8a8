/**
 * The authorisation matrix: every staff route of the route table, called by nobody and by each
 * role of organisation A, aimed at organisation B's records. Nobody gets 401; a role the route
 * does not admit gets 403; a role it admits gets 404 for B's records, and where a route names no
 * record of B, an answer holding nothing of B. A route without a sample here fails the test, so
 * a new route cannot escape the matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src/api/routes/index.js';
import type { AnyRoute } from '../../../src/http/route.js';
import type { Role } from '../../../src/domain/index.js';
import { matchRun, proposalSet, referralSource, tandem } from '../store/fixtures.js';
import { ADAPTERS, PASSWORD, STAFF_ROLES, startApi, type Api, type OrgFixture, type Session } from './harness.js';

interface Target extends OrgFixture {
  referralSourceId: string;
  proposalId: string;
  tandemId: string;
  runId: string;
}

interface Sample {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The request names a record of B: an admitted role must get 404. */
  foreign: boolean;
}

const firstMeeting = { outcome: 'accepted', date: '2026-11-25', charterSigned: true };

/** One request per route, aimed at B. */
const SAMPLES: Record<string, (b: Target) => Sample> = {
  'DELETE /session': () => ({ path: '/session', foreign: false }),
  'POST /session/password': () => ({
    path: '/session/password',
    body: { currentPassword: PASSWORD, newPassword: 'another long password' },
    foreign: false,
  }),
  'GET /me': () => ({ path: '/me', foreign: false }),
  'GET /staff': () => ({ path: '/staff', foreign: false }),
  'POST /staff': () => ({
    path: '/staff',
    body: { email: `m${Math.random().toString(36).slice(2)}@a.test`, name: 'New', role: 'mediator' },
    foreign: false,
  }),
  'PATCH /staff/{id}': (b) => ({ path: `/staff/${b.staffIds.mediator}`, body: { name: 'Renamed' }, foreign: true }),
  'GET /organisation': () => ({ path: '/organisation', foreign: false }),
  'PATCH /organisation': () => ({ path: '/organisation', body: { name: 'Org A' }, foreign: false }),
  'GET /programmes': () => ({ path: '/programmes', foreign: false }),
  'POST /programmes': () => ({
    path: '/programmes',
    body: {
      slug: `p-${Math.random().toString(36).slice(2, 10)}`,
      kind: 'mentoring',
      name: { fr: 'P', nl: 'P', en: 'P' },
      rules: { maxDistanceKm: 5, minOverlapMinutes: 60, requireCommonLanguage: true, topK: 3 },
      expectedDurationMonths: 6,
      meetingRhythm: { minutes: 60, every: 'week' },
      lapseWindowDays: 30,
      regions: ['Liège'],
      servesMinors: false,
      status: 'open',
    },
    foreign: false,
  }),
  'GET /programmes/{id}': (b) => ({ path: `/programmes/${b.programmeId}`, foreign: true }),
  'PATCH /programmes/{id}': (b) => ({
    path: `/programmes/${b.programmeId}`,
    body: { lapseWindowDays: 10 },
    foreign: true,
  }),
  'GET /programmes/{id}/suggested-weights': (b) => ({
    path: `/programmes/${b.programmeId}/suggested-weights`,
    foreign: true,
  }),
  'POST /programmes/{id}/suggested-weights/adopt': (b) => ({
    path: `/programmes/${b.programmeId}/suggested-weights/adopt`,
    body: { weights: { proximity: 1, skills: 1, availability: 1, language: 1, waiting: 1 } },
    foreign: true,
  }),
  'GET /volunteers': (b) => ({ path: `/volunteers?programme=${b.programmeId}`, foreign: false }),
  'GET /volunteers/{id}': (b) => ({ path: `/volunteers/${b.volunteerId}`, foreign: true }),
  'PATCH /volunteers/{id}': (b) => ({ path: `/volunteers/${b.volunteerId}`, body: { capacity: 5 }, foreign: true }),
  'POST /volunteers/{id}/screening': (b) => ({
    path: `/volunteers/${b.volunteerId}/screening`,
    body: { training: { date: '2026-11-01' } },
    foreign: true,
  }),
  'POST /beneficiaries': (b) => ({
    path: '/beneficiaries',
    body: {
      kind: 'person',
      contact: { firstName: 'X' },
      members: [],
      needs: [],
      languages: ['fr'],
      availability: [],
      place: { location: { lat: 50.6, lon: 5.5 } },
      preferences: {},
      programmeIds: [b.programmeId],
    },
    foreign: true,
  }),
  'GET /beneficiaries': (b) => ({ path: `/beneficiaries?programme=${b.programmeId}`, foreign: false }),
  'GET /beneficiaries/{id}': (b) => ({ path: `/beneficiaries/${b.beneficiaryId}`, foreign: true }),
  'PATCH /beneficiaries/{id}': (b) => ({
    path: `/beneficiaries/${b.beneficiaryId}`,
    body: { needs: ['french'] },
    foreign: true,
  }),
  'GET /beneficiaries/{id}/proposals': (b) => ({ path: `/beneficiaries/${b.beneficiaryId}/proposals`, foreign: true }),
  'GET /programmes/{id}/plan': (b) => ({ path: `/programmes/${b.programmeId}/plan`, foreign: true }),
  'POST /proposals/{id}/reject': (b) => ({
    path: `/proposals/${b.proposalId}/reject`,
    body: { reason: 'not_suitable' },
    foreign: true,
  }),
  'POST /tandems': (b) => ({
    path: '/tandems',
    headers: { 'idempotency-key': `matrix-${Math.random().toString(36).slice(2)}` },
    body: { programmeId: b.programmeId, volunteerId: b.volunteerId, beneficiaryId: b.beneficiaryId, reason: 'test' },
    foreign: true,
  }),
  'GET /tandems': (b) => ({ path: `/tandems?programme=${b.programmeId}&volunteer=${b.volunteerId}`, foreign: false }),
  'GET /tandems/{id}': (b) => ({ path: `/tandems/${b.tandemId}`, foreign: true }),
  'POST /tandems/{id}/first-meeting': (b) => ({
    path: `/tandems/${b.tandemId}/first-meeting`,
    body: firstMeeting,
    foreign: true,
  }),
  'POST /tandems/{id}/check-ins': (b) => ({
    path: `/tandems/${b.tandemId}/check-ins`,
    body: { date: '2026-11-30', who: 'volunteer', mood: 3 },
    foreign: true,
  }),
  'POST /tandems/{id}/close': (b) => ({
    path: `/tandems/${b.tandemId}/close`,
    body: { outcome: 'other' },
    foreign: true,
  }),
  'POST /programmes/{id}/match-runs': (b) => ({ path: `/programmes/${b.programmeId}/match-runs`, foreign: true }),
  'GET /match-runs/{id}': (b) => ({ path: `/match-runs/${b.runId}`, foreign: true }),
  'GET /stats': (b) => ({ path: `/stats?programme=${b.programmeId}`, foreign: true }),
  'GET /audit': (b) => ({ path: `/audit?target=${b.volunteerId}`, foreign: false }),
  'GET /people/{id}/export': (b) => ({ path: `/people/${b.volunteerId}/export`, foreign: true }),
  'DELETE /people/{id}': (b) => ({ path: `/people/${b.beneficiaryId}`, foreign: true }),
  'POST /tandems/{id}/approve': (b) => ({ path: `/tandems/${b.tandemId}/approve`, foreign: true }),
  'POST /tandems/{id}/refuse': (b) => ({ path: `/tandems/${b.tandemId}/refuse`, body: { reason: 'x' }, foreign: true }),
  'POST /tandems/{id}/meeting-plan': (b) => ({
    path: `/tandems/${b.tandemId}/meeting-plan`,
    body: { date: '2026-12-01' },
    foreign: true,
  }),
  'POST /tandems/{id}/stage': (b) => ({
    path: `/tandems/${b.tandemId}/stage`,
    body: { stage: 'during', from: '2026-12-01' },
    foreign: true,
  }),
  'POST /volunteers/{id}/decline': (b) => ({
    path: `/volunteers/${b.volunteerId}/decline`,
    body: { reason: 'x' },
    foreign: true,
  }),
  'DELETE /beneficiaries/{id}/exclusions/{volunteerId}': (b) => ({
    path: `/beneficiaries/${b.beneficiaryId}/exclusions/${b.volunteerId}`,
    foreign: true,
  }),
  'GET /beneficiaries/{id}/near-misses': (b) => ({
    path: `/beneficiaries/${b.beneficiaryId}/near-misses`,
    foreign: true,
  }),
  'GET /programmes/{id}/import-template': (b) => ({
    path: `/programmes/${b.programmeId}/import-template?kind=volunteers&lang=fr`,
    foreign: true,
  }),
  'POST /programmes/{id}/import': (b) => ({
    path: `/programmes/${b.programmeId}/import`,
    body: { kind: 'volunteers', csv: 'id;prénom\n', mode: 'dry-run' },
    foreign: true,
  }),
  'GET /notes': (b) => ({ path: `/notes?about=${b.tandemId}`, foreign: false }),
  'POST /notes': (b) => ({ path: '/notes', body: { about: 'tandem', aboutId: b.tandemId, text: 'x' }, foreign: true }),
  'GET /referral-sources': () => ({ path: '/referral-sources', foreign: false }),
  'POST /referral-sources': () => ({ path: '/referral-sources', body: { name: { fr: 'CPAS' } }, foreign: false }),
  'PATCH /referral-sources/{id}': (b) => ({
    path: `/referral-sources/${b.referralSourceId}`,
    body: { status: 'retired' },
    foreign: true,
  }),
};

/** The routes that need no session, each with a reason; any other route is in the matrix. */
const PUBLIC = ['POST /session', 'POST /volunteers', 'GET /volunteers/confirm/{token}'];

const keyOf = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`;
const CALLERS = ['anonymous', ...STAFF_ROLES] as const;

describe.each(ADAPTERS)('authorisation matrix on the %s store', (adapter) => {
  let api: Api;
  let a: OrgFixture;
  let b: Target;
  const sessions = {} as Record<Role, Session>;

  beforeAll(async () => {
    api = await startApi(adapter, 'matrix');
    a = await api.organisation('org-a');
    const fixture = await api.organisation('org-b');
    const set = proposalSet(fixture.orgId, {
      programmeId: fixture.programmeId,
      beneficiaryId: fixture.beneficiaryId,
      proposals: [{ volunteerId: fixture.volunteerId }],
    });
    await api.store.proposals.publish([set], new Date(), [undefined]);
    const p = set.proposals[0]!;
    const t = await api.store.tandems.insert(
      tandem(fixture.orgId, {
        programmeId: fixture.programmeId,
        volunteerId: fixture.volunteerId,
        beneficiaryId: fixture.beneficiaryId,
      }),
    );
    const run = await api.store.matchRuns.insert(
      matchRun(fixture.orgId, { scope: { programmeId: fixture.programmeId } }),
    );
    const source = await api.store.referralSources.insert(referralSource(fixture.orgId));
    b = { ...fixture, referralSourceId: source.id, proposalId: p.id, tandemId: t.id, runId: run.id };
    for (const role of STAFF_ROLES) sessions[role] = await api.login(a.emails[role]);
  });
  afterAll(() => api?.close());

  it('has a sample for every staff route, and only the known public routes', () => {
    const routes = ROUTES.map(keyOf);
    expect(
      ROUTES.filter((r) => r.access === 'public')
        .map(keyOf)
        .sort(),
    ).toEqual([...PUBLIC].sort());
    expect(routes.filter((k) => !PUBLIC.includes(k) && !SAMPLES[k])).toEqual([]);
    expect(Object.keys(SAMPLES).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('answers 401, 403 or 404 and never shows organisation B', async () => {
    const secrets = [
      b.orgId,
      b.programmeId,
      b.volunteerId,
      b.beneficiaryId,
      b.proposalId,
      b.tandemId,
      b.runId,
      b.marker,
      ...Object.values(b.staffIds),
      ...Object.values(b.emails),
    ];
    const cells: { route: string; caller: string; status: number; expected: string }[] = [];
    for (const route of ROUTES.filter((r) => r.access !== 'public')) {
      const key = keyOf(route);
      for (const caller of CALLERS) {
        const sample = SAMPLES[key]!(b);
        const session = caller === 'anonymous' ? undefined : sessions[caller];
        const res = await api.call(route.method.toUpperCase(), sample.path, {
          ...(session && { as: session }),
          body: sample.body,
          headers: sample.headers,
        });
        const admitted = caller !== 'anonymous' && (route.access as readonly Role[]).includes(caller);
        const expected = caller === 'anonymous' ? '401' : !admitted ? '403' : sample.foreign ? '404' : '2xx without B';
        cells.push({ route: key, caller, status: res.status, expected });
        // Problems may echo the path asked for (`instance`): only what the caller did not send counts.
        const sent = sample.path + JSON.stringify(sample.body ?? '');
        const text = JSON.stringify(res.body);
        for (const secret of secrets.filter((s) => !sent.includes(s)))
          expect(text, `${caller} ${key} shows ${secret}`).not.toContain(secret);
        if (expected === '2xx without B') expect(res.status, `${caller} ${key}`).toBeLessThan(300);
        else expect(res.status, `${caller} ${key}`).toBe(Number(expected));
        // Signing out ends that role's session: open a new one for the routes after.
        if (key === 'DELETE /session' && session && res.status === 204)
          sessions[caller as Role] = await api.login(a.emails[caller as Role]);
        // A new password ends the session it was changed in too, for the one the answer opens.
        if (key === 'POST /session/password' && session && res.status === 200)
          sessions[caller as Role] = {
            cookie: res.headers
              .getSetCookie()
              .map((c) => c.split(';')[0]!)
              .filter((c) => !c.endsWith('='))
              .join('; '),
            csrf: (res.body as { csrfToken: string }).csrfToken,
          };
      }
    }
    console.log(
      `authorisation matrix (${adapter}): ${cells.length} cells = ${cells.length / CALLERS.length} staff routes x ${CALLERS.length} callers`,
    );
    // B's records are as they were.
    expect(await api.store.beneficiaries.get(b.orgId, b.beneficiaryId)).toMatchObject({ version: 1 });
    expect(await api.store.tandems.get(b.orgId, b.tandemId)).toMatchObject({ version: 1, status: 'proposed' });
    expect(await api.store.volunteers.get(b.orgId, b.volunteerId)).toMatchObject({ version: 1 });
  });
});
