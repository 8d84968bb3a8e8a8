/** The waiting list: longest wait first, with filters. */
import { placeText } from '../../places.js';
import { PAGE_SIZE, pager, programmesOf, queryValue } from './shared.js';
import { daysSince, skillLabel } from '../../../../scoring/index.js';
import { dayOf, type Beneficiary } from '../../../domain/index.js';
import { formatWait } from '../../format.js';
import { checkbox, emptyForm, input, select } from '../../forms.js';
import { html } from '../../html.js';
import { sendStaff, type StaffPage } from '../../layout.js';
import { perform } from '../../operations.js';
import { displayName } from '../../people.js';
import { notices } from '../notices.js';

/** `/app/beneficiaries`: who waits, longest first. */
export async function waitingList(p: StaffPage): Promise<void> {
  const { deps, req, res, t, locale, caller } = p;
  const programmes = await programmesOf(p);
  const filters = {
    programme: queryValue(req.query.programme),
    status: (['active', 'paused', 'left'] as const).find((s) => s === req.query.status) ?? 'active',
    mine: req.query.mine === '1',
    place: queryValue(req.query.place),
    offset: Math.max(0, Math.floor(Number(req.query.offset) || 0)),
  };
  const page = await perform<{ items: Beneficiary[]; total: number }>(deps, req, res, locale, 'get', '/beneficiaries', {
    caller,
    query: {
      ...(filters.programme && { programme: filters.programme }),
      status: filters.status,
      ...(filters.mine && { mediator: caller.staff.id }),
      ...(filters.place && { place: filters.place }),
      sort: 'waiting',
      limit: String(PAGE_SIZE),
      offset: String(filters.offset),
    },
  });
  const ids = page.items.map((b) => b.id);
  const [open, proposals] = await Promise.all([
    deps.store.reservations.openTandems(caller.orgId, ids),
    ids.length
      ? deps.store.proposals.list(caller.orgId, { beneficiaryId: { in: ids }, supersededAt: null }, { limit: 1000 })
      : [],
  ]);
  const proposed = new Map<string, number>();
  for (const pr of proposals) proposed.set(pr.beneficiaryId, (proposed.get(pr.beneficiaryId) ?? 0) + 1);
  const today = dayOf(deps.clock.now());
  const names = new Map(programmes.map((prog) => [prog.id, prog.name[locale]]));
  const form = emptyForm({
    programme: filters.programme,
    status: filters.status,
    place: filters.place,
    mine: filters.mine ? '1' : undefined,
  });
  const pageLink = (offset: number) => {
    const q = new URLSearchParams({
      ...(filters.programme && { programme: filters.programme }),
      status: filters.status,
      ...(filters.mine && { mine: '1' }),
      ...(filters.place && { place: filters.place }),
      offset: String(offset),
    });
    return `/app/beneficiaries?${q.toString()}`;
  };
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
  ${select({ name: 'status', label: t('waiting.status'), form, choices: (['active', 'paused', 'left'] as const).map((s) => ({ value: s, label: t(`beneficiaryStatus.${s}`) })) })}
  ${input({ name: 'place', label: t('waiting.place'), form, type: 'search', size: 'medium' })}
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
      <td data-label="${t('waiting.waits')}">${formatWait(t, daysSince(b.waitingSince, today))}</td>
      <td data-label="${t('waiting.programme')}">${b.programmeIds.map((id) => names.get(id) ?? id).join(', ')}</td>
      <td data-label="${t('waiting.place')}">${placeText(b.place, locale)}</td>
      <td data-label="${t('waiting.needs')}">${b.needs.map((n) => skillLabel(n, locale)).join(', ')}</td>
      <td data-label="${t('waiting.state')}">${state}</td>
    </tr>`;
  })}
  </tbody>
</table>`
}
${pager(t, filters.offset, page.total, pageLink)}`,
  });
}
