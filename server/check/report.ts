// Grading output for people and CI systems: a summary table, CSV and JUnit XML.
import type { Graded } from './grade.js';

export function summaryTable(graded: Graded[]): string {
  const rows = graded.map((g) => [g.submission, g.results.status, `${g.results.tests.filter((t) => t.status === 'pass').length}/${g.results.tests.length}`, `${(g.durationMs / 1000).toFixed(1)} s`, firstProblem(g)]);
  const head = ['submission', 'status', 'passed', 'time', 'first problem'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) => r.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function firstProblem(g: Graded): string {
  const t = g.results.tests.find((x) => x.status !== 'pass');
  return t ? `${t.name}: ${t.message}` : '';
}

const csvCell = (s: string | number) => {
  const v = String(s);
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export function toCsv(graded: Graded[]): string {
  const lines = [['submission', 'task', 'check', 'status', 'message', 'duration_ms'].join(',')];
  for (const g of graded) for (const t of g.results.tests) lines.push([g.submission, t.task_id, t.name, t.status, t.message, t.duration_ms].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

const xml = (s: string) =>
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One testsuite per submission, one testcase per check: fail → <failure>, error → <error>. */
export function toJunit(props: { exercise: string; graded: Graded[] }): string {
  const all = props.graded.flatMap((g) => g.results.tests);
  const count = (s: string) => all.filter((t) => t.status === s).length;
  const suites = props.graded.map((g) => {
    const cases = g.results.tests.map((t) => {
      const body =
        t.status === 'fail'
          ? `\n      <failure message="${xml(t.message)}">${xml(t.output.slice(-4000))}</failure>\n    `
          : t.status === 'error'
            ? `\n      <error message="${xml(t.message)}">${xml(t.output.slice(-4000))}</error>\n    `
            : '';
      return `    <testcase classname="${xml(`${props.exercise}.${t.task_id}`)}" name="${xml(t.name)}" time="${(t.duration_ms / 1000).toFixed(3)}">${body}</testcase>`;
    });
    const f = g.results.tests.filter((t) => t.status === 'fail').length;
    const e = g.results.tests.filter((t) => t.status === 'error').length;
    return `  <testsuite name="${xml(g.submission)}" tests="${g.results.tests.length}" failures="${f}" errors="${e}" time="${(g.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(props.exercise)}" tests="${all.length}" failures="${count('fail')}" errors="${count('error')}">\n${suites.join('\n')}\n</testsuites>\n`;
}
