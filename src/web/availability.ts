/**
 * Weekly availability as people give it: a grid of days by morning, afternoon and evening, and
 * for any day exact hours instead (`14:00-16:30, 19:00-21:00`). Turned into the scoring core's
 * slots; the grid's periods have fixed hours.
 */
import { DAYS, type AvailabilitySlot, type Day } from '../../scoring/index.js';
import { readHours } from '../domain/calendar.js';
import { one, many, type FormState } from './forms.js';
import { attrs, html, type SafeHtml } from './html.js';
import type { T } from './i18n.js';

export const PERIODS = {
  morning: { start: '09:00', end: '12:00' },
  afternoon: { start: '13:00', end: '17:00' },
  evening: { start: '18:00', end: '21:00' },
} as const;
export type Period = keyof typeof PERIODS;
const PERIOD_NAMES = Object.keys(PERIODS) as Period[];

export const SLOT_FIELD = 'slots';
export const hoursField = (day: Day) => `hours_${day}`;

/** The slots the form describes, or the name of the first day whose exact hours cannot be read. */
export function readAvailability(values: FormState['values']): { slots: AvailabilitySlot[]; badDay?: Day } {
  const ticked = new Set(many(values, SLOT_FIELD));
  const slots: AvailabilitySlot[] = [];
  for (const day of DAYS) {
    const exact = one(values, hoursField(day));
    if (exact) {
      for (const part of exact
        .split(/[,;]/)
        .map((s) => s.trim())
        .filter(Boolean)) {
        const hours = readHours(part);
        if (!hours) return { slots, badDay: day };
        slots.push({ day, ...hours });
      }
      continue;
    }
    for (const period of PERIOD_NAMES) if (ticked.has(`${day}-${period}`)) slots.push({ day, ...PERIODS[period] });
  }
  return { slots };
}

/** The form values that show `slots` again (an edit form): grid ticks where they match a period, exact hours otherwise. */
export function availabilityValues(slots: readonly AvailabilitySlot[]): FormState['values'] {
  const values: FormState['values'] = {};
  const ticks: string[] = [];
  for (const day of DAYS) {
    const own = slots.filter((s) => s.day === day);
    const periods = own.map((s) => PERIOD_NAMES.find((p) => PERIODS[p].start === s.start && PERIODS[p].end === s.end));
    if (periods.every(Boolean)) ticks.push(...periods.map((p) => `${day}-${p}`));
    else values[hoursField(day)] = own.map((s) => `${s.start}-${s.end}`).join(', ');
  }
  values[SLOT_FIELD] = ticks;
  return values;
}

export function availabilityFieldset(t: T, form: FormState, legend: string): SafeHtml {
  const ticked = new Set(many(form.values, SLOT_FIELD));
  const error = form.errors[SLOT_FIELD];
  const openHours = DAYS.some((d) => one(form.values, hoursField(d))) || DAYS.some((d) => form.errors[hoursField(d)]);
  return html`<fieldset${attrs({ class: `field availability${error ? ' field--error' : ''}`, id: `f-${SLOT_FIELD}`, 'aria-describedby': `f-${SLOT_FIELD}-hint${error ? ` f-${SLOT_FIELD}-error` : ''}` })}>
  <legend>${legend}</legend>
  <p class="hint" id="f-${SLOT_FIELD}-hint">${t('availability.hint', { morning: range('morning'), afternoon: range('afternoon'), evening: range('evening') })}</p>
  ${error && html`<p class="error" id="f-${SLOT_FIELD}-error">${error}</p>`}
  <table class="grid">
    <thead><tr><td></td>${PERIOD_NAMES.map((p) => html`<th scope="col">${t(`availability.${p}`)}</th>`)}</tr></thead>
    <tbody>
    ${DAYS.map(
      (day) =>
        html`<tr><th scope="row">${t(`days.${day}`)}</th>${PERIOD_NAMES.map((p) => {
          const id = `f-slot-${day}-${p}`;
          return html`<td><input${attrs({ type: 'checkbox', id, name: SLOT_FIELD, value: `${day}-${p}`, checked: ticked.has(`${day}-${p}`) })}><label class="visually-hidden" for="${id}">${t(`days.${day}`)}, ${t(`availability.${p}`)}</label></td>`;
        })}</tr>`,
    )}
    </tbody>
  </table>
  <details class="exact"${attrs({ open: openHours })}>
    <summary>${t('availability.exact')}</summary>
    <p class="hint">${t('availability.exactHint')}</p>
    ${DAYS.map((day) => {
      const name = hoursField(day);
      const err = form.errors[name];
      return html`<div class="field field--inline${err ? ' field--error' : ''}">
        <label for="f-${name}">${t(`days.${day}`)}</label>
        ${err && html`<p class="error" id="f-${name}-error">${err}</p>`}
        <input${attrs({ id: `f-${name}`, name, type: 'text', value: one(form.values, name), inputmode: 'numeric', autocomplete: 'off', class: 'input--medium', 'aria-describedby': err ? `f-${name}-error` : undefined, 'aria-invalid': err ? 'true' : undefined })}>
      </div>`;
    })}
  </details>
</fieldset>`;
}

function range(p: Period): string {
  return `${PERIODS[p].start}–${PERIODS[p].end}`;
}
