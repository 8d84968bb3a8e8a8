/** The frame of every page: language, title, header with the language switch and, for staff, the menu. */
import type { Request, RequestHandler, Response, Router } from 'express';
import { LOCALES, languageName, type Locale } from '../../scoring/index.js';
import type { Caller } from '../http/access.js';
import type { WebDeps } from './operations.js';
import type { Role } from '../domain/index.js';
import { CSRF_FIELD } from './csrf.js';
import { attrs, html, toString, type Renderable, type SafeHtml } from './html.js';
import { capitalise } from './format.js';
import { isolate } from './people.js';
import { LANG_PARAM, localeOf, type T } from './i18n.js';

/** What a page handler has at hand. */
export interface Page {
  deps: WebDeps;
  req: Request;
  res: Response;
  t: T;
  locale: Locale;
}

export interface StaffPage extends Page {
  caller: Caller;
  orgName: string;
}

export type PageHandler = (p: Page) => Promise<void>;
export type StaffHandler = (p: StaffPage) => Promise<void>;

export interface PageRoutes {
  router: Router;
  /** A public page. */
  page(handler: PageHandler): RequestHandler;
  /** A staff page: a live session with one of `roles`, and on a post the session's CSRF token. */
  staff(roles: readonly Role[], handler: StaffHandler): RequestHandler;
}

export function pageOf(deps: WebDeps, req: Request, res: Response): Page {
  return { deps, req, res, t: req.t, locale: localeOf(req) };
}

interface NavItem {
  href: string;
  key: string;
  roles: readonly Role[];
}

const MEDIATORS: readonly Role[] = ['mediator', 'coordinator'];

export const NAV: readonly NavItem[] = [
  { href: '/app/beneficiaries', key: 'nav.waiting', roles: MEDIATORS },
  { href: '/app/tandems', key: 'nav.tandems', roles: MEDIATORS },
  { href: '/app/volunteers', key: 'nav.volunteers', roles: MEDIATORS },
  { href: '/app/plan', key: 'nav.plan', roles: MEDIATORS },
  { href: '/app/import', key: 'nav.import', roles: MEDIATORS },
  { href: '/app/screening', key: 'nav.screening', roles: ['coordinator'] },
  { href: '/app/programmes', key: 'nav.programmes', roles: ['coordinator'] },
  { href: '/app/referral-sources', key: 'nav.referrals', roles: ['coordinator'] },
  { href: '/app/stats', key: 'nav.stats', roles: ['mediator', 'coordinator', 'admin'] },
  { href: '/app/staff', key: 'nav.staff', roles: ['admin'] },
];

/** The current address in another language: same path and query, `lang` replaced. */
export function inLanguage(here: string, locale: Locale): string {
  const url = new URL(here, 'http://page.invalid');
  url.searchParams.set(LANG_PARAM, locale);
  return `${url.pathname}${url.search}`;
}

export interface FrameOptions {
  title: string;
  main: Renderable;
  /** The page's own address (GET), for the language switch; default: the request's. */
  here?: string;
  status?: number;
  /** A staff member's menu; anonymous pages have none. */
  staff?: { caller: Caller; orgName: string };
  /** Wider pages (tables, the plan) use the full width. */
  wide?: boolean;
}

export function frame(p: Page, o: FrameOptions): SafeHtml {
  const { t, locale } = p;
  const here = o.here ?? p.req.originalUrl;
  const path = new URL(here, 'http://page.invalid').pathname;
  const nav = o.staff && NAV.filter((n) => n.roles.includes(o.staff!.caller.role));
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · tandem</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t('frame.skip')}</a>
<header class="top">
  <div class="top__inner">
    <a class="brand" href="${o.staff ? '/app' : '/'}">tandem${o.staff && html`<span class="brand__org">${o.staff.orgName}</span>`}</a>
    <nav class="langs" aria-label="${t('frame.languages')}">
      <ul>${LOCALES.map((l) => html`<li><a${attrs({ href: inLanguage(here, l), lang: l, hreflang: l, 'aria-current': l === locale ? 'true' : undefined })}>${capitalise(languageName(l, l), l)}</a></li>`)}</ul>
    </nav>
  </div>
  ${
    nav &&
    html`<nav class="menu" aria-label="${t('frame.menu')}">
    <ul>
      ${nav.map((n) => html`<li><a${attrs({ href: n.href, 'aria-current': path === n.href || path.startsWith(`${n.href}/`) ? 'page' : undefined })}>${t(n.key)}</a></li>`)}
      <li class="menu__out"><a${attrs({ href: '/app/password', 'aria-current': path === '/app/password' ? 'page' : undefined })}>${t('nav.password')}</a></li>
      <li class="menu__out">
        <form method="post" action="/app/logout">
          <input type="hidden"${attrs({ name: CSRF_FIELD, value: o.staff!.caller.csrfToken })}>
          <button class="link" type="submit">${t('nav.signOut', { name: isolate(o.staff!.caller.staff.name) })}</button>
        </form>
      </li>
    </ul>
  </nav>`
  }
</header>
<main id="main" class="${o.wide ? 'wide' : 'narrow'}" tabindex="-1">
${o.main}
</main>
<footer class="foot"><p>${t('frame.footer')}</p></footer>
</body>
</html>`;
}

export function send(p: Page, o: FrameOptions): void {
  p.res
    .status(o.status ?? 200)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(toString(frame(p, o)));
}

/** A staff page in its frame, with the menu of the caller's role. */
export function sendStaff(p: StaffPage, o: Omit<FrameOptions, 'staff'>): void {
  send(p, { ...o, staff: { caller: p.caller, orgName: p.orgName } });
}
