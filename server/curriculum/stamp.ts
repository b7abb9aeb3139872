// `opslab i18n stamp`: record in each translation which English it was made from, so that a later
// change to the English shows the translation as stale. YAML overlays get a `source:` map (entry →
// hash of its English text), found with the yaml Document API and rewritten alone so that the
// translator's comments and layout stay; a Markdown overlay gets the first line
// `<!-- source: HASH -->`. Only entries that have a translation are stamped: stamping says
// "checked against this English", never "translated".
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isNode, isScalar, parseDocument } from 'yaml';
import { loadCurriculum } from './load.js';
import { formatProblem } from './problem.js';
import { rel } from './read-yaml.js';
import { MARKDOWN_STAMP, type TranslationLocale, type TranslationUnit } from './units.js';

export interface StampResult {
  /** file → entries stamped. */
  written: { file: string; entries: number }[];
  /** Why a file was not stamped (file:line:col: message lines, or a sentence). */
  refused: string[];
}

/** A translation file's name: x.<locale>.yaml or x.<locale>.md. */
export const OVERLAY_NAME = /\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(yaml|md)$/;

/** The course folder holding `file`: the nearest folder above it with a roadmap.yaml (at most 4 up). */
export function courseOf(file: string): string | undefined {
  let dir = path.dirname(path.resolve(file));
  for (let i = 0; i < 4; i++) {
    if (existsSync(path.join(dir, 'roadmap.yaml'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** Every translation file of the curriculum under `root` that has something to stamp. */
export function allOverlays(root: string, locale?: TranslationLocale): string[] {
  const { units } = loadCurriculum(root);
  return [...new Set(units.filter((u) => u.stamped && u.translated && (!locale || u.locale === locale)).map((u) => u.overlay))].sort();
}

/** Stamp `files` (paths of translation files); each is checked with its course loaded. */
export function stampFiles(props: { files: string[]; locale?: TranslationLocale }): StampResult {
  const result: StampResult = { written: [], refused: [] };
  const byCourse = new Map<string, string[]>();
  for (const f of props.files) {
    const abs = path.resolve(f);
    const course = courseOf(abs);
    if (!course) {
      result.refused.push(`${f}: not in a course folder (no roadmap.yaml above it)`);
      continue;
    }
    byCourse.set(course, [...(byCourse.get(course) ?? []), abs]);
  }
  for (const [course, files] of byCourse) {
    // A missing or stale stamp is what stamping clears: never a reason to refuse, even where the
    // course requires the locale (there it is an error).
    const { problems, units } = loadCurriculum(course, { localeGapsAsWarnings: true });
    for (const abs of files) {
      // A missing or stale stamp is what this writes, not a reason to refuse.
      const own = problems.filter((p) => path.resolve(p.file) === abs && !p.stamp);
      if (own.length) {
        result.refused.push(...own.map(formatProblem), `${rel(abs)}: not stamped (fix the problems above first)`);
        continue;
      }
      const mine = units.filter((u) => u.overlay === abs && u.stamped && u.translated && (!props.locale || u.locale === props.locale));
      if (mine.length === 0) {
        result.refused.push(`${rel(abs)}: nothing to stamp (not a translation of this course${props.locale ? ` in ${props.locale}` : ''}, or it translates nothing yet)`);
        continue;
      }
      const text = readFileSync(abs, 'utf8');
      const next = abs.endsWith('.md') ? stampMarkdown(text, mine[0]!.hash) : stampYaml(text, mine);
      if (next !== text) writeFileSync(abs, next);
      result.written.push({ file: rel(abs), entries: mine.length });
    }
  }
  return result;
}

export function stampMarkdown(text: string, hash: string): string {
  return `<!-- source: ${hash} -->\n${text.replace(MARKDOWN_STAMP, '')}`;
}

/**
 * `text` with its `source:` map holding exactly the hashes of `units` (in their order). Only the
 * `source:` entry is rewritten (or appended): every other byte of the file stays as written, as a
 * translator's comments and layout should.
 */
export function stampYaml(text: string, units: TranslationUnit[]): string {
  const block = ['source:', ...units.map((u) => `  ${u.key}: ${scalar(u.hash)}`)].join('\n');
  const doc = parseDocument(text, { uniqueKeys: false });
  const pair = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'source') : undefined;
  const keyRange = pair && isScalar(pair.key) ? pair.key.range : undefined;
  if (!pair || !keyRange) return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${block}\n`;
  let end = isNode(pair.value) && pair.value.range ? pair.value.range[1] : keyRange[1];
  // A block map's range takes in the line break after it: that stays.
  while (end > keyRange[0] && /\s/.test(text[end - 1]!)) end--;
  return text.slice(0, keyRange[0]) + block + text.slice(end);
}

/** A hash of digits only (with at most an e) would read back as a number: quote it then. */
function scalar(hash: string): string {
  return /[a-df]/.test(hash) ? hash : `'${hash}'`;
}
