/**
 * End to end through the HTTP API, BullMQ on a real Redis, a worker process spawned from the
 * build, FerretDB and a real SMTP server: a volunteer signs up, confirms from the e-mail, is
 * screened, and soon the nearby beneficiary's proposals include them; paused, they disappear. A
 * match run reports its progress; Bull Board shows the queues to the platform operator's admins only.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { DEFAULT_API_CONFIG } from '../../../src/http/deps.js';
import { createLogger, eventLogger } from '../../../src/logger.js';
import { createOrganisation, createStaff } from '../../../src/services/accounts.js';
import { MatchingService } from '../../../src/services/matching.js';
import { PeopleService } from '../../../src/services/people.js';
import { SignupService } from '../../../src/services/signup.js';
import { TandemService } from '../../../src/services/tandems.js';
import { systemClock } from '../../../src/store/clock.js';
import { redisUrl } from '../services.js';
import { beneficiary, programme } from '../store/fixtures.js';
import {
  smtpServer,
  spawnWorker,
  testDatabase,
  testQueue,
  waitFor,
  type TestDatabase,
  type WorkerProcess,
} from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('sign-up to proposals, end to end through the workers', () => {
  let db: TestDatabase;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let worker: WorkerProcess;
  let server: Server;
  let base: string;
  const queue = testQueue();

  beforeAll(async () => {
    db = await testDatabase('workers_e2e');
    smtp = await smtpServer();
    worker = await spawnWorker({
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: queue.prefix,
      MONGODB_URI: db.uri,
      MONGODB_DB: db.dbName,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'http://tandem.test',
    });
    const { store } = db;
    const clock = systemClock;
    const logger = createLogger({ level: 'silent' });
    const serviceDeps = { store, clock, logger: eventLogger(logger) };
    const app = createApp({
      store,
      clock,
      config: {
        ...DEFAULT_API_CONFIG,
        publicUrl: 'http://tandem.test',
        rateLimits: { login: 1000, public: 1000 },
        operatorOrg: 'platform-e2e',
      },
      services: {
        matching: new MatchingService({ store, clock }),
        tandems: new TandemService(serviceDeps),
        people: new PeopleService(serviceDeps),
        signup: new SignupService(serviceDeps),
      },
      queue,
      logger,
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(await worker.stop()).toBe(0);
    await queue.close();
    await smtp.close();
    await db.drop();
  });

  const call = async (
    method: string,
    path: string,
    options: { as?: { cookie: string; csrf: string }; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
        ...(options.as && { cookie: options.as.cookie, 'x-csrf-token': options.as.csrf }),
        ...options.headers,
      },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text,
    };
  };
  const login = async (email: string) => {
    const res = await call('POST', '/api/v1/session', { body: { email, password: PASSWORD } });
    expect(res.status).toBe(201);
    return {
      cookie: res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
      csrf: res.body.csrfToken as string,
    };
  };

  it('proposes a new volunteer to the beneficiary nearby once screened, and no more once paused', async () => {
    const { store } = db;
    const org = await createOrganisation(
      { store, clock: systemClock },
      { slug: 'voisins-e2e', name: 'Voisins solidaires' },
    );
    const coordinator = (
      await createStaff(
        { store, clock: systemClock },
        {
          orgId: org.id,
          email: 'coordinator@voisins-e2e.test',
          name: 'Chloé',
          role: 'coordinator',
          password: PASSWORD,
        },
      )
    ).staff;
    await createStaff(
      { store, clock: systemClock },
      { orgId: org.id, email: 'admin@voisins-e2e.test', name: 'Ahmed', role: 'admin', password: PASSWORD },
    );
    const prg = await store.programmes.insert(programme(org.id, { slug: 'voisins' }));
    const b = await store.beneficiaries.insert(
      beneficiary(org.id, { programmeIds: [prg.id], place: { location: { lat: 50.645, lon: 5.573 } } }),
    );

    const signUp = await call('POST', '/api/v1/volunteers', {
      body: {
        organisation: 'voisins-e2e',
        programmes: ['voisins'],
        locale: 'nl',
        consent: { accepted: true, textVersion: '2026-01' },
        kind: 'person',
        contact: { firstName: 'Els', email: 'els@people.test' },
        languages: ['nl', 'fr', 'ar'],
        skills: ['job_search'],
        availability: [{ day: 'mon', start: '18:00', end: '20:00' }],
        place: { municipality: 'Liège', location: { lat: 50.6402, lon: 5.5711 } },
        maxDistanceKm: 10,
      },
    });
    expect(signUp.status).toBe(202);

    // The confirmation e-mail, in Dutch, sent by the worker over SMTP.
    const mail = (await waitFor(
      'the confirmation e-mail',
      async () => smtp.mails.find((m) => m.to.includes('els@people.test')),
      (m) => m !== undefined,
      30_000,
    ))!;
    expect(mail.text).toMatch(/Dag Els/);
    const token = /\/api\/v1\/volunteers\/confirm\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect((await call('GET', `/api/v1/volunteers/confirm/${token}`)).body).toEqual({ status: 'pending_screening' });

    const coord = await login(coordinator.email);
    const listed = await call('GET', '/api/v1/volunteers?status=pending_screening', { as: coord });
    const volunteerId = listed.body.items[0].id as string;
    const screened = await call('POST', `/api/v1/volunteers/${volunteerId}/screening`, {
      as: coord,
      body: { interview: { date: '2026-11-20' }, training: { date: '2026-11-21' } },
    });
    expect(screened.body.status).toBe('active');

    const proposed = async () => (await store.proposals.listForBeneficiary(org.id, b.id)).map((p) => p.volunteerId);
    const t0 = Date.now();
    await waitFor('the volunteer among the proposals', proposed, (ids) => ids.includes(volunteerId), 30_000);
    console.info(`e2e: proposed ${Date.now() - t0} ms after screening`);
    const shown = await call('GET', `/api/v1/beneficiaries/${b.id}/proposals`, { as: coord });
    expect(shown.body.items.map((p: { volunteerId: string }) => p.volunteerId)).toContain(volunteerId);

    const paused = await call('PATCH', `/api/v1/volunteers/${volunteerId}`, {
      as: coord,
      body: { status: 'paused' },
      headers: { 'if-match': `"${screened.body.version}"` },
    });
    expect(paused.body.status).toBe('paused');
    await waitFor('the volunteer gone from the proposals', proposed, (ids) => !ids.includes(volunteerId), 30_000);
  });

  it('runs a match run in the worker and reports its progress', async () => {
    const { store } = db;
    const org = (await store.organisations.findBySlug('voisins-e2e'))!;
    const prg = (await store.programmes.findBySlug(org.id, 'voisins'))!;
    const coord = await login('coordinator@voisins-e2e.test');
    const asked = await call('POST', `/api/v1/programmes/${prg.id}/match-runs`, { as: coord });
    expect(asked.status).toBe(202);
    const run = await waitFor(
      'the run to finish',
      async () => (await call('GET', `/api/v1/match-runs/${asked.body.id}`, { as: coord })).body,
      (r) => r.status === 'done',
      30_000,
    );
    expect(run).toMatchObject({ status: 'done', progress: 1, counts: { beneficiaries: 1 } });
  });

  it("shows the queues on Bull Board to the platform operator's admins only, not to an organisation's", async () => {
    const operatorOrg = await createOrganisation(
      { store: db.store, clock: systemClock },
      { slug: 'platform-e2e', name: 'Platform' },
    );
    await createStaff(
      { store: db.store, clock: systemClock },
      { orgId: operatorOrg.id, email: 'admin@platform-e2e.test', name: 'Operator', role: 'admin', password: PASSWORD },
    );
    expect((await call('GET', '/admin/queues')).status).toBe(401);
    expect((await call('GET', '/admin/queues', { as: await login('coordinator@voisins-e2e.test') })).status).toBe(403);
    const orgAdmin = await login('admin@voisins-e2e.test');
    expect((await call('GET', '/admin/queues', { as: orgAdmin })).status).toBe(403);
    expect((await call('GET', '/admin/queues/api/queues', { as: orgAdmin })).status).toBe(403);
    const admin = await login('admin@platform-e2e.test');
    const page = await call('GET', '/admin/queues', { as: admin });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<html/i);
    const queues = await call('GET', '/admin/queues/api/queues', { as: admin });
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'maintenance',
      'match',
      'notify',
      'recompute',
    ]);
    // A change from another site is refused, session or not.
    expect(
      (
        await call('PUT', '/admin/queues/api/queues/recompute/retry/failed', {
          as: admin,
          headers: { origin: 'https://elsewhere.example' },
        })
      ).status,
    ).toBe(403);
  });
});
