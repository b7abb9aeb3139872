// Translation coverage: per stage, translated-and-fresh texts over all texts; the web app's
// catalogs compared key by key (nested keys flattened, plural forms one key).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appCoverage, courseCoverage, formatCoverage } from '../../server/curriculum/coverage.js';
import { loadCurriculum } from '../../server/curriculum/index.js';

describe('course coverage', () => {
  it('counts each text once per stage, course-level texts in the course row', () => {
    const { curriculum, units } = loadCurriculum('test/fixtures/curricula/i18n');
    // course: roadmap title (fresh) and summary, glossary 2 terms × 2 (director's both), course-unused.
    // basics: quiz-ex's 10 texts + its lesson + stage title + module title + intro lesson (fresh) = 13.
    // lb: web-lab 6 texts + lesson + no-page + course-key (used by web-lab) + stage/module title + lvs lesson = 12.
    expect(courseCoverage(curriculum, units)).toEqual([
      {
        locale: 'zh-CN',
        course: 'i18n-fixture',
        rows: [
          { row: 'course', translated: 3, total: 7 },
          { row: 'basics', translated: 1, total: 13 },
          { row: 'lb', translated: 0, total: 12 },
        ],
      },
    ]);
  });

  it('prints a table, and says when the app has no catalogs', () => {
    const { curriculum, units } = loadCurriculum('test/fixtures/curricula/i18n');
    const text = formatCoverage(courseCoverage(curriculum, units), {});
    expect(text).toBe(
      ['zh-CN translation of i18n-fixture (translated and fresh / all texts):', '  course        3/7   42%', '  basics       1/13    7%', '  lb           0/12    0%', '  app     no catalogs', ''].join('\n'),
    );
  });
});

describe('app coverage', () => {
  it('flattens nested keys and counts plural forms as one key', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opslab-app-'));
    try {
      writeFileSync(path.join(dir, 'en.json'), JSON.stringify({ a: 'A', nested: { b: 'B', item_one: 'one item', item_other: '{{count}} items' } }));
      writeFileSync(path.join(dir, 'zh-CN.json'), JSON.stringify({ a: '甲', nested: { item_other: '{{count}} 项' }, extra: '多余' }));
      expect(appCoverage(dir, 'zh-CN')).toEqual({ row: 'app', translated: 2, total: 3 });
      rmSync(path.join(dir, 'zh-CN.json'));
      expect(appCoverage(dir, 'zh-CN')).toEqual({ row: 'app', translated: 0, total: 3 });
      expect(appCoverage(path.join(dir, 'none'), 'zh-CN')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
