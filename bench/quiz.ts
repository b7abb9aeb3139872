// Quiz grading time on hostile answers: every quiz of the shipped course, answers at the size cap
// shaped to hurt a backtracking engine, graded by the server's matcher (RE2, linear time); the
// baseline in the same run is a typical short answer to the same quiz. Then the one pattern that
// froze the server (lb-concepts/address-names), matched by V8's backtracking RegExp as it was
// before, against the same answers at growing sizes: the ratio is what the linear engine saves.
// Target: every answer up to the cap graded in < 50 ms.  npx tsx bench/quiz.ts
import { performance } from 'node:perf_hooks';
import { gradeAnswer, loadCurriculum, MAX_ANSWER_CHARS, type QuizSpec } from '../server/curriculum/index.js';
import { median } from './support.js';

const CAP = MAX_ANSWER_CHARS;
const TARGET_MS = 50;
const { curriculum } = loadCurriculum('curricula');
const quizzes = [...curriculum.exercises.values()].flatMap((ex) => ex.tasks.flatMap((t) => (t.quiz ? [{ name: `${ex.id}/${t.id}`, quiz: t.quiz }] : [])));

const fill = (unit: string, tail = '') => unit.repeat(Math.floor((CAP - tail.length) / unit.length)) + tail;
const SHAPES: Record<string, string> = {
  newlines: fill('\n'),
  'spaces then x': fill(' ', 'x'),
  punctuation: fill('-,'),
  'word characters then !': fill('a', '!'),
  'number-like': fill('1.1e'),
  'near-miss repeated': fill('virtual ip, real ip, director ip, client '),
  'address names, newline gaps': (() => {
    const names = ['virtual ip', 'real ip', 'director ip', 'client ipx'];
    const gap = '\n'.repeat(Math.floor((CAP - names.join('').length) / 3));
    return names.join(gap);
  })(),
};
const TYPICAL = 'Virtual IP, Real Server IP, Director IP, Client IP';

function timeMs(quiz: QuizSpec, answer: string, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    gradeAnswer(quiz, answer);
    out.push(performance.now() - t0);
  }
  return out;
}

let worst = { ms: 0, what: '' };
const baselines: number[] = [];
for (const { name, quiz } of quizzes) {
  timeMs(quiz, TYPICAL, 20); // warm up
  baselines.push(median(timeMs(quiz, TYPICAL, 50)));
  for (const [shape, answer] of Object.entries(SHAPES)) {
    const ms = Math.max(...timeMs(quiz, answer, 5));
    if (ms > worst.ms) worst = { ms, what: `${name}, ${shape} (${answer.length} chars)` };
  }
}
const base = median(baselines);
console.log(`quiz grading: ${quizzes.length} quizzes × ${Object.keys(SHAPES).length} hostile answers at the ${CAP}-character cap`);
console.log(`  typical answer (median over quizzes)  ${base.toFixed(3)} ms`);
console.log(`  worst hostile answer                  ${worst.ms.toFixed(3)} ms   (${worst.what})`);
console.log(`  ratio worst / typical                 ${(worst.ms / base).toFixed(1)}x`);
console.log(`  target < ${TARGET_MS} ms: ${worst.ms < TARGET_MS ? 'met' : 'MISSED'}`);

// The pattern that froze the server, under V8's backtracking engine, with growing newline gaps.
const addressNames = quizzes.find((q) => q.name === 'lb-concepts/address-names')!;
const regex = addressNames.quiz.answers.find((a) => 'regex' in a) as { regex: string; flags?: string } | undefined;
if (regex) {
  const backtracking = new RegExp(regex.regex, regex.flags);
  console.log('\nlb-concepts/address-names, "virtual ip" … "client ipx" with N newlines per gap');
  console.log('  N    chars   backtracking (V8)   linear (RE2)   ratio');
  const old: Record<number, number> = {};
  for (const n of [4, 8, 12, 14, 16, 18]) {
    const answer = ['virtual ip', 'real ip', 'director ip', 'client ipx'].join('\n'.repeat(n));
    const t0 = performance.now();
    backtracking.test(answer);
    old[n] = performance.now() - t0;
    const now = median(timeMs(addressNames.quiz, answer, 5));
    console.log(`  ${String(n).padEnd(4)} ${String(answer.length).padEnd(7)} ${old[n]!.toFixed(2).padStart(10)} ms      ${now.toFixed(3).padStart(8)} ms   ${(old[n]! / now).toFixed(0)}x`);
  }
  const growth = (old[18]! / old[12]!) ** (1 / 6);
  const atCap = Math.floor((CAP - 38) / 3);
  console.log(`  backtracking grows ${growth.toFixed(2)}x per newline per gap; at the cap (${atCap} per gap) that is ~10^${Math.round(Math.log10(old[18]!) + (atCap - 18) * Math.log10(growth) - 3)} s`);
}
