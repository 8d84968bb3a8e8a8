/**
 * The pages over plain HTTP, as a browser without JavaScript (or a robot) speaks to them: the
 * language chosen, forms posted as urlencoded with their CSRF token, what happens without it, to
 * the honeypot, past the rate limit, with a body too large; staff pages behind a session; the
 * e-mail link answering HTML to a browser and JSON to the API's clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startApi, type Api, type OrgFixture } from '../api/harness.js';
import { browser, csrfOf, type Visit } from './http-browser.js';

describe('the pages over HTTP', () => {
  let api: Api;
  let org: OrgFixture;

  beforeAll(async () => {
    api = await startApi('embedded', 'web-http', { rateLimits: { login: 10_000, public: 4 } });
    org = await api.organisation('quartier-nord');
  });
  afterAll(() => api?.close());

  const signUpForm = (token: string, extra: Record<string, string | string[]> = {}) => ({
    _csrf: token,
    firstName: 'Anne',
    email: 'anne@mail.example',
    municipality: 'Liège',
    maxDistanceKm: '5',
    languages: ['fr'],
    skills: ['job_search'],
    slots: ['wed-afternoon'],
    capacity: '1',
    programmes: org.programmeSlug,
    consent: 'yes',
    ...extra,
  });

  it('speaks the language of Accept-Language, then of the switch, which it remembers', async () => {
    const b = browser(api, 'nl-BE,nl;q=0.9,en;q=0.5');
    expect((await b.get('/')).html).toContain('<html lang="nl">');
    expect((await b.get('/?lang=en')).html).toContain('<html lang="en">');
    const again = await b.get('/signup');
    expect(again.status).toBe(303);
    expect((await b.get(again.location!)).html).toContain('<html lang="en">');
    expect((await browser(api, 'de-DE').get('/')).html).toContain('<html lang="fr">');
  });

  it('takes a sign-up posted without JavaScript, refuses one without its token, and answers a filled honeypot like a success', async () => {
    const b = browser(api);
    const form = await b.get(`/signup/${org.slug}`);
    expect(form.status).toBe(200);
    const token = csrfOf(form.html);
    expect(token).not.toBe('');

    const forged = await browser(api).post(`/signup/${org.slug}`, signUpForm(token));
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('value="Anne"');

    const robot = await b.post(
      `/signup/${org.slug}`,
      signUpForm(token, { website: 'http://spam.example', email: 'robot@mail.example' }),
    );
    expect(robot.status).toBe(303);
    expect(
      (await api.store.volunteers.list(org.orgId, { status: 'pending_email' })).map((v) => v.contact.email),
    ).not.toContain('robot@mail.example');

    const ok = await b.post(`/signup/${org.slug}`, signUpForm(token));
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/signup/${org.slug}/sent`);
    const stored = (await api.store.volunteers.list(org.orgId, { status: 'pending_email' })).find(
      (v) => v.contact.email === 'anne@mail.example',
    );
    expect(stored).toMatchObject({
      place: { municipality: 'Liège' },
      availability: [{ day: 'wed', start: '13:00', end: '17:00' }],
      consent: { textVersion: expect.stringMatching(/^privacy-/) },
    });
  });

  it('shows the form again with a 429 past the rate limit, what was typed kept', async () => {
    const b = browser(api);
    const token = csrfOf((await b.get(`/signup/${org.slug}`)).html);
    let last: Visit | undefined;
    for (let i = 0; i < 5; i++)
      last = await b.post(
        `/signup/${org.slug}`,
        signUpForm(token, { email: 'not-an-address', firstName: `Tries${i}` }),
      );
    expect(last!.status).toBe(429);
    expect(last!.html).toContain('value="Tries4"');
  });

  it('answers a body too large with a page in the visitor’s language', async () => {
    const b = browser(api);
    const res = await b.post(`/signup/${org.slug}`, { firstName: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
    expect(res.html).toContain('Trop de texte');
  });

  it('opens the e-mail link as a page for a browser and as JSON for the API’s clients', async () => {
    const link = '/api/v1/volunteers/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const page = await browser(api).get(link);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.html).toContain('Ce lien ne fonctionne pas');
    const json = await fetch(`${api.url}${link}`);
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('sends staff pages to the sign-in without a session, and back after it', async () => {
    const b = browser(api);
    const gate = await b.get('/app/beneficiaries?status=active');
    expect(gate.status).toBe(303);
    expect(gate.location).toBe(`/app/login?next=${encodeURIComponent('/app/beneficiaries?status=active')}`);
    const login = await b.get(gate.location!);
    const wrong = await b.post('/app/login', {
      _csrf: csrfOf(login.html),
      email: org.emails.mediator,
      password: 'not the password',
      next: '/app/beneficiaries?status=active',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.html).not.toContain('not the password');
    const right = await b.post('/app/login', {
      _csrf: csrfOf(wrong.html),
      email: org.emails.mediator,
      password: PASSWORD,
      next: '/app/beneficiaries?status=active',
    });
    expect(right.status).toBe(303);
    expect(right.location).toBe('/app/beneficiaries?status=active');
    expect((await b.get(right.location!)).html).toContain(`Bilal${org.marker}`);
  });

  it('refuses a staff form without the session’s CSRF token, and a page outside the role', async () => {
    const b = browser(api);
    const login = await b.get('/app/login');
    await b.post('/app/login', { _csrf: csrfOf(login.html), email: org.emails.mediator, password: PASSWORD });
    const page = await b.get(`/app/beneficiaries/${org.beneficiaryId}`);
    expect(page.status).toBe(200);
    const noToken = await b.post(`/app/beneficiaries/${org.beneficiaryId}/confirm`, {
      volunteerId: org.volunteerId,
      programmeId: org.programmeId,
      key: 'web-test-key-1',
    });
    expect(noToken.status).toBe(403);
    expect(await api.store.tandems.count(org.orgId)).toBe(0);
    expect((await b.get('/app/staff')).status).toBe(403);
    expect((await b.get('/app/screening')).status).toBe(403);
    const out = await b.post('/app/logout', { _csrf: csrfOf(page.html) });
    expect(out.location).toBe('/app/login?out=1');
    expect((await b.get('/app/beneficiaries')).status).toBe(303);
  });

  it('lists volunteers searched by name, pauses one until a day, keeps a note and shows it in the history', async () => {
    const b = browser(api);
    const login = await b.get('/app/login');
    await b.post('/app/login', { _csrf: csrfOf(login.html), email: org.emails.coordinator, password: PASSWORD });
    const list = await b.get(`/app/volunteers?name=${encodeURIComponent(`vera${org.marker}`)}`);
    expect(list.status).toBe(200);
    expect(list.html).toContain(`/app/volunteers/${org.volunteerId}`);
    expect((await b.get('/app/volunteers?name=nobody-by-that-name')).html).not.toContain(`Vera${org.marker}`);

    const page = await b.get(`/app/volunteers/${org.volunteerId}`);
    expect(page.status).toBe(200);
    const token = csrfOf(page.html);
    const version = /name="version" value="(\d+)"/.exec(page.html)![1]!;
    const past = await b.post(`/app/volunteers/${org.volunteerId}/pause`, {
      _csrf: token,
      version,
      until: '2020-01-01',
    });
    expect(past.status).toBe(400);
    expect((await api.store.volunteers.get(org.orgId, org.volunteerId)).status).toBe('active');
    const paused = await b.post(`/app/volunteers/${org.volunteerId}/pause`, {
      _csrf: token,
      version,
      until: '2099-06-30',
    });
    expect(paused.status).toBe(303);
    expect(await api.store.volunteers.get(org.orgId, org.volunteerId)).toMatchObject({
      status: 'paused',
      pausedUntil: '2099-06-30',
    });

    const noted = await b.post('/app/notes', {
      _csrf: token,
      about: 'volunteer',
      aboutId: org.volunteerId,
      text: 'Appelée : reprend après l’été.',
    });
    expect(noted.location).toBe(`/app/volunteers/${org.volunteerId}?done=note#notes`);
    const after = await b.get(`/app/volunteers/${org.volunteerId}?done=note`);
    expect(after.html).toContain('reprend après l’été');
    expect(after.html).toContain('30 juin 2099');
    expect(after.html).toMatch(/Statut modifié|Note ajoutée/);
  });

  it('keeps the organisation’s referral sources, counts the tandems of each tab and shows the statistics by referral source', async () => {
    const b = browser(api);
    const login = await b.get('/app/login');
    await b.post('/app/login', { _csrf: csrfOf(login.html), email: org.emails.coordinator, password: PASSWORD });
    const sources = await b.get('/app/referral-sources');
    expect(sources.status).toBe(200);
    const empty = await b.post('/app/referral-sources', { _csrf: csrfOf(sources.html), fr: '', nl: '', en: '' });
    expect(empty.status).toBe(400);
    const added = await b.post('/app/referral-sources', {
      _csrf: csrfOf(sources.html),
      fr: 'CPAS de Liège',
      nl: 'OCMW Luik',
    });
    expect(added.location).toBe('/app/referral-sources?done=saved');
    expect((await b.get('/app/referral-sources')).html).toContain('CPAS de Liège');
    await b.post('/app/referral-sources', { _csrf: csrfOf(sources.html), fr: 'Service du volontariat' });
    // Named in French only: a Dutch reader sees it marked as such.
    const filter = await b.get('/app/beneficiaries?lang=nl');
    expect(filter.html).toContain('OCMW Luik</option>');
    expect(filter.html).toContain('Service du volontariat [FR]</option>');
    await b.get('/app/beneficiaries?lang=fr');
    expect((await browser(api, 'nl-BE').get('/app/referral-sources')).status).toBe(303);

    const tabs = await b.get('/app/tandems?view=declined');
    expect(tabs.status).toBe(200);
    expect(tabs.html.match(/class="tabs__count"/g)).toHaveLength(6);
    const stats = await b.get(`/app/stats?programme=${org.programmeId}`);
    expect(stats.html).toContain('id="h-referrals"');
  });

  it('pairs by hand from the beneficiary’s page, a reason required, and the waiting list then shows them in a tandem, not waiting', async () => {
    const other = await api.organisation('hand-pair');
    const b = browser(api);
    const login = await b.get('/app/login');
    await b.post('/app/login', { _csrf: csrfOf(login.html), email: other.emails.mediator, password: PASSWORD });
    const page = await b.get(`/app/beneficiaries/${other.beneficiaryId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('id="hand-pair"');
    const key = /name="key" value="(web-[^"]+)"/.exec(page.html.slice(page.html.indexOf('id="hand-pair"')))![1]!;
    const form = {
      _csrf: csrfOf(page.html),
      key,
      programmeId: other.programmeId,
      volunteerId: other.volunteerId,
      reason: '',
    };
    const noReason = await b.post(`/app/beneficiaries/${other.beneficiaryId}/hand-pair`, form);
    expect(noReason.location).toContain('hand=reason');
    expect(await api.store.tandems.count(other.orgId)).toBe(0);
    const paired = await b.post(`/app/beneficiaries/${other.beneficiaryId}/hand-pair`, {
      ...form,
      reason: 'Se connaissent déjà du quartier.',
    });
    expect(paired.status).toBe(303);
    const [tandem] = await api.store.tandems.list(other.orgId, {});
    expect(tandem).toMatchObject({ volunteerId: other.volunteerId, beneficiaryId: other.beneficiaryId });
    expect(paired.location).toMatch(new RegExp(`^/app/tandems/${tandem!.id}\\?done=`));

    // Searching farther for this person (here after the pair, so the pair stays one by hand): a stale
    // form is told so, the current one is kept.
    const version = String((await api.store.beneficiaries.get(other.orgId, other.beneficiaryId)).version);
    const radius = { _csrf: form._csrf, searchRadiusKm: '30' };
    const stale = await b.post(`/app/beneficiaries/${other.beneficiaryId}/radius`, { ...radius, version: '999' });
    expect(stale.location).toContain('outcome=changed');
    expect((await b.get(stale.location!)).html).toContain('Quelqu’un a modifié cette fiche entre-temps');
    const wider = await b.post(`/app/beneficiaries/${other.beneficiaryId}/radius`, { ...radius, version });
    expect(wider.location).toContain('done=widened');
    expect((await api.store.beneficiaries.get(other.orgId, other.beneficiaryId)).searchRadiusKm).toBe(30);

    const waiting = await b.get('/app/beneficiaries');
    expect(waiting.html).not.toContain(`Bilal${other.marker}`);
    const inTandem = await b.get('/app/beneficiaries?state=paired');
    expect(inTandem.html).toContain(`Bilal${other.marker}`);
    expect((await b.get(`/app/beneficiaries?state=paired&name=nobody`)).html).not.toContain(`Bilal${other.marker}`);
  });

  it('sets how a programme runs its tandems from its settings page: a mediator’s pair by hand then waits for approval', async () => {
    const other = await api.organisation('practice');
    const b = browser(api);
    const login = await b.get('/app/login');
    await b.post('/app/login', { _csrf: csrfOf(login.html), email: other.emails.coordinator, password: PASSWORD });
    const settings = await b.get(`/app/programmes/${other.programmeId}/settings`);
    expect(settings.html).toContain('id="h-practice"');
    const version = String((await api.store.programmes.get(other.orgId, other.programmeId)).version);
    const form = {
      _csrf: csrfOf(settings.html),
      manualPairApproval: 'coordinator',
      stages: 'yes',
      intensity: 'regular',
    };
    const stale = await b.post(`/app/programmes/${other.programmeId}/practice`, { ...form, version: '999' });
    expect(stale.status).toBe(409);
    const saved = await b.post(`/app/programmes/${other.programmeId}/practice`, { ...form, version });
    expect(saved.location).toContain('done=saved');
    expect(await api.store.programmes.get(other.orgId, other.programmeId)).toMatchObject({
      manualPairApproval: 'coordinator',
      notifyContactPerson: false,
      stages: true,
      intensity: { default: 'regular', weights: { light: 0.5, regular: 1, intensive: 2 } },
    });

    const m = browser(api);
    const mLogin = await m.get('/app/login');
    await m.post('/app/login', { _csrf: csrfOf(mLogin.html), email: other.emails.mediator, password: PASSWORD });
    const page = await m.get(`/app/beneficiaries/${other.beneficiaryId}`);
    const key = /name="key" value="(web-[^"]+)"/.exec(page.html.slice(page.html.indexOf('id="hand-pair"')))![1]!;
    const paired = await m.post(`/app/beneficiaries/${other.beneficiaryId}/hand-pair`, {
      _csrf: csrfOf(page.html),
      key,
      programmeId: other.programmeId,
      volunteerId: other.volunteerId,
      reason: 'Ils se connaissent.',
    });
    expect(paired.location).toContain('done=handPending');
    const [tandem] = await api.store.tandems.list(other.orgId, {});
    expect(tandem).toMatchObject({ approval: { status: 'pending' }, intensity: 'regular' });
  });

  it('clears a programme’s support intensities from its settings page, by an empty choice named in the reader’s language', async () => {
    const other = await api.organisation('intensities');
    const c = browser(api, 'nl-BE,nl;q=0.9');
    const login = await c.get('/app/login');
    await c.post('/app/login', { _csrf: csrfOf(login.html), email: other.emails.coordinator, password: PASSWORD });
    const post = async (intensity: string) => {
      const settings = await c.get(`/app/programmes/${other.programmeId}/settings`);
      const { version } = await api.store.programmes.get(other.orgId, other.programmeId);
      return {
        settings,
        saved: await c.post(`/app/programmes/${other.programmeId}/practice`, {
          _csrf: csrfOf(settings.html),
          version: String(version),
          manualPairApproval: 'none',
          intensity,
        }),
      };
    };
    expect((await post('light')).saved.location).toContain('done=saved');
    expect((await api.store.programmes.get(other.orgId, other.programmeId)).intensity?.default).toBe('light');

    const { settings, saved } = await post('');
    expect(settings.html).toContain('<option value="">Geen: elke tandem telt als een gewone</option>');
    expect(settings.html).toMatch(/<option value="light" selected>/);
    expect(saved.location).toContain('done=saved');
    const cleared = await api.store.programmes.get(other.orgId, other.programmeId);
    expect(cleared).not.toHaveProperty('intensity');
    expect(cleared.manualPairApproval).toBe('none');
    const page = (await c.get(`/app/programmes/${other.programmeId}/settings?lang=en`)).html;
    expect(page).toContain('<option value="">None: every tandem counts as a regular one</option>');
    expect(page).not.toMatch(/<option value="(light|regular|intensive)" selected>/);
  });

  it('asks at intake on what ground the programme holds the person’s data, and records it', async () => {
    const b = browser(api);
    const login = await b.get('/app/login');
    await b.post('/app/login', { _csrf: csrfOf(login.html), email: org.emails.mediator, password: PASSWORD });
    const page = await b.get('/app/beneficiaries/new');
    expect(page.html).toMatch(/name="legalBasis" value="consent"[^>]*checked/);
    expect(page.html).toContain('value="public_task"');
    const form = {
      _csrf: csrfOf(page.html),
      kind: 'person',
      firstName: 'Karim',
      municipality: 'Liège',
      languages: ['fr'],
      programmes: org.programmeId,
    };
    const unticked = await b.post('/app/beneficiaries/new', { ...form, legalBasis: 'consent' });
    expect(unticked.status).toBe(400);
    expect(unticked.html).toContain('Vérifiez le consentement.');
    const saved = await b.post('/app/beneficiaries/new', { ...form, legalBasis: 'public_task' });
    expect(saved.status).toBe(303);
    const id = /\/app\/beneficiaries\/([^?]+)/.exec(saved.location!)![1]!;
    expect((await api.store.beneficiaries.get(org.orgId, id))?.legalBasis?.ground).toBe('public_task');
  });

  it('lists at intake only the needs a programme answers, as its coordinator set them on the settings page', async () => {
    const other = await api.organisation('needs');
    const c = browser(api);
    const login = await c.get('/app/login');
    await c.post('/app/login', { _csrf: csrfOf(login.html), email: other.emails.coordinator, password: PASSWORD });
    const settings = await c.get(`/app/programmes/${other.programmeId}/settings`);
    expect(settings.html).toMatch(/name="needs" value="homework_help" checked/);
    const version = String((await api.store.programmes.get(other.orgId, other.programmeId)).version);
    const saved = await c.post(`/app/programmes/${other.programmeId}/practice`, {
      _csrf: csrfOf(settings.html),
      version,
      manualPairApproval: 'none',
      needs: ['job_search', 'admin_paperwork'],
    });
    expect(saved.location).toContain('done=saved');
    expect((await api.store.programmes.get(other.orgId, other.programmeId)).needs).toEqual([
      'job_search',
      'admin_paperwork',
    ]);

    const m = browser(api);
    const mLogin = await m.get('/app/login');
    await m.post('/app/login', { _csrf: csrfOf(mLogin.html), email: other.emails.mediator, password: PASSWORD });
    const intake = (await m.get('/app/beneficiaries/new')).html;
    const offered = [...intake.matchAll(/name="needs" value="([a-z_]+)"/g)].map((hit) => hit[1]);
    expect(offered).toEqual(['job_search', 'admin_paperwork']);
  });

  it('names every event of a volunteer’s history in the reader’s language, one it does not know as another change', async () => {
    const other = await api.organisation('history');
    const at = new Date().toISOString();
    for (const action of ['volunteer.sign_up_again', 'volunteer.something_new'])
      await api.store.audit.append({
        id: `aud_${action}`,
        orgId: other.orgId,
        version: 1,
        createdAt: at,
        updatedAt: at,
        at,
        actor: 'system:signup',
        action,
        target: { kind: 'volunteer', id: other.volunteerId },
      });
    const b = browser(api, 'en-GB');
    const login = await b.get('/app/login');
    await b.post('/app/login', { _csrf: csrfOf(login.html), email: other.emails.coordinator, password: PASSWORD });
    const page = await b.get(`/app/volunteers/${other.volunteerId}`);
    const history = page.html.slice(page.html.indexOf('id="h-history"'));
    expect(history).toContain('Signed up again with the same address');
    expect(history).toContain('Other change');
    expect(history).not.toContain('volunteer.');
  });

  it('leaves the API’s own answers alone', async () => {
    const res = await fetch(`${api.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await browser(api).get('/assets/app.css')).status).toBe(200);
    expect((await browser(api).get('/assets/none.css')).status).toBe(404);
  });
});
