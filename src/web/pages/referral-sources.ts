/**
 * `/app/referral-sources`: the organisation's referral sources (a CPAS, the province's volunteer
 * service, schools), named in the languages they have; coordinators add, rename and retire them.
 */
import { localName, type ReferralSource } from '../../domain/index.js';
import { CSRF_FIELD } from '../csrf.js';
import { formAction } from '../form-action.js';
import { emptyForm, errorSummary, hidden, input, one, type FormState } from '../forms.js';
import { attrs, html, type SafeHtml } from '../html.js';
import type { T } from '../i18n.js';
import { sendStaff, type StaffPage } from '../layout.js';
import { perform } from '../operations.js';
import { notices } from './notices.js';

const LANGS = ['fr', 'nl', 'en'] as const;

/** A source's name in the reader's language, marked with the language it fell back to. */
export function sourceName(source: ReferralSource, locale: StaffPage['locale']): SafeHtml {
  const name = localName(source.name, locale);
  return name.fallback
    ? html`<span lang="${name.lang}">${name.text}</span> <span class="muted">[${name.lang.toUpperCase()}]</span>`
    : html`${name.text}`;
}

/** The same as plain text (a list's option): the fallback language in brackets. */
export function sourceLabel(source: ReferralSource, locale: StaffPage['locale']): string {
  const name = localName(source.name, locale);
  return name.fallback ? `${name.text} [${name.lang.toUpperCase()}]` : name.text;
}

/** The name as posted: the languages filled in. */
function nameFrom(values: FormState['values'], prefix = ''): Partial<Record<(typeof LANGS)[number], string>> {
  return Object.fromEntries(LANGS.map((l): [string, string] => [l, one(values, `${prefix}${l}`)]).filter(([, v]) => v));
}

function nameFields(t: T, form: FormState, prefix = '', id = ''): SafeHtml {
  return html`${LANGS.map((l) => input({ name: `${prefix}${l}`, id: `f-${prefix}${l}${id}`, label: t(`referrals.name.${l}`), form, maxlength: 200 }))}`;
}

async function sourcesPage(p: StaffPage, form: FormState = emptyForm(), banner?: string): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const { items } = await perform<{ items: ReferralSource[] }>(deps, req, res, locale, 'get', '/referral-sources', {
    caller,
  });
  const csrf = hidden(CSRF_FIELD, caller.csrfToken);
  sendStaff(p, {
    title: t('referrals.title'),
    status: banner ? 409 : Object.keys(form.errors).length ? 400 : 200,
    here: '/app/referral-sources',
    main: html`${await notices(p)}
${banner && html`<div class="notice notice--alert" role="alert"><p>${banner}</p></div>`}
<h1>${t('referrals.title')}</h1>
<p class="lead">${t('referrals.lead')}</p>
${errorSummary(form, t('form.errorsTitle'))}
${
  items.length === 0
    ? html`<p class="empty">${t('referrals.none')}</p>`
    : html`<ul class="cards">${items.map(
        (s) => html`<li class="card">
  <h2>${sourceName(s, locale)} ${s.status === 'retired' && html`<span class="badge badge--closed">${t('referrals.retired')}</span>`}</h2>
  <details><summary>${t('referrals.rename')}</summary>
  <form method="post" action="/app/referral-sources/${s.id}" class="form form--inline" novalidate>${csrf}${hidden('version', s.version)}
    ${nameFields(t, emptyForm({ fr: s.name.fr, nl: s.name.nl, en: s.name.en }), '', `-${s.id}`)}
    <div class="actions"><button type="submit" class="button button--secondary" name="action" value="rename">${t('referrals.save')}</button></div>
  </form></details>
  <form method="post" action="/app/referral-sources/${s.id}" class="form form--inline">${csrf}${hidden('version', s.version)}
    <button type="submit" class="button button--secondary"${attrs({ name: 'action', value: s.status === 'active' ? 'retire' : 'restore' })}>${t(s.status === 'active' ? 'referrals.retire' : 'referrals.restore')}</button>
  </form>
</li>`,
      )}</ul>`
}
<section class="section" aria-labelledby="h-new"><h2 id="h-new">${t('referrals.add')}</h2>
<p class="hint">${t('referrals.addHint')}</p>
<form method="post" action="/app/referral-sources" class="form" novalidate>${csrf}
  ${nameFields(t, form)}
  <div class="actions"><button type="submit" class="button">${t('referrals.create')}</button></div>
</form></section>`,
  });
}

export const referralSources = (p: StaffPage) => sourcesPage(p);

export const createReferralSource = (p: StaffPage) =>
  formAction(p, {
    method: 'post',
    path: '/referral-sources',
    body: { name: nameFrom((p.req.body ?? {}) as FormState['values']) },
    done: '/app/referral-sources?done=saved',
    again: (form) => sourcesPage(p, form),
    invalid: { paths: {}, message: () => p.t('referrals.errors.name'), fallback: 'fr' },
  });

export function changeReferralSource(p: StaffPage): Promise<void> {
  const { req, t } = p;
  const values = (req.body ?? {}) as FormState['values'];
  const action = one(values, 'action');
  return formAction(p, {
    method: 'patch',
    path: '/referral-sources/{id}',
    params: { id: req.params.id },
    body: action === 'rename' ? { name: nameFrom(values) } : { status: action === 'restore' ? 'active' : 'retired' },
    done: '/app/referral-sources?done=saved',
    again: (_form, banner) => sourcesPage(p, emptyForm(), banner),
    invalid: t('referrals.errors.name'),
    changed: t('referrals.changed'),
  });
}
