// Translation units: one English text (a title, a hint, a check name, a message, a whole lesson)
// and where its translation is, per locale. Coverage counts them; `opslab validate` reports the
// missing and the stale ones; `opslab i18n stamp` writes their hashes into the overlays.
import { createHash } from 'node:crypto';
import type { TranslationLocale } from '../../shared/i18n.js';
import type { LocalesSpec } from './locales-schema.js';
import { rel } from './read-yaml.js';
import type { Problem } from './yaml.js';

export type { TranslationLocale } from '../../shared/i18n.js';

export interface Position {
  file: string;
  line: number;
  col: number;
}

export interface TranslationUnit {
  locale: TranslationLocale;
  /** The course's roadmap id. */
  course: string;
  /** Stage ids whose coverage counts it; empty: the course row (roadmap title, glossary, unused messages). */
  stages: string[];
  /** The exercise it belongs to, when it does (its stage is known once the roadmap places it). */
  exercise?: string;
  /** A message's key, for a catalog's units (its stages are those of the exercises using it). */
  messageKey?: string;
  /** Absolute path of the file its translation belongs in. */
  overlay: string;
  /** Its entry in the overlay's `source:` map (tasks.add-vip.hints.0); '' for a Markdown overlay. */
  key: string;
  /** stampHash of the English text. */
  hash: string;
  english: Position;
  /** Where the translation stands, when there is one. */
  translated?: Position;
  /** The hash the overlay recorded; undefined when it has none. Glossary terms have no stamps: `stamped` is false. */
  stamp?: string;
  stamped: boolean;
}

/** The first 12 hex digits of the sha256 of `text`: what a translation records of its English. */
export function stampHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}

/** A Markdown overlay's first line, written by `opslab i18n stamp`. */
export const MARKDOWN_STAMP = /^<!-- source: ([0-9a-f]{12}) -->[ \t]*(?:\r?\n|$)/;

/** The overlay's text without its stamp line (what the learner reads), and the stamp. */
export function splitMarkdownStamp(text: string): { stamp?: string; body: string; bodyLine: number } {
  const m = MARKDOWN_STAMP.exec(text);
  return m ? { stamp: m[1], body: text.slice(m[0].length), bodyLine: 2 } : { body: text, bodyLine: 1 };
}

export function isFresh(u: TranslationUnit): boolean {
  return u.translated !== undefined && (!u.stamped || u.stamp === u.hash);
}

/** Whether the course requires `u`'s locale where `u` is. */
function required(u: TranslationUnit, locales: LocalesSpec | undefined): boolean {
  const r = locales?.[u.locale]?.required;
  if (r === true) return true;
  if (!Array.isArray(r)) return false;
  return u.stages.some((s) => r.includes(s));
}

/**
 * Problems for the missing and stale units of one course: warnings unless the course requires the
 * locale there (or `strict`). An overlay file that is absent is one problem (not one per text), as is
 * an overlay with no stamps at all: a course without translations says so in one line per file.
 */
export function freshnessProblems(props: { units: TranslationUnit[]; existing: Set<string>; locales?: LocalesSpec; strict?: boolean }): Problem[] {
  const { units, existing, locales, strict } = props;
  const problems: Problem[] = [];
  const severity = (us: TranslationUnit[]): Problem['severity'] => (strict || us.some((u) => required(u, locales)) ? 'error' : 'warning');
  const byOverlay = new Map<string, TranslationUnit[]>();
  for (const u of units) {
    const list = byOverlay.get(u.overlay);
    if (list) list.push(u);
    else byOverlay.set(u.overlay, [u]);
  }
  for (const [overlay, us] of byOverlay) {
    const name = rel(overlay);
    const locale = us[0]!.locale;
    if (!existing.has(overlay)) {
      const first = us[0]!.english;
      problems.push({ file: first.file, line: 1, col: 1, severity: severity(us), message: `not translated to ${locale}: no ${name} (${count(us.length, 'text')} to translate)` });
      continue;
    }
    for (const u of us) {
      if (u.translated) continue;
      const what = u.key ? ` (${u.key})` : '';
      problems.push({ ...u.english, severity: severity([u]), message: `not translated to ${locale}${what}: add it to ${name}` });
    }
    const translated = us.filter((u) => u.translated && u.stamped);
    if (translated.length === 0) continue;
    if (translated.every((u) => u.stamp === undefined)) {
      const at = translated[0]!.translated!;
      problems.push({ file: at.file, line: 1, col: 1, severity: severity(translated), stamp: true, message: `no source stamps in this ${locale} translation (${count(translated.length, 'text')}): once it is checked against the English, run \`opslab i18n stamp ${name}\`` });
      continue;
    }
    for (const u of translated) {
      if (u.stamp === u.hash) continue;
      const what = u.key || 'the lesson';
      const message =
        u.stamp === undefined
          ? `no source stamp for ${what}: once it is checked against the English, run \`opslab i18n stamp ${name}\``
          : `stale ${locale} translation of ${what}: the English (${u.english.file}:${u.english.line}:${u.english.col}) changed since; update it, then run \`opslab i18n stamp ${name}\``;
      problems.push({ ...u.translated!, severity: severity([u]), stamp: true, message });
    }
  }
  return problems;
}

/**
 * Once the roadmap has placed the exercises: an exercise's units count in its stage, a course
 * message in the stages of the exercises whose scripts use it (none: the course row).
 */
export function placeUnits(props: { units: TranslationUnit[]; stageOf: (exercise: string) => string | undefined; keysUsed: Map<string, Set<string>> }): void {
  const { units, stageOf, keysUsed } = props;
  const stagesOfKey = new Map<string, Set<string>>();
  for (const [id, keys] of keysUsed) {
    const stage = stageOf(id);
    if (!stage) continue;
    for (const k of keys) {
      const set = stagesOfKey.get(k) ?? new Set<string>();
      set.add(stage);
      stagesOfKey.set(k, set);
    }
  }
  for (const u of units) {
    if (u.exercise !== undefined) {
      const stage = stageOf(u.exercise);
      u.stages = stage ? [stage] : [];
    } else if (u.messageKey !== undefined) {
      u.stages = [...(stagesOfKey.get(u.messageKey) ?? [])];
    }
  }
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
