import { describe, expect, it } from 'vitest';
import { judge } from '../../server/check/contract.js';

const j = (exitCode: number | null, stdout: string, timedOut = false) => judge({ exitCode, stdout, timedOut }, 10_000);

describe('the check contract', () => {
  it('passes on exit 0, with the last PASS: line as the message', () => {
    expect(j(0, 'PASS: first\nnoise\nPASS: web says hello\n')).toEqual({ status: 'pass', message: 'web says hello' });
    expect(j(0, '')).toEqual({ status: 'pass', message: 'passed', message_key: 'check.passed' });
  });

  it('fails on exit 1 with the last FAIL: line, else the last non-empty line', () => {
    expect(j(1, 'FAIL: one\nFAIL: rs2 answers ARP for the VIP\ntrailing\n')).toEqual({ status: 'fail', message: 'rs2 answers ARP for the VIP' });
    expect(j(1, 'something\n\nthe last line\n\n')).toEqual({ status: 'fail', message: 'the last line' });
  });

  it('calls exit 1 with nothing said, other exits and timeouts an error, not the learner failing', () => {
    expect(j(1, '\n').status).toBe('error');
    expect(j(2, 'FAIL: looks like a failure').status).toBe('error');
    expect(j(137, '').status).toBe('error');
    expect(j(null, 'FAIL: x', true)).toEqual({ status: 'error', message: 'The check did not finish within 10 s.', message_key: 'check.timeout', message_args: { seconds: '10' } });
    expect(j(1, '\n')).toMatchObject({ message_key: 'check.silent-exit' });
    expect(j(2, '')).toMatchObject({ message_key: 'check.broken', message_args: { code: '2' }, message: expect.stringContaining('exit code 2') });
  });
});

describe('keyed verdict lines (fail_t / pass_t)', () => {
  it('takes the key and arguments of the last FAIL_T line; its message names them until the runner renders it', () => {
    const v = j(1, 'FAIL: older\nFAIL_T: no-vip\tvip=10.0.0.100\thost=rs1\nnoise\n');
    expect(v).toEqual({ status: 'fail', message: 'no-vip (vip=10.0.0.100, host=rs1)', message_key: 'no-vip', message_args: { vip: '10.0.0.100', host: 'rs1' } });
  });

  it('lets whichever of FAIL: and FAIL_T: comes last decide', () => {
    expect(j(1, 'FAIL_T: no-vip\tvip=1\nFAIL: the plain one\n')).toEqual({ status: 'fail', message: 'the plain one' });
    expect(j(1, 'FAIL: the plain one\nFAIL_T: no-vip\n')).toMatchObject({ message_key: 'no-vip', message_args: {} });
  });

  it('reads PASS_T on exit 0, and ignores FAIL_T then', () => {
    expect(j(0, 'FAIL_T: nope\nPASS_T: vip-up\tvip=10.0.0.100\n')).toMatchObject({ status: 'pass', message_key: 'vip-up', message_args: { vip: '10.0.0.100' } });
  });

  it('keeps a value with = and spaces whole, and an empty value', () => {
    expect(j(1, 'FAIL_T: bad-conf\tline=a = b  c\tempty=\n')).toMatchObject({ message_args: { line: 'a = b  c', empty: '' } });
  });

  it('cuts each value at 500 characters and takes 16 arguments, not 17', () => {
    const long = j(1, `FAIL_T: k\tv=${'x'.repeat(5000)}\n`);
    expect(long.message_args!.v).toHaveLength(500);
    const sixteen = Array.from({ length: 16 }, (_, i) => `a${i}=${i}`).join('\t');
    expect(Object.keys(j(1, `FAIL_T: k\t${sixteen}\n`).message_args!)).toHaveLength(16);
    const seventeen = `${sixteen}\ta16=16`;
    expect(j(1, `FAIL_T: k\t${seventeen}\n`)).toEqual({ status: 'fail', message: `k ${seventeen.replace(/\t/g, ' ')}` });
  });

  it('shows a malformed FAIL_T line as its text, as any other line', () => {
    for (const rest of ['Bad-Key\tx=1', `${'k'.repeat(65)}`, 'k\tnot-an-arg', 'k\t9x=1', `k\t${'n'.repeat(33)}=1`, 'k\t=v', '.k']) {
      const v = j(1, `FAIL_T: ${rest}\n`);
      expect(v, rest).toEqual({ status: 'fail', message: rest.replace(/\t/g, ' ') });
    }
    expect(j(0, 'PASS_T: Bad\n')).toEqual({ status: 'pass', message: 'Bad' });
  });

  it('takes __proto__ as an argument name like any other, without touching the prototype', () => {
    const v = j(1, 'FAIL_T: k\t__proto__=x\tconstructor=y\n');
    expect(Object.getPrototypeOf(v.message_args)).toBe(Object.prototype);
    expect(Object.hasOwn(v.message_args!, '__proto__')).toBe(true);
    expect(v.message_args!.constructor).toBe('y');
  });

  it('reads a line of 64 KiB of tabs in linear time', () => {
    const t0 = performance.now();
    j(1, `FAIL_T: k${'\tx=1'.repeat(16_000)}\n`);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
