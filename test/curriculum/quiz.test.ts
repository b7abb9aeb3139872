import { describe, expect, it } from 'vitest';
import { gradeAnswer } from '../../server/curriculum/index.js';
import type { QuizSpec } from '../../server/curriculum/index.js';

const quiz = (answers: QuizSpec['answers'], choices?: string[]): QuizSpec => ({ question: 'q', answers, explanation: 'because', choices });

describe('gradeAnswer', () => {
  it('accepts exact answers ignoring case and spacing, unless case-sensitive', () => {
    expect(gradeAnswer(quiz([{ exact: 'ipvsadm', caseSensitive: false }]), '  IPVSADM ').correct).toBe(true);
    expect(gradeAnswer(quiz([{ exact: 'ipvsadm', caseSensitive: false }]), 'ipvs adm').correct).toBe(false);
    expect(gradeAnswer(quiz([{ exact: 'VIP', caseSensitive: true }]), 'vip').correct).toBe(false);
  });

  it('accepts regular expressions with their flags', () => {
    const q = quiz([{ regex: '^(ip_?vs|linux virtual server)$', flags: 'i' }]);
    expect(gradeAnswer(q, 'IP_VS').correct).toBe(true);
    expect(gradeAnswer(q, 'Linux Virtual Server').correct).toBe(true);
    expect(gradeAnswer(q, 'iptables').correct).toBe(false);
  });

  it('accepts numbers within tolerance, with or without the unit, and names a wrong unit', () => {
    const q = quiz([{ number: 8.93, tolerance: 0.05, unit: 'MB/s' }]);
    expect(gradeAnswer(q, '8.93').correct).toBe(true);
    expect(gradeAnswer(q, 'about 8.9 MB/s').correct).toBe(true);
    expect(gradeAnswer(q, '8,95MBps').correct).toBe(true);
    expect(gradeAnswer(q, '9.1 MB/s').correct).toBe(false);
    const wrongUnit = gradeAnswer(q, '8.93 Mb/s');
    expect(wrongUnit.correct).toBe(false);
    expect(wrongUnit.feedback).toBe('the unit should be MB/s, not Mb/s');
    expect(gradeAnswer(q, 'no idea').correct).toBe(false);
  });

  it('always returns the explanation', () => {
    expect(gradeAnswer(quiz([{ number: 22, tolerance: 1 }]), '21').explanation).toBe('because');
  });
});
