// `opslab grade --locale`: submissions are graded in English (results keep the keys) and shown in
// the language asked for; English leaves them as they were.
import { describe, expect, it } from 'vitest';
import type { Results } from '../../shared/api.js';
import { inLocale } from '../../server/cli/grade.js';

const results: Results = {
  version: 3,
  status: 'fail',
  message: '1 of 1 check(s) did not pass: vip',
  tests: [{ name: 'vip', task_id: 't', host: 'rs1', status: 'fail', message: 'No VIP on rs1.', message_key: 'no-vip', message_args: { host: 'rs1' }, output: '', duration_ms: 1 }],
};
const ex = { id: 'lvs-dr', messages: { en: { 'no-vip': 'No VIP on {host}.' }, 'zh-CN': { 'no-vip': '{host} 上没有 VIP。' } } };

describe('grade --locale', () => {
  it('renders every submission in the locale asked for, keys kept', () => {
    const [g] = inLocale([{ submission: 's1', durationMs: 1, results }], ex, 'zh-CN');
    expect(g!.results.tests[0]).toMatchObject({ message: 'rs1 上没有 VIP。', message_key: 'no-vip' });
    expect(g!.results.message).toBe('共 1 项检查，1 项未通过：vip');
    expect(g!.submission).toBe('s1');
  });

  it('leaves English results as they were', () => {
    const graded = [{ submission: 's1', durationMs: 1, results }];
    expect(inLocale(graded, ex, 'en')).toBe(graded);
    expect(inLocale(graded, ex, undefined)).toBe(graded);
  });
});
