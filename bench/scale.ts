// Scale-out, measured: the same burst of learners starting labs through one `opslab serve`, then
// through two sharing one PostgreSQL (requests alternate between them), both over the same pool of
// two engines (this machine's Docker and a second dockerd: scripts/test-engine-b.sh). Prints labs
// started per minute (first click to the last lab ready), API latency p50/p99 of reads made while
// the labs start (GET /api/labs and GET /api/labs/:id), how the labs were placed over the engines,
// and the ratios of two servers against one from the same run.
//   npx tsx bench/scale.ts [learners=12]
// Both servers and both engines share this machine's cores: the ratio says what a second server
// costs or gives here, not what a second machine would.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshPostgres } from '../test/helpers/postgres.js';
import { freePort, ROOT, startServer, type RunningServer } from '../test/helpers/server.js';

const learners = Number(process.argv[2] ?? 12);
const ENGINE_B = '/run/opslab-engine-b.sock';

function course(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'opslab-bench-scale-'));
  cpSync(path.join(ROOT, 'test/fixtures/curricula/labs'), dir, { recursive: true });
  return dir;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

interface Round {
  servers: number;
  labsPerMinute: number;
  p50: number;
  p99: number;
  reads: number;
  placement: Record<string, number>;
}

async function round(servers: number): Promise<Round> {
  const dir = course();
  const env = {
    OPSLAB_DATABASE_URL: await freshPostgres(),
    OPSLAB_SECRET: 'bench-scale-secret-0123456789abcdefghij',
    OPSLAB_ENGINES: `a=local?pool=10.123.0.0/17 b=unix://${ENGINE_B}?pool=10.123.128.0/17`,
    OPSLAB_WARM_LABS: 'vm=0',
    OPSLAB_MAX_LABS: '1000',
    OPSLAB_MAX_LABS_PER_ADDRESS: '1000',
    OPSLAB_RATE_ADDRESS_FACTOR: '1000',
  };
  const ports = await Promise.all(Array.from({ length: servers }, () => freePort()));
  const publicUrls = ports.map((p) => `http://127.0.0.1:${p}`).join(',');
  const instance = `bench-scale-${process.pid}-${servers}`;
  const running: RunningServer[] = [];
  for (const [i, port] of ports.entries()) {
    running.push(await startServer({ curriculum: dir, port, instance, env: { ...env, OPSLAB_PUBLIC_URL: publicUrls, OPSLAB_SERVER_ID: `s${i}` }, timeoutMs: 120_000 }));
  }
  const cookies: string[] = [];
  const ids: string[] = [];
  /** A request as learner `who`, through server `via` (requests alternate between servers). */
  const call = async (who: number, method: string, url: string, body?: unknown, via = who) => {
    const server = running[via % running.length]!;
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (cookies[who]) headers.cookie = cookies[who]!;
    const res = await fetch(`${server.url}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set && !cookies[who]) cookies[who] = set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  try {
    for (let i = 0; i < learners; i++) await call(i, 'GET', '/api/labs');
    const latencies: number[] = [];
    let starting = true;
    const t0 = performance.now();
    // The learners click Start together; each then polls its lab, on alternating servers.
    const starts = Array.from({ length: learners }, async (_, i) => {
      const r = await call(i, 'POST', '/api/labs', { exercise: 'web-serve' });
      if (r.status !== 202) throw new Error(`start ${i}: ${r.status} ${JSON.stringify(r.body)}`);
      ids[i] = r.body.id;
      for (let n = 0; ; n++) {
        const t = performance.now();
        const v = await call(i, 'GET', `/api/labs/${r.body.id}`, undefined, i + n);
        latencies.push(performance.now() - t);
        if (v.body?.state === 'ready') return;
        if (v.body?.state === 'failed') throw new Error(`lab ${i} failed: ${JSON.stringify(v.body.error)}`);
        await new Promise((res) => setTimeout(res, 250));
      }
    });
    // Meanwhile other reads, as pages do.
    const reader = (async () => {
      for (let n = 0; starting; n++) {
        const t = performance.now();
        await call(n % learners, 'GET', '/api/labs', undefined, n).catch(() => {});
        latencies.push(performance.now() - t);
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    const started = await Promise.all(starts).then(() => undefined, (e: unknown) => e as Error);
    const elapsed = performance.now() - t0;
    starting = false;
    await reader;
    if (started) throw started;
    const health = await call(0, 'GET', '/api/health');
    const placement = Object.fromEntries((health.body.engines as { id: string; load: { labs: number } }[]).map((e) => [e.id, e.load.labs]));
    for (const [i, id] of ids.entries()) await call(i, 'DELETE', `/api/labs/${id}`);
    return { servers, labsPerMinute: (learners / elapsed) * 60_000, p50: pct(latencies, 50), p99: pct(latencies, 99), reads: latencies.length, placement };
  } finally {
    // A failed round leaves nothing either: every lab it started goes before its servers.
    for (const [i, id] of ids.entries()) if (id) await call(i, 'DELETE', `/api/labs/${id}`).catch(() => {});
    for (const s of running) await s.stop();
  }
}

execFileSync('bash', ['scripts/test-engine-b.sh'], { cwd: ROOT, stdio: 'pipe' });
const one = await round(1);
const two = await round(2);
console.log(`scale: ${learners} learners starting a 2-host lab at once, engines a (local) and b (second dockerd)`);
for (const r of [one, two]) {
  console.log(`  ${r.servers} server(s): ${r.labsPerMinute.toFixed(1)} labs/min; API p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms over ${r.reads} reads; placed ${JSON.stringify(r.placement)}`);
}
console.log(`  two servers / one: labs/min x${(two.labsPerMinute / one.labsPerMinute).toFixed(2)}, p50 x${(two.p50 / one.p50).toFixed(2)}, p99 x${(two.p99 / one.p99).toFixed(2)}`);
const spread = (p: Record<string, number>) => Math.max(...Object.values(p)) - Math.min(...Object.values(p));
console.log(`  placement balance: largest minus smallest engine load ${spread(one.placement)} (one server), ${spread(two.placement)} (two servers); target <= 1`);
process.exitCode = spread(one.placement) <= 1 && spread(two.placement) <= 1 ? 0 : 1;
