// Helpers for the lab view's integration tests (test/view, test/http/view-routes, test/cli/lab-view):
// the docker CLI with stdin, polling until a condition holds, and reading a pcap with the lab
// image's tcpdump.
import { spawn } from 'node:child_process';
import { LAB_IMAGE_LATEST } from '../../server/engine/images.js';

/** Runs `docker ...args` with `input` on stdin; resolves with its exit code and output (never rejects on a non-zero exit). */
export function dockerCli(args: string[], input?: Buffer): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

/** What `tcpdump -nn -r -` in the lab image prints for a pcap file: one line per packet. */
export async function tcpdumpRead(pcap: Buffer): Promise<string[]> {
  const res = await dockerCli(['run', '--rm', '-i', LAB_IMAGE_LATEST, 'tcpdump', '-nn', '-r', '-'], pcap);
  if (res.code !== 0) throw new Error(`tcpdump -r - exited ${res.code}: ${res.stderr}`);
  return res.stdout.split('\n').filter((l) => l.trim());
}

/** Calls `fn` until it returns something truthy, every `everyMs`; throws with `what` after `ms`. */
export async function eventually<T>(what: string, ms: number, fn: () => Promise<T | undefined | false> | T | undefined | false, everyMs = 200): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The processes of a container by their command lines (`ps -eo args`), without ps itself. */
export async function processesIn(container: string): Promise<string[]> {
  const res = await dockerCli(['exec', container, 'ps', '-eo', 'args']);
  if (res.code !== 0) throw new Error(`docker exec ${container} ps: exit ${res.code}: ${res.stderr}`);
  return res.stdout
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() && !l.startsWith('ps '));
}
