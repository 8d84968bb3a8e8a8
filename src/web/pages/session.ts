/** Staff sign-in and sign-out, through the API's session operations (same throttle, same cookie). */
import { AuthenticationError } from '../../errors/authentication-error.js';
import { LockedOutError } from '../../errors/locked-out-error.js';
import type { Role } from '../../domain/index.js';
import { ValidationError } from '../../errors/validation-error.js';
import { anonymousToken, anonymousTokenValid, CSRF_FIELD } from '../csrf.js';
import { emptyForm, errorSummary, hidden, input, one, type FormState } from '../forms.js';
import { html } from '../html.js';
import { send, type Page, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';

/** Where to go after signing in: a page of /app, nothing else (no open redirect). */
export function safeNext(next: string): string {
  return /^\/app(?:[/?#]|$)/.test(next) && !next.includes('//') && !next.includes('\\') ? next : '/app';
}

function render(p: Page, form: FormState, token: string, status = 200, banner?: string): void {
  const { t, locale } = p;
  send(p, {
    title: t('login.title'),
    status,
    here: '/app/login',
    main: html`<h1>${t('login.title')}</h1>
${p.req.query.out === '1' && !banner && html`<div class="notice" role="status"><p>${t('login.signedOut')}</p></div>`}
${banner && html`<div class="notice notice--warn" role="alert"><p>${banner}</p></div>`}
${errorSummary(form, t('form.errorsTitle'))}
<form method="post" action="/app/login?lang=${locale}" class="form form--small" novalidate>
  ${hidden(CSRF_FIELD, token)}
  ${hidden('next', safeNext(one(form.values, 'next')))}
  ${input({ name: 'email', label: t('login.email'), form, type: 'email', required: true, autocomplete: 'username' })}
  ${input({ name: 'password', label: t('login.password'), form, type: 'password', required: true, autocomplete: 'current-password' })}
  <div class="actions"><button type="submit" class="button">${t('login.submit')}</button></div>
</form>`,
  });
}

export async function loginForm(p: Page, secret: string): Promise<void> {
  render(
    p,
    emptyForm({ next: typeof p.req.query.next === 'string' ? p.req.query.next : '' }),
    anonymousToken(secret, p.req, p.res),
  );
}

export async function login(p: Page, secret: string): Promise<void> {
  const { deps, req, res, t, locale } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const again = (status: number, banner?: string, errors: Record<string, string> = {}) =>
    render(p, { values: { ...values, password: undefined }, errors }, anonymousToken(secret, req, res), status, banner);
  if (res.locals.rateLimited) return again(429, t('form.tooMany'));
  if (!anonymousTokenValid(secret, req)) return again(403, t('form.expired'));
  try {
    await perform(deps, req, res, locale, 'post', '/session', {
      body: { email: one(values, 'email'), password: one(values, 'password') },
    });
  } catch (err) {
    if (err instanceof ValidationError)
      return again(400, undefined, {
        email: t('login.errors.email'),
        ...(one(values, 'password') ? {} : { password: t('login.errors.password') }),
      });
    if (err instanceof AuthenticationError) return again(401, t('login.errors.wrong'));
    if (err instanceof LockedOutError) return again(429, t('login.errors.locked'));
    throw err;
  }
  res.redirect(303, safeNext(one(values, 'next')));
}

export async function logout(p: StaffPage): Promise<void> {
  await perform(p.deps, p.req, p.res, p.locale, 'delete', '/session', { caller: p.caller });
  p.res.redirect(303, '/app/login?out=1');
}

/** `/app`: each role's first page. */
/** Where a role's work starts: the accounts for an admin, the waiting list for the others. */
export const homeOf = (role: Role) => (role === 'admin' ? '/app/staff' : '/app/beneficiaries');

export async function home(p: StaffPage): Promise<void> {
  p.res.redirect(303, homeOf(p.caller.role));
}
