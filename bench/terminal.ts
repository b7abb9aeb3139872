// Terminal gateway benchmark: `npx tsx bench/terminal.ts`. Against the local engine, in one run:
// keystroke echo latency and output throughput through the websocket gateway vs a raw
// `docker exec` TTY stream (dockerode) and vs WeTTY (bench/peers/wetty.ts, installed on first run)
// serving the same container's shell, and server memory per open terminal. Prints ratios.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadCurriculum } from '../server/curriculum/index.js';
import { ensureLabImage } from '../server/engine/images.js';
import { createLocalEngine, ensureLocalEngine } from '../server/engine/local.js';
import { engineSet } from '../server/engine/select.js';
import { buildApp } from '../server/http/app.js';
import { freePort } from '../test/helpers/server.js';
import type { LabManager } from '../server/lab/manager.js';
import type { Lab } from '../server/lab/types.js';
import { createLabManager } from '../server/platform.js';
import { blueprintOf } from '../server/exercise-lab.js';
import { TerminalHub, type LabDirectory } from '../server/terminal/hub.js';
import { TermClient } from '../test/terminal/support.js';
import { type PeerTerminal, startWetty } from './peers/wetty.js';

// p99 of 300 samples is the 3rd-worst one: runs on this machine gave p99 ratios from 1.5x to 4.5x.
const SAMPLES = 2000;
const FLOOD = 50_000_000;
const TERMINALS = 50;
/** Rounds a flood is cut in: a multiple of 2 and 3, so that each tty goes first as often. */
const FLOOD_ROUNDS = 6;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Something to type into and read from: the gateway client or a raw exec stream. */
interface Tty {
  send(text: string): void;
  /** Calls `fn` with each output chunk until it returns true. */
  until(fn: (text: string) => boolean, ms?: number): Promise<void>;
}

/** A Tty over anything that sends text and calls listeners with its output (the gateway client, WeTTY's). */
function listenerTty(name: string, t: Pick<PeerTerminal, 'send' | 'onText'>): Tty {
  return {
    send: (text) => t.send(text),
    until: (fn, ms = 120_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`${name} tty timed out`));
        }, ms);
        const off = t.onText((text) => {
          if (!fn(text)) return;
          clearTimeout(timer);
          off();
          resolve();
        });
      }),
  };
}

const gatewayTty = (c: TermClient) => listenerTty('gateway', { send: (text) => c.type(text), onText: (fn) => c.onText(fn) });

async function rawTty(lab: Lab, host: string): Promise<Tty & { stream: Duplex }> {
  const h = lab.hosts.find((x) => x.name === host)!;
  const exec = await lab.engine.docker.getContainer(h.containerId).exec({
    Cmd: ['bash', '-l'], Env: ['TERM=xterm-256color'], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, User: 'root', WorkingDir: '/root',
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  await exec.resize({ h: 24, w: 80 }).catch(() => {});
  let listener: ((t: string) => void) | undefined;
  stream.on('data', (d: Buffer) => listener?.(d.toString('latin1')));
  return {
    stream,
    send: (text) => stream.write(text),
    until: (fn, ms = 120_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('raw tty timed out')), ms);
        listener = (t) => {
          if (!fn(t)) return;
          clearTimeout(timer);
          listener = undefined;
          resolve();
        };
      }),
  };
}

/** 0..n-1 starting at i % n: who goes first changes every round. */
const rotated = (n: number, i: number) => Array.from({ length: n }, (_, k) => (i + k) % n);

/**
 * Type one char at a time into `cat` (echoed by the TTY) and time each echo, alternating between
 * the ttys sample by sample (who goes first rotates each round), so that both see the same machine: on a
 * shared 2-core box, load that comes and goes would otherwise land on whichever ran second.
 */
async function echoLatency(ttys: Tty[]): Promise<{ p50: number; p99: number }[]> {
  for (const tty of ttys) tty.send('stty echo; cat >/dev/null\r');
  await sleep(500);
  const times: number[][] = ttys.map(() => []);
  const once = async (tty: Tty): Promise<number> => {
    const t0 = process.hrtime.bigint();
    const done = tty.until((t) => t.includes('x'), 5000);
    tty.send('x');
    await done;
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < SAMPLES + 20; i++) {
    if (i % 100 === 99) for (const tty of ttys) tty.send('\r'); // keep the line short
    for (const k of rotated(ttys.length, i)) {
      await sleep(2);
      const ms = await once(ttys[k]!);
      if (i >= 20) times[k]!.push(ms);
    }
  }
  for (const tty of ttys) {
    const ended = tty.until((t) => t.includes('$') || t.includes('#'), 5000);
    tty.send('\x03');
    await ended;
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return { p50: t[Math.floor(t.length * 0.5)]!, p99: t[Math.floor(t.length * 0.99)]! };
  });
}

/** Seconds for `bytes` of output, until the marker after them comes. */
async function floodSeconds(tty: Tty, bytes: number): Promise<number> {
  let tail = '';
  const t0 = performance.now();
  const done = tty.until((t) => {
    tail = (tail + t).slice(-64);
    return tail.includes('DONE-42');
  }, 300_000);
  tty.send(`head -c ${bytes} /dev/zero | tr '\\0' a; echo; echo DONE-$((40+2))\r`);
  await done;
  return (performance.now() - t0) / 1000;
}

/** MB/s of FLOOD bytes per tty, in FLOOD_ROUNDS alternating rounds (same reason as above). */
async function throughput(ttys: Tty[]): Promise<number[]> {
  const seconds = ttys.map(() => 0);
  const bytes = Math.floor(FLOOD / FLOOD_ROUNDS);
  for (let round = 0; round < FLOOD_ROUNDS; round++) {
    for (const k of rotated(ttys.length, round)) seconds[k]! += await floodSeconds(ttys[k]!, bytes);
  }
  return seconds.map((sec) => (bytes * FLOOD_ROUNDS) / 1e6 / sec);
}

async function memory(): Promise<{ rss: number; heap: number }> {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(300);
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external }; // external includes arrayBuffers
}

/** A wrapper that lets any learner into the bench's labs, so 50 sessions need no 50 labs. */
function anyLearner(labs: LabManager): LabDirectory {
  return {
    owned: async (id: string) => labs.get(id),
    find: async (id: string) => labs.peek(id),
    peek: (id: string) => labs.peek(id),
    touch: (id: string) => labs.touch(id),
    on: ((e: 'gone', fn: (id: string) => void) => labs.on(e, fn)) as LabManager['on'],
    off: ((e: 'gone', fn: (id: string) => void) => labs.off(e, fn)) as LabManager['off'],
  };
}

const fmt = (n: number, d = 2) => n.toFixed(d);
const mb = (n: number) => `${fmt(n / 1024 / 1024)} MB`;

/** WeTTY serving the shell of `containerId`, with one terminal open; or why not. */
async function openWetty(containerId: string): Promise<{ ok: true; version: string; term: PeerTerminal; close: () => Promise<void> } | { ok: false; why: string }> {
  const wetty = await startWetty({ containerId, port: await freePort() });
  if (!wetty.ok) return wetty;
  try {
    const term = await wetty.open();
    let seen = '';
    await listenerTty('wetty', term).until((t) => {
      seen = (seen + t).slice(-200);
      return /# $/.test(seen);
    }, 20_000);
    const close = async () => {
      await term.close();
      await wetty.close();
    };
    return { ok: true, version: wetty.version, term, close };
  } catch (e) {
    await wetty.close();
    return { ok: false, why: `could not open a terminal: ${(e as Error).message}` };
  }
}

async function main(): Promise<void> {
  await ensureLocalEngine({});
  const engine = createLocalEngine();
  await ensureLabImage({ docker: engine.docker });
  const { curriculum } = loadCurriculum('test/fixtures/curricula/labs');
  const labs = createLabManager({ engines: engineSet({ mode: 'local', local: engine }), exercises: () => curriculum.exercises, instance: `bench-term-${randomBytes(3).toString('hex')}` });
  const lab = await labs.ready((await labs.start({ learner: 'bench', blueprint: blueprintOf(curriculum.exercises.get('web-serve')!) })).id);
  const hub = new TerminalHub({ labs: anyLearner(labs) });
  const port = await freePort();
  const app = await buildApp({ curriculum, secret: 'bench-secret-0123456789', publicUrls: [`http://127.0.0.1:${port}`], labs, terminal: { hub } });
  await app.listen({ port, host: '127.0.0.1' });
  const url = (host: string) => `ws://127.0.0.1:${port}/api/labs/${lab.id}/hosts/${host}/terminal`;
  const open = async (host: string, keep = 4096) => {
    const c = new TermClient({ url: url(host), keep });
    await c.waitFor(/# $/, 20_000);
    return c;
  };
  try {
    console.log(`opslab terminal bench: lab ${lab.id} on the ${engine.kind} engine (${engine.description})\n`);

    const gw = await open('client');
    const raw = await rawTty(lab, 'client');
    const peer = await openWetty(lab.hosts.find((h) => h.name === 'client')!.containerId);
    const ttys = [gatewayTty(gw), raw, ...(peer.ok ? [listenerTty('wetty', peer.term)] : [])];
    await sleep(500);
    const [lg, lr, lw] = await echoLatency(ttys);
    console.log(`keystroke echo latency (${SAMPLES} samples each, cat in a TTY, ${peer.ok ? 'gateway, raw and WeTTY' : 'gateway and raw'} interleaved)`);
    const echoLine = (name: string, l: { p50: number; p99: number }) => console.log(`  ${name.padEnd(9)} p50 ${fmt(l.p50)} ms   p99 ${fmt(l.p99)} ms`);
    echoLine('gateway', lg!);
    echoLine('raw exec', lr!);
    if (lw) echoLine('wetty', lw);
    console.log(`  gateway vs raw    p50 ${fmt(lg!.p50 / lr!.p50)}x   p99 ${fmt(lg!.p99 / lr!.p99)}x   (target p99 ≤ 1.3x)`);
    if (lw) console.log(`  gateway vs wetty  p50 ${fmt(lg!.p50 / lw.p50)}x   p99 ${fmt(lg!.p99 / lw.p99)}x   (target p99 ≤ 1x)`);
    console.log('');

    const [tg, tr, tw] = await throughput(ttys);
    console.log(`output throughput (${FLOOD / 1e6} MB of 'a' each in ${FLOOD_ROUNDS} rounds taking turns; gateway client ACKing in 16 KiB batches, WeTTY's committing every 256 KiB)`);
    console.log(`  gateway   ${fmt(tg!, 1)} MB/s`);
    console.log(`  raw exec  ${fmt(tr!, 1)} MB/s`);
    if (tw) console.log(`  wetty     ${fmt(tw, 1)} MB/s`);
    console.log(`  gateway vs raw    ${fmt(tg! / tr!)}x`);
    if (tw) console.log(`  gateway vs wetty  ${fmt(tg! / tw)}x   (target ≥ 1x)`);
    console.log(peer.ok ? `  (WeTTY ${peer.version}, in this process, running docker exec -it on the same container)\n` : `\nwetty: ${peer.why}\n`);
    raw.stream.destroy();
    await gw.close();
    if (peer.ok) await peer.close();

    const before = await memory();
    const sessionsBefore = hub.size;
    const clients: TermClient[] = [];
    for (let i = 0; i < TERMINALS; i++) clients.push(await open(i % 2 ? 'web' : 'client', 256));
    const opened = await memory();
    await Promise.all(clients.map(async (c) => {
      c.type('seq 1 3000\r');
      await c.waitFor('\r\n3000\r\n', 30_000);
    }));
    const filled = await memory();
    console.log(`server memory per open terminal (${hub.size - sessionsBefore} new sessions; growth of rss / heap+external, divided by ${TERMINALS})`);
    console.log(`  fresh shell        ${mb((opened.rss - before.rss) / TERMINALS)} / ${mb((opened.heap - before.heap) / TERMINALS)}`);
    console.log(`  3000 lines output  ${mb((filled.rss - before.rss) / TERMINALS)} / ${mb((filled.heap - before.heap) / TERMINALS)}   (target ≤ 2 MB)`);
    await Promise.all(clients.map((c) => c.close()));
  } finally {
    await app.close();
    await labs.close({ destroyAll: true });
    await engine.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
