/**
 * HTML as tagged templates, escaped by default: every interpolated value is escaped unless it is
 * itself the result of `html` (or `raw`, kept for the few fixed strings that are markup). Arrays
 * are joined, `null`, `undefined` and `false` render nothing, so templates can use `cond && html…`.
 */

const SAFE = Symbol('safe-html');

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
}

export type Renderable = SafeHtml | string | number | boolean | null | undefined | readonly Renderable[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text made safe for element content and quoted attribute values. */
export function escape(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

function safe(value: string): SafeHtml {
  return { [SAFE]: true, value };
}

export function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

/** Markup that is trusted as written: only for constants of this code, never for data. */
export function raw(markup: string): SafeHtml {
  return safe(markup);
}

function render(value: Renderable): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isSafe(value)) return value.value;
  // Arrays went above (Array.isArray does not narrow a readonly array's type).
  return escape(`${value as string | number | boolean}`);
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return safe(out);
}

/** The attributes of an element from a record: `true` writes the bare name, `false`/`undefined` nothing. */
export function attrs(record: Record<string, string | number | boolean | undefined | null>): SafeHtml {
  let out = '';
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined || value === null || value === false) continue;
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) throw new Error(`not an attribute name: ${name}`);
    out += value === true ? ` ${name}` : ` ${name}="${escape(String(value))}"`;
  }
  return safe(out);
}

export function toString(value: SafeHtml): string {
  return value.value;
}
