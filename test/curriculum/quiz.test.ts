import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePattern, gradeAnswer, loadCurriculum } from '../../server/curriculum/index.js';
import type { QuizSpec } from '../../server/curriculum/index.js';

const quiz = (answers: QuizSpec['answers'], choices?: QuizSpec['choices']): QuizSpec => ({ question: 'q', answers, explanation: 'because', choices });

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

  // A number is the same quantity in any prefix and any spelling of its unit: the question's
  // unit is a request, not the only right answer. A unit of another kind (bytes for bits) is
  // named; a unit right for the question is never called wrong.
  it('converts prefixes and spellings of a unit, reads thousands separators, names only a unit of another kind', () => {
    const q = quiz([{ number: 1000, tolerance: 100, unit: 'Mbit/s' }]);
    for (const ok of ['1000', '1000 Mbit/s', '1000 Mb/s', '1000Mbps', '1,000 Mbit/s', '1 Gbit/s', '1Gbps', '0.95 Gb/s', '1 000 000 kbit/s', '1000 megabit/s']) {
      expect(gradeAnswer(q, ok).correct, ok).toBe(true);
    }
    for (const wrong of ['100 Mbit/s', '1200 Mbit/s', '10 Gbit/s', '100']) {
      const v = gradeAnswer(q, wrong);
      expect(v.correct, wrong).toBe(false);
      expect(v.feedback, wrong).toBeUndefined();
    }
    // The right number under a wrong prefix is named.
    expect(gradeAnswer(q, '1000 Gbit/s').feedback).toBe('the unit should be Mbit/s, not Gbit/s');
    expect(gradeAnswer(quiz([{ number: 8.93, tolerance: 0.05, unit: 'MB/s' }]), '8.93 KB/s').feedback).toBe('the unit should be MB/s, not KB/s');
    const bytes = gradeAnswer(q, '1000 MB/s');
    expect(bytes.correct).toBe(false);
    expect(bytes.feedback).toBe('the unit should be Mbit/s, not MB/s');
    // The same question written with several answers, one per unit, as courses do: still no
    // feedback that calls the learner's (right) unit wrong.
    const multi = quiz([
      { number: 1000, tolerance: 100, unit: 'Mbit/s' },
      { number: 1, tolerance: 0.1, unit: 'Gbit/s' },
    ]);
    expect(gradeAnswer(multi, '100 Mbit/s').feedback).toBeUndefined();
    expect(gradeAnswer(multi, '1 Gbit/s').correct).toBe(true);
    // Binary prefixes, and bytes stay bytes.
    const mem = quiz([{ number: 256, tolerance: 0, unit: 'MiB' }]);
    expect(gradeAnswer(mem, '0.25 GiB').correct).toBe(true);
    expect(gradeAnswer(mem, '262144 KiB').correct).toBe(true);
    expect(gradeAnswer(mem, '256 Mib').feedback).toBe('the unit should be MiB, not Mib');
  });

  it('always returns the explanation', () => {
    expect(gradeAnswer(quiz([{ number: 22, tolerance: 1 }]), '21').explanation).toBe('because');
  });
});

describe('quiz patterns on the linear-time engine', () => {
  const { curriculum } = loadCurriculum('curricula');
  const regexQuizzes = [...curriculum.exercises.values()].flatMap((ex) =>
    ex.tasks.flatMap((t) => (t.quiz?.answers.some((a) => 'regex' in a) ? [[`${ex.id}/${t.id}`, t.quiz] as const] : [])),
  );

  it('compiles every regex answer of the shipped curriculum, and every `unless`', () => {
    const refused: string[] = [];
    for (const [name, q] of regexQuizzes) {
      for (const a of q.answers) {
        if (!('regex' in a)) continue;
        for (const source of [a.regex, ...(a.unless ?? [])]) {
          const r = compilePattern(source, a.flags);
          if (!r.ok) refused.push(`${name}: ${source}: ${r.message}`);
        }
      }
    }
    expect(regexQuizzes.length).toBeGreaterThan(10);
    expect(refused).toEqual([]);
  });

  // Verdicts of the backtracking engine on the patterns as they were before the move to RE2,
  // over right answers, near misses, other quizzes' answers and variants of each (case, line
  // breaks, CRLF, no-break spaces, quotes): the new engine and patterns must agree on every one.
  const { corpus, accepted } = JSON.parse(readFileSync('test/fixtures/curricula/quiz-answers.json', 'utf8')) as {
    corpus: string[];
    accepted: Record<string, string[]>;
  };
  it.each(regexQuizzes)('%s accepts and refuses what it did before', (name, q) => {
    const before = new Set(accepted[name]);
    expect(before.size, `no recorded answers for ${name}`).toBeGreaterThan(0);
    const changed = corpus.filter((a) => gradeAnswer(q, a).correct !== before.has(a)).map((a) => `${before.has(a) ? 'now refuses' : 'now accepts'} ${JSON.stringify(a)}`);
    expect(changed).toEqual([]);
  });

  it('lb-concepts/piranha takes the name anywhere in a sentence, but not negated or among guesses', () => {
    const q = curriculum.exercises.get('lb-concepts')!.tasks.find((t) => t.id === 'piranha')!.quiz!;
    for (const a of ['Piranha', 'It was called Piranha', "It's Piranha", 'I think it was Red Hat Piranha.', 'the piranha-gui web tool'])
      expect(gradeAnswer(q, a).correct, a).toBe(true);
    for (const a of ['not piranha', "It wasn't Piranha", 'no idea, piranha?', 'keepalived or piranha', 'Conga', 'piranhas', 'first line\npiranha'])
      expect(gradeAnswer(q, a).correct, a).toBe(false);
  });

  it('takes an answer written as a sentence ("It\'s ipvsadm") as the answer, and still refuses it negated', () => {
    const quizOf = (ex: string, task: string) => curriculum.exercises.get(ex)!.tasks.find((t) => t.id === task)!.quiz!;
    const cases: [string, string, string[], string[]][] = [
      ['lb-concepts', 'user-space-tool', ["It's ipvsadm", 'it is ipvsadm', 'I think it is ipvsadm', 'The answer is: ipvsadm', 'It’s the ipvsadm command'], ["It's not ipvsadm", 'It is keepalived', "It's iptables, not ipvsadm"]],
      ['lb-concepts', 'dip-as-gateway', ['It is the DIP', "That's the director's internal IP"], ["It's the VIP"]],
      ['lvs-modes-quiz', 'needs-dip-gateway', ["I think it's NAT", 'It is called masquerading'], ["It's full NAT", "It's DR"]],
    ];
    for (const [ex, task, ok, wrong] of cases) {
      const q = quizOf(ex, task);
      for (const a of ok) expect(gradeAnswer(q, a).correct, `${ex}/${task}: ${a}`).toBe(true);
      for (const a of wrong) expect(gradeAnswer(q, a).correct, `${ex}/${task}: ${a}`).toBe(false);
    }
  });

  it('refuses an answer that an `unless` pattern matches', () => {
    const q = quiz([{ regex: '^.*\\bipvs\\b', flags: 'i', unless: ['^.*\\bipvsadm\\b', '\\bnot\\b'] }]);
    expect(gradeAnswer(q, 'IPVS').correct).toBe(true);
    expect(gradeAnswer(q, 'ipvs, driven by ipvsadm').correct).toBe(false);
    expect(gradeAnswer(q, 'not ipvs').correct).toBe(false);
  });

  it('says why a pattern cannot run in linear time', () => {
    expect(compilePattern('^(\\w+) \\1$', 'i')).toMatchObject({ ok: false, message: expect.stringMatching(/^backreference \\1 at character 8 /) });
    expect(compilePattern('^(?!.*mac).*ip', 'i')).toMatchObject({ ok: false, message: expect.stringMatching(/^lookahead \(\?! at character 2 .*`unless:`/) });
    expect(compilePattern('(?<!no )ipvs', 'i')).toMatchObject({ ok: false, message: expect.stringMatching(/^lookbehind/) });
    expect(compilePattern('\\Aipvs\\z', 'i')).toMatchObject({ ok: false, message: expect.stringMatching(/strict `u` syntax/) });
    expect(compilePattern('a{1001}', '')).toMatchObject({ ok: false, message: expect.stringMatching(/RE2.*repeat count/) });
    expect(compilePattern('ipvs', 'ii')).toMatchObject({ ok: false });
    expect(compilePattern('[(?!x)\\1]', '')).toMatchObject({ ok: false });
    expect(compilePattern('[(?!x)]', '')).toMatchObject({ ok: true });
  });
});
