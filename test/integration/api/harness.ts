/**
 * The API as the tests reach it: a real server on a free port over a real store (embedded in a
 * temporary folder, or its own database on the test MongoDB server), spoken to with fetch. Two
 * organisations are set up with a staff member of each role, so every test can check both what
 * its caller may do and what it must not see.
 */
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { createApp } from '../../../src/app.js';
import { DEFAULT_API_CONFIG, type ApiConfig } from '../../../src/http/deps.js';
import { createLogger, eventLogger } from '../../../src/logger.js';
import { API_BASE } from '../../../src/http/route.js';
import type { Role } from '../../../src/domain/index.js';
import { InProcessQueue } from '../../../src/jobs/in-process.js';
import { createProcessors } from '../../../src/jobs/processors.js';
import { createOrganisation, createStaff } from '../../../src/services/accounts.js';
import { MatchingService } from '../../../src/services/matching.js';
import { PeopleService } from '../../../src/services/people.js';
import { SignupService } from '../../../src/services/signup.js';
import { TandemService } from '../../../src/services/tandems.js';
import { systemClock } from '../../../src/store/clock.js';
import type { Store } from '../../../src/store/ports.js';
import { embeddedAdapter, mongoAdapter, type Adapter } from '../store/adapters.js';
import { beneficiary, programme, volunteer } from '../store/fixtures.js';

export const ADAPTERS = ['embedded', 'mongodb'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

export const PASSWORD = 'correct horse battery staple';
export const STAFF_ROLES: readonly Role[] = ['admin', 'coordinator', 'mediator'];

export interface Session {
  cookie: string;
  csrf: string;
}

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  as?: Session;
  body?: unknown;
  headers?: Record<string, string>;
  /** Leave out the CSRF token of `as`. */
  noCsrf?: boolean;
}

/** One organisation's records, as the tests use them. */
export interface OrgFixture {
  orgId: string;
  slug: string;
  emails: Record<Role, string>;
  staffIds: Record<Role, string>;
  programmeId: string;
  programmeSlug: string;
  volunteerId: string;
  beneficiaryId: string;
  /** A marker in the people's names, to be sure none of it leaks elsewhere. */
  marker: string;
}

export interface Api {
  adapter: AdapterName;
  store: Store;
  queue: InProcessQueue;
  url: string;
  /** Every log line written so far. */
  logs: string[];
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<Reply<T>>;
  login(email: string, password?: string): Promise<Session>;
  /** An organisation with one staff member per role, an open programme, a volunteer and a beneficiary. */
  organisation(slug: string): Promise<OrgFixture>;
  close(): Promise<void>;
}

const adapters: Record<AdapterName, (file: string) => Adapter> = {
  embedded: () => embeddedAdapter(),
  mongodb: (file) => mongoAdapter(file),
};

export async function startApi(adapterName: AdapterName, file: string, config: Partial<ApiConfig> = {}): Promise<Api> {
  const adapter = adapters[adapterName](`api_${file}`);
  const store = await adapter.open();
  const clock = systemClock;
  const logs: string[] = [];
  const logger = createLogger(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    }),
  );
  const events = eventLogger(logger);
  const matching = new MatchingService({ store, clock });
  const serviceDeps = { store, clock, logger: events };
  const queue = new InProcessQueue(createProcessors({ ...serviceDeps, matching }), { logger: events, backoffMs: 50 });
  const app = createApp({
    store,
    clock,
    // Every request of a test comes from one address: the limits are set out of reach, except where a test sets them.
    config: {
      ...DEFAULT_API_CONFIG,
      publicUrl: 'http://tandem.test',
      rateLimits: { login: 10_000, public: 10_000 },
      ...config,
    },
    services: {
      matching,
      tandems: new TandemService(serviceDeps),
      people: new PeopleService(serviceDeps),
      signup: new SignupService(serviceDeps),
    },
    queue,
    logger,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const call = async <T>(method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) {
      headers.cookie = options.as.cookie;
      if (!options.noCsrf) headers['x-csrf-token'] = options.as.csrf;
    }
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(
      `${url}${path.startsWith('/api') || path.startsWith('/healthz') || path.startsWith('/readyz') ? '' : API_BASE}${path}`,
      {
        method,
        headers,
        ...(options.body !== undefined && {
          body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
        }),
      },
    );
    const text = await res.text();
    let body: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '')) body = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: body as T };
  };

  const login = async (email: string, password = PASSWORD): Promise<Session> => {
    const res = await call<{ csrfToken: string }>('POST', '/session', { body: { email, password } });
    if (res.status !== 201) throw new Error(`sign-in of ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { cookie, csrf: res.body.csrfToken };
  };

  let count = 0;
  const organisation = async (slug: string): Promise<OrgFixture> => {
    const org = await createOrganisation({ store, clock }, { slug, name: `Org ${slug}` });
    const emails = {} as Record<Role, string>;
    const staffIds = {} as Record<Role, string>;
    for (const role of STAFF_ROLES) {
      emails[role] = `${role}@${slug}.test`;
      staffIds[role] = (
        await createStaff(
          { store, clock },
          { orgId: org.id, email: emails[role], name: `${role} of ${slug}`, role, password: PASSWORD },
        )
      ).staff.id;
    }
    const marker = `Zq${slug.replace(/[^a-z]/g, '')}${++count}`;
    const p = await store.programmes.insert(programme(org.id, { slug: `prog-${slug}` }));
    const v = await store.volunteers.insert(
      volunteer(org.id, {
        programmeIds: [p.id],
        contact: { firstName: `Vera${marker}`, lastName: 'Test', email: `vera.${slug}@people.test` },
      }),
    );
    const b = await store.beneficiaries.insert(
      beneficiary(org.id, {
        programmeIds: [p.id],
        contact: { firstName: `Bilal${marker}`, email: `bilal.${slug}@people.test` },
      }),
    );
    return {
      orgId: org.id,
      slug,
      emails,
      staffIds,
      programmeId: p.id,
      programmeSlug: p.slug,
      volunteerId: v.id,
      beneficiaryId: b.id,
      marker,
    };
  };

  return {
    adapter: adapterName,
    store,
    queue,
    url,
    logs,
    call,
    login,
    organisation,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.close();
      await store.close();
      await adapter.cleanup();
    },
  };
}

/** Polls until `check` holds (jobs run in the background). */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Where and when the people of these tests live and meet, unless a test says otherwise. */
export const LIEGE = { municipality: 'Liège', postcode: '4000', location: { lat: 50.63312, lon: 5.57941 } };
export const MONDAY_EVENING = [{ day: 'mon', start: '18:00', end: '20:00' }];

/** The public sign-up form's body for the fixture's programme, in French, consent given. */
export function signUpBody(
  org: OrgFixture,
  contact: { firstName: string; lastName: string; email: string },
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    organisation: org.slug,
    programmes: [org.programmeSlug],
    locale: 'fr',
    consent: { accepted: true, textVersion: '2026-01' },
    contact,
    languages: ['fr'],
    skills: ['french'],
    availability: MONDAY_EVENING,
    place: LIEGE,
    maxDistanceKm: 6,
    ...over,
  };
}

/** A mediator's intake of one person into the fixture's programme. */
export function intakeBody(org: OrgFixture, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'person',
    contact: { firstName: 'Intake' },
    members: [],
    needs: ['french'],
    languages: ['fr'],
    availability: MONDAY_EVENING,
    place: LIEGE,
    preferences: {},
    programmeIds: [org.programmeId],
    ...over,
  };
}
