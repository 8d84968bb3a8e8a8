/**
 * The staff accounts' forms over HTTP, on both stores: each returns to the list (post, redirect,
 * get) with what it did; a new account's password is shown once, to the admin who created it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS, startApi, type Api, type OrgFixture } from '../api/harness.js';
import { csrfOf, staffBrowser, text } from './http-browser.js';

describe.each(ADAPTERS)('the staff accounts page on the %s store', (adapter) => {
  let api: Api;
  let org: OrgFixture;

  beforeAll(async () => {
    api = await startApi(adapter, 'web-staff');
    org = await api.organisation('staff-web');
  });
  afterAll(() => api?.close());

  it('returns to the list after creating an account, its password shown once, then after changing one', async () => {
    const b = await staffBrowser(api, org.emails.admin, 'en-GB');
    const list = await b.get('/app/staff');
    const created = await b.post('/app/staff', {
      _csrf: csrfOf(list.html),
      name: 'Nadia Peeters',
      email: 'nadia@staff-web.example',
      role: 'mediator',
    });
    expect(created.status).toBe(303);
    expect(created.location).toBe('/app/staff');
    expect(created.html).not.toMatch(/secret/);
    const shown = await b.get('/app/staff');
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(text(shown.html)).toContain('Account created for Nadia Peeters');
    const password = /class="secret"><code>([^<]+)<\/code>/.exec(shown.html)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect((await api.login('nadia@staff-web.example', password)).csrf).toBeTruthy();
    // Shown once: a reload, or a cookie replayed, shows the list alone.
    expect((await b.get('/app/staff')).html).not.toContain(password);

    const nadia = (await api.store.staff.list(org.orgId, {})).find((s) => s.email === 'nadia@staff-web.example')!;
    const changed = await b.post(`/app/staff/${nadia.id}`, {
      _csrf: csrfOf(shown.html),
      version: String(nadia.version),
      role: 'coordinator',
      status: 'active',
    });
    expect(changed.status).toBe(303);
    expect(changed.location).toBe('/app/staff?done=account');
    expect(text((await b.get(changed.location!)).html)).toContain('Account changed.');
    expect((await api.store.staff.get(org.orgId, nadia.id)).role).toBe('coordinator');

    const taken = await b.post('/app/staff', {
      _csrf: csrfOf(shown.html),
      name: 'Nadia again',
      email: 'nadia@staff-web.example',
      role: 'mediator',
    });
    expect(taken.status).toBe(400);
    expect(taken.html).toContain('An account already uses this address.');
  });

  it('says an account changed meanwhile is the account (not a tandem), and keeps the last admin', async () => {
    const b = await staffBrowser(api, org.emails.admin, 'en-GB');
    const list = await b.get('/app/staff');
    const admin = (await api.store.staff.list(org.orgId, {})).find((s) => s.email === org.emails.admin)!;
    const stale = await b.post(`/app/staff/${admin.id}`, {
      _csrf: csrfOf(list.html),
      version: String(admin.version + 5),
      role: 'admin',
      status: 'active',
    });
    expect(stale.status).toBe(409);
    expect(text(stale.html)).toContain('Someone changed this account meanwhile.');
    expect(text(stale.html)).not.toContain('this tandem');

    const demoted = await b.post(`/app/staff/${admin.id}`, {
      _csrf: csrfOf(list.html),
      version: String(admin.version),
      role: 'mediator',
      status: 'active',
    });
    expect(demoted.status).toBe(409);
    expect(text(demoted.html)).toContain('The organisation needs at least one active admin.');
    expect((await api.store.staff.get(org.orgId, admin.id)).role).toBe('admin');
  });
});
