// WeTTY (npm `wetty`), the peer bench/terminal.ts measures opslab's terminal against: installed on
// demand into bench/peers/node_modules from this folder's package.json and lock (`npm ci --prefix
// bench/peers`), so the project's own dependencies and CI never carry it. It runs in the bench's
// process, as opslab's gateway does, through its exported `start` (the API its CLI calls), with its
// command set to a `docker exec -it` of the same container's shell; the bench drives it through
// its socket.io protocol as WeTTY's browser page does: `input` and `resize` up, `data` down, and
// `commit` every 256 KiB processed for its flow control.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const DIR = import.meta.dirname;
const MODULES = path.join(DIR, 'node_modules');
/** What WeTTY's page commits at a time (its flow control's default). */
const COMMIT_BYTES = 256 * 1024;

/** A terminal the bench types into and reads from. */
export interface PeerTerminal {
  send(text: string): void;
  /** Each piece of output as it comes; returns a function that stops it. */
  onText(fn: (text: string) => void): () => void;
  close(): Promise<void>;
}

export type WettyStart = { ok: true; version: string; open: () => Promise<PeerTerminal>; close: () => Promise<void> } | { ok: false; why: string };

// The few parts of socket.io and WeTTY this file uses, typed here: they are imported at run time
// from bench/peers, which typecheck and lint never see.
interface IoSocket {
  on(event: string, fn: (...args: never[]) => void): IoSocket;
  once(event: string, fn: (...args: never[]) => void): IoSocket;
  emit(event: string, ...args: unknown[]): IoSocket;
  close(): void;
}
interface IoServer {
  close(fn?: (err?: Error) => void): void;
}
type Connect = (url: string, opts: Record<string, unknown>) => IoSocket;
type Start = (ssh: Record<string, unknown>, server: Record<string, unknown>, command: string, forceSsh: boolean) => Promise<IoServer>;

const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(MODULES, file)).href)) as T;

function run(cmd: string, args: string[], ms: number): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { timeout: ms, maxBuffer: 16 * 1024 * 1024 }, (err, _out, stderr) => {
      if (!err) return resolve();
      const last = stderr.trim().split('\n').filter((l) => !/^npm warn/i.test(l)).slice(-3).join(' / ');
      reject(new Error(last || err.message));
    }),
  );
}

/** Installs WeTTY once (a few seconds from the npm registry; about 135 MB, 220 packages). */
async function install(): Promise<void> {
  if (existsSync(path.join(MODULES, 'wetty/package.json'))) return;
  await run('npm', ['ci', '--prefix', DIR, '--no-audit', '--no-fund', '--loglevel=error'], 300_000);
}

/**
 * WeTTY listening on 127.0.0.1:`port`, each connection a `docker exec -it` login shell in
 * `containerId` as root in /root (what opslab's terminal opens). `{ok: false, why}` when it cannot be had.
 */
export async function startWetty(props: { containerId: string; port: number }): Promise<WettyStart> {
  if (process.getuid?.() !== 0) return { ok: false, why: 'WeTTY runs a local command only as root (else it logs in over ssh)' };
  try {
    await install();
  } catch (e) {
    return { ok: false, why: `could not be installed: ${(e as Error).message}` };
  }
  let start: Start, connect: Connect, version: string;
  try {
    ({ version } = JSON.parse(readFileSync(path.join(MODULES, 'wetty/package.json'), 'utf8')) as { version: string });
    const logger = await load<{ setLevel: (l: string) => void }>('wetty/build/shared/logger.js');
    logger.setLevel('error');
    ({ start } = await load<{ start: Start }>('wetty/build/server.js'));
    ({ io: connect } = await load<{ io: Connect }>('socket.io-client/build/esm-debug/index.js')); // what Node's import of it picks
  } catch (e) {
    return { ok: false, why: `could not be loaded: ${(e as Error).message}` };
  }
  const command = `docker exec -it -u root -w /root -e TERM=xterm-256color ${props.containerId} bash -l`;
  const base = '/wetty';
  const io = await start({ host: 'localhost', port: 22, auth: 'password', knownHosts: '/dev/null', allowRemoteHosts: false, allowRemoteCommand: false }, { base, port: props.port, host: '127.0.0.1', title: 'bench', allowIframe: false, socket: false }, command, false);
  const url = `http://127.0.0.1:${props.port}`;
  return {
    ok: true,
    version,
    open: () => openTerminal(connect(url, { path: `${base}/socket.io`, transports: ['websocket'], reconnection: false })),
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

/** A connected WeTTY page, minus the screen: resizes to 80×24 at login, commits what it read. */
function openTerminal(socket: IoSocket): Promise<PeerTerminal> {
  const listeners = new Set<(text: string) => void>();
  let uncommitted = 0;
  socket.on('data', (text: string) => {
    for (const fn of listeners) fn(text);
    uncommitted += text.length;
    for (; uncommitted >= COMMIT_BYTES; uncommitted -= COMMIT_BYTES) socket.emit('commit', COMMIT_BYTES);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('WeTTY did not start a shell in 20 s')), 20_000);
    socket.once('connect_error', (e: Error) => reject(e));
    socket.once('login', () => {
      clearTimeout(timer);
      socket.emit('resize', { cols: 80, rows: 24 });
      resolve({
        send: (text) => void socket.emit('input', text),
        onText: (fn) => {
          listeners.add(fn);
          return () => listeners.delete(fn);
        },
        close: async () => socket.close(),
      });
    });
  });
}
