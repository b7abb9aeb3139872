// How much of a course is translated, per locale and stage: a unit (one English text) counts when
// its translation is there and fresh (its stamp is the English's hash). The web app's own strings
// are compared key by key between web/src/locales/en.json and <locale>.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TRANSLATION_LOCALES } from '../../shared/i18n.js';
import type { Curriculum } from './load.js';
import { isFresh, type TranslationLocale, type TranslationUnit } from './units.js';

export interface CoverageRow {
  /** A stage id, 'course' (texts of no stage: the roadmap's title, the glossary), or 'app'. */
  row: string;
  translated: number;
  total: number;
}

export interface LocaleCoverage {
  locale: TranslationLocale;
  course: string;
  rows: CoverageRow[];
}

export function courseCoverage(curriculum: Curriculum, units: TranslationUnit[]): LocaleCoverage[] {
  const out: LocaleCoverage[] = [];
  for (const locale of TRANSLATION_LOCALES) {
    for (const course of curriculum.courses) {
      const rows = new Map<string, CoverageRow>([['course', { row: 'course', translated: 0, total: 0 }]]);
      for (const s of course.roadmap.stages) rows.set(s.id, { row: s.id, translated: 0, total: 0 });
      for (const u of units) {
        if (u.locale !== locale || u.course !== course.roadmap.id) continue;
        for (const name of u.stages.length ? u.stages : ['course']) {
          const row = rows.get(name);
          if (!row) continue;
          row.total++;
          if (isFresh(u)) row.translated++;
        }
      }
      out.push({ locale, course: course.roadmap.id, rows: [...rows.values()] });
    }
  }
  return out;
}

/** Largest app catalog read: the file is the project's, but a runaway one should not stall validate. */
const MAX_CATALOG_BYTES = 4 * 1024 * 1024;
const PLURAL = /_(zero|one|two|few|many|other)$/;

/**
 * The web app's coverage for `locale`: en.json's keys (nested objects flattened to a.b.c, i18next
 * plural forms key_one/key_other as one key) that <locale>.json also has. Undefined when there are
 * no catalogs to compare.
 */
export function appCoverage(dir: string, locale: TranslationLocale): CoverageRow | undefined {
  const en = readCatalog(path.join(dir, 'en.json'));
  if (!en) return undefined;
  const other = readCatalog(path.join(dir, `${locale}.json`)) ?? new Set<string>();
  let translated = 0;
  for (const k of en) if (other.has(k)) translated++;
  return { row: 'app', translated, total: en.size };
}

function readCatalog(file: string): Set<string> | undefined {
  let data: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_CATALOG_BYTES) return undefined;
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const keys = new Set<string>();
  const walk = (v: unknown, prefix: string, depth: number) => {
    if (typeof v === 'string' && v !== '') keys.add(prefix.replace(PLURAL, ''));
    else if (v && typeof v === 'object' && !Array.isArray(v) && depth < 32) {
      for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}.${k}` : k, depth + 1);
    }
  };
  walk(data, '', 0);
  return keys;
}

/** The table `opslab validate` ends with, one block per locale and course. */
export function formatCoverage(courses: LocaleCoverage[], app: Partial<Record<TranslationLocale, CoverageRow>>): string {
  const lines: string[] = [];
  for (const c of courses) {
    lines.push(`${c.locale} translation of ${c.course} (translated and fresh / all texts):`);
    const width = Math.max(5, ...c.rows.map((r) => r.row.length));
    const appRow = app[c.locale];
    for (const r of appRow ? [...c.rows, appRow] : c.rows) lines.push(`  ${r.row.padEnd(width)}  ${`${r.translated}/${r.total}`.padStart(9)}  ${percent(r).padStart(4)}`);
    if (!appRow) lines.push(`  ${'app'.padEnd(width)}  no catalogs`);
  }
  return lines.join('\n') + '\n';
}

function percent(r: CoverageRow): string {
  return r.total === 0 ? '-' : `${Math.floor((100 * r.translated) / r.total)}%`;
}
