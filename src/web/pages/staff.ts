/**
 * `/app/staff`: the organisation's accounts, for its admins (the API's rule): create, change role,
 * disable. Each form posts, then returns to the list (post, redirect, get) with what it did; a new
 * account's password, shown once, rides the redirect in a short-lived cookie sealed under the forms'
 * secret, read and cleared by the list.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { ROLES } from '../../domain/index.js';
import type { StaffView } from '../../domain/index.js';
import { CSRF_FIELD } from '../csrf.js';
import { formAction } from '../form-action.js';
import { formatDateTime } from '../format.js';
import { emptyForm, errorSummary, hidden, input, one, select, type FormState } from '../forms.js';
import { html, type Renderable } from '../html.js';
import { notices } from './notices.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';
import { isolate } from '../people.js';

interface Created {
  name: string;
  email: string;
  password: string;
  /** The admin who created it: only their list shows it. */
  by: string;
}

const CREATED_COOKIE = 'tandem_created';
const CREATED_PATH = '/app/staff';
const keyOf = (secret: string) => createHash('sha256').update(`staff-created\u0000${secret}`).digest();

function sealCreated(secret: string, res: Response, req: Request, created: Created): void {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(created), 'utf8'), cipher.final()]);
  res.cookie(CREATED_COOKIE, Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url'), {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: CREATED_PATH,
    maxAge: 5 * 60_000,
  });
}

/** The account just created by this admin, once: the cookie is cleared as it is read. */
function openCreated(secret: string, p: StaffPage): Created | undefined {
  const { req, res, caller } = p;
  const sealed: unknown = req.cookies?.[CREATED_COOKIE];
  if (typeof sealed !== 'string') return undefined;
  res.clearCookie(CREATED_COOKIE, { path: CREATED_PATH });
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const created = JSON.parse(
      Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'),
    ) as Created;
    return created.by === caller.staff.id ? created : undefined;
  } catch {
    return undefined;
  }
}

async function accountsPage(
  p: StaffPage,
  form: FormState = emptyForm({ role: 'mediator' }),
  extra: { created?: Created | undefined; banner?: string } = {},
): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const { items } = await perform<{ items: StaffView[] }>(deps, req, res, locale, 'get', '/staff', { caller });
  items.sort((a, b) => a.name.localeCompare(b.name, locale));
  const roleChoices = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  let createdPart: Renderable = null;
  if (extra.created) {
    createdPart = html`<div class="notice notice--ok" role="status"><h2>${t('staff.createdTitle', { name: isolate(extra.created.name) })}</h2><p>${t('staff.createdText', { email: extra.created.email })}</p><p class="secret"><code>${extra.created.password}</code></p></div>`;
  }
  sendStaff(p, {
    title: t('staff.title'),
    here: '/app/staff',
    status: extra.banner ? 409 : Object.keys(form.errors).length ? 400 : 200,
    wide: true,
    main: html`${await notices(p)}${createdPart}${extra.banner && html`<div class="notice notice--alert" role="alert"><p>${extra.banner}</p></div>`}
<h1>${t('staff.title')}</h1>
<table class="table">
  <caption class="visually-hidden">${t('staff.title')}</caption>
  <thead><tr><th scope="col">${t('staff.name')}</th><th scope="col">${t('staff.email')}</th><th scope="col">${t('staff.lastLogin')}</th><th scope="col">${t('staff.roleStatus')}</th></tr></thead>
  <tbody>${items.map(
    (s) => html`<tr>
    <th scope="row" data-label="${t('staff.name')}">${isolate(s.name)}</th>
    <td data-label="${t('staff.email')}">${s.email}</td>
    <td data-label="${t('staff.lastLogin')}">${s.lastLoginAt ? formatDateTime(s.lastLoginAt, locale) : '—'}</td>
    <td data-label="${t('staff.roleStatus')}"><form method="post" action="/app/staff/${s.id}" class="form form--row">
      ${hidden(CSRF_FIELD, caller.csrfToken)}${hidden('version', s.version)}
      ${select({ name: 'role', id: `f-role-${s.id}`, label: t('staff.role'), form: emptyForm({ role: s.role }), choices: roleChoices })}
      ${select({ name: 'status', id: `f-status-${s.id}`, label: t('staff.status'), form: emptyForm({ status: s.status }), choices: (['active', 'disabled'] as const).map((v) => ({ value: v, label: t(`staffStatus.${v}`) })) })}
      <button type="submit" class="button button--small button--secondary">${t('staff.changeShort')}<span class="visually-hidden"> ${t('staff.change', { name: isolate(s.name) })}</span></button>
    </form></td>
  </tr>`,
  )}</tbody>
</table>
<section class="section"><h2>${t('staff.newTitle')}</h2>
${errorSummary(form, t('form.errorsTitle'))}
<form method="post" action="/app/staff" class="form form--small" novalidate>
  ${hidden(CSRF_FIELD, caller.csrfToken)}
  ${input({ name: 'name', label: t('staff.name'), form, required: true, maxlength: 200 })}
  ${input({ name: 'email', label: t('staff.email'), form, type: 'email', required: true, maxlength: 254 })}
  ${select({ name: 'role', label: t('staff.role'), form, choices: roleChoices })}
  <div class="actions"><button type="submit" class="button">${t('staff.create')}</button></div>
</form></section>`,
  });
}

export const accounts = (p: StaffPage, secret: string) =>
  accountsPage(p, undefined, { created: openCreated(secret, p) });

export async function createAccount(p: StaffPage, secret: string): Promise<void> {
  const { req, res, t, caller } = p;
  const values = (req.body ?? {}) as FormState['values'];
  await formAction<{ user: StaffView; password: string }>(p, {
    method: 'post',
    path: '/staff',
    body: { name: one(values, 'name'), email: one(values, 'email').toLowerCase(), role: one(values, 'role') },
    done: (made) => {
      sealCreated(secret, res, req, {
        name: made.user.name,
        email: made.user.email,
        password: made.password,
        by: caller.staff.id,
      });
      return CREATED_PATH;
    },
    again: (form) => accountsPage(p, form),
    invalid: { paths: { name: 'name', email: 'email', role: 'role' }, message: (f) => t(`staff.errors.${f}`) },
    refused: () => ({ email: t('staff.errors.taken') }),
  });
}

export function changeAccount(p: StaffPage): Promise<void> {
  const values = (p.req.body ?? {}) as FormState['values'];
  return formAction(p, {
    method: 'patch',
    path: '/staff/{id}',
    params: { id: p.req.params.id },
    body: { role: one(values, 'role'), status: one(values, 'status') },
    done: '/app/staff?done=account',
    again: (_form, banner) => accountsPage(p, undefined, { banner }),
    changed: p.t('staff.changed'),
    refused: (err) => p.t(err.rule === 'last_admin' ? 'staff.lastAdmin' : 'staff.busy'),
  });
}
