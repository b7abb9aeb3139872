// Grading output for people and CI systems: a summary table, CSV and JUnit XML. Submission names,
// messages and output are learner-controlled: the table is made safe for a terminal, CSV cells
// cannot become spreadsheet formulas, and the XML stays well-formed.
import type { Graded } from './grade.js';
import { terminalSafe } from './terminal-text.js';

/** The table printed to the grader's terminal: control characters in any cell shown, not obeyed. */
export function summaryTable(graded: Graded[]): string {
  const rows = graded.map((g) =>
    [g.submission, g.results.status, `${g.results.tests.filter((t) => t.status === 'pass').length}/${g.results.tests.length}`, `${(g.durationMs / 1000).toFixed(1)} s`, firstProblem(g)].map((c) =>
      terminalSafe(c, { oneLine: true }),
    ),
  );
  const head = ['submission', 'status', 'passed', 'time', 'first problem'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) => r.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function firstProblem(g: Graded): string {
  const t = g.results.tests.find((x) => x.status !== 'pass');
  return t ? `${t.name}: ${t.message}` : '';
}

/** What a spreadsheet takes as the start of a formula (OWASP CSV injection; full-width forms too). */
const FORMULA_START = /^(?:[\s\0]*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r\n\0])/;

/**
 * One CSV cell (RFC 4180): a cell that a spreadsheet would run as a formula gets a leading `'`
 * (OWASP), control characters are shown rather than kept (the file is also read with `cat`), and
 * a cell with a quote, separator (`,` or the `;` of some locales) or line break is quoted.
 */
export function csvCell(value: string | number): string {
  const raw = String(value);
  const v = terminalSafe(FORMULA_START.test(raw) ? `'${raw}` : raw);
  return /[",;\r\n\t]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(graded: Graded[]): string {
  const lines = [['submission', 'task', 'check', 'status', 'message', 'duration_ms'].join(',')];
  for (const g of graded) for (const t of g.results.tests) lines.push([g.submission, t.task_id, t.name, t.status, t.message, t.duration_ms].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

/** Not a Char of XML 1.0: C0 but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. */
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\t': '&#9;' };

/**
 * Text for an XML attribute or element: what XML 1.0 cannot hold dropped, other controls (DEL,
 * C1, bidi, CR) shown as escapes, markup escaped, and newline and tab as character references so
 * that attribute values keep them.
 */
const xml = (s: string) => terminalSafe(s.replace(NOT_XML_CHAR, '')).replace(/[&<>"'\n\t]/g, (c) => XML_ESCAPES[c]!);

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
