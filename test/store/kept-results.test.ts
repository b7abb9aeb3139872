// What the check history keeps of a run (server/store/kept-results.ts). The store bounds a run's
// results when it saves them and again when it reads them (rows saved before the bound); a kept
// record read back must be the record kept, still saying how much of the original was cut.
import { describe, expect, it } from 'vitest';
import type { Results } from '../../shared/api.js';
import { KEPT_ARG_CHARS, KEPT_ARGS, KEPT_MESSAGE_CHARS, KEPT_OUTPUT_CHARS, keptResults } from '../../server/store/kept-results.js';

const loud: Results = {
  version: 3,
  status: 'fail',
  message: `${'m'.repeat(9_000)} end`,
  tests: [{ name: 'c', task_id: 't', host: 'h', status: 'fail', message: `${'f'.repeat(9_000)} end`, output: `start ${'x'.repeat(70_000)}`, duration_ms: 1 }],
};

describe('kept results', () => {
  it('are kept as they were when bounded again (read back from the store), saying how much of the original was cut', () => {
    const once = keptResults(loud);
    expect(keptResults(once)).toEqual(once);
    // The note counts what the original lost: kept characters and cut ones add up to it.
    const cutOf = (kept: string, original: string) => {
      const note = /(?:… )?\((\d+) characters cut\)(?: …)?/.exec(kept)!;
      return kept.length - note[0].length + Number(note[1]) - original.length;
    };
    expect(cutOf(once.message, loud.message)).toBe(0);
    expect(cutOf(once.tests[0]!.message, loud.tests[0]!.message)).toBe(0);
    expect(cutOf(once.tests[0]!.output, loud.tests[0]!.output)).toBe(0);
    expect(once.tests[0]!.output).toMatch(/^\(\d+ characters cut\) …x+$/);
    expect(once.message).toMatch(/^m+… \(\d+ characters cut\)$/);
  });

  it('hold at most the bound, the note of the cut included', () => {
    const once = keptResults(loud);
    expect(once.message.length).toBeLessThanOrEqual(KEPT_MESSAGE_CHARS);
    expect(once.tests[0]!.message.length).toBeLessThanOrEqual(KEPT_MESSAGE_CHARS);
    expect(once.tests[0]!.output.length).toBeLessThanOrEqual(KEPT_OUTPUT_CHARS);
  });

  it('leave results within the bounds as they are', () => {
    const quiet: Results = { ...loud, message: 'm'.repeat(KEPT_MESSAGE_CHARS), tests: [{ ...loud.tests[0]!, message: 'ok', output: 'o'.repeat(KEPT_OUTPUT_CHARS) }] };
    expect(keptResults(quiet)).toEqual(quiet);
  });
});

describe('kept message keys', () => {
  const keyed = (t: Partial<Results['tests'][number]>): Results => ({ version: 3, status: 'fail', message: '', tests: [{ name: 'c', task_id: 't', host: 'h', status: 'fail', message: 'm', output: '', duration_ms: 1, ...t }] });

  it('keeps the key and at most 16 arguments, each cut, the same when bounded again', () => {
    const args = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`a${i}`, 'v'.repeat(500)]));
    const once = keptResults(keyed({ message_key: 'no-vip', message_args: args }));
    const kept = once.tests[0]!;
    expect(kept.message_key).toBe('no-vip');
    expect(Object.keys(kept.message_args!)).toHaveLength(KEPT_ARGS);
    for (const v of Object.values(kept.message_args!)) expect(v.length).toBeLessThanOrEqual(KEPT_ARG_CHARS);
    expect(keptResults(once)).toEqual(once);
  });

  it('drops a key the judge would not have read, with its arguments, and bad argument names', () => {
    for (const message_key of ['Not A Key', '-k', 'k'.repeat(65)]) {
      const t = keptResults(keyed({ message_key, message_args: { x: '1' } })).tests[0]!;
      expect(t, message_key).not.toHaveProperty('message_key');
      expect(t, message_key).not.toHaveProperty('message_args');
    }
    const t = keptResults(keyed({ message_key: 'k', message_args: { 'Bad-Name': '1', ok: '2', n: 3 as unknown as string } })).tests[0]!;
    expect(t.message_args).toEqual({ ok: '2' });
  });
});
