// Quiz patterns, matched in time linear in the answer: RE2 semantics (re2js, a pure-JS port of
// RE2: no backtracking, so no pattern can make an answer freeze the server).
//
// Authors write JavaScript regular expressions. A pattern is taken only when it means the same
// in both engines: it must be valid JavaScript with the `u` flag (the strict grammar: no
// identity escapes such as `\A`, `\z`, `\Q` or `\pL`, which RE2 reads differently) and compile
// in RE2. RE2 has no lookaround and no backreferences; an answer to refuse is said with
// `unless:` instead of a lookahead.
import { RE2JS } from 're2js';

export interface LinearPattern {
  /** true when the pattern matches somewhere in `text` (RegExp.prototype.test, without state). */
  test(text: string): boolean;
}

export type CompiledPattern = { ok: true; pattern: LinearPattern } | { ok: false; message: string };

const FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0, // RE2 always reads the pattern and the text as Unicode code points
};

// Compiled once: validation while loading compiles every pattern, so grading finds it here.
// Bounded, for a server that reloads an author's curriculum many times.
const cache = new Map<string, CompiledPattern>();
const CACHE_MAX = 5000;

/** Compile an author's pattern for the linear-time engine, or say why it cannot be. */
export function compilePattern(source: string, flags: string): CompiledPattern {
  const key = `${flags}/${source}`;
  let c = cache.get(key);
  if (!c) {
    if (cache.size >= CACHE_MAX) cache.clear();
    c = compile(source, flags);
    cache.set(key, c);
  }
  return c;
}

function compile(source: string, flags: string): CompiledPattern {
  let re2Flags = 0;
  for (const f of flags) {
    if (!(f in FLAGS)) return { ok: false, message: `flag '${f}' is not supported (use i, m, s or u)` };
    if (flags.indexOf(f) !== flags.lastIndexOf(f)) return { ok: false, message: `flag '${f}' is given twice` };
    re2Flags |= FLAGS[f]!;
  }
  const unsupported = findUnsupported(source);
  if (unsupported) return { ok: false, message: unsupported };
  try {
    new RegExp(source, flags.includes('u') ? flags : flags + 'u');
  } catch (e) {
    return { ok: false, message: `invalid regular expression (quiz patterns follow JavaScript's strict \`u\` syntax): ${firstLine((e as Error).message)}` };
  }
  try {
    const re = RE2JS.compile(source, re2Flags);
    return { ok: true, pattern: { test: (text) => re.test(text) } };
  } catch (e) {
    return { ok: false, message: `the linear-time quiz matcher (RE2) cannot take this pattern: ${firstLine((e as Error).message)}` };
  }
}

/**
 * Lookaround and backreferences, with a message that says what to write instead. One pass over
 * the pattern, skipping escapes and character classes.
 */
function findUnsupported(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const at = `at character ${i + 1} of the pattern`;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<'))) {
        return `backreference \\${next} ${at}: the linear-time quiz matcher has none; spell out the alternatives`;
      }
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && source[i + 1] === '?') {
      const kind = source.slice(i, i + 4);
      if (kind.startsWith('(?=') || kind.startsWith('(?!')) {
        return `lookahead ${kind.slice(0, 3)} ${at}: the linear-time quiz matcher has no lookaround; to refuse answers that contain something, list a pattern for it under \`unless:\``;
      }
      if (kind === '(?<=' || kind === '(?<!') {
        return `lookbehind ${kind} ${at}: the linear-time quiz matcher has no lookaround; to refuse answers that contain something, list a pattern for it under \`unless:\``;
      }
    }
  }
  return undefined;
}

/**
 * The answer as the patterns should see it. JavaScript's `\s` and `.` differ from RE2's on a few
 * characters; mapping them keeps the meaning authors tested with: line ends (\r\n, \r, U+2028,
 * U+2029) become \n, which neither engine's `.` crosses; the other spaces of JavaScript's `\s`
 * (vertical tab, no-break and Unicode spaces, BOM) become a plain space, which RE2's `\s` takes.
 * One linear pass of single-character replacements.
 */
export function normalizeAnswer(answer: string): string {
  return answer.replace(/\r\n|[\r\u2028\u2029]/g, '\n').replace(/[\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]/g, ' ');
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}
