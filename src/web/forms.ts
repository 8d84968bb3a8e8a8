/**
 * Form fields as accessible markup: every control has its label, its hint and its error tied to
 * it (`aria-describedby`), an invalid one says so (`aria-invalid`), and the values someone typed
 * come back as they were. Plus the reading side: posted values as strings or lists.
 */
import type { FieldIssue } from '../errors/validation-error.js';
import { attrs, html, type Renderable, type SafeHtml } from './html.js';

/** What was posted (urlencoded: a repeated name is a list) and what is wrong with it, by field name. */
export interface FormState {
  values: Record<string, string | string[] | undefined>;
  errors: Record<string, string>;
}

export const emptyForm = (values: FormState['values'] = {}): FormState => ({ values, errors: {} });

export function one(values: FormState['values'], name: string): string {
  const v = values[name];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

export function many(values: FormState['values'], name: string): string[] {
  const v = values[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter(Boolean);
}

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

interface Described {
  name: string;
  /** When the same field is on the page several times (one form per row); default from the name. */
  id?: string;
  label: string;
  hint?: string | undefined;
  form: FormState;
}

function described({ name, id: given, hint, form }: Described): {
  id: string;
  error: string | undefined;
  describedBy: string | undefined;
  extra: SafeHtml;
} {
  const id = given ?? idOf(name);
  const error = form.errors[name];
  const ids = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  const extra = html`${hint && html`<p class="hint" id="${id}-hint">${hint}</p>`}${error && html`<p class="error" id="${id}-error">${error}</p>`}`;
  return { id, error, describedBy: ids || undefined, extra };
}

export interface InputOptions extends Described {
  type?: 'text' | 'email' | 'tel' | 'date' | 'number' | 'password' | 'search' | 'time';
  required?: boolean;
  autocomplete?: string;
  inputmode?: string;
  list?: string;
  pattern?: string;
  maxlength?: number;
  min?: number | string;
  max?: number | string;
  step?: number | string;
  size?: 'short' | 'medium';
  /** Shown instead of the posted value (passwords are never sent back). */
  value?: string;
}

export function input(o: InputOptions): SafeHtml {
  const d = described(o);
  const value = o.value ?? one(o.form.values, o.name);
  return html`<div class="field${d.error ? ' field--error' : ''}">
  <label for="${d.id}">${o.label}</label>${d.extra}
  <input${attrs({
    id: d.id,
    name: o.name,
    type: o.type ?? 'text',
    value: o.type === 'password' ? undefined : value,
    required: o.required,
    autocomplete: o.autocomplete,
    inputmode: o.inputmode,
    list: o.list,
    pattern: o.pattern,
    maxlength: o.maxlength,
    min: o.min,
    max: o.max,
    step: o.step,
    class: o.size ? `input--${o.size}` : undefined,
    'aria-describedby': d.describedBy,
    'aria-invalid': d.error ? 'true' : undefined,
  })}>
</div>`;
}

export function textarea(o: Described & { rows?: number; maxlength?: number }): SafeHtml {
  const d = described(o);
  return html`<div class="field${d.error ? ' field--error' : ''}">
  <label for="${d.id}">${o.label}</label>${d.extra}
  <textarea${attrs({ id: d.id, name: o.name, rows: o.rows ?? 3, maxlength: o.maxlength, 'aria-describedby': d.describedBy, 'aria-invalid': d.error ? 'true' : undefined })}>${one(o.form.values, o.name)}</textarea>
</div>`;
}

export interface Choice {
  value: string;
  label: string;
  /** Language of the label, when it is not the page's (a language's own name). */
  lang?: string;
}

export function select(o: Described & { choices: Choice[]; required?: boolean; blank?: string }): SafeHtml {
  const d = described(o);
  const value = one(o.form.values, o.name);
  return html`<div class="field${d.error ? ' field--error' : ''}">
  <label for="${d.id}">${o.label}</label>${d.extra}
  <select${attrs({ id: d.id, name: o.name, required: o.required, 'aria-describedby': d.describedBy, 'aria-invalid': d.error ? 'true' : undefined })}>
    ${o.blank !== undefined && html`<option value="">${o.blank}</option>`}
    ${o.choices.map((c) => html`<option${attrs({ value: c.value, selected: c.value === value })}>${c.label}</option>`)}
  </select>
</div>`;
}

/** Checkboxes (several answers) or radio buttons (one), in a fieldset whose legend is the question. */
export function choices(
  o: Described & { choices: Choice[]; kind?: 'checkbox' | 'radio'; columns?: boolean; legendClass?: string },
): SafeHtml {
  const d = described(o);
  const chosen = new Set(many(o.form.values, o.name));
  return html`<fieldset${attrs({ class: `field choices${o.columns ? ' choices--columns' : ''}${d.error ? ' field--error' : ''}`, id: d.id, 'aria-describedby': d.describedBy })}>
  <legend${attrs({ class: o.legendClass })}>${o.label}</legend>${d.extra}
  <div class="choices__list">
  ${o.choices.map(
    (c, i) =>
      html`<div class="choice"><input${attrs({
        type: o.kind ?? 'checkbox',
        id: `${d.id}-${i}`,
        name: o.name,
        value: c.value,
        checked: chosen.has(c.value),
      })}><label${attrs({ for: `${d.id}-${i}`, lang: c.lang })}>${c.label}</label></div>`,
  )}
  </div>
</fieldset>`;
}

/** A single checkbox (consent, a flag), its label beside it. */
export function checkbox(o: Described & { value?: string; required?: boolean }): SafeHtml {
  const d = described(o);
  return html`<div class="field choice${d.error ? ' field--error' : ''}">
  ${d.extra}<input${attrs({ type: 'checkbox', id: d.id, name: o.name, value: o.value ?? 'yes', checked: many(o.form.values, o.name).length > 0, required: o.required, 'aria-describedby': d.describedBy, 'aria-invalid': d.error ? 'true' : undefined })}>
  <label for="${d.id}">${o.label}</label>
</div>`;
}

export function hidden(name: string, value: string | number): SafeHtml {
  return html`<input type="hidden"${attrs({ name, value: String(value) })}>`;
}

/** The list of problems at the top of a form, each a link to its field (where focus goes first). */
export function errorSummary(form: FormState, title: string): Renderable {
  const entries = Object.entries(form.errors);
  if (entries.length === 0) return null;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
  <h2 id="error-summary-title">${title}</h2>
  <ul>${entries.map(([name, message]) => html`<li><a href="#${idOf(name)}">${message}</a></li>`)}</ul>
</div>`;
}

/**
 * Form errors from a schema's issues: each issue's path (`body.contact.email`) goes to the form
 * field of its longest listed prefix (`contact.email` → `email`), with that field's message in
 * the page's language. A path no field claims goes to `fallback`.
 */
export function errorsFrom(
  issues: readonly FieldIssue[],
  paths: Record<string, string>,
  message: (field: string) => string,
  fallback: string,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const prefixes = Object.keys(paths).sort((a, b) => b.length - a.length);
  for (const issue of issues) {
    const path = issue.field.replace(/^(body|query|path)\./, '');
    const prefix = prefixes.find((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
    const field = prefix ? paths[prefix]! : fallback;
    errors[field] ??= message(field);
  }
  return errors;
}
