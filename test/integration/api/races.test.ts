/**
 * Counters and last-admin rules under parallel requests, through real HTTP on both stores: each is
 * settled by one atomic write (a unique-key insert), so racing requests cannot all win.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../src/services/accounts.js';
import { systemClock } from '../../../src/store/clock.js';
import { ADAPTERS, PASSWORD, startApi, type Api, type OrgFixture } from './harness.js';

describe.each(ADAPTERS)('races on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;

  beforeAll(async () => {
    api = await startApi(adapter, 'races');
    org = await api.organisation('races');
  });
  afterAll(() => api?.close());

  it('locks an address that 8 wrong passwords sent at once tried, so the right one then waits too', async () => {
    const email = org.emails.mediator;
    const tries = await Promise.all(
      Array.from({ length: 8 }, () => api.call('POST', '/session', { body: { email, password: 'wrong password!' } })),
    );
    const statuses = tries.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const right = await api.call('POST', '/session', { body: { email, password: PASSWORD } });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('locked');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('keeps one admin when two admins demote each other at once, and when two erase each other at once', async () => {
    for (const change of ['demote', 'erase'] as const) {
      await createStaff(
        { store: api.store, clock: systemClock },
        {
          orgId: org.orgId,
          email: `second-${change}@races.test`,
          name: 'Second admin',
          role: 'admin',
          password: PASSWORD,
        },
      );
      const admins = (await api.store.staff.list(org.orgId, { role: 'admin', status: 'active' })).map((s) => s.id);
      expect(admins).toHaveLength(2);
      const [a, b] = await Promise.all(
        admins.map(async (id) => api.login((await api.store.staff.get(org.orgId, id)).email)),
      );
      const act = (as: typeof a, target: string) =>
        change === 'demote'
          ? api.call('PATCH', `/staff/${target}`, { as, body: { role: 'coordinator' } })
          : api.call('DELETE', `/people/${target}`, { as });
      const replies = await Promise.all([act(a, admins[1]!), act(b, admins[0]!)]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(replies.find((r) => r.status === 409)!.body.rule).toBe('last_admin');
      expect(await api.store.staff.count(org.orgId, { role: 'admin', status: 'active' })).toBe(1);
    }
  });
});
