// Helpers for the engine tests: a real engine, the lab image, and commands run in containers.
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { ensureLabImage } from '../../server/engine/images.js';
import { createLocalEngine, ensureLocalEngine } from '../../server/engine/local.js';
import type { Engine } from '../../server/engine/types.js';

/** The local engine, brought up if needed: fails loudly when there is none to be had. */
export async function engineWithLabImage(): Promise<{ engine: Engine; image: string }> {
  await ensureLocalEngine({ log: (line) => console.log(`[engine] ${line}`) });
  const engine = createLocalEngine();
  const { tag } = await ensureLabImage({ docker: engine.docker, log: (line) => console.log(`[image] ${line}`) });
  return { engine, image: tag };
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in a running container; the exit code is a result. */
export async function execIn(props: { container: Dockerode.Container; cmd: string[]; env?: string[] }): Promise<ExecResult> {
  const { container, cmd, env } = props;
  const exec = await container.exec({ Cmd: cmd, Env: env, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  container.modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  return { code: info.ExitCode ?? -1, stdout: Buffer.concat(chunks.out).toString(), stderr: Buffer.concat(chunks.err).toString() };
}

/** `sh -c SCRIPT` (or bash) with check.sh sourced first. */
export function checkScript(script: string, shell: 'sh' | 'bash' = 'sh'): string[] {
  return [shell, '-c', `set -eu\n. /usr/local/lib/opslab/check.sh\n${script}`];
}

export const TEST_LABEL = 'opslab.test';
