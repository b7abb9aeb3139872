// The check contract: exit 0 pass; exit 1 fail, with the last `FAIL: ` line (else the last
// non-empty stdout line) as the learner's message; exit 1 with no output at all, any other exit,
// a timeout or a gone host: error.
import type { CheckStatus } from '../../shared/api.js';

export interface ScriptOutcome {
  exitCode: number | null;
  stdout: string;
  timedOut: boolean;
}

export function judge(outcome: ScriptOutcome, timeoutMs: number): { status: CheckStatus; message: string } {
  const lines = outcome.stdout.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  if (outcome.timedOut) return { status: 'error', message: `The check did not finish within ${Math.round(timeoutMs / 1000)} s.` };
  if (outcome.exitCode === 0) {
    const pass = [...lines].reverse().find((l) => l.startsWith('PASS: '));
    return { status: 'pass', message: pass ? pass.slice(6) : 'passed' };
  }
  if (outcome.exitCode === 1) {
    const fail = [...lines].reverse().find((l) => l.startsWith('FAIL: '));
    // Exit 1 with nothing said is an author bug (a `set -u` or `set -e` death), not a verdict.
    if (!fail && lines.length === 0) return { status: 'error', message: 'The check stopped (exit 1) without saying what is wrong; this is not your mistake and has been logged.' };
    return { status: 'fail', message: fail ? fail.slice(6) : lines[lines.length - 1]! };
  }
  return { status: 'error', message: `The check itself broke (exit code ${outcome.exitCode}); this is not your mistake and has been logged.` };
}
