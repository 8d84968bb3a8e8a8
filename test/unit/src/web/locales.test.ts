import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n, frenchSpacing, RESOURCES } from '../../../../src/web/i18n.js';

type Tree = { [key: string]: string | string[] | Tree };

/** Every key path of a translation file, plural forms (`_one`, `_other`…) folded into one. */
function keys(tree: Tree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(tree)) {
    const path = `${prefix}${k.replace(/_(zero|one|two|few|many|other)$/, '')}`;
    if (typeof v === 'string' || Array.isArray(v))
      out.set(path, [...(out.get(path) ?? []), ...(Array.isArray(v) ? v : [v])]);
    else for (const [p, vs] of keys(v, `${path}.`)) out.set(p, vs);
  }
  return out;
}

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [readFileSync(join(dir, e.name), 'utf8')]
        : [],
  );

describe('translation files', () => {
  const fr = keys(RESOURCES.fr);

  it.each(['nl', 'en'] as const)('%s has exactly the keys of fr, none empty, with the same placeholders', (locale) => {
    const other = keys(RESOURCES[locale]);
    expect([...other.keys()].sort()).toEqual([...fr.keys()].sort());
    for (const [key, values] of other) {
      for (const v of values) expect(v.trim(), key).not.toBe('');
      const names = (vs: string[]) =>
        [...new Set(vs.flatMap((v) => [...v.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1])))].sort();
      expect(names(values), key).toEqual(names(fr.get(key)!));
    }
  });

  it('holds every key the pages ask for by name', () => {
    const code = sources(join(process.cwd(), 'src', 'web')).join('\n');
    const used = [...code.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(100);
    for (const key of used) expect(fr.has(key), key).toBe(true);
  });
});

describe('typography', () => {
  const i18n = createI18n();

  it('puts French no-break spaces before colons and inside guillemets, narrow ones before ; ! ?', () => {
    expect(frenchSpacing('Attention : « Liège » ; vraiment ? Oui !')).toBe(
      'Attention\u00a0: «\u00a0Liège\u00a0»\u202f; vraiment\u202f? Oui\u202f!',
    );
    expect(i18n.getFixedT('fr')('proposals.notActive', { status: 'en pause' })).toBe(
      'Pas de propositions\u00a0: le statut de cette personne est «\u00a0en pause\u00a0».',
    );
  });

  it('leaves Dutch and English as written', () => {
    expect(i18n.getFixedT('nl')('proposals.notActive', { status: 'gepauzeerd' })).toMatch(/^[^\u00a0\u202f]*$/);
    expect(i18n.getFixedT('en')('proposals.notActive', { status: 'paused' })).toMatch(/^[^\u00a0\u202f]*$/);
  });
});
