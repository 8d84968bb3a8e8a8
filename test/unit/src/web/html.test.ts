import { describe, expect, it } from 'vitest';
import { attrs, escape, html, raw, toString } from '../../../../src/web/html.js';

describe('html templates', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = '<img src=x onerror="alert(1)">';
    expect(toString(html`<p title="${name}">${name}</p>`)).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>',
    );
    expect(escape(`'&\``)).toBe('&#39;&amp;&#96;');
  });

  it('keeps nested templates as markup, joins lists, and prints nothing for null, undefined and false', () => {
    const items = ['a<b', 'c'];
    expect(toString(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${null}${undefined}${false}${0}`)).toBe(
      '<ul><li>a&lt;b</li><li>c</li></ul>0',
    );
  });

  it('takes raw markup only when asked', () => {
    expect(toString(html`${raw('<br>')}${'<br>'}`)).toBe('<br>&lt;br&gt;');
  });

  it('writes attributes from a record: booleans bare or absent, values escaped, names checked', () => {
    expect(
      toString(
        attrs({ type: 'checkbox', checked: true, disabled: false, value: '"x"', viewBox: '0 0 1 1', title: undefined }),
      ),
    ).toBe(' type="checkbox" checked value="&quot;x&quot;" viewBox="0 0 1 1"');
    expect(() => attrs({ 'onclick="x"': 'y' })).toThrow(/not an attribute name/);
  });
});
