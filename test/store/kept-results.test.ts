// What the check history keeps of a run (server/store/kept-results.ts). The store bounds a run's
// results when it saves them and again when it reads them (rows saved before the bound); a kept
// record read back must be the record kept, still saying how much of the original was cut.
import { describe, expect, it } from 'vitest';
import type { Results } from '../../shared/api.js';
import { KEPT_MESSAGE_CHARS, KEPT_OUTPUT_CHARS, keptResults } from '../../server/store/kept-results.js';

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
