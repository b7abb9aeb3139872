// What a new user sees after `npm start`: from the server saying it listens to the first LVS lab
// the browser asks for being ready (target <= 30 s), then a second learner's start of the same
// exercise once a warm lab is there. Runs `opslab serve` as npm start does (setup already done:
// `npm run setup` first), on a fresh data directory, and talks to it over HTTP as the page does.
//   npx tsx bench/first-lab.ts [EXERCISE=lvs-dr]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../test/helpers/server.js';

const exercise = process.argv[2] ?? 'lvs-dr';
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const data = mkdtempSync(path.join(tmpdir(), 'opslab-bench-first-'));
const t = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const launched = performance.now();
const server = spawn(process.execPath, ['bin/opslab.js', 'serve'], {
  env: { ...process.env, OPSLAB_DATA: data, OPSLAB_PORT: String(port), OPSLAB_INSTANCE: `bench-first-${port}` },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const lines = createInterface({ input: server.stdout! });
const listening = new Promise<number>((resolve, reject) => {
  lines.on('line', (line) => {
    const msg = (() => {
      try {
        return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
      } catch {
        return line;
      }
    })();
    if (/^(engines|warm lab|vm:|opslab serving)/.test(msg)) console.log(`  [server +${t(performance.now() - launched)}] ${msg}`);
    if (msg.startsWith('opslab serving')) resolve(performance.now());
  });
  server.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
});

/** One learner as the browser is: a cookie from its first GET, Origin on its POSTs. */
async function learner() {
  const first = await fetch(`${base}/api/roadmap`);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, { method, headers: { cookie, origin: base, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return (await res.json()) as { id: string; state: string; stage?: { label: string }; estimate?: { remainingMs?: number }; message?: string };
  };
  return {
    /** Start → ready, printing each new stage; returns ms. */
    async startToReady(): Promise<number> {
      const t0 = performance.now();
      let lab = await call('POST', '/api/labs', { exercise });
      if (!lab.id) throw new Error(`start refused: ${JSON.stringify(lab)}`);
      let seen = '';
      while (lab.state === 'starting') {
        const line = `${lab.stage?.label ?? lab.state}${lab.estimate?.remainingMs !== undefined ? ` (about ${Math.round(lab.estimate.remainingMs / 1000)} s left)` : ''}`;
        if (line.split(' (')[0] !== seen.split(' (')[0]) console.log(`    +${t(performance.now() - t0)} ${line}`);
        seen = line;
        await new Promise((r) => setTimeout(r, 250));
        lab = await call('GET', `/api/labs/${lab.id}`);
      }
      if (lab.state !== 'ready') throw new Error(`lab ${lab.state}: ${JSON.stringify(lab)}`);
      return performance.now() - t0;
    },
  };
}

try {
  const at = await listening;
  console.log(`server listening ${t(at - launched)} after launch`);
  const first = await (await learner()).startToReady();
  console.log(`first ${exercise} lab: ready ${t(performance.now() - at)} after the server said it listens (start to ready ${t(first)}); target <= 30 s`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    const health = (await (await fetch(`${base}/api/health`)).json()) as { warmLabs?: { exercises: Record<string, { ready: number }> } };
    if ((health.warmLabs?.exercises[exercise]?.ready ?? 0) > 0) break;
    if (Date.now() > deadline) throw new Error(`no warm ${exercise} lab within 300 s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  const second = await (await learner()).startToReady();
  console.log(`a second learner's ${exercise} lab, a warm one: ready in ${t(second)}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(data, { recursive: true, force: true });
}
