// The app's two catalogs (web/src/locales) say the same things: the same keys (plural-aware: English
// has `_one` and `_other`, Chinese has no plural forms and only `_other`), the same
// {{interpolations}} per key, the same <tags> for the keys rendered with <Trans>, and no empty text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Catalog = { [key: string]: string | Catalog };
const load = (locale: string): Catalog => JSON.parse(readFileSync(new URL(`../../web/src/locales/${locale}.json`, import.meta.url), 'utf8')) as Catalog;

/** Every leaf as dotted key → text. */
function flatten(c: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The keys a component asks for: a plural's forms fold into its base key. */
function baseKeys(flat: Map<string, string>): Set<string> {
  return new Set([...flat.keys()].map((k) => k.replace(PLURAL, '')));
}

/** {{name}} arguments and <tag> names of a text, sorted and unique. */
function argsOf(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*([a-zA-Z_][\w.]*)\s*\}\}/g)].map((m) => `{{${m[1]}}}`);
  const tags = [...text.matchAll(/<\/?([a-z][a-z0-9]*)\s*\/?>/g)].map((m) => `<${m[1]}>`);
  return [...new Set([...names, ...tags])].sort();
}

/** A plural's forms may differ in {{count}} (English "a task" needs none); everything else must match. */
function argsOfKey(flat: Map<string, string>, base: string): string[] {
  const forms = [...flat.entries()].filter(([k]) => k === base || k.replace(PLURAL, '') === base);
  return [...new Set(forms.flatMap(([, v]) => argsOf(v)))].filter((a) => a !== '{{count}}' || forms.length === 1).sort();
}

const en = flatten(load('en'));
const zh = flatten(load('zh-CN'));

describe('the app catalogs', () => {
  it('have the same keys in English and Chinese (plural forms folded)', () => {
    const e = baseKeys(en);
    const z = baseKeys(zh);
    expect([...e].filter((k) => !z.has(k))).toEqual([]);
    expect([...z].filter((k) => !e.has(k))).toEqual([]);
    expect(e.size).toBeGreaterThan(300);
  });

  it('give every English plural both _one and _other, and every Chinese plural _other', () => {
    for (const key of en.keys()) {
      const m = PLURAL.exec(key);
      if (!m) continue;
      const base = key.replace(PLURAL, '');
      expect(en.has(`${base}_one`) && en.has(`${base}_other`), `${base} in en`).toBe(true);
      expect(zh.has(`${base}_other`), `${base}_other in zh-CN`).toBe(true);
    }
  });

  it('use the same {{arguments}} and <tags> per key in both languages', () => {
    const differ: string[] = [];
    for (const base of baseKeys(en)) {
      const a = argsOfKey(en, base).filter((x) => x !== '{{count}}');
      const b = argsOfKey(zh, base).filter((x) => x !== '{{count}}');
      if (a.join() !== b.join()) differ.push(`${base}: en ${a.join(' ')} / zh-CN ${b.join(' ')}`);
    }
    expect(differ).toEqual([]);
  });

  it('have no empty text, and Chinese text that is Chinese (not English left behind)', () => {
    for (const [k, v] of [...en, ...zh]) expect(v.trim(), k).not.toBe('');
    // Texts that are the same in both on purpose: key names, units, separators.
    const same = new Set(['keys.names.esc', 'keys.names.tab', 'view.and', 'glossary.listSeparator']);
    const untranslated = [...zh].filter(([k, v]) => !same.has(k) && /[a-z]{3,}/i.test(v.replace(/<[^>]+>|\{\{[^}]+\}\}/g, '')) && !/[\u4e00-\u9fff]/.test(v));
    expect(untranslated).toEqual([]);
  });

  it('name no <Trans> tag after an HTML void element (<link>, <input>...), which the parser would leave empty', () => {
    // <Trans> parses the text as HTML: `<link>glossary</link>` came out as an empty link and loose text.
    const VOID = ['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'];
    const bad = [...en, ...zh].filter(([, v]) => VOID.some((tag) => v.includes(`<${tag}>`)));
    expect(bad).toEqual([]);
  });

  it('are caught when they drift: a missing key and a lost argument are found', () => {
    const broken = new Map(zh);
    broken.delete('task.check');
    expect([...baseKeys(en)].filter((k) => !baseKeys(broken).has(k))).toEqual(['task.check']);
    expect(argsOf('已完成 {{done}}/{{total}}')).toEqual(['{{done}}', '{{total}}']);
    expect(argsOf('<back>返回</back> {{path}}')).toEqual(['<back>', '{{path}}']);
  });
});
