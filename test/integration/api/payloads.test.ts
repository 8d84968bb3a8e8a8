/**
 * Job payloads carry ids only: whatever a person's life through the API queues (sign-up, the
 * confirmation, intake, a change, a pair by hand, the first meeting, a check-in), no name, e-mail,
 * phone or free text reaches a job, where Bull Board, Redis and failure logs would show it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueuedJob } from '../../../src/domain/jobs.js';
import { dayOf, Id } from '../../../src/domain/index.js';
import { ADAPTERS, intakeBody, LIEGE, signUpBody, startApi, type Api, type OrgFixture } from './harness.js';

/** What the people below are called and how they are reached: none of it may be in a job. */
const PERSONAL = [
  'Zéphyrine',
  'Quaglieri',
  'zephyrine.quaglieri',
  'Baptistin',
  'Oudghiri',
  '+32 470 99 88 77',
  'Dinant',
];

/** Every string in a payload, with its path. */
function strings(value: unknown, path = 'data'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

describe.each(ADAPTERS)('job payloads on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;
  const queued: QueuedJob[] = [];

  beforeAll(async () => {
    api = await startApi(adapter, 'payloads');
    org = await api.organisation('payloads');
    const { queue } = api;
    const enqueue = queue.enqueue.bind(queue);
    const enqueueFlow = queue.enqueueFlow.bind(queue);
    queue.enqueue = (job, options) => {
      queued.push({ job, jobId: options.jobId });
      return enqueue(job, options);
    };
    queue.enqueueFlow = (parent, children) => {
      queued.push(parent, ...children);
      return enqueueFlow(parent, children);
    };
  });
  afterAll(() => api?.close());

  it('hold ids and codes only, never a name, an e-mail, a phone number or a place', async () => {
    const coordinator = await api.login(org.emails.coordinator);
    const signUp = await api.call('POST', '/volunteers', {
      body: signUpBody(
        org,
        { firstName: 'Zéphyrine', lastName: 'Quaglieri', email: 'zephyrine.quaglieri@people.test' },
        { place: { ...LIEGE, municipality: 'Dinant', postcode: '5500' } },
      ),
    });
    expect(signUp.status).toBe(202);
    const [confirmation] = await api.store.outbox.listPending(10);
    const link = /http:\/\/tandem\.test(\/api\/v1\/volunteers\/confirm\/[A-Za-z0-9_-]+)/.exec(confirmation!.text)![1]!;
    expect((await api.call('GET', link)).status).toBe(200);

    const intake = await api.call('POST', '/beneficiaries', {
      as: coordinator,
      body: intakeBody(org, {
        contact: { firstName: 'Baptistin', lastName: 'Oudghiri', phone: '+32 470 99 88 77' },
        age: 19,
      }),
    });
    expect(intake.status, JSON.stringify(intake.body)).toBe(201);
    const beneficiaryId = intake.body.id as string;
    const changed = await api.call('PATCH', `/beneficiaries/${beneficiaryId}`, {
      as: coordinator,
      body: { contact: { firstName: 'Baptistin', lastName: 'Oudghiri', phone: '+32 470 99 88 77' }, needs: ['cv'] },
    });
    expect(changed.status).toBe(200);
    const paired = await api.call('POST', '/tandems', {
      as: coordinator,
      headers: { 'idempotency-key': 'payloads-pair' },
      body: {
        programmeId: org.programmeId,
        volunteerId: org.volunteerId,
        beneficiaryId,
        reason: 'Zéphyrine Quaglieri knows Baptistin from Dinant.',
      },
    });
    expect(paired.status, JSON.stringify(paired.body)).toBe(201);
    const met = await api.call('POST', `/tandems/${paired.body.id}/first-meeting`, {
      as: coordinator,
      body: { outcome: 'accepted', date: dayOf(new Date()), charterSigned: true },
    });
    expect(met.status).toBe(200);
    await api.queue.idle();

    expect(queued.map((q) => q.job.name)).toEqual(expect.arrayContaining(['email', 'recompute', 'tandem-news']));
    for (const { job, jobId } of queued) {
      const text = JSON.stringify({ jobId, data: job.data });
      for (const personal of PERSONAL) expect(text, `${job.name} ${jobId}`).not.toContain(personal);
      // Ids, or codes of a closed list (`proposed`); a job's id is ids joined, a version after `@`.
      for (const { path, text: s } of strings(job.data))
        expect(Id.safeParse(s).success, `${job.name} ${path}: ${s}`).toBe(true);
      expect(jobId).toMatch(/^[A-Za-z0-9_.:@-]{1,300}$/);
    }
  });
});
