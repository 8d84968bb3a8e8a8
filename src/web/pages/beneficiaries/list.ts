/** The waiting list: longest wait first, with filters. */
import { placeText } from '../../places.js';
import { PAGE_SIZE, pager, programmesOf, queryValue } from './shared.js';
import { daysSince, KNOWN_SKILLS, languageName, skillLabel } from '../../../../scoring/index.js';
import { dayOf, type Beneficiary } from '../../../domain/index.js';
import { listAll } from '../../../store/paging.js';
import { sourceLabel } from '../referral-sources.js';
import { capitalise, formatWait } from '../../format.js';
import { checkbox, emptyForm, input, select } from '../../forms.js';
import { html } from '../../html.js';
import { sendStaff, type StaffPage } from '../../layout.js';
import { perform } from '../../operations.js';
import { displayName } from '../../people.js';
import { notices } from '../notices.js';
import { SPOKEN } from '../signup.js';

/** The waiting list's views: waiting (no proposed or active tandem), in a tandem, paused, left. */
const STATES = ['waiting', 'paired', 'paused', 'left'] as const;

/** `/app/beneficiaries`: who waits, longest first. */
export async function waitingList(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const programmes = await programmesOf(p);
  const sources = await listAll(deps.store.referralSources, caller.orgId, {});
  const filters = {
    programme: queryValue(req.query.programme),
    state: STATES.find((s) => s === req.query.state) ?? 'waiting',
    mine: req.query.mine === '1',
    place: queryValue(req.query.place),
    name: queryValue(req.query.name),
    need: KNOWN_SKILLS.find((s) => s === req.query.need) ?? '',
    language: SPOKEN.find((l) => l === req.query.language) ?? '',
    referral: sources.find((s) => s.id === req.query.referral)?.id ?? '',
  };
  const offset = Math.max(0, Math.floor(Number(req.query.offset) || 0));
  // The query string of these filters, as the form sends it (and the pager keeps it).
  const chosen = Object.fromEntries(
    Object.entries({ ...filters, mine: filters.mine ? '1' : '' }).filter(([, v]) => v !== ''),
  ) as Record<string, string>;
  const page = await perform<{ items: Beneficiary[]; total: number }>(deps, req, res, locale, 'get', '/beneficiaries', {
    caller,
    query: {
      ...(filters.programme && { programme: filters.programme }),
      ...(filters.state === 'waiting' || filters.state === 'paired'
        ? { status: 'active', tandem: filters.state }
        : { status: filters.state }),
      ...(filters.mine && { mediator: caller.staff.id }),
      ...(filters.place && { place: filters.place }),
      ...(filters.name && { name: filters.name }),
      ...(filters.need && { need: filters.need }),
      ...(filters.language && { language: filters.language }),
      ...(filters.referral && { referral: filters.referral }),
      sort: 'waiting',
      limit: String(PAGE_SIZE),
      offset: String(offset),
    },
  });
  const ids = page.items.map((b) => b.id);
  const [open, proposals] = await Promise.all([
    deps.store.reservations.openTandems(caller.orgId, ids),
    deps.store.proposals.listCurrent(caller.orgId, { beneficiaryIds: ids }),
  ]);
  const proposed = new Map<string, number>();
  for (const pr of proposals) proposed.set(pr.beneficiaryId, (proposed.get(pr.beneficiaryId) ?? 0) + 1);
  const today = dayOf(deps.clock.now());
  const names = new Map(programmes.map((prog) => [prog.id, prog.name[locale]]));
  const form = emptyForm(chosen);
  const pageLink = (to: number) =>
    `/app/beneficiaries?${new URLSearchParams({ ...chosen, offset: String(to) }).toString()}`;
  sendStaff(p, {
    title: t('waiting.title'),
    wide: true,
    main: html`${await notices(p)}
<div class="page-head">
  <h1>${t('waiting.title')}</h1>
  <a class="button button--secondary" href="/app/beneficiaries/new">${t('waiting.new')}</a>
</div>
<form method="get" action="/app/beneficiaries" class="filters" role="search" aria-label="${t('waiting.filters')}">
  ${select({ name: 'programme', label: t('waiting.programme'), form, blank: t('waiting.allProgrammes'), choices: programmes.map((prog) => ({ value: prog.id, label: prog.name[locale] })) })}
  ${select({ name: 'state', label: t('waiting.status'), form, choices: STATES.map((s) => ({ value: s, label: t(`waiting.states.${s}`) })) })}
  ${input({ name: 'name', label: t('waiting.name'), form, type: 'search', size: 'medium' })}
  ${input({ name: 'place', label: t('waiting.place'), form, type: 'search', size: 'medium' })}
  ${select({ name: 'need', label: t('waiting.needs'), form, blank: t('volunteers.any'), choices: KNOWN_SKILLS.map((s) => ({ value: s, label: capitalise(skillLabel(s, locale), locale) })) })}
  ${select({ name: 'language', label: t('volunteers.language'), form, blank: t('volunteers.any'), choices: SPOKEN.map((l) => ({ value: l, label: capitalise(languageName(l, locale), locale) })) })}
  ${sources.length > 0 && select({ name: 'referral', label: t('referrals.title'), form, blank: t('referrals.any'), choices: sources.map((src) => ({ value: src.id, label: sourceLabel(src, locale) })) })}
  ${checkbox({ name: 'mine', value: '1', label: t('waiting.mine'), form })}
  <div class="actions"><button type="submit" class="button button--secondary">${t('waiting.apply')}</button></div>
</form>
<p class="count" role="status">${t('waiting.count', { count: page.total })}</p>
${
  page.items.length === 0
    ? html`<p class="empty">${t('waiting.empty')}</p>`
    : html`<table class="table">
  <caption class="visually-hidden">${t('waiting.title')}</caption>
  <thead><tr><th scope="col">${t('waiting.name')}</th><th scope="col">${t('waiting.waits')}</th><th scope="col">${t('waiting.programme')}</th><th scope="col">${t('waiting.place')}</th><th scope="col">${t('waiting.needs')}</th><th scope="col">${t('waiting.state')}</th></tr></thead>
  <tbody>
  ${page.items.map((b) => {
    const count = proposed.get(b.id) ?? 0;
    const state = open.has(b.id)
      ? html`<span class="badge badge--ok">${t('waiting.inTandem')}</span>`
      : count
        ? html`<span class="badge">${t('waiting.proposals', { count })}</span>`
        : html`<span class="badge badge--warn">${t('waiting.noCandidate')}</span>`;
    return html`<tr>
      <th scope="row" data-label="${t('waiting.name')}"><a href="/app/beneficiaries/${b.id}">${displayName(b)}</a>${b.kind === 'household' && html` <span class="muted">(${t('kind.household')})</span>`}</th>
      <td data-label="${t('waiting.waits')}">${open.has(b.id) ? '—' : formatWait(t, daysSince(b.waitingSince, today))}</td>
      <td data-label="${t('waiting.programme')}">${b.programmeIds.map((id) => names.get(id) ?? id).join(', ')}</td>
      <td data-label="${t('waiting.place')}">${placeText(b.place, locale)}</td>
      <td data-label="${t('waiting.needs')}">${b.needs.map((n) => skillLabel(n, locale)).join(', ')}</td>
      <td data-label="${t('waiting.state')}">${state}</td>
    </tr>`;
  })}
  </tbody>
</table>`
}
${pager(t, offset, page.total, pageLink)}`,
  });
}
