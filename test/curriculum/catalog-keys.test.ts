// The check messages of every exercise that has a catalog (messages.yaml, messages.zh-CN.yaml beside
// it) and of the course's shell library (the course's messages.yaml): every key a script prints with
// fail_t or pass_t has an English message, every {name} of that message is an argument the call
// gives, no English message is left unused, zh-CN says every message with the same {names}, an
// exercise's keys do not shadow the course's, and no script of such an exercise still prints plain
// English. A key the server cannot find is shown as a bare `KEY (name=value)`: a typo here is a
// learner's riddle. (`opslab validate` refuses a literal key no catalog has; this test also follows
// keys a script computes, and the arguments.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { libraryKeys, wordsInArguments } from '../helpers/check-calls.js';

const COURSE = 'curricula/linux-ops';
const KEY = '[a-z0-9$][-a-zA-Z0-9._$\\{\\}]*';

function catalog(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const doc = parse(readFileSync(file, 'utf8')) as { messages?: Record<string, string> } | null;
  return doc?.messages ?? {};
}

/** The {names} a message uses. */
const names = (text: string) => [...new Set([...text.matchAll(/\{([a-z_][a-z0-9_]*)\}/g)].map((m) => m[1]!))].sort();

interface Use {
  key: string;
  where: string;
  /** The NAME= arguments of a call; undefined where they are passed on ("$@"). */
  args?: string[];
}

/** The literal values a script assigns to VAR (`VAR=''`, `VAR=-inhibited`). */
function valuesOf(script: string, name: string): string[] {
  const values = [...script.matchAll(new RegExp(`(?:^|[\\s;&|])${name}=('[^']*'|"[^"]*"|[^\\s;]*)`, 'gm'))].map((m) => m[1]!.replace(/^['"]|['"]$/g, ''));
  // Only literal values: `key=$key-from` is a computed key, which a `# message keys:` comment lists.
  return [...new Set(values)].filter((v) => !v.includes('$'));
}

/** A key with a `$suffix` variable stands for each value the script assigns to it. */
function expand(key: string, script: string): string[] {
  const m = /\$\{?([A-Za-z_][A-Za-z0-9_]*|[0-9])\}?/.exec(key);
  if (!m) return [key];
  const values = valuesOf(script, m[1]!);
  // A key passed in ($1) is listed by a `# message keys:` comment, which uses() reads.
  if (values.length === 0 && /^\s*# message keys: /m.test(script)) return [];
  if (values.length === 0) throw new Error(`key ${key}: no values assigned to $${m[1]}, and no # message keys: comment`);
  return values.flatMap((v) => expand(key.slice(0, m.index) + v + key.slice(m.index + m[0].length), script));
}

/**
 * The keys a script uses: fail_t/pass_t keys (a `$suffix` expanded), the keys the course library's
 * functions print for it (vip_requests, lvs_in_service: test/helpers/check-calls.ts), and the keys a
 * `# message keys:` comment names for a key the script computes otherwise.
 */
function uses(file: string): Use[] {
  const script = readFileSync(file, 'utf8');
  const out: Use[] = [];
  script.split('\n').forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    const listed = /^\s*# message keys: (.*)$/.exec(line);
    if (listed) {
      for (const key of listed[1]!.trim().split(/\s+/)) out.push({ key, where });
      return;
    }
    if (line.trimStart().startsWith('#')) return;
    for (const m of line.matchAll(new RegExp(`(?:^|[\\s;&|(])(?:fail_t|pass_t)\\s+("${KEY}"|${KEY})`, 'g'))) {
      const key = m[1]!.replace(/^"|"$/g, '');
      const rest = line.slice(m.index! + m[0].length);
      const args = [...rest.matchAll(/(?:^|\s)([a-z_][a-z0-9_]*)=/g)].map((a) => a[1]!);
      const passesOn = /"\$@"/.test(rest);
      for (const k of expand(key, script)) out.push({ key: k, where, args: passesOn ? undefined : args });
    }
    for (const k of libraryKeys(line).keys) out.push({ key: k.key, where, args: k.args });
  });
  return out;
}

const checkScripts = (dir: string) =>
  existsSync(path.join(dir, 'scripts'))
    ? readdirSync(path.join(dir, 'scripts'))
        .filter((f) => f.endsWith('.sh') && !f.startsWith('solve-') && !f.startsWith('setup-'))
        .map((f) => path.join(dir, 'scripts', f))
    : [];

const courseEn = catalog(path.join(COURSE, 'messages.yaml'));
const courseZh = catalog(path.join(COURSE, 'messages.zh-CN.yaml'));
const libs = readdirSync(path.join(COURSE, 'lib'))
  .filter((f) => f.endsWith('.sh'))
  .map((f) => path.join(COURSE, 'lib', f));
const withCatalogs = readdirSync(COURSE).filter((d) => existsSync(path.join(COURSE, d, 'messages.yaml')));

function callProblems(list: Use[], en: Record<string, string>, fallback: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const u of list) {
    const text = en[u.key] ?? fallback[u.key];
    if (text === undefined) problems.push(`${u.where}: no English message '${u.key}'`);
    else if (u.args) for (const n of names(text)) if (!u.args.includes(n)) problems.push(`${u.where}: '${u.key}' says {${n}}, which the call does not give`);
  }
  return problems;
}

function translationProblems(en: Record<string, string>, zh: Record<string, string>, file: string): string[] {
  const problems: string[] = [];
  for (const [key, text] of Object.entries(en)) {
    if (typeof zh[key] !== 'string') problems.push(`${file}: no zh-CN message '${key}'`);
    else if (names(zh[key]!).join() !== names(text).join()) problems.push(`${file}: '${key}' has {${names(zh[key]!).join()}} in zh-CN, {${names(text).join()}} in English`);
  }
  for (const key of Object.keys(zh)) if (!(key in en)) problems.push(`${file}: '${key}' is not an English key`);
  return problems;
}

/** A plain `fail "..."`, `pass "..."` or `expect_eq ... "MSG"` line: English whatever the learner reads. */
function plainLines(files: string[]): string[] {
  return files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .flatMap((text, i) => (!/^\s*#/.test(text) && /(?:^|[\s;|&(])(?:fail|pass|expect_eq) ["$]/.test(text) ? [`${f}:${i + 1}: ${text.trim()}`] : [])),
  );
}

describe('check message catalogs', () => {
  it('the course library: every key in the course catalog, used, and translated', () => {
    const list = libs.flatMap(uses);
    expect(list.length).toBeGreaterThan(40);
    expect(callProblems(list, courseEn, {})).toEqual([]);
    const used = new Set(list.map((u) => u.key));
    expect(Object.keys(courseEn).filter((k) => !used.has(k))).toEqual([]);
    expect(translationProblems(courseEn, courseZh, `${COURSE}/messages.zh-CN.yaml`)).toEqual([]);
  });

  it('the load-balancing stage has catalogs for every lab exercise', () => {
    for (const id of ['nginx-proxy-cache', 'lvs-nat', 'lvs-schedulers', 'lvs-dr', 'lvs-tun', 'lvs-fullnat', 'arp-cache', 'arp-spoofing', 'l7-balancing', 'keepalived-ha', 'prometheus-alert']) {
      expect(withCatalogs, id).toContain(id);
    }
  });

  it.each(withCatalogs)('%s: every key of its scripts in a catalog with its arguments, its own keys used, translated, shadowing none of the course, and no plain English left', (id) => {
    const dir = path.join(COURSE, id);
    const en = catalog(path.join(dir, 'messages.yaml'));
    const zh = catalog(path.join(dir, 'messages.zh-CN.yaml'));
    const scripts = checkScripts(dir);
    const list = scripts.flatMap(uses);
    expect(list.length).toBeGreaterThan(0);
    expect(callProblems(list, en, courseEn)).toEqual([]);
    const used = new Set(list.map((u) => u.key));
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
    expect(translationProblems(en, zh, `${dir}/messages.zh-CN.yaml`)).toEqual([]);
    // The exercise catalog wins over the course's: a key of both would change what a lib/*.sh function says here.
    expect(Object.keys(en).filter((k) => k in courseEn)).toEqual([]);
    expect(plainLines(scripts)).toEqual([]);
  });

  // An argument is put into a translated message as it is: English written into one reaches a
  // Chinese learner in English. Data only (names, addresses, numbers); words belong in the catalog.
  it.each(withCatalogs)('%s: its arguments are data, never words, and the library functions get keys', (id) => {
    const problems = checkScripts(path.join(COURSE, id)).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => [...libraryKeys(line).problems, ...wordsInArguments(line)].map((p) => `${f}:${i + 1}: ${p}`)),
    );
    expect(problems).toEqual([]);
  });

  it('no course library function prints plain English', () => {
    expect(plainLines(libs.filter((f) => !/ansible\.sh$/.test(f) || readFileSync(f, 'utf8').includes('fail_t')))).toEqual([]);
  });
});

describe('the key expansion of this test', () => {
  it('expands a key with a suffix variable to each value the script assigns', () => {
    const script = "how=''\n[ -z \"$x\" ] || how=-inhibited\nfail_t \"check-fails$how\" rs=\"$rs\"\n";
    expect(expand('check-fails$how', script)).toEqual(['check-fails', 'check-fails-inhibited']);
  });
});
