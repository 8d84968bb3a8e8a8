/** Rate limits on the sign-in and public routes, and none on the staff routes behind them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS, startApi, type Api, type OrgFixture } from './harness.js';

describe.each(ADAPTERS)('rate limits on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;

  beforeAll(async () => {
    api = await startApi(adapter, 'limits', { rateLimits: { login: 3, public: 2 } });
    org = await api.organisation('limits-org');
  });
  afterAll(() => api?.close());

  it('refuses the fourth sign-in of a minute from one address with a 429 problem', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await api.call('POST', '/session', { body: { email: org.emails.mediator, password: 'wrong password' } }))
          .status,
      );
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await api.call('POST', '/session', {
      body: { email: org.emails.mediator, password: 'wrong password' },
    });
    expect(refused.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(refused.headers.get('retry-after')).toBe('60');
  });

  it('limits public sign-ups and confirmation links too', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await api.call('GET', '/volunteers/confirm/AAAAAAAAAAAAAAAAAAAAAAAA')).status);
    expect(statuses).toEqual([404, 404, 429]);
  });
});
