/** What the beneficiaries' pages share (and the tandem and screening pages borrow). */
import { type AvailabilitySlot } from '../../../../scoring/index.js';
import { type Programme } from '../../../domain/index.js';
import { listAll } from '../../../store/paging.js';
import { html, type SafeHtml } from '../../html.js';
import type { T } from '../../i18n.js';
import { type StaffPage } from '../../layout.js';

export const PAGE_SIZE = 50;

/** Why a proposal is set aside; the reason code goes into the audit trail, never free text. */
export const REJECT_REASONS = ['not_suitable', 'already_known', 'too_far', 'schedule', 'other'] as const;

export async function programmesOf(p: StaffPage): Promise<Programme[]> {
  return (await listAll(p.deps.store.programmes, p.caller.orgId, {})).sort((a, b) => a.slug.localeCompare(b.slug));
}

export const queryValue = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, 100) : '');

export function slotsText(slots: readonly AvailabilitySlot[], t: T): string {
  return slots.map((s) => `${t(`days.${s.day}`)} ${s.start}–${s.end}`).join(' · ');
}

export function facts(rows: [string, string | undefined][]): SafeHtml {
  return html`${rows.filter(([, v]) => v).map(([k, v]) => html`<div class="facts__row"><dt>${k}</dt><dd>${v}</dd></div>`)}`;
}

/** Previous and next links over a list of `total` shown `PAGE_SIZE` at a time from `offset`. */
export function pager(t: T, offset: number, total: number, link: (offset: number) => string): SafeHtml | false {
  return (
    total > PAGE_SIZE &&
    html`<nav class="pager" aria-label="${t('waiting.pages')}">
  ${offset > 0 && html`<a href="${link(Math.max(0, offset - PAGE_SIZE))}">${t('waiting.previous')}</a>`}
  <span>${t('waiting.range', { from: offset + 1, to: Math.min(total, offset + PAGE_SIZE), total })}</span>
  ${offset + PAGE_SIZE < total && html`<a href="${link(offset + PAGE_SIZE)}">${t('waiting.next')}</a>`}
</nav>`
  );
}
