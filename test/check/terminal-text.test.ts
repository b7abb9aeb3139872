import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeJson } from '../../server/check/terminal-text.js';

describe('text a learner controls, made safe for a terminal', () => {
  it('turns ESC, C0, DEL, C1 and bidi controls into visible escapes, keeping newline and tab', () => {
    expect(terminalSafe('a\u001b]52;c;aGk=\u0007b')).toBe('a\\x1b]52;c;aGk=\\x07b');
    expect(terminalSafe('\u001b[2J\u001b[1;1H')).toBe('\\x1b[2J\\x1b[1;1H');
    expect(terminalSafe('x\ry\u0008\u007f\u009b31m\u0085')).toBe('x\\x0dy\\x08\\x7f\\x9b31m\\x85');
    expect(terminalSafe('\u202eexe.txt\u202c \u2066\u2069 \u200f')).toBe('\\u202eexe.txt\\u202c \\u2066\\u2069 \\u200f');
    expect(terminalSafe('line 1\n\tline 2 é 中文 🙂')).toBe('line 1\n\tline 2 é 中文 🙂');
    expect(terminalSafe('line 1\n\tline 2', { oneLine: true })).toBe('line 1  line 2');
  });

  it('gives JSON that parses to the same value and has no raw control character', () => {
    const value = { message: 'a\u001b[31m\u009b\u202e\u0085\u007fz', n: 1 };
    const json = terminalSafeJson(value);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
