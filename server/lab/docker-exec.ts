// Scripts and shells in a lab's containers over the Docker Engine API (docker-runtime.ts is the
// rest of the runtime): a script goes in on an exec's stdin and comes back as its exit code and
// output, bounded by its timeout; a shell is a TTY exec whose stream is the terminal.
import { randomBytes } from 'node:crypto';
import { PassThrough, type Duplex } from 'node:stream';
import { withDeadline } from '../deadline.js';
import type { DockerClient } from '../engine/docker.js';
import type { HostRef, LabRuntime, Shell, TerminalSize } from './runtime.js';
import { EXEC_API_GRACE_MS, hangupScript, OutputTail, scriptCommand, type ExecResult } from './scripts.js';

/** An exec of the engine's client (the client library is named in engine/docker.ts and docker-runtime.ts only). */
type DockerExec = Awaited<ReturnType<ReturnType<DockerClient['getContainer']>['exec']>>;

export const envList = (env: Record<string, string>) => Object.entries(env).map(([k, v]) => `${k}=${v}`);

/**
 * Runs `script` with bash inside a container, as root, with `env` set. The script goes in on the
 * exec's stdin (scripts.ts: RUN_FROM_STDIN), so nothing in the lab can read or change it before it
 * runs. The exit code is a result, not an exception; a timeout gives exitCode null and timedOut.
 */
export async function execScript(props: { docker: DockerClient; containerId: string; script: string; env: Record<string, string>; timeoutMs: number }): Promise<ExecResult> {
  const started = Date.now();
  const seconds = Math.max(1, Math.ceil(props.timeoutMs / 1000));
  // The API calls around the script (create, start, inspect) get a bounded grace of their own: an
  // engine that stops answering turns into an error here, never into a caller waiting forever.
  const api = <T>(p: Promise<T>, what: string) => withDeadline(p, EXEC_API_GRACE_MS, `the engine's ${what} for a script in container ${props.containerId.slice(0, 12)}`);
  const exec = await api(
    props.docker.getContainer(props.containerId).exec({
      // The in-lab timeout kills the script; the timer below also gives up on daemons it left holding stdout.
      Cmd: scriptCommand(props.timeoutMs),
      Env: envList(props.env),
      AttachStdin: true, AttachStdout: true, AttachStderr: true,
      Tty: false, User: 'root', WorkingDir: '/root',
    }),
    'exec create',
  );
  const stream = (await api(exec.start({ hijack: true, stdin: true }), 'exec start')) as NodeJS.ReadWriteStream & { destroy(): void };
  const stdout = new OutputTail();
  const output = new OutputTail();
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (d: Buffer) => {
    stdout.push(d.toString('utf8'));
    output.push(d.toString('utf8'));
  });
  err.on('data', (d: Buffer) => output.push(d.toString('utf8')));
  props.docker.modem.demuxStream(stream, out, err);

  const timedOut = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve(true);
    }, props.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(false);
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
    stream.write(props.script.endsWith('\n') ? props.script : props.script + '\n');
    stream.end();
  });
  const result = (exitCode: number | null, late: boolean) => ({ exitCode, stdout: stdout.toString(), output: output.toString(), timedOut: late, durationMs: Date.now() - started });
  if (timedOut) return result(null, true);
  const exitCode = (await api(exec.inspect(), 'exec inspect')).ExitCode ?? null;
  // Killed by the in-lab timeout (SIGKILL: 137) once its time was up.
  if (exitCode === 137 && Date.now() - started >= seconds * 1000) return result(null, true);
  return result(exitCode, false);
}

/**
 * `bash -l` with a TTY in a container. Docker keeps an exec running after its stream closes, so
 * hangup finds the shell by a marker in its environment and hangs it up as a closed terminal would.
 */
export async function openShell(props: { docker: DockerClient; exec: LabRuntime['exec']; host: HostRef; env: Record<string, string>; size: TerminalSize }): Promise<Shell> {
  const { host, size } = props;
  const marker = randomBytes(8).toString('hex');
  const exec = await props.docker.getContainer(host.containerId).exec({
    Cmd: ['bash', '-l'],
    Env: envList({ ...props.env, TERM: 'xterm-256color', OPSLAB_TERMINAL: marker }),
    AttachStdin: true, AttachStdout: true, AttachStderr: true,
    Tty: true, User: 'root', WorkingDir: '/root',
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  const resize = async (to: TerminalSize) => {
    await exec.resize({ h: to.rows, w: to.cols });
  };
  // The engine may not have started the process yet: one retry covers it.
  await resize(size).catch(() => new Promise((r) => setTimeout(r, 50)).then(() => resize(size).catch(() => {})));
  return {
    stream,
    resize,
    exitCode: () => exitCodeOf(exec),
    hangup: () => props.exec({ host, script: hangupScript(marker), env: {}, timeoutMs: 5000 }).then(() => {}, () => {}),
  };
}

/** The engine may report the exec as running for a moment after its stream ended. */
async function exitCodeOf(exec: DockerExec): Promise<number | null> {
  for (let i = 0; i < 10; i++) {
    const info = await exec.inspect().catch(() => undefined);
    if (!info) return null;
    if (!info.Running) return info.ExitCode ?? null;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}

