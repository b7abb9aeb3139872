// The message catalogs of the load-balancing stage's checks (C1's part: nginx-proxy-cache, the LVS
// exercises, and the course's lib/lvs.sh and lib/net.sh): every key a script prints with fail_t or
// pass_t has an English message, every {name} of that message is an argument the call gives, no
// English message is left unused, and zh-CN says every message with the same {names}. A key the
// server cannot find is shown as a bare `KEY (name=value)`, so a typo here is a learner's riddle.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { libraryKeys, wordsInArguments } from '../helpers/check-calls.js';

const COURSE = 'curricula/linux-ops';
const EXERCISES = ['nginx-proxy-cache', 'lvs-nat', 'lvs-schedulers', 'lvs-dr', 'lvs-tun', 'lvs-fullnat'];
const LIBS = ['lib/lvs.sh', 'lib/net.sh'];
const KEY = '[a-z0-9][a-z0-9._-]*';

function catalog(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const doc = parse(readFileSync(file, 'utf8')) as { messages?: Record<string, string> } | null;
  return doc?.messages ?? {};
}

const names = (text: string) => [...new Set([...text.matchAll(/\{([a-z_][a-z0-9_]*)\}/g)].map((m) => m[1]!))].sort();

interface Use {
  key: string;
  where: string;
  /** The argument names of a call with a literal key; undefined where they are passed on ("$@"). */
  args?: string[];
}

/** The keys a script uses: literal fail_t/pass_t keys, the keys handed to vip_requests and lvs_in_service, and the keys a
 * `# message keys:` comment names for a key the script computes. */
function uses(file: string): Use[] {
  const out: Use[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const where = `${file}:${i + 1}`;
      const listed = /^\s*# message keys: (.*)$/.exec(line);
      if (listed) {
        for (const key of listed[1]!.trim().split(/\s+/)) out.push({ key, where });
        return;
      }
      if (line.trimStart().startsWith('#')) return;
      for (const m of line.matchAll(new RegExp(`\\b(?:fail_t|pass_t) (${KEY})((?: [a-z_][a-z0-9_]*="[^"]*(?:"[^"]*"[^"]*)*")*)`, 'g'))) {
        const rest = line.slice(m.index! + m[0].length);
        const passesOn = /^\s*"\$@"/.test(rest) || /"\$@"/.test(m[2]!);
        const args = [...line.slice(m.index!).matchAll(/ ([a-z_][a-z0-9_]*)=/g)].map((a) => a[1]!);
        out.push({ key: m[1]!, where, args: passesOn ? undefined : args });
      }
      // Keys handed to a library function (vip_requests, lvs_in_service) that prints them.
      for (const k of libraryKeys(line).keys) out.push({ key: k.key, where, args: k.args });
    });
  return out;
}

const scriptsOf = (dir: string) =>
  readdirSync(path.join(dir, 'scripts'))
    .filter((f) => f.endsWith('.sh') && !f.startsWith('solve-') && !f.startsWith('setup-'))
    .map((f) => path.join(dir, 'scripts', f));

const courseEn = catalog(path.join(COURSE, 'messages.yaml'));
const courseZh = catalog(path.join(COURSE, 'messages.zh-CN.yaml'));

function expectCalls(list: Use[], en: Record<string, string>, fallback: Record<string, string>) {
  for (const u of list) {
    const text = en[u.key] ?? fallback[u.key];
    expect(text, `${u.where}: no English message '${u.key}'`).toBeDefined();
    if (u.args) for (const n of names(text!)) expect(u.args, `${u.where}: '${u.key}' says {${n}}, which the call does not give`).toContain(n);
  }
}

function expectTranslated(en: Record<string, string>, zh: Record<string, string>, file: string) {
  for (const [key, text] of Object.entries(en)) {
    expect(zh[key], `${file}: no zh-CN message '${key}'`).toBeTypeOf('string');
    expect(names(zh[key]!), `${file}: '${key}' in zh-CN has other {names} than in English`).toEqual(names(text));
  }
  for (const key of Object.keys(zh)) expect(en, `${file}: '${key}' is not an English key`).toHaveProperty([key]);
}

describe('check message catalogs of the load-balancing stage (C1)', () => {
  it('the course library: every key in the course catalog, used, and translated', () => {
    const list = LIBS.flatMap((f) => uses(path.join(COURSE, f)));
    expect(list.length).toBeGreaterThan(40);
    expectCalls(list, courseEn, {});
    const used = new Set(list.map((u) => u.key));
    for (const key of Object.keys(courseEn)) expect(used, `course messages.yaml: '${key}' is used by no lib script`).toContain(key);
    expectTranslated(courseEn, courseZh, `${COURSE}/messages.zh-CN.yaml`);
  });

  it.each(EXERCISES)('%s: every key of its scripts in a catalog, its own keys used, and translated', (id) => {
    const dir = path.join(COURSE, id);
    const en = catalog(path.join(dir, 'messages.yaml'));
    const zh = catalog(path.join(dir, 'messages.zh-CN.yaml'));
    const list = scriptsOf(dir).flatMap(uses);
    expect(list.length).toBeGreaterThan(0);
    expectCalls(list, en, courseEn);
    const used = new Set(list.map((u) => u.key));
    for (const key of Object.keys(en)) expect(used, `${dir}/messages.yaml: '${key}' is used by no script`).toContain(key);
    expectTranslated(en, zh, `${dir}/messages.zh-CN.yaml`);
  });

  // A value is put into a translated message as it is: words a script writes there (a phrase, a
  // default such as (none), names joined with "and") reach a Chinese learner in English. Where a
  // case needs other words, it gets its own key (a form: vip_requests's keys, lvs_who_form).
  it('hands the library keys, not words, and writes no words into a message argument', () => {
    const files = [...LIBS.map((f) => path.join(COURSE, f)), ...EXERCISES.flatMap((id) => scriptsOf(path.join(COURSE, id)))];
    const problems = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => [...libraryKeys(line).problems, ...wordsInArguments(line)].map((p) => `${f}:${i + 1}: ${p}`)),
    );
    expect(problems).toEqual([]);
  });

  it('no script of these exercises still prints an English FAIL:/PASS: line of its own', () => {
    const files = [...LIBS.map((f) => path.join(COURSE, f)), ...EXERCISES.flatMap((id) => scriptsOf(path.join(COURSE, id)))];
    for (const f of files) {
      const lines = readFileSync(f, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (line.trimStart().startsWith('#')) return;
        expect(line, `${f}:${i + 1}`).not.toMatch(/(?:^|[\s;|&(])(?:fail|pass|expect_eq) ["$]/);
      });
    }
  });
});
