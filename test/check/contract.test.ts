import { describe, expect, it } from 'vitest';
import { judge } from '../../server/check/contract.js';

const j = (exitCode: number | null, stdout: string, timedOut = false) => judge({ exitCode, stdout, timedOut }, 10_000);

describe('the check contract', () => {
  it('passes on exit 0, with the last PASS: line as the message', () => {
    expect(j(0, 'PASS: first\nnoise\nPASS: web says hello\n')).toEqual({ status: 'pass', message: 'web says hello' });
    expect(j(0, '')).toEqual({ status: 'pass', message: 'passed' });
  });

  it('fails on exit 1 with the last FAIL: line, else the last non-empty line', () => {
    expect(j(1, 'FAIL: one\nFAIL: rs2 answers ARP for the VIP\ntrailing\n')).toEqual({ status: 'fail', message: 'rs2 answers ARP for the VIP' });
    expect(j(1, 'something\n\nthe last line\n\n')).toEqual({ status: 'fail', message: 'the last line' });
  });

  it('calls exit 1 with nothing said, other exits and timeouts an error, not the learner failing', () => {
    expect(j(1, '\n').status).toBe('error');
    expect(j(2, 'FAIL: looks like a failure').status).toBe('error');
    expect(j(137, '').status).toBe('error');
    expect(j(null, 'FAIL: x', true)).toEqual({ status: 'error', message: 'The check did not finish within 10 s.' });
  });
});
