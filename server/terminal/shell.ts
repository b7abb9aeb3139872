// A login shell in a lab host: `docker exec` with a TTY, its hijacked duplex stream, resize, exit
// code, and hangup. Docker keeps an exec running after its stream closes, so ending a session hangs
// the shell up explicitly, as a terminal closing would.
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { OpslabError } from '../errors.js';
import { execScript } from '../lab/docker.js';
import type { Size } from './protocol.js';

export interface Shell {
  /** Raw TTY bytes out; keystrokes in. */
  stream: Duplex;
  resize(size: Size): Promise<void>;
  /** The shell's exit code once it ended (null when Docker cannot tell). */
  exitCode(): Promise<number | null>;
  /** SIGHUP to the shell's session (jobs get it as from a closed terminal), SIGKILL to the shell 2 s later. */
  hangup(): Promise<void>;
}

export async function openShell(props: {
  docker: Dockerode;
  containerId: string;
  env: Record<string, string>;
  /** Unique per session: marks the shell's environment so hangup finds it inside the container. */
  marker: string;
  size: Size;
}): Promise<Shell> {
  const { docker, containerId, marker } = props;
  const env = { ...props.env, TERM: 'xterm-256color', OPSLAB_TERMINAL: marker };
  try {
    const exec = await docker.getContainer(containerId).exec({
      Cmd: ['bash', '-l'],
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      User: 'root',
      WorkingDir: '/root',
    });
    const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
    const resize = async (size: Size) => {
      await exec.resize({ h: size.rows, w: size.cols });
    };
    // The engine may not have started the process yet: one retry covers it.
    await resize(props.size).catch(() => new Promise((r) => setTimeout(r, 50)).then(() => resize(props.size).catch(() => {})));
    return {
      stream,
      resize,
      exitCode: () => exitCodeOf(exec),
      hangup: () => hangupShell({ docker, containerId, marker }),
    };
  } catch (e) {
    throw engineError(e);
  }
}

/** The engine may report the exec as running for a moment after its stream ended. */
async function exitCodeOf(exec: Dockerode.Exec): Promise<number | null> {
  for (let i = 0; i < 10; i++) {
    const info = await exec.inspect().catch(() => undefined);
    if (!info) return null;
    if (!info.Running) return info.ExitCode ?? null;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}

async function hangupShell(props: { docker: Dockerode; containerId: string; marker: string }): Promise<void> {
  // The shell is the marked process whose parent is outside the container (PPid 0): an exec's first process.
  const script = `
sid=
for f in $(grep -lsxz 'OPSLAB_TERMINAL=${props.marker}' /proc/[0-9]*/environ); do
  d=\${f%/environ}
  [ "$(awk '/^PPid:/ {print $2}' "$d/status" 2>/dev/null)" = 0 ] && sid=\${d#/proc/} && break
done
[ -n "$sid" ] || exit 0
pkill -HUP -s "$sid"
(sleep 2; kill -KILL "$sid") >/dev/null 2>&1 &
`;
  await execScript({ docker: props.docker, containerId: props.containerId, script, env: {}, timeoutMs: 5000 }).catch(() => {});
}

function engineError(e: unknown): Error {
  const status = (e as { statusCode?: number }).statusCode;
  const code = (e as { code?: string }).code;
  if (status === 404 || status === 409) return new OpslabError('HOST_GONE', undefined, { cause: e });
  if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'ETIMEDOUT') return new OpslabError('ENGINE_DOWN', undefined, { cause: e });
  return new OpslabError('INTERNAL', `The terminal could not be opened: ${(e as Error).message}`, { cause: e });
}
