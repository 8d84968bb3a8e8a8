/**
 * What the browser tests need: the app on a real embedded store in a temporary folder with the
 * demo seeds and their proposals (the API tests' harness, which builds the app as `npm start`
 * does), and Debian's Chromium driven by playwright-core. No browser is ever downloaded.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadSeeds, readSeeds } from '../../../src/demo/seeds.js';
import { newId, systemActor } from '../../../src/services/context.js';
import { eventually, PASSWORD, startApi, type Api } from '../api/harness.js';

export const CHROMIUM = '/usr/bin/chromium';
export const RESULTS = join(process.cwd(), 'test-results');

/** Under CI a missing browser fails the tests; elsewhere they are skipped with a word why. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `no Chromium at ${CHROMIUM} (scripts/services install puts it there)`;
  if (process.env.CI === 'true') throw new Error(why);
  return why;
}

export interface Site {
  api: Api;
  browser: Browser;
  close(): Promise<void>;
}

/** The demo on a fresh embedded store, its programmes matched, and a headless Chromium. */
export async function openSite(): Promise<Site> {
  const api = await startApi('embedded', 'web');
  await loadSeeds(api.store, await readSeeds(join(process.cwd(), 'seeds')), PASSWORD);
  const runs: { orgId: string; runId: string }[] = [];
  for (const org of await api.store.organisations.listAll()) {
    for (const programme of await api.store.programmes.list(org.id)) {
      const at = new Date().toISOString();
      const run = await api.store.matchRuns.insert({
        id: newId('run'),
        orgId: org.id,
        version: 1,
        createdAt: at,
        updatedAt: at,
        kind: 'recompute',
        scope: { programmeId: programme.id },
        status: 'queued',
        requestedBy: systemActor(org.id, 'seed').userId,
      });
      await api.queue.enqueue({ name: 'match-run', data: { orgId: org.id, runId: run.id } }, { jobId: run.id });
      runs.push({ orgId: org.id, runId: run.id });
    }
  }
  for (const { orgId, runId } of runs)
    await eventually(
      () => api.store.matchRuns.get(orgId, runId),
      (r) => r.status === 'done' || r.status === 'failed',
      60_000,
    );
  // playwright-core gives every launch a fresh temporary profile (its own --user-data-dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await mkdir(RESULTS, { recursive: true });
  return {
    api,
    browser,
    async close() {
      await browser.close();
      await api.close();
    },
  };
}

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** A visitor with the browser set to a language (sent as Accept-Language). */
export function visitor(site: Site, locale: string): Promise<BrowserContext> {
  return site.browser.newContext({ locale, viewport: LAPTOP, baseURL: site.api.url });
}

/**
 * The page as a person sees it, whole, in test-results/ (at the phone size too when asked),
 * after checking that no id is given twice (labels and errors point at ids).
 */
export async function shoot(page: Page, name: string, sizes: 'laptop' | 'both' = 'laptop'): Promise<void> {
  const twice = await page.evaluate(() => {
    const ids = [
      ...(
        globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ id: string }> } }
      ).document.querySelectorAll('[id]'),
    ].map((e) => e.id);
    return ids.filter((id, i) => ids.indexOf(id) !== i);
  });
  if (twice.length) throw new Error(`${name}: ids given twice: ${[...new Set(twice)].join(', ')}`);
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
  if (sizes === 'both') {
    const before = page.viewportSize() ?? LAPTOP;
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(RESULTS, `${name}-phone.png`), fullPage: true });
    await page.setViewportSize(before);
  }
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's violations on the page as it is (run through the debugger protocol, so the page's CSP stays on). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    const result = await (
      globalThis as unknown as { axe: { run(o: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

export const serious = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

/** Signs a staff member in through the page. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/app/login');
  await page.fill('#f-email', email);
  await page.fill('#f-password', PASSWORD);
  await Promise.all([page.waitForURL(/\/app\/(?!login)/), page.click('main button[type=submit]')]);
}

/** The confirmation link of the last e-mail queued to `to`, on this server. */
export async function confirmationLink(api: Api, to: string): Promise<string> {
  const messages = await eventually(
    () => api.store.outbox.listPending(1000),
    (ms) => ms.some((m) => m.to === to),
  );
  const message = messages.filter((m) => m.to === to).pop();
  const path = message && /https?:\/\/[^/\s]+(\/api\/v1\/volunteers\/confirm\/[A-Za-z0-9_-]+)/.exec(message.text)?.[1];
  if (!path) throw new Error(`no confirmation e-mail to ${to}`);
  return path;
}
