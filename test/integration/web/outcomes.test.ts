/**
 * Waits by group, the wait limit and the weights suggested by outcomes, in Chromium on the demo
 * (whose seeds carry two simulated years of history): in French, Dutch and English, photographed in
 * test-results/, with axe-core finding nothing serious.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Programme } from '../../../src/domain/index.js';
import { axe, chromiumMissing, openSite, serious, shoot, signIn, visitor, type Site } from './browser.js';

const missing = chromiumMissing();
const see = (locator: Locator) =>
  expect.poll(async () => (await locator.textContent())?.replace(/[\u2068\u2069]/g, ''), { timeout: 10_000 });
describe.skipIf(missing !== undefined)('outcomes and fairness in Chromium', () => {
  let site: Site;
  const programmes: Record<string, Programme> = {};

  beforeAll(async () => {
    site = await openSite();
    for (const org of await site.api.store.organisations.listAll())
      for (const p of await site.api.store.programmes.list(org.id)) programmes[p.slug] = p;
  }, 120_000);
  afterAll(() => site?.close());

  it.each([
    ['fr-BE', 'voisins-solidaires', 'Attente par groupe', 'Première langue'],
    ['nl-BE', 'jeugdwerk-mechelen', 'Wachten per groep', 'Eerste taal'],
    ['en-GB', 'dynamo-mobility', 'Waiting by group', 'First language'],
  ])(
    'the statistics (%s, %s) show the demo’s year and the waits by group, longest-waiting groups named',
    async (locale, slug, title, firstLanguage) => {
      const context = await visitor(site, locale);
      const page = await context.newPage();
      await signIn(page, `coordinator@${slug}.example`);
      await page.goto(`/app/stats?programme=${programmes[slug]!.id}`);
      await see(page.locator('#fairness h2')).toBe(title);
      await expect.poll(() => page.locator('#fairness table').count()).toBe(5);
      await see(page.locator('#fairness table caption').first()).toBe(firstLanguage);
      // The demo's history: tandems started over the year, a survival curve of several months.
      expect(await page.locator('figure.chart svg[role=img]').count()).toBe(4);
      expect(await page.locator('#survival-title').count()).toBe(1);
      const flagged = await page.locator('#fairness tr.flagged').count();
      expect(await page.locator('#fairness .notice--alert li').count()).toBe(flagged);
      expect(serious(await axe(page))).toEqual([]);
      await shoot(page, `30-stats-fairness-${locale}`, 'both');
      const csv = await (await page.request.get(`/app/stats.csv?programme=${programmes[slug]!.id}`)).text();
      expect(csv).toMatch(/median_wait_by_group,firstLanguage: [a-z]{2},\d+/);
      expect(csv).toMatch(/flagged_group,gender: /);
      await context.close();
    },
  );

  it('a wait limit is tried in the live preview before it is saved', async () => {
    const programme = programmes['mentorat-liege']!;
    const context = await visitor(site, 'en-GB');
    const page = await context.newPage();
    await signIn(page, 'coordinator@mentorat-liege.example');
    await page.goto(`/app/programmes/${programme.id}/settings`);
    await see(page.locator('#preview .hint')).toContain('No wait limit');
    await page.fill('#max-wait', '30');
    await see(page.locator('#preview .hint')).toMatch(
      /(Limit of 30 days|Past the limit of 30 days).*\(saved: no limit\)/,
    );
    expect(serious(await axe(page))).toEqual([]);
    await shoot(page, '31-settings-wait-limit-en', 'both');
    await page.click('button[name=action][value=save]');
    await see(page.locator('.notice--ok')).toBe('Saved.');
    expect((await site.api.store.programmes.get(programme.orgId, programme.id)).rules.maxWaitDays).toBe(30);
    await expect.poll(() => page.locator('#max-wait').inputValue()).toBe('30');
    // The browser refuses 0 itself (min=1); without its check, the server does.
    await page.fill('#max-wait', '0');
    await page.locator('form.weights').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.click('button[name=action][value=save]');
    await see(page.locator('.notice--alert')).toContain('whole number of days from 1 to 3650');
    expect((await site.api.store.programmes.get(programme.orgId, programme.id)).rules.maxWaitDays).toBe(30);
    await context.close();
  });

  it('says when too few tandems have a result to suggest weights (the small Liège programme)', async () => {
    const programme = programmes['mentorat-liege']!;
    const page = await (await visitor(site, 'fr-BE')).newPage();
    await signIn(page, 'coordinator@mentorat-liege.example');
    await page.goto(`/app/programmes/${programme.id}/settings`);
    await see(page.locator('section[aria-labelledby=suggested-title] .notice')).toContain('Il en faut au moins 30');
    await shoot(page, '32-settings-too-few-fr');
    await page.context().close();
  });

  it('shows the demo’s suggested weights beside the current ones at first start, to try and to adopt; adopting is the coordinator’s, audited', async () => {
    const programme = programmes['dynamo-mobility']!;
    const page = await (await visitor(site, 'nl-BE')).newPage();
    await signIn(page, 'coordinator@dynamo-mobility.example');
    await page.goto(`/app/programmes/${programme.id}/settings`);
    const table = page.locator('table.suggested');
    await see(page.locator('#suggested-title')).toBe('Gewichten voorgesteld door de resultaten');
    expect(await table.locator('tbody tr').count()).toBe(5);
    expect(serious(await axe(page))).toEqual([]);
    await shoot(page, '33-settings-suggested-nl', 'both');
    const before = await site.api.store.programmes.get(programme.orgId, programme.id);
    // Trying them fills the sliders and the preview; nothing is saved.
    await page.click('button[name=action][value=preview]:has-text("Uitproberen")');
    const suggested = Number(
      await page.locator('input[name=w_availability][type=hidden]').first().getAttribute('value'),
    );
    await expect.poll(() => page.locator('#w-availability').inputValue()).toBe(String(suggested));
    expect((await site.api.store.programmes.get(programme.orgId, programme.id)).version).toBe(before.version);
    await page.click('form[action$="/settings/adopt"] button[type=submit]');
    await see(page.locator('.notice--ok')).toContain('overgenomen');
    const after = await site.api.store.programmes.get(programme.orgId, programme.id);
    expect(after.rules.weights?.availability).toBe(suggested);
    const audit = await site.api.store.audit.list(programme.orgId, { targetId: programme.id }, { limit: 5 });
    expect(audit.map((e) => e.action)).toContain('programme.adopt_weights');
    await page.context().close();
  });
});
