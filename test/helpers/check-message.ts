// What a learner reads for a check script's last line, in tests that run real check scripts and
// assert on their words: a `FAIL: text` line is its text; a `FAIL_T: KEY<TAB>name=value...` line
// (fail_t) is KEY's English message from the catalogs beside the exercise (messages.yaml, then the
// course's), with its arguments put in. Read straight from the files, so that these tests do not
// depend on the server's own rendering, which test/check/ tests on its own.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

function catalog(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const doc = parse(readFileSync(file, 'utf8')) as { messages?: Record<string, string> } | null;
  return doc?.messages ?? {};
}

/**
 * The line as the learner reads it (English). `exerciseDir` is the exercise's folder; the course
 * catalog is the messages.yaml of its parent folder. A line that is not FAIL_T/PASS_T is returned
 * without its FAIL:/PASS: prefix.
 */
export function readCheckLine(line: string, exerciseDir: string): string {
  const m = /^(?:FAIL|PASS)_T: ([^\t]+)((?:\t[^\t]*)*)$/.exec(line);
  if (!m) return line.replace(/^(?:FAIL|PASS): /, '');
  const key = m[1]!;
  const args: Record<string, string> = {};
  for (const a of m[2]!.split('\t').slice(1)) {
    const eq = a.indexOf('=');
    if (eq > 0) args[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const text = catalog(path.join(exerciseDir, 'messages.yaml'))[key] ?? catalog(path.join(exerciseDir, '..', 'messages.yaml'))[key];
  if (text === undefined) throw new Error(`no English message '${key}' in ${exerciseDir}/messages.yaml or the course's messages.yaml`);
  return text.replace(/\{([a-z_][a-z0-9_]*)\}/g, (whole, name: string) => args[name] ?? whole);
}
