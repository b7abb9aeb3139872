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

/** One row per check. `message_key` is last, so that readers of the columns before it still find them where they were. */
export function toCsv(graded: Graded[]): string {
  const lines = [['submission', 'task', 'check', 'status', 'message', 'duration_ms', 'message_key'].join(',')];
  for (const g of graded)
    for (const t of g.results.tests) lines.push([g.submission, t.task_id, t.name, t.status, t.message, t.duration_ms, t.message_key ?? ''].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

/**
 * The failed checks' message keys by how many checks said them, most first (then by key), at most
 * `top`: what a cohort gets wrong most. Only failures count (an error is the platform's or the
 * author's, not a mistake), and only keyed ones (a free-text FAIL line has no key to count by).
 */
export function commonMistakes(graded: Graded[], top = 10): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const g of graded) for (const t of g.results.tests) if (t.status === 'fail' && t.message_key) counts.set(t.message_key, (counts.get(t.message_key) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, top);
}

/** "Most common mistakes" for the grader's terminal, or '' when no failure had a key. Keys are bounded and plain, but come from labs: shown safely. */
export function commonMistakesText(graded: Graded[], top = 10): string {
  const rows = commonMistakes(graded, top);
  if (!rows.length) return '';
  const width = Math.max(...rows.map((r) => String(r.count).length));
  return ['Most common mistakes (message key: failed checks):', ...rows.map((r) => `  ${String(r.count).padStart(width)}  ${terminalSafe(r.key, { oneLine: true })}`)].join('\n');
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
      // JUnit's `type` is the kind of failure: the message key, the same for one mistake in every submission.
      const type = t.message_key ? ` type="${xml(t.message_key)}"` : '';
      const body =
        t.status === 'fail'
          ? `\n      <failure${type} message="${xml(t.message)}">${xml(t.output.slice(-4000))}</failure>\n    `
          : t.status === 'error'
            ? `\n      <error${type} message="${xml(t.message)}">${xml(t.output.slice(-4000))}</error>\n    `
            : '';
      return `    <testcase classname="${xml(`${props.exercise}.${t.task_id}`)}" name="${xml(t.name)}" time="${(t.duration_ms / 1000).toFixed(3)}">${body}</testcase>`;
    });
    const f = g.results.tests.filter((t) => t.status === 'fail').length;
    const e = g.results.tests.filter((t) => t.status === 'error').length;
    return `  <testsuite name="${xml(g.submission)}" tests="${g.results.tests.length}" failures="${f}" errors="${e}" time="${(g.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(props.exercise)}" tests="${all.length}" failures="${count('fail')}" errors="${count('error')}">\n${suites.join('\n')}\n</testsuites>\n`;
}
