// The check messages of arp-cache, arp-spoofing, l7-balancing, keepalived-ha and prometheus-alert
// live in catalogs (messages.yaml, messages.zh-CN.yaml beside each exercise): every key a check
// script prints is in the English catalog, with the arguments its message needs; every English
// message has a Chinese one with the same {names}; and no script still prints plain English.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { libraryKeys, wordsInArguments } from '../helpers/check-calls.js';

const COURSE = 'curricula/linux-ops';
const EXERCISES = ['arp-cache', 'arp-spoofing', 'l7-balancing', 'keepalived-ha', 'prometheus-alert'];

function catalog(file: string): Record<string, string> {
  const doc = parse(readFileSync(file, 'utf8')) as { messages?: Record<string, string> } | null;
  return doc?.messages ?? {};
}

/** The {names} a message uses. */
const namesOf = (text: string) => [...new Set([...text.matchAll(/\{([a-z_][a-z0-9_]*)\}/g)].map((m) => m[1]!))].sort();

interface Call {
  file: string;
  line: number;
  /** Every key the call can print: a key with a $suffix variable expands to each value the script gives it. */
  keys: string[];
  /** The NAME= arguments on the call's line. */
  args: Set<string>;
}

/** The literal values a script assigns to VAR (`VAR=''`, `VAR=-inhibited`). */
function valuesOf(script: string, name: string): string[] {
  const values = [...script.matchAll(new RegExp(`(?:^|[\\s;&|])${name}=('[^']*'|"[^"]*"|[^\\s;]*)`, 'gm'))].map((m) => m[1]!.replace(/^['"]|['"]$/g, ''));
  return [...new Set(values)];
}

function expand(key: string, script: string): string[] {
  const m = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(key);
  if (!m) return [key];
  const values = valuesOf(script, m[1]!);
  if (values.length === 0) throw new Error(`key ${key}: no values assigned to $${m[1]}`);
  return values.flatMap((v) => expand(key.slice(0, m.index) + v + key.slice(m.index + m[0].length), script));
}

function callsOf(file: string): Call[] {
  const script = readFileSync(file, 'utf8');
  const calls: Call[] = [];
  script.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/(?:^|[\s;&|(])(?:fail_t|pass_t)\s+("[^"]*"|[^\s;]+)(.*)$/g)) {
      const key = m[1]!.replace(/^"|"$/g, '');
      const args = new Set([...m[2]!.matchAll(/(?:^|\s)([a-z_][a-z0-9_]*)=/g)].map((a) => a[1]!));
      calls.push({ file, line: i + 1, keys: expand(key, script), args });
    }
    // Keys handed to a function of the course library (lib/lvs.sh) that prints them.
    for (const k of libraryKeys(text).keys) calls.push({ file, line: i + 1, keys: [k.key], args: new Set(k.args) });
  });
  return calls;
}

describe.each(EXERCISES)('the check message catalogs of %s', (id) => {
  const dir = path.join(COURSE, id);
  const scripts = readdirSync(path.join(dir, 'scripts'))
    .filter((f) => f.startsWith('check-') || f === 'lib.sh')
    .map((f) => path.join(dir, 'scripts', f));
  const en = catalog(path.join(dir, 'messages.yaml'));
  const zh = catalog(path.join(dir, 'messages.zh-CN.yaml'));
  const calls = scripts.flatMap(callsOf);

  it('has calls to check', () => {
    expect(calls.length).toBeGreaterThan(0);
  });

  it('prints only keys the English catalog has, each with the arguments its message uses', () => {
    const problems: string[] = [];
    for (const c of calls) {
      for (const key of c.keys) {
        const text = en[key];
        if (text === undefined) problems.push(`${c.file}:${c.line}: no English message ${key}`);
        else for (const n of namesOf(text)) if (!c.args.has(n)) problems.push(`${c.file}:${c.line}: ${key} needs ${n}=`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses every key of its English catalog', () => {
    const used = new Set(calls.flatMap((c) => c.keys));
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
  });

  it('has a Chinese message for every English one, with the same {names}', () => {
    const problems: string[] = [];
    for (const [key, text] of Object.entries(en)) {
      const t = zh[key];
      if (t === undefined) problems.push(`${key}: no zh-CN message`);
      else if (namesOf(t).join() !== namesOf(text).join()) problems.push(`${key}: zh-CN has {${namesOf(t).join()}}, English {${namesOf(text).join()}}`);
    }
    for (const key of Object.keys(zh)) if (!(key in en)) problems.push(`${key}: in zh-CN only`);
    expect(problems).toEqual([]);
  });

  // The exercise catalog wins over the course's: a key of both would change what a lib/*.sh
  // function says in this exercise.
  it('shadows no key of the course catalog', () => {
    const file = path.join(COURSE, 'messages.yaml');
    const course = existsSync(file) ? catalog(file) : {};
    expect(Object.keys(en).filter((k) => k in course)).toEqual([]);
  });

  // A value is put into a translated message as it is: words a script writes there (a phrase, a
  // default such as (none)) reach a Chinese learner in English; such a case gets its own key.
  it('hands the course library keys, not words, and writes no words into a message argument', () => {
    const problems = scripts.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((text, i) => [...libraryKeys(text).problems, ...wordsInArguments(text)].map((p) => `${f}:${i + 1}: ${p}`)),
    );
    expect(problems).toEqual([]);
  });

  it('prints no plain English FAIL/PASS line any more', () => {
    const plain = scripts.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((text, i) => (/(?:^|[\s;&|(])(?:fail|pass)\s+"/.test(text) && !/^\s*#/.test(text) ? [`${f}:${i + 1}: ${text.trim()}`] : [])),
    );
    expect(plain).toEqual([]);
  });
});

describe('the key expansion of this test', () => {
  it('expands a key with a suffix variable to each value the script assigns', () => {
    const script = "how=''\n[ -z \"$x\" ] || how=-inhibited\nfail_t \"check-fails$how\" rs=\"$rs\"\n";
    expect(expand('check-fails$how', script)).toEqual(['check-fails', 'check-fails-inhibited']);
  });
});
