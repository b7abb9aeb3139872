// Check messages by key (server/check/messages.ts): the learner's language, English where a
// catalog lacks the key, the key itself where no catalog has it; the platform's own messages in
// every locale; results rendered again for a reader from the key and arguments they keep.
import { describe, expect, it } from 'vitest';
import type { CheckResult, Results } from '../../shared/api.js';
import { LOCALES } from '../../shared/i18n.js';
import { fillIn, localizeResults, PLATFORM_MESSAGES, renderMessage } from '../../server/check/messages.js';
import { runChecks, summarize } from '../../server/check/run.js';
import { keptResults } from '../../server/store/kept-results.js';
import type { Messages } from '../../server/curriculum/translations.js';

const messages: Messages = {
  en: { 'no-vip': 'No {vip} on {host}: add it with ip addr add {vip}/32 dev lo.', 'only-en': 'Only in English ({x}).' },
  'zh-CN': { 'no-vip': '{host} 上没有 {vip}：用 ip addr add {vip}/32 dev lo 添加。' },
};
const args = { vip: '10.0.0.100', host: 'rs1' };

describe('renderMessage', () => {
  it("gives the learner's language, with the arguments put in (reordered, repeated)", () => {
    expect(renderMessage({ messages, key: 'no-vip', args, locale: 'zh-CN' })).toBe('rs1 上没有 10.0.0.100：用 ip addr add 10.0.0.100/32 dev lo 添加。');
    expect(renderMessage({ messages, key: 'no-vip', args, locale: 'en' })).toBe('No 10.0.0.100 on rs1: add it with ip addr add 10.0.0.100/32 dev lo.');
  });

  it('falls back to English when the locale lacks the key', () => {
    expect(renderMessage({ messages, key: 'only-en', args: { x: '1' }, locale: 'zh-CN' })).toBe('Only in English (1).');
  });

  it('says KEY (name=value, ...) when no catalog has the key, or there is no catalog', () => {
    expect(renderMessage({ messages, key: 'nowhere', args, locale: 'zh-CN' })).toBe('nowhere (vip=10.0.0.100, host=rs1)');
    expect(renderMessage({ key: 'nowhere', locale: 'en' })).toBe('nowhere');
  });

  it('leaves unknown names, stray braces and non-names as written', () => {
    expect(fillIn('{vip} {missing} {} { vip } {Vip} {vip', { vip: 'V' })).toBe('V {missing} {} { vip } {Vip} {vip');
    expect(fillIn('{{vip}}', { vip: 'V' })).toBe('{V}');
  });

  it('does not read inherited properties as messages or arguments', () => {
    expect(renderMessage({ messages, key: 'constructor', locale: 'en' })).toBe('constructor');
    expect(fillIn('{constructor} {tostring}', {})).toBe('{constructor} {tostring}');
  });

  it('renders a long template with many placeholders in linear time', () => {
    const template = '{a}{'.repeat(50_000);
    const t0 = performance.now();
    expect(fillIn(template, { a: 'x' })).toHaveLength(100_000);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('renders a catalog message of open braces (a course file, up to 1 MiB) in linear time', () => {
    // No `}` after them, or one far away: each `{` must not scan the rest of the template again.
    for (const template of ['{'.repeat(300_000), `${'{'.repeat(300_000)}a}`]) {
      const t0 = performance.now();
      expect(fillIn(template, { a: 'x' })).toHaveLength(300_000);
      expect(performance.now() - t0).toBeLessThan(500);
    }
  });

  it('has every platform message in every locale, with the same arguments as the English', () => {
    const names = (s: string) => [...s.matchAll(/\{([a-z_][a-z0-9_]*)\}/g)].map((m) => m[1]).sort();
    for (const locale of LOCALES)
      for (const [key, en] of Object.entries(PLATFORM_MESSAGES.en)) {
        const text = (PLATFORM_MESSAGES[locale] as Record<string, string>)[key];
        expect(text, `${locale} ${key}`).toBeTruthy();
        expect(names(text!), `${locale} ${key}`).toEqual(names(en));
      }
  });

  it("says the platform's messages in Chinese, and a course catalog cannot replace them", () => {
    const course: Messages = { 'zh-CN': { 'check.timeout': '被替换了' }, en: { 'check.timeout': 'replaced' } };
    expect(renderMessage({ messages: course, key: 'check.timeout', args: { seconds: '10' }, locale: 'zh-CN' })).toBe('检查未在 10 秒内完成。');
    expect(renderMessage({ messages: course, key: 'check.timeout', args: { seconds: '10' }, locale: 'en' })).toBe('The check did not finish within 10 s.');
  });
});

const test = (t: Partial<CheckResult>): CheckResult => ({ name: 'vip on rs1', task_id: 'add-vip', host: 'rs1', status: 'fail', message: '', output: '', duration_ms: 3, ...t });

describe('localizeResults', () => {
  it('renders keyed messages and the summary again in the reader language; unkeyed ones stay', () => {
    const results: Results = {
      version: 3,
      status: 'error',
      message: '3 of 3 check(s) did not pass: vip on rs1; arp; slow',
      tests: [
        test({ message: 'No 10.0.0.100 on rs1: add it with ip addr add 10.0.0.100/32 dev lo.', message_key: 'no-vip', message_args: args }),
        test({ name: 'arp', message: 'rs1 answers ARP for the VIP' }),
        test({ name: 'slow', status: 'error', message: 'The check did not finish within 10 s.', message_key: 'check.timeout', message_args: { seconds: '10' } }),
      ],
    };
    const zh = localizeResults(results, { id: 'lvs-dr', messages }, 'zh-CN');
    expect(zh.tests.map((t) => t.message)).toEqual(['rs1 上没有 10.0.0.100：用 ip addr add 10.0.0.100/32 dev lo 添加。', 'rs1 answers ARP for the VIP', '检查未在 10 秒内完成。']);
    expect(zh.message).toBe('共 3 项检查，3 项未通过：vip on rs1; arp; slow');
    expect(zh.tests[0]).toMatchObject({ message_key: 'no-vip', message_args: args });
    // The English run is not changed (a joined run is answered to several readers).
    expect(results.tests[0]!.message).toMatch(/^No 10\.0\.0\.100/);
    expect(localizeResults(results, { id: 'lvs-dr', messages }, 'en')).toEqual(results);
  });

  it('says the summary again of a run kept in the history with its summary cut (many failed checks)', () => {
    const tests = Array.from({ length: 24 }, (_, i) => test({ name: `the director forwards connection number ${i}`, status: 'fail', message: 'no' }));
    const kept = keptResults(summarize(tests));
    expect(kept.message).toMatch(/characters cut\)$/);
    const zh = localizeResults(kept, undefined, 'zh-CN');
    expect(zh.message).toMatch(/^共 24 项检查，24 项未通过：/);
  });

  it('translates platform messages of an exercise gone from the curriculum, and keeps a run message that is not a summary', () => {
    const results: Results = { version: 3, status: 'error', message: 'The submission was refused: x.', tests: [test({ status: 'error', message: 'x', message_key: 'check.broken', message_args: { code: '3' } })] };
    const zh = localizeResults(results, undefined, 'zh-CN');
    expect(zh.tests[0]!.message).toBe('检查脚本自身出错（退出码 3）；这不是你的问题，平台已记录下来，交给课程作者排查。');
    expect(zh.message).toBe('The submission was refused: x.');
  });

  it("gives check names from the exercise's translation, by the English check's place in its task", () => {
    const exercise = {
      id: 'lvs-dr',
      messages,
      tasks: [{ id: 'add-vip', checks: [{ name: 'vip on rs1' }, { name: 'vip on rs2' }] }],
      translations: { 'zh-CN': { tasks: { 'add-vip': { checks: ['rs1 上配置了 VIP'] } } } },
    };
    const results: Results = {
      version: 3,
      status: 'fail',
      message: '2 of 3 check(s) did not pass: vip on rs1; vip on rs2',
      tests: [test({ message: 'x', message_key: 'no-vip', message_args: args }), test({ name: 'vip on rs2', message: 'free text' }), test({ name: 'gone', task_id: 'other', status: 'pass' })],
    };
    const zh = localizeResults(results, exercise, 'zh-CN');
    // The second check has no translation yet, the third's task none at all: English names.
    expect(zh.tests.map((t) => t.name)).toEqual(['rs1 上配置了 VIP', 'vip on rs2', 'gone']);
    expect(zh.message).toBe('共 3 项检查，2 项未通过：rs1 上配置了 VIP; vip on rs2');
  });

  it('ignores arguments that are not strings (rows kept by an older server)', () => {
    const odd = test({ message_key: 'no-vip', message_args: { vip: 5 as unknown as string, host: 'rs1' } });
    expect(localizeResults({ version: 3, status: 'fail', message: '', tests: [odd] }, { id: 'x', messages }, 'zh-CN').tests[0]!.message).toBe('rs1 上没有 {vip}：用 ip addr add {vip}/32 dev lo 添加。');
  });
});

describe('runChecks', () => {
  it("renders a fail_t check's message in English from the exercise's catalog, keeping the key", async () => {
    const results = await runChecks({
      // The catalogs travel with each check (checksOf puts the exercise's there).
      checks: [{ taskId: 'add-vip', name: 'vip on rs1', host: 'rs1', script: 's', timeoutSeconds: 10, messages }],
      run: async () => ({ exitCode: 1, stdout: 'FAIL_T: no-vip\tvip=10.0.0.100\thost=rs1\n', output: '', timedOut: false, durationMs: 4 }),
    });
    expect(results.tests[0]).toMatchObject({ status: 'fail', message: 'No 10.0.0.100 on rs1: add it with ip addr add 10.0.0.100/32 dev lo.', message_key: 'no-vip', message_args: args });
    expect(results.message).toBe('1 of 1 check(s) did not pass: vip on rs1');
  });

  it('says a check that could not run with a platform key', async () => {
    const results = await runChecks({ checks: [{ taskId: 't', name: 'c', host: 'h', script: 's', timeoutSeconds: 10 }], run: async () => Promise.reject(new Error('socket closed')) });
    expect(results.tests[0]).toMatchObject({ status: 'error', message: 'The check could not run: socket closed', message_key: 'check.could-not-run' });
  });
});
