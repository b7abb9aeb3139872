// How scripts run inside a lab host, apart from the API that carries them (server/lab/runtime.ts):
// the command that reads a script from stdin, what a run gives back, the bounded output it keeps,
// and the script that hangs up a terminal's shell.

export interface ExecResult {
  exitCode: number | null;
  stdout: string;
  /** stdout and stderr interleaved as they came. */
  output: string;
  timedOut: boolean;
  durationMs: number;
}

/**
 * How a script runs in a lab: bash reads the whole script from stdin into a variable, points its
 * stdin at /dev/null, and evaluates the text in the same process.
 * - /dev/null: a command that reads stdin (ssh, read, ansible) would otherwise swallow the rest of
 *   the script, and bash would exit 0 as if the script had passed.
 * - eval, not `bash -c "$script"`: the text never becomes an argument (nor an environment
 *   variable), so `ps` and /proc/PID/cmdline in the lab show `bash -c <these lines>` and no check.
 *   The variable is unset before the first line runs; it stays in this bash's memory only, which
 *   a root learner of the same lab can still read by tracing it (see docs/security.md).
 * - all on one line, so bash's "line N" in an error is line N of the script.
 */
/**
 * A script's time limit on `engine`: under software emulation (the vm engine without KVM) everything
 * takes ~3x as long.
 */
export const scriptTimeoutMs = (engine: { kind: string }, timeoutMs: number): number => timeoutMs * (engine.kind === 'vm' ? 3 : 1);

export const RUN_FROM_STDIN = '__opslab_script=$(cat) || exit 125; exec </dev/null; eval "unset __opslab_script; $__opslab_script"';

/** The command of a script run: the in-lab timeout kills it a second after the caller's timer. */
export function scriptCommand(timeoutMs: number): string[] {
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  return ['timeout', '-s', 'KILL', String(seconds + 1), 'bash', '-c', RUN_FROM_STDIN, 'opslab-script'];
}

/** How long one Docker API call around a script may take before the engine counts as stuck. */
export const EXEC_API_GRACE_MS = 60_000;

const OUTPUT_CAP = 64 * 1024;

/** Keeps the last `cap` characters of a stream, so a check printing 100 MB costs 64 KB. */
export class OutputTail {
  private text = '';
  private truncated = false;
  constructor(private readonly cap = OUTPUT_CAP) {}
  push(chunk: string) {
    this.text += chunk;
    if (this.text.length > this.cap * 2) {
      this.text = this.text.slice(-this.cap);
      this.truncated = true;
    }
  }
  toString() {
    const t = this.text.length > this.cap ? this.text.slice(-this.cap) : this.text;
    return this.truncated || this.text.length > this.cap ? `[… earlier output cut]\n${t}` : t;
  }
}

/**
 * Hangs up the shell whose environment carries OPSLAB_TERMINAL=`marker`, as a closed terminal
 * would: SIGHUP to its session (its jobs get it too), SIGKILL to the shell 2 s later. The shell is
 * the marked process whose parent is outside the container (PPid 0): an exec's first process.
 */
export function hangupScript(marker: string): string {
  return `
sid=
for f in $(grep -lsxz 'OPSLAB_TERMINAL=${marker}' /proc/[0-9]*/environ); do
  d=\${f%/environ}
  [ "$(awk '/^PPid:/ {print $2}' "$d/status" 2>/dev/null)" = 0 ] && sid=\${d#/proc/} && break
done
[ -n "$sid" ] || exit 0
pkill -HUP -s "$sid"
(sleep 2; kill -KILL "$sid") >/dev/null 2>&1 &
`;
}
