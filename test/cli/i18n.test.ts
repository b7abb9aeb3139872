// `opslab validate` with translations (warnings, coverage, --strict-locales, exit codes) and
// `opslab i18n stamp`, through main() in a sandbox (sandbox.ts: its curricula/ is the small good
// course, which has no translations).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSandbox, ROOT, runMain, type Sandbox } from './sandbox.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await openSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

const NO_APP = ['--app-catalogs', 'no-such-dir'];

describe('opslab validate', () => {
  it('prints missing translations as warnings and the coverage, and exits 0', async () => {
    const run = await runMain(sandbox, ['validate', 'curricula', ...NO_APP]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('curricula/web-lab/exercise.yaml:1:1: warning: not translated to zh-CN: no curricula/web-lab/exercise.zh-CN.yaml (6 texts to translate)\n');
    expect(run.stdout).toContain('zh-CN translation of fixture (translated and fresh / all texts):\n  course');
    expect(run.stdout).toContain('  app     no catalogs\n');
    expect(run.stdout).toMatch(/\nok: 1 course\(s\) \(fixture\), 2 exercises, \d+ warnings\n$/);
  });

  it('--strict-locales makes them errors: exit 1', async () => {
    const run = await runMain(sandbox, ['validate', 'curricula', '--strict-locales', ...NO_APP]);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('warning:');
    expect(run.stdout).toContain('curricula/web-lab/exercise.yaml:1:1: not translated to zh-CN');
    expect(run.stdout).toMatch(/\n\d+ problems found\n$/);
  });

  it('--json gives the warnings and the coverage, the app row included', async () => {
    const app = path.join(sandbox.cwd, 'locales');
    mkdirSync(app);
    writeFileSync(path.join(app, 'en.json'), JSON.stringify({ a: 'A', b: { c: 'C' } }));
    writeFileSync(path.join(app, 'zh-CN.json'), JSON.stringify({ b: { c: '丙' } }));
    const run = await runMain(sandbox, ['validate', 'curricula', '--json', '--app-catalogs', app]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.valid).toBe(true);
    expect(out.problems).toEqual([]);
    expect(out.warnings[0]).toMatchObject({ severity: 'warning', line: 1, col: 1 });
    expect(out.coverage[0].rows.at(-1)).toEqual({ row: 'app', translated: 1, total: 2 });
    expect(out.coverage[0].rows[0].row).toBe('course');
  });

  it('exits 1 on translation errors', async () => {
    const run = await runMain(sandbox, ['validate', path.join(ROOT, 'test/fixtures/curricula/i18n'), ...NO_APP]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\n13 problems found, 22 warnings\n$/);
  });
});

describe('opslab i18n stamp', () => {
  it.each([
    [[], 'name the translation files to stamp, or --all'],
    [['--all', 'curricula/x.zh-CN.yaml'], 'give FILEs or --all, not both'],
    [['curricula/web-lab/exercise.yaml'], 'not a translation file'],
    [['curricula/web-lab/exercise.fr.yaml'], 'not a translation file'],
    [['--locale', 'fr', '--all'], '--locale'],
  ])('opslab i18n stamp %j: usage error, exit 2, nothing written', async (args, message) => {
    const run = await runMain(sandbox, ['i18n', 'stamp', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(sandbox.changes()).toEqual([]);
  });

  it('stamps a translation file, then validate finds it fresh', async () => {
    const overlay = path.join(sandbox.cwd, 'curricula/web-lab/exercise.zh-CN.yaml');
    writeFileSync(overlay, '# 翻译\ntitle: Web 服务器\n');
    const before = await runMain(sandbox, ['validate', 'curricula', ...NO_APP]);
    expect(before.stdout).toContain('curricula/web-lab/exercise.zh-CN.yaml:1:1: warning: no source stamps in this zh-CN translation (1 text)');
    const run = await runMain(sandbox, ['i18n', 'stamp', 'curricula/web-lab/exercise.zh-CN.yaml']);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 0, stdout: 'stamped curricula/web-lab/exercise.zh-CN.yaml (1 entry)\n', stderr: '' });
    expect(readFileSync(overlay, 'utf8')).toMatch(/^# 翻译\ntitle: Web 服务器\nsource:\n {2}title: [0-9a-f]{12}\n$/);
    const after = await runMain(sandbox, ['validate', 'curricula', ...NO_APP]);
    expect(after.stdout).not.toMatch(/stamp|stale/);
    const all = await runMain(sandbox, ['i18n', 'stamp', '--all', '--curriculum', 'curricula']);
    expect(all).toMatchObject({ code: 0, stdout: 'stamped curricula/web-lab/exercise.zh-CN.yaml (1 entry)\n' });
  });

  it('exits 1 when a file cannot be stamped', async () => {
    writeFileSync(path.join(sandbox.cwd, 'curricula/web-lab/exercise.zh-CN.yaml'), 'tasks:\n  ghost: { title: 鬼 }\n');
    const run = await runMain(sandbox, ['i18n', 'stamp', 'curricula/web-lab/exercise.zh-CN.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("curricula/web-lab/exercise.zh-CN.yaml:2:3: task 'ghost' is not in curricula/web-lab/exercise.yaml");
  });
});
