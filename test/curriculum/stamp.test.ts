// `opslab i18n stamp` underneath: a translation records the hash of the English it was checked
// against; comments stay; only translated entries are stamped; a later English change makes the
// translation stale, at the translated value.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { allOverlays, stampFiles, stampMarkdown } from '../../server/curriculum/stamp.js';
import { stampHash } from '../../server/curriculum/units.js';

let dir = '';
const file = (name: string) => path.join(dir, name);
const read = (name: string) => readFileSync(file(name), 'utf8');
const OVERLAY = `# 小测验的翻译
title: 小测验   # 标题
tasks:
  q1:
    title: 哪种模式？
    quiz:
      choices:
        a: 仅 NAT
source:
  # written by the tool
  tasks.q1.text: 0123456789ab
`;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'opslab-stamp-'));
  cpSync('test/fixtures/curricula/i18n', dir, { recursive: true });
  writeFileSync(file('quiz-ex/exercise.zh-CN.yaml'), OVERLAY);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const gapsIn = (name: string) => loadCurriculum(dir).warnings.filter((w) => path.resolve(w.file) === file(name));

describe('stamping a YAML translation', () => {
  it('stamps a translation whose only problems are its missing or stale stamps, also where the course requires the locale', () => {
    // Required: a stale or unstamped text is an error, at the translation; stamping is what clears it.
    writeFileSync(file('roadmap.yaml'), `${read('roadmap.yaml')}locales:\n  zh-CN: { required: true }\n`);
    const before = loadCurriculum(dir).problems.filter((p) => path.resolve(p.file) === file('quiz-ex/exercise.zh-CN.yaml'));
    expect(before.length).toBeGreaterThan(0);
    const r = stampFiles({ files: [file('quiz-ex/exercise.zh-CN.yaml')] });
    expect(r.refused).toEqual([]);
    expect(r.written).toHaveLength(1);
    expect(loadCurriculum(dir).problems.filter((p) => path.resolve(p.file) === file('quiz-ex/exercise.zh-CN.yaml') && p.message.includes('stamp'))).toEqual([]);
  });

  it('writes the hash of each translated entry, keeps the comments, drops entries no longer translated', () => {
    const r = stampFiles({ files: [file('quiz-ex/exercise.zh-CN.yaml')] });
    expect(r.refused).toEqual([]);
    expect(r.written).toHaveLength(1);
    expect(r.written[0]!.entries).toBe(3);
    expect(read('quiz-ex/exercise.zh-CN.yaml')).toBe(`# 小测验的翻译
title: 小测验   # 标题
tasks:
  q1:
    title: 哪种模式？
    quiz:
      choices:
        a: 仅 NAT
source:
  title: ${stampHash('A quiz')}
  tasks.q1.title: ${stampHash('Which mode?')}
  tasks.q1.quiz.choices.a: ${stampHash('NAT only')}
`);
    expect(gapsIn('quiz-ex/exercise.zh-CN.yaml')).toEqual([]);
  });

  it('is idempotent', () => {
    stampFiles({ files: [file('quiz-ex/exercise.zh-CN.yaml')] });
    const once = read('quiz-ex/exercise.zh-CN.yaml');
    stampFiles({ files: [file('quiz-ex/exercise.zh-CN.yaml')] });
    expect(read('quiz-ex/exercise.zh-CN.yaml')).toBe(once);
  });

  it('a later change to the English makes the entry stale, reported at the translated value', () => {
    stampFiles({ files: [file('quiz-ex/exercise.zh-CN.yaml')] });
    writeFileSync(file('quiz-ex/exercise.yaml'), read('quiz-ex/exercise.yaml').replace('title: A quiz', 'title: A short quiz'));
    const gaps = gapsIn('quiz-ex/exercise.zh-CN.yaml');
    expect(gaps.map((g) => [g.line, g.col, g.message.split(':')[0]])).toEqual([[2, 8, 'stale zh-CN translation of title']]);
  });

  it('quotes a hash that would read back as a number', async () => {
    const { stampYaml } = await import('../../server/curriculum/stamp.js');
    const unit = { key: 'title', hash: '123456789e12' } as Parameters<typeof stampYaml>[1][number];
    expect(stampYaml('title: x\n', [unit])).toBe("title: x\nsource:\n  title: '123456789e12'\n");
  });

  it('rewrites a source map in its place, whatever follows it', async () => {
    const { stampYaml } = await import('../../server/curriculum/stamp.js');
    const unit = { key: 'title', hash: 'abcdefabcdef' } as Parameters<typeof stampYaml>[1][number];
    expect(stampYaml('source:\n  old: 000000000aaa\n\n# the title\ntitle:   x # kept\n', [unit])).toBe('source:\n  title: abcdefabcdef\n\n# the title\ntitle:   x # kept\n');
    expect(stampYaml('source: { title: 000000000aaa }\ntitle: x\n', [unit])).toBe('source:\n  title: abcdefabcdef\ntitle: x\n');
  });

  it('adds a source map to a file without one', () => {
    writeFileSync(file('quiz-ex/exercise.zh-CN.yaml'), 'title: 小测验\n');
    stampFiles({ files: [file('quiz-ex/exercise.zh-CN.yaml')] });
    expect(read('quiz-ex/exercise.zh-CN.yaml')).toBe(`title: 小测验\nsource:\n  title: ${stampHash('A quiz')}\n`);
  });

  it('refuses a translation with problems, and leaves it as it was', () => {
    const before = read('web-lab/exercise.zh-CN.yaml');
    const r = stampFiles({ files: [file('web-lab/exercise.zh-CN.yaml')] });
    expect(r.written).toEqual([]);
    expect(r.refused.join('\n')).toMatch(/placeholder \{\{ip\.client\}\}[\s\S]*not stamped \(fix the problems above first\)/);
    expect(read('web-lab/exercise.zh-CN.yaml')).toBe(before);
  });

  it('stamps in a stage that requires the locale, where a missing or stale stamp is an error', () => {
    writeFileSync(file('roadmap.yaml'), read('roadmap.yaml').replace('prelude:', 'locales:\n  zh-CN:\n    required: [basics]\nprelude:'));
    const stampErrors = () => loadCurriculum(dir).problems.filter((p) => path.resolve(p.file) === file('quiz-ex/exercise.zh-CN.yaml') && p.stamp);
    expect(stampErrors().length).toBeGreaterThan(0);
    const r = stampFiles({ files: [file('quiz-ex/exercise.zh-CN.yaml')] });
    expect(r.refused).toEqual([]);
    expect(stampErrors()).toEqual([]);
  });

  it('refuses a file outside any course', () => {
    const r = stampFiles({ files: [path.join(tmpdir(), 'nowhere', 'x.zh-CN.yaml')] });
    expect(r.refused[0]).toMatch(/not in a course folder/);
  });
});

describe('stamping a Markdown translation', () => {
  it('writes the first line, replacing an older stamp, and the lesson the learner reads has none', () => {
    writeFileSync(file('lessons/lvs.zh-CN.md'), '<!-- source: 000000000000 -->\n# LVS\n\n内核中的 IPVS。\n');
    expect(gapsIn('lessons/lvs.zh-CN.md').map((g) => g.message)).toEqual([expect.stringMatching(/^stale zh-CN translation of the lesson/)]);
    stampFiles({ files: [file('lessons/lvs.zh-CN.md')] });
    expect(read('lessons/lvs.zh-CN.md')).toBe(`<!-- source: ${stampHash(read('lessons/lvs.md'))} -->\n# LVS\n\n内核中的 IPVS。\n`);
    expect(gapsIn('lessons/lvs.zh-CN.md')).toEqual([]);
    expect(loadCurriculum(dir).curriculum.courses[0]!.translations['zh-CN']!.lessons.lvs).toBe('# LVS\n\n内核中的 IPVS。\n');
  });

  it('stampMarkdown keeps one stamp line', () => {
    expect(stampMarkdown(stampMarkdown('# x\n', 'aaaaaaaaaaaa'), 'bbbbbbbbbbbb')).toBe('<!-- source: bbbbbbbbbbbb -->\n# x\n');
  });
});

describe('--all', () => {
  it('lists every translation file that translates something (not the inline glossary)', () => {
    const all = allOverlays(dir).map((f) => path.relative(dir, f));
    expect(all).toEqual(['lessons/intro.zh-CN.md', 'messages.zh-CN.yaml', 'quiz-ex/exercise.zh-CN.yaml', 'roadmap.zh-CN.yaml', 'web-lab/exercise.zh-CN.yaml', 'web-lab/lesson.zh-CN.md']);
  });
});
