/**
 * The whole journey in Chromium, as people would do it, on the demo: volunteers sign up in French
 * and in Dutch (a mistake first, then right), open the e-mail's link; a coordinator screens one;
 * a mediator finds them among a waiting person's proposals and confirms the tandem while a
 * coordinator, a moment too late, is told who was faster; the first meeting and a check-in are
 * recorded; the statistics follow. Names and notes that carry markup stay text. Every page is
 * photographed in test-results/, and axe-core checks the sign-up form and the beneficiary page.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, type Beneficiary, type Programme } from '../../../src/domain/index.js';
import { listAll } from '../../../src/store/paging.js';
import { SPOKEN } from '../../../src/web/pages/signup.js';
import { readPlace } from '../../../src/web/places.js';
import { eventually } from '../api/harness.js';
import {
  axe,
  chromiumMissing,
  confirmationLink,
  openSite,
  RESULTS,
  serious,
  shoot,
  signIn,
  visitor,
  type AxeViolation,
  type Site,
} from './browser.js';

const missing = chromiumMissing();

/** What a person reads there, once the page shows it (the Unicode isolates around names are not read). */
const see = (locator: Locator) =>
  expect.poll(async () => (await locator.textContent())?.replace(/[\u2068\u2069]/g, ''), { timeout: 10_000 });
const XSS = '<img src=x onerror="window.__xss=1">';

/** A waiting person of the programme the demo has no volunteer for, whom a volunteer from the same municipality can help. */
async function lonelyBeneficiary(site: Site, programme: Programme): Promise<Beneficiary> {
  const { store } = site.api;
  const waiting = await listAll(store.beneficiaries, programme.orgId, { programmeIds: programme.id, status: 'active' });
  for (const b of waiting) {
    const fits =
      b.place.municipality &&
      readPlace(b.place.municipality, '', 'fr').place &&
      b.languages.some((l) => (SPOKEN as readonly string[]).includes(l)) &&
      !b.preferences.volunteerGender &&
      b.availability.length;
    if (fits && (await store.proposals.listForBeneficiary(programme.orgId, b.id)).length === 0) return b;
  }
  throw new Error(`no beneficiary without proposals in ${programme.slug}`);
}

describe.skipIf(missing !== undefined)('the pages in Chromium', () => {
  let site: Site;
  let liege: Programme;
  let mechelen: Programme;
  let lonely: Beneficiary;
  const axeResults: Record<string, AxeViolation[]> = {};
  /** The password the admin's new account was given, for its own change of password. */
  let given = '';
  const volunteerFr = { firstName: 'Françoise', lastName: 'Lambotte', email: 'francoise.lambotte@mail.example' };

  beforeAll(async () => {
    site = await openSite();
    const orgs = await site.api.store.organisations.listAll();
    const find = async (slug: string) =>
      (await site.api.store.programmes.findBySlug(orgs.find((o) => o.slug === slug)!.id, slug))!;
    liege = await find('mentorat-liege');
    mechelen = await find('jeugdwerk-mechelen');
    lonely = await lonelyBeneficiary(site, liege);
  }, 120_000);

  afterAll(async () => {
    if (!site) return;
    await writeFile(join(RESULTS, 'axe.json'), `${JSON.stringify(axeResults, null, 2)}\n`);
    await site.close();
  });

  it('signs up in French: a mistake is shown next to its field with the answers kept, then the e-mail link confirms', async () => {
    const context = await visitor(site, 'fr-BE');
    const page = await context.newPage();
    await page.goto('/');
    await see(page.locator('h1')).toContain('Des tandems');
    await shoot(page, '00-home', 'both');
    await page.goto('/signup');
    await see(page.locator('main')).toContain('Région de Bruxelles-Capitale');
    await shoot(page, '01-signup-choose', 'both');
    await page.click(`a[href="/signup/${liege.slug}"]`);
    await see(page.locator('h1')).toBe('Devenir bénévole chez Mentorat Liège');
    axeResults.signup = await axe(page);
    expect(serious(axeResults.signup)).toEqual([]);
    await shoot(page, '02-signup-form-fr', 'both');

    await page.fill('#f-firstName', volunteerFr.firstName);
    await page.fill('#f-lastName', volunteerFr.lastName);
    await page.fill('#f-email', 'francoise.lambotte@');
    await page.fill('#f-municipality', lonely.place.municipality!);
    await page.selectOption('#f-maxDistanceKm', '10');
    for (const l of lonely.languages.filter((l) => (SPOKEN as readonly string[]).includes(l)))
      await page.check(`input[name=languages][value=${l}]`);
    for (const n of lonely.needs) await page.check(`input[name=skills][value=${n}]`);
    await page.click('details.exact summary');
    for (const day of new Set(lonely.availability.map((s) => s.day))) {
      await page.fill(
        `#f-hours_${day}`,
        lonely.availability
          .filter((s) => s.day === day)
          .map((s) => `${s.start}-${s.end}`)
          .join(', '),
      );
    }
    await page.check('#f-consent');
    await page.click('form.form button[type=submit]');

    await see(page.locator('#f-email-error')).toMatch(/adresse e-mail valide/);
    expect(
      await page
        .locator('.error-summary')
        .evaluate(
          (el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
        ),
    ).toBe(true);
    expect(await page.locator('#f-firstName').inputValue()).toBe(volunteerFr.firstName);
    expect(await page.locator('#f-municipality').inputValue()).toBe(lonely.place.municipality!);
    expect(await page.locator('#f-consent').isChecked()).toBe(true);
    await shoot(page, '03-signup-error-fr', 'both');

    await page.fill('#f-email', volunteerFr.email);
    await page.click('form.form button[type=submit]');
    await see(page.locator('h1')).toBe('Consultez votre boîte e-mail');
    await shoot(page, '04-signup-sent-fr');

    await page.goto(await confirmationLink(site.api, volunteerFr.email));
    await see(page.locator('h1')).toBe('Votre adresse est confirmée');
    await shoot(page, '05-email-confirmed-fr');
    await context.close();
  });

  it('signs up in Dutch, with municipality suggestions as one types; a name made of markup stays text', async () => {
    const context = await visitor(site, 'nl-BE');
    const page = await context.newPage();
    await page.goto(`/signup/${mechelen.slug}`);
    await see(page.locator('h1')).toBe('Vrijwilliger worden bij Jeugdwerk voor Allen Mechelen');
    await page.fill('#f-firstName', XSS);
    await page.fill('#f-email', 'jef.xss@mail.example');
    await page.fill('#f-municipality', 'Mechln');
    await page.check('input[name=languages][value=nl]');
    await page.check('#f-consent');
    // Nothing ticked for what Jef can help with nor when: told on the page, before anything is sent.
    await page.click('form.form button[type=submit]');
    await see(page.locator('#f-skills-need')).toBe('Vink minstens één ding aan waarmee je kunt helpen.');
    await see(page.locator('#f-slots-need')).toMatch(/minstens één moment/);
    expect(page.url()).toMatch(new RegExp(`/signup/${mechelen.slug}$`));
    await shoot(page, '05b-signup-needs-nl');
    await page.check('input[name=skills]:first-of-type');
    await page.check('input[name=slots][value=sat-afternoon]');
    await page.click('form.form button[type=submit]');
    await see(page.locator('#f-municipality-error')).toMatch(/Deze gemeente kennen we niet/);
    expect(await page.locator('#f-firstName').inputValue()).toBe(XSS);
    expect(await page.locator('input[name=slots][value=sat-afternoon]').isChecked()).toBe(true);
    await shoot(page, '06-signup-error-nl', 'both');

    await page.fill('#f-municipality', '');
    await page.locator('#f-municipality').pressSequentially('Meche');
    await expect.poll(() => page.locator('#places option[value="Mechelen"]').count(), { timeout: 10_000 }).toBe(1);
    await page.fill('#f-municipality', 'Mechelen');
    await page.click('form.form button[type=submit]');
    await see(page.locator('h1')).toBe('Kijk in je mailbox');
    await page.goto(await confirmationLink(site.api, 'jef.xss@mail.example'));
    await see(page.locator('h1')).toBe('Je adres is bevestigd');
    await shoot(page, '07-email-confirmed-nl');
    await context.close();

    // The coordinator's queue shows the name as written, and nothing runs (CSP off: the escaping alone must hold).
    const staff = await site.browser.newContext({ locale: 'nl-BE', baseURL: site.api.url, bypassCSP: true });
    const coordinator = await staff.newPage();
    await signIn(coordinator, 'coordinator@jeugdwerk-mechelen.example');
    await coordinator.goto('/app/screening');
    const card = coordinator.locator('.volunteer', { hasText: XSS });
    await see(card.locator('h2')).toBe(XSS);
    expect(await coordinator.locator('main img').count()).toBe(0);
    expect(await coordinator.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    await shoot(coordinator, '08-screening-xss-nl');
    await staff.close();
  });

  it('volunteers name their town their own way: "Luik" in Dutch, "1030 Schaerbeek" in French; "Vorst" asks which', async () => {
    const signUp = async (locale: string, firstName: string, email: string, town: string) => {
      const context = await visitor(site, locale);
      const page = await context.newPage();
      await page.goto(`/signup/${liege.slug}`);
      await page.fill('#f-firstName', firstName);
      await page.fill('#f-email', email);
      await page.fill('#f-municipality', town);
      await page.check('input[name=languages][value=fr]');
      await page.check('input[name=skills]:first-of-type');
      await page.check('input[name=slots][value=sat-afternoon]');
      await page.check('#f-consent');
      return { context, page };
    };
    const nl = await signUp('nl-BE', 'Jozef', 'jozef.luik@mail.example', 'Vorst');
    await nl.page.click('form.form button[type=submit]');
    await see(nl.page.locator('#f-municipality-error')).toMatch(/1190 Vorst · 2430 Vorst \(Laakdal\)/);
    await shoot(nl.page, '06b-signup-vorst-nl');
    await nl.page.fill('#f-municipality', 'Luik');
    await nl.page.click('form.form button[type=submit]');
    await see(nl.page.locator('h1')).toBe('Kijk in je mailbox');
    await nl.page.goto(await confirmationLink(site.api, 'jozef.luik@mail.example'));
    await nl.context.close();
    const fr = await signUp('fr-BE', 'Samira', 'samira.schaerbeek@mail.example', '1030 Schaerbeek');
    await fr.page.click('form.form button[type=submit]');
    await see(fr.page.locator('h1')).toBe('Consultez votre boîte e-mail');
    await fr.page.goto(await confirmationLink(site.api, 'samira.schaerbeek@mail.example'));
    await fr.context.close();

    const stored = await listAll(site.api.store.volunteers, liege.orgId, {});
    expect(stored.find((v) => v.contact.email === 'jozef.luik@mail.example')?.place).toMatchObject({
      municipality: 'Liège',
      nis: '62063',
    });
    expect(stored.find((v) => v.contact.email === 'samira.schaerbeek@mail.example')?.place).toMatchObject({
      nis: '21015',
      postcode: '1030',
    });
    // The coordinator reads both towns in their own language.
    const staff = await visitor(site, 'nl-BE');
    const coordinator = await staff.newPage();
    await signIn(coordinator, 'coordinator@mentorat-liege.example');
    await coordinator.goto('/app/screening');
    await see(coordinator.locator('.volunteer', { hasText: 'Jozef' })).toContain('Luik');
    await see(coordinator.locator('.volunteer', { hasText: 'Samira' })).toContain('1030 Schaarbeek');
    await shoot(coordinator, '08b-screening-places-nl');
    await staff.close();
  });

  it('a household signs up together, its members and ages on the form', async () => {
    const context = await visitor(site, 'fr-BE');
    const page = await context.newPage();
    await page.goto(`/signup/${liege.slug}`);
    await page.fill('#f-firstName', 'Paul');
    await page.fill('#f-email', 'famille.lambert@mail.example');
    await page.check('input[name=kind][value=household]');
    await page.click('details.group:has(#f-householdName) summary');
    await page.fill('#f-householdName', 'Famille Lambert');
    await page.fill('#f-memberName1', 'Paul');
    await page.fill('#f-memberAge1', '44');
    await page.fill('#f-memberAge2', '12');
    await page.fill('#f-municipality', 'Ans');
    await page.check('input[name=languages][value=fr]');
    await page.check('input[name=skills]:first-of-type');
    await page.check('input[name=slots][value=sat-afternoon]');
    await page.check('#f-consent');
    axeResults.signupHousehold = await axe(page);
    expect(serious(axeResults.signupHousehold)).toEqual([]);
    await shoot(page, '05c-signup-household-fr');
    await page.click('form.form button[type=submit]');
    await see(page.locator('h1')).toBe('Consultez votre boîte e-mail');
    const stored = (await listAll(site.api.store.volunteers, liege.orgId, {})).find(
      (v) => v.contact.email === 'famille.lambert@mail.example',
    );
    expect(stored).toMatchObject({
      kind: 'household',
      groupName: 'Famille Lambert',
      members: [{ age: 44 }, { age: 12 }],
    });
    await context.close();
  });

  it('a right-to-left override in a name stays inside the name: the rest of the line keeps its order', async () => {
    const context = await visitor(site, 'en-GB');
    const page = await context.newPage();
    await signIn(page, 'mediator@mentorat-liege.example');
    await page.goto('/app/beneficiaries/new');
    await page.fill('#f-firstName', 'Ahmad');
    await page.fill('#f-municipality', 'Liège');
    await page.check('input[name=needs][value=job_search]');
    await page.check('input[name=languages][value=fr]');
    await page.check('input[name=slots][value=wed-afternoon]');
    await page.check('input[name=consent]');
    await page.click('details.exact:has(#f-guardianFirstName) summary');
    await page.fill('#f-guardianFirstName', '\u202eKarim');
    await page.fill('#f-guardianPhone', '0470 12 34 56');
    await page.click('form.form button[type=submit]');
    await see(page.locator('h1')).toBe('Ahmad');
    // Where the phone number's first and last groups are drawn: an override that leaked past the
    // name would draw "56" left of "0470".
    const xs = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: any }).document;
      const walker = doc.createTreeWalker(doc.querySelector('main'), 4);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text: string = node.textContent;
        if (!text.includes('0470 12 34 56')) continue;
        const at = (part: string) => {
          const range = doc.createRange();
          range.setStart(node, text.indexOf(part));
          range.setEnd(node, text.indexOf(part) + part.length);
          return range.getBoundingClientRect().left as number;
        };
        return { first: at('0470'), last: at('56') };
      }
      return undefined;
    });
    expect(xs).toBeDefined();
    expect(xs!.first).toBeLessThan(xs!.last);
    await shoot(page, '20b-beneficiary-rtl-override-en');
    await context.close();
  });

  let mediatorContext: BrowserContext;
  let coordinatorContext: BrowserContext;
  let mediator: Page;

  it('a coordinator screens the French volunteer; the mediator finds them among the proposals and confirms, and a late coordinator is told who was faster', async () => {
    coordinatorContext = await visitor(site, 'fr-BE');
    const coordinator = await coordinatorContext.newPage();
    await coordinator.goto('/app/login');
    await shoot(coordinator, '09-sign-in', 'both');
    await signIn(coordinator, 'coordinator@mentorat-liege.example');
    await coordinator.goto('/app/screening');
    const card = coordinator.locator('.volunteer', { hasText: `${volunteerFr.firstName} ${volunteerFr.lastName}` });
    const today = dayOf(new Date());
    await card.locator('input[name=interview]').fill(today);
    await card.locator('input[name=training]').fill(today);
    await shoot(coordinator, '10-screening-fr');
    await card.locator('button[type=submit]').click();
    await see(coordinator.locator('.notice--ok')).toContain('le ou la bénévole est actif·ve');

    mediatorContext = await visitor(site, 'fr-BE');
    mediator = await mediatorContext.newPage();
    await signIn(mediator, 'mediator@mentorat-liege.example');
    await see(mediator.locator('h1')).toBe('Liste d’attente');
    await shoot(mediator, '11-waiting-list', 'both');
    // The recompute around the new volunteer runs in the background.
    const page = `/app/beneficiaries/${lonely.id}`;
    await eventually(
      async () => (await mediator.goto(page), await mediator.locator('.proposal h3').allTextContents()),
      (names) => names.includes(`${volunteerFr.firstName} ${volunteerFr.lastName}`),
    );
    axeResults.beneficiary = await axe(mediator);
    expect(serious(axeResults.beneficiary)).toEqual([]);
    await shoot(mediator, '12-beneficiary-proposals', 'both');

    // The coordinator opens the same page, then the mediator confirms first.
    await coordinator.goto(page);
    await mediator
      .locator('.proposal', { hasText: volunteerFr.lastName })
      .locator('form button[type=submit]')
      .first()
      .click();
    await see(mediator.locator('.notice--ok')).toContain('Tandem confirmé');
    await shoot(mediator, '13-tandem-confirmed');

    await coordinator.locator('.proposal form button[type=submit]').first().click();
    const alert = coordinator.locator('.notice--alert');
    await see(alert).toContain('Quelqu’un a été plus rapide\u00a0: Demo mediator a proposé un tandem');
    await see(alert).toContain(`${volunteerFr.firstName} ${volunteerFr.lastName}`);
    await shoot(coordinator, '14-race-lost');
    await coordinatorContext.close();
  });

  it("prints the agreement for the first meeting in both people's languages, through Chromium's print to PDF", async () => {
    const tandemPage = mediator.url().replace(/\?.*$/, '');
    await mediator.click('a[href$="/agreement"]');
    await see(mediator.locator('h1')).toContain('Charte\u00a0:');
    const sheet = mediator.locator('.agreement__text').first();
    await see(sheet).toContain(
      `${volunteerFr.firstName}, bénévole, et ${lonely.contact.firstName} commencent un tandem.`,
    );
    await see(sheet).toContain('Première rencontre\u00a0: à convenir avec Demo mediator.');
    expect(await mediator.locator('button[data-print]').isVisible()).toBe(true);
    axeResults.agreement = await axe(mediator);
    expect(serious(axeResults.agreement)).toEqual([]);
    await shoot(mediator, '15-agreement-fr');
    await mediator.emulateMedia({ media: 'print' });
    expect(await mediator.locator('header.top').isVisible()).toBe(false);
    expect(await mediator.locator('.screen-only').isVisible()).toBe(false);
    await shoot(mediator, '15-agreement-fr-print');
    const pdf = await mediator.pdf({ path: join(RESULTS, '15-agreement-fr.pdf'), format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // One sheet: both languages side by side on a single A4 page.
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(1);
    await mediator.emulateMedia({ media: 'screen' });
    await mediator.goto(tandemPage);
  });

  it('records the first meeting and a check-in whose note carries markup, then shows the tandem in the lists and the statistics', async () => {
    await mediator.check('input[name=outcome][value=accepted]');
    await mediator.check('#f-charter');
    await mediator.click('form[action$="/first-meeting"] button[type=submit]');
    await see(mediator.locator('.notice--ok')).toContain('le tandem est actif');

    const note = 'Premier café au centre <script>window.__xss=2</script> — tout va bien';
    await mediator.check('input[name=mood][value="5"]');
    await mediator.fill('#f-note', note);
    await mediator.click('form[action$="/check-ins"] button[type=submit]');
    await see(mediator.locator('.notice--ok')).toBe('Suivi enregistré.');
    await see(mediator.locator('.timeline .note')).toBe(note);
    expect(await mediator.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    await shoot(mediator, '15-tandem-checkin', 'both');

    // The demo's simulated past left tandems going too: this one is among them.
    const active = await listAll(site.api.store.tandems, liege.orgId, { status: 'active' });
    await mediator.goto('/app/tandems?view=active');
    await expect
      .poll(() => mediator.locator('table tbody tr').count(), { timeout: 10_000 })
      .toBe(Math.min(active.length, 100));
    await see(mediator.locator('table tbody')).toContain(volunteerFr.lastName);
    axeResults.tandems = await axe(mediator);
    expect(serious(axeResults.tandems)).toEqual([]);
    await shoot(mediator, '16-tandems-active');

    await mediator.goto('/app/plan');
    await see(mediator.locator('h1')).toContain('Meilleur plan');
    await shoot(mediator, '17-plan');

    await mediator.goto('/app/stats');
    await expect.poll(() => mediator.locator('figure.chart svg[role=img]').count(), { timeout: 10_000 }).toBe(4);
    await see(mediator.locator('.kpis li').nth(2)).toContain(String(active.length));
    await shoot(mediator, '18-stats', 'both');
    const csv = await (await mediator.request.get('/app/stats.csv')).text();
    const month = dayOf(new Date()).slice(0, 7);
    const tandems = await listAll(site.api.store.tandems, liege.orgId, {});
    const startedThisMonth = tandems.filter((t) => t.firstMeeting?.date.startsWith(month)).length;
    expect(csv).toContain(`started_per_month,${month},${startedThisMonth}`);
    await mediatorContext.close();
  });

  it('a beneficiary registered with a name made of markup shows it as text in the list and on their page', async () => {
    const context = await site.browser.newContext({ locale: 'en-GB', baseURL: site.api.url, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, 'mediator@mentorat-liege.example');
    await page.goto('/app/beneficiaries/new');
    await page.fill('#f-firstName', XSS);
    await page.fill('#f-municipality', 'Liège');
    await page.check('input[name=needs][value=job_search]');
    await page.check('input[name=languages][value=fr]');
    await page.check('input[name=slots][value=wed-afternoon]');
    await page.check('input[name=consent]');
    await shoot(page, '19-intake-en');
    await page.click('form.form button[type=submit]');
    await see(page.locator('h1')).toBe(XSS);
    await see(page.locator('.notice--ok')).toContain('Beneficiary registered');
    expect(await page.locator('main img').count()).toBe(0);
    await page.goto('/app/beneficiaries?place=Li%C3%A8ge');
    await expect.poll(() => page.locator('table a', { hasText: XSS }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    await shoot(page, '20-waiting-list-xss-en');
    await context.close();
  });

  it('a coordinator tries weights on a waiting person and sees the ranking move before saving; an admin manages the accounts', async () => {
    const context = await visitor(site, 'en-GB');
    const page = await context.newPage();
    await signIn(page, 'coordinator@mentorat-liege.example');
    await page.goto(`/app/programmes/${liege.id}/settings`);
    await see(page.locator('h1')).toContain('Settings');
    const before = await page.locator('#preview').innerHTML();
    // The script redraws the preview as a slider moves.
    await page.locator('#w-proximity').evaluate((el) => {
      (el as unknown as { value: string }).value = '0';
      el.dispatchEvent(
        new (globalThis as unknown as { Event: new (t: string, o: object) => object }).Event('input', {
          bubbles: true,
        }),
      );
    });
    await expect.poll(() => page.locator('#preview').innerHTML(), { timeout: 10_000 }).not.toBe(before);
    await see(page.locator('#w-proximity-value')).toBe('0');
    await shoot(page, '21-settings-en', 'both');
    await page.click('button[name=action][value=save]');
    await see(page.locator('.notice--ok')).toBe('Saved.');
    expect((await site.api.store.programmes.get(liege.orgId, liege.id)).rules.weights?.proximity).toBe(0);
    await context.close();

    const admin = await (await visitor(site, 'nl-BE')).newPage();
    await signIn(admin, 'admin@mentorat-liege.example');
    await see(admin.locator('h1')).toBe('Accounts van het team');
    await admin.fill('#f-name', 'Nadia Peeters');
    await admin.fill('#f-email', 'nadia@mentorat-liege.example');
    await admin.click('form[action="/app/staff"] button[type=submit]');
    await see(admin.locator('.notice--ok h2')).toBe('Account aangemaakt voor Nadia Peeters');
    given = (await admin.locator('.secret code').textContent())!;
    expect(given.length).toBeGreaterThanOrEqual(12);
    await shoot(admin, '22-staff-accounts-nl');
    await admin.context().close();
  });

  it('a new staff member changes the password they were given for their own, the current one first', async () => {
    const nadia = await (await visitor(site, 'nl-BE')).newPage();
    await nadia.goto('/app/login');
    await nadia.fill('#f-email', 'nadia@mentorat-liege.example');
    await nadia.fill('#f-password', given);
    await Promise.all([nadia.waitForURL(/\/app\/(?!login)/), nadia.click('main button[type=submit]')]);
    await nadia.click('a[href="/app/password"]');
    await see(nadia.locator('h1')).toBe('Mijn wachtwoord wijzigen');
    axeResults.password = await axe(nadia);
    expect(serious(axeResults.password)).toEqual([]);
    await nadia.fill('#f-currentPassword', 'not what she was given');
    await nadia.fill('#f-newPassword', 'de zee bij Oostende is grijs');
    await nadia.fill('#f-confirmPassword', 'de zee bij Oostende is grijs');
    await nadia.click('form[action="/app/password"] button[type=submit]');
    await see(nadia.locator('#f-currentPassword-error')).toMatch(/niet je huidige wachtwoord/);
    expect(await nadia.locator('#f-newPassword').inputValue()).toBe('');
    await shoot(nadia, '23-password-error-nl');
    await nadia.fill('#f-currentPassword', given);
    await nadia.fill('#f-newPassword', 'de zee bij Oostende is grijs');
    await nadia.fill('#f-confirmPassword', 'de zee bij Oostende is grijs');
    await nadia.click('form[action="/app/password"] button[type=submit]');
    await see(nadia.locator('.notice--ok')).toContain('Wachtwoord gewijzigd');
    await shoot(nadia, '24-password-changed-nl');
    await nadia.context().close();
  });

  it('a French mediator pairs by hand a person nobody could be proposed to; a coordinator approves; the agreement is planned and printed', async () => {
    const context = await visitor(site, 'fr-BE');
    const page = await context.newPage();
    await signIn(page, 'mediator@mentorat-liege.example');
    // The waiting list leaves out people already in a tandem; searched by need.
    await page.goto('/app/beneficiaries?need=job_search');
    axeResults.waitingSearch = await axe(page);
    expect(serious(axeResults.waitingSearch)).toEqual([]);
    await shoot(page, '50-waiting-search-fr');
    const waiting = await page.locator('table tbody tr').count();
    await page.selectOption('#f-state', 'paired');
    await page.click('form.filters button[type=submit]');
    await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await see(page.locator('table tbody')).toContain('En tandem');
    expect(waiting).toBeGreaterThan(0);

    // Of the people nobody can be proposed to, one with volunteers just outside the rules.
    await page.goto('/app/beneficiaries');
    const nobody = await page
      .locator('tr', { has: page.locator('.badge--warn') })
      .locator('th a')
      .evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href')));
    expect(nobody.length).toBeGreaterThan(0);
    for (const href of nobody) {
      await page.goto(href);
      if (await page.locator('#h-next ~ table tbody tr a[href*="#hand-pair"]').count()) break;
    }
    await see(page.locator('#h-next')).toBe('Ce que vous pouvez faire maintenant');
    const miss = page.locator('#h-next ~ table tbody tr', { has: page.locator('a[href*="#hand-pair"]') }).first();
    await see(miss.locator('td').nth(1)).toMatch(/./);
    axeResults.nextSteps = await axe(page);
    expect(serious(axeResults.nextSteps)).toEqual([]);
    await shoot(page, '51-beneficiary-next-steps-fr', 'both');

    // Choosing a volunteer just outside the rules opens the pair-by-hand form with them chosen.
    await miss.locator('a[href*="#hand-pair"]').click();
    const volunteerId = await page.locator('#f-hand-volunteer').inputValue();
    expect(volunteerId).toMatch(/^vol_/);
    const volunteerName = (await page.locator(`#f-hand-volunteer option[value="${volunteerId}"]`).textContent())!
      .replace(/[\u2068\u2069]/g, '')
      .split(' — ')[0]!;
    const name = (await page.locator('h1').textContent())!;
    await page.selectOption('#f-hand-volunteer', volunteerId);
    await page.click('form[action$="/hand-pair"] button[type=submit]');
    await see(page.locator('#f-hand-reason-error')).toContain('Dites pourquoi');
    await page.selectOption('#f-hand-volunteer', volunteerId);
    await page.fill('#f-hand-reason', 'Ils se connaissent par l’école des devoirs du quartier.');
    await page.click('form[action$="/hand-pair"] button[type=submit]');
    await see(page.locator('.notice--ok')).toContain('un·e coordinateur·rice l’approuve');
    await see(page.locator('.lead .badge')).toBe('En attente d’approbation');
    const tandemUrl = page.url().replace(/\?.*$/, '');
    const tandemId = tandemUrl.split('/').pop()!;
    // Nobody is told before the approval.
    const told = async () =>
      (await site.api.store.outbox.listForPerson(liege.orgId, volunteerId)).filter(
        (m) => m.template === 'tandem_proposed',
      );
    expect(await told()).toEqual([]);
    await shoot(page, '52-tandem-awaiting-approval-fr');

    const coordinator = await (await visitor(site, 'fr-BE')).newPage();
    await signIn(coordinator, 'coordinator@mentorat-liege.example');
    await coordinator.goto(tandemUrl);
    await coordinator.click('form[action$="/approve"] button[type=submit]');
    await see(coordinator.locator('.notice--ok')).toContain('Tandem approuvé');
    expect((await told()).length).toBe(1);
    await coordinator.context().close();

    await page.goto(tandemUrl);
    await page.fill('#f-plan-date', dayOf(new Date(Date.now() + 7 * 86_400_000)));
    await page.fill('#f-plan-time', '14:30');
    await page.fill('#f-plan-place', 'Bibliothèque Chiroux');
    await page.click('form[action$="/meeting-plan"] button[type=submit]');
    await see(page.locator('.notice--ok')).toBe('Première rencontre prévue.');
    axeResults.tandem = await axe(page);
    expect(serious(axeResults.tandem)).toEqual([]);
    await shoot(page, '53-tandem-planned-fr', 'both');

    await page.goto(`${tandemUrl}/agreement`);
    const sheet = page.locator('.agreement__text').first();
    const plain = () => sheet.textContent().then((text) => text?.replace(/[\u2068\u2069]/g, ''));
    await expect.poll(plain).toContain(`${volunteerName.split(' ')[0]}, bénévole, et`);
    await expect.poll(plain).toContain('à 14\u00a0h\u00a030, Bibliothèque Chiroux');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ path: join(RESULTS, '54-agreement-hand-pair-fr.pdf'), format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });
    await shoot(page, '54-agreement-hand-pair-fr');
    const audit = (await site.api.store.audit.list(liege.orgId, { targetId: tandemId })).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['tandem.manual_pair', 'tandem.approve', 'tandem.plan_meeting']));
    expect(name).toBeTruthy();
    await context.close();
  });

  it('a Dutch coordinator finds a volunteer, notes something, pauses them until a day, pairs by hand without waiting, and prints the agreement', async () => {
    const context = await visitor(site, 'nl-BE');
    const page = await context.newPage();
    await signIn(page, 'coordinator@jeugdwerk-mechelen.example');
    await page.goto('/app/volunteers?status=active');
    await see(page.locator('h1')).toBe('Vrijwilligers');
    axeResults.volunteers = await axe(page);
    expect(serious(axeResults.volunteers)).toEqual([]);
    await shoot(page, '55-volunteers-nl', 'both');
    const first = page.locator('table tbody tr th a').first();
    const volunteerName = (await first.textContent())!.replace(/[\u2068\u2069]/g, '');
    await page.fill('#f-name', volunteerName.split(' ')[0]!);
    await page.click('form.filters button[type=submit]');
    await see(page.locator('table tbody')).toContain(volunteerName.split(' ')[0]!);
    await page.locator('table tbody tr th a').first().click();
    await see(page.locator('h1')).toContain(volunteerName.split(' ')[0]!);

    await page.fill('#f-note-text', 'Heeft liever afspraken op zaterdag.');
    await page.click('form[action="/app/notes"] button[type=submit]');
    await see(page.locator('.notice--ok')).toBe('Notitie opgeslagen.');
    await see(page.locator('#notes .timeline .note')).toBe('Heeft liever afspraken op zaterdag.');
    const back = dayOf(new Date(Date.now() + 30 * 86_400_000));
    await page.fill('#f-pause-until', back);
    await page.click('form[action$="/pause"] button[type=submit]');
    await see(page.locator('.notice--ok')).toContain('Vrijwilliger gepauzeerd');
    await see(page.locator('.lead .badge')).toBe('Gepauzeerd');
    axeResults.volunteer = await axe(page);
    expect(serious(axeResults.volunteer)).toEqual([]);
    await shoot(page, '56-volunteer-paused-nl', 'both');

    // Intake names the organisation's referral sources (the seeds' partners), in Dutch.
    await page.goto('/app/beneficiaries/new');
    await see(page.locator('label[for="f-referralSource"]')).toContain('Doorverwezen door');
    expect(await page.locator('#f-referralSource option').count()).toBeGreaterThan(1);
    axeResults.intakeReferral = await axe(page);
    expect(serious(axeResults.intakeReferral)).toEqual([]);
    await shoot(page, '56b-intake-referral-nl');

    // A coordinator's pair by hand needs no approval: the volunteer is told at once.
    await page.goto('/app/beneficiaries');
    await page.locator('table tbody tr th a').first().click();
    // The form is open already for someone nobody can be proposed to.
    if ((await page.locator('#hand-pair details').getAttribute('open')) === null)
      await page.locator('#hand-pair summary').click();
    const option = page.locator('#f-hand-volunteer option').nth(1);
    const volunteerId = (await option.getAttribute('value'))!;
    await page.selectOption('#f-hand-volunteer', volunteerId);
    await page.fill('#f-hand-reason', 'Ze kennen elkaar van de jeugdbeweging.');
    await page.click('form[action$="/hand-pair"] button[type=submit]');
    await see(page.locator('.notice--ok')).toContain('Tandem bevestigd');
    await see(page.locator('.lead .badge')).toBe('Voorgesteld');
    await eventually(
      () => site.api.store.outbox.listForPerson(mechelen.orgId, volunteerId),
      (ms) => ms.some((m) => m.template === 'tandem_proposed'),
    );
    await shoot(page, '57-tandem-by-hand-nl');
    await page.click('a[href$="/agreement"]');
    await see(page.locator('h1')).toContain('Charter:');
    await see(page.locator('.agreement__text[lang="nl"] h2')).toBe('Tandemcharter');
    const pdf = await page.pdf({ path: join(RESULTS, '58-agreement-nl.pdf'), format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await shoot(page, '58-agreement-nl');
    await context.close();
  });

  it("a coordinator of Dynamo's mobility confirms light support, moves the tandem on by stages, and reads the figures per stage and referral source", async () => {
    const context = await visitor(site, 'en-GB');
    const page = await context.newPage();
    await signIn(page, 'coordinator@dynamo-mobility.example');
    await page.goto('/app/beneficiaries');
    const rows = await page
      .locator('table tbody tr th a')
      .evaluateAll((as) => as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href')));
    for (const href of rows) {
      await page.goto(href);
      if (await page.locator('.proposal form button[type=submit]').count()) break;
    }
    const card = page.locator('.proposal').first();
    await card.locator('select[name=intensity]').selectOption('light');
    await card.locator('form button[type=submit]').first().click();
    await see(page.locator('.lead')).toContain('Light support');
    await see(page.locator('.lead')).toContain('before the mobility');
    await page.check('input[name=outcome][value=accepted]');
    await page.check('#f-charter');
    await page.click('form[action$="/first-meeting"] button[type=submit]');
    await see(page.locator('.notice--ok')).toContain('the tandem is active');
    await page.click('form[action$="/stage"] button[type=submit]');
    await see(page.locator('.lead')).toContain('during the mobility');
    await page.check('input[name=mood][value="4"]');
    await page.click('form[action$="/check-ins"] button[type=submit]');
    await see(page.locator('.timeline').first()).toContain('during the mobility');
    await shoot(page, '59-tandem-stages-en', 'both');

    await page.goto('/app/stats');
    await see(page.locator('#h-stages')).toBe('By stage of the mobility');
    await see(page.locator('#h-referrals')).toBe('By referral source');
    axeResults.stats = await axe(page);
    expect(serious(axeResults.stats)).toEqual([]);
    await shoot(page, '60-stats-stages-referrals-en', 'both');
    await page.goto('/app/referral-sources');
    await see(page.locator('h1')).toBe('Referral sources');
    axeResults.referralSources = await axe(page);
    expect(serious(axeResults.referralSources)).toEqual([]);
    await shoot(page, '61-referral-sources-en');
    await context.close();
  });

  it('a mediator imports a spreadsheet of volunteers: problems first, by line and column, then the corrected file', async () => {
    const header = 'identifiant;prénom;nom;commune;langues;compétences;disponibilités;date du consentement';
    const rows = [
      'LG-101;Jeanne;Delvaux;Luik;fr;job_search;lun 18-20;15/01/2026',
      'LG-102;Marc;Hubert;Lieje;fr, nl;paperwork;;15/01/2026',
      'LG-103;Samira;El Idrissi;1030 Schaerbeek;fr, ar;job_search;sam 10-12;31/12/2099',
    ];
    const file = (lines: string[]) => ({
      name: 'benevoles.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([header, ...lines].join('\n')),
    });
    const page = await (await visitor(site, 'fr-BE')).newPage();
    await signIn(page, 'mediator@mentorat-liege.example');
    await page.click('a[href="/app/import"]');
    await see(page.locator('h1')).toBe('Importer des personnes depuis un tableur');
    await page.selectOption('#f-programme', liege.id);
    await page.setInputFiles('#f-file', file(rows));
    await page.click('button[name=action][value=check]');
    await see(page.locator('#report-title')).toBe('Ce que contient le fichier');
    const problems = page.locator('table tbody tr');
    await expect.poll(() => problems.count()).toBe(2);
    await see(problems.nth(0)).toMatch(/^3commune.*Aucune commune belge/);
    await see(problems.nth(1)).toMatch(/^4date du consentement.*31\/12\/2099.*n’est pas une date passée/);
    await expect
      .poll(() => page.locator('button[name=action][value="good-rows"]').textContent())
      .toBe('N’importer que la ligne correcte');
    axeResults.import = await axe(page);
    expect(serious(axeResults.import)).toEqual([]);
    await shoot(page, '25-import-problems-fr', 'both');
    const held = async () =>
      (await listAll(site.api.store.volunteers, liege.orgId, {}))
        .map((v) => v.externalId)
        .filter((id) => id?.startsWith('LG-'))
        .sort();
    expect(await held()).toEqual([]);

    await page.setInputFiles(
      '#f-file',
      file([rows[0]!, rows[1]!.replace('Lieje', 'Liège'), rows[2]!.replace('31/12/2099', '15/01/2026')]),
    );
    await page.click('button[name=action][value=check]');
    await see(page.locator('#report-title + p')).toContain('3 lignes sans problème, 0 problème.');
    await page.click('button[name=action][value=import]');
    await see(page.locator('.notice--ok')).toMatch(
      /^Import terminé\s: 3 ajoutée\(s\), 0 mise\(s\) à jour, 0 inchangée\(s\)\./,
    );
    await shoot(page, '26-import-done-fr');
    expect(await held()).toEqual(['LG-101', 'LG-102', 'LG-103']);
    const samira = (await listAll(site.api.store.volunteers, liege.orgId, {})).find((v) => v.externalId === 'LG-103')!;
    expect(samira).toMatchObject({ status: 'pending_screening', place: { postcode: '1030' } });
    await page.context().close();
  });

  it('the same in Dutch: a section leader imports the good rows only, then the corrected file adds the rest', async () => {
    const header = 'id;voornaam;gemeente;talen;beschikbaarheid;datum toestemming';
    const rows = ['MB-201;Lotte;Mechelen;nl;za 14-17;15/01/2026', 'MB-202;Yusuf;Mechln;nl, tr;wo 14-16;15/01/2026'];
    const file = (lines: string[]) => ({
      name: 'vrijwilligers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([header, ...lines].join('\r\n')),
    });
    const page = await (await visitor(site, 'nl-BE')).newPage();
    await signIn(page, 'mediator@jeugdwerk-mechelen.example');
    await page.goto('/app/import');
    await see(page.locator('h1')).toBe('Mensen importeren uit een rekenblad');
    await page.selectOption('#f-programme', mechelen.id);
    await page.setInputFiles('#f-file', file(rows));
    await page.click('button[name=action][value=check]');
    await see(page.locator('table tbody tr').first()).toMatch(/^3gemeente.*Geen Belgische gemeente/);
    axeResults.importNl = await axe(page);
    expect(serious(axeResults.importNl)).toEqual([]);
    await shoot(page, '27-import-problems-nl');
    await page.click('button[name=action][value="good-rows"]');
    await see(page.locator('.notice--ok')).toContain('Geïmporteerd: 1 toegevoegd, 0 bijgewerkt, 0 ongewijzigd.');
    await page.selectOption('#f-programme', mechelen.id);
    await page.setInputFiles('#f-file', file([rows[0]!, rows[1]!.replace('Mechln', 'Mechelen')]));
    await page.click('button[name=action][value=check]');
    await see(page.locator('#report-title + p')).toContain(
      'Importeren zou er 1 toevoegen, 0 bijwerken en 1 ongewijzigd laten.',
    );
    await page.click('button[name=action][value=import]');
    await see(page.locator('.notice--ok')).toContain('Geïmporteerd: 1 toegevoegd, 0 bijgewerkt, 1 ongewijzigd.');
    await shoot(page, '28-import-done-nl');
    await page.context().close();
  });
});
