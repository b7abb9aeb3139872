// What Prometheus metrics cost the server. Two numbers, each against a baseline in the same run:
//   1. per request: the HTTP latency histogram's observation (the onResponse hook's work), against
//      a whole GET /api/health answered by the real app (fastify inject, no network);
//   2. per scrape: GET /metrics on a busy server (200 labs in every state over the course's
//      exercises, every route × status seen, checks and starts of every exercise), against the same
//      GET /api/health.
// Targets: the hook adds < 2 % to a request; a busy scrape, every 15 s (Prometheus's default
// interval), takes < 1 % of a core (< 150 ms). The seeding is the worst case: every route with
// every method and status, which real traffic never reaches (a label set per route, method and
// status: bounded by the routes, never by what clients send).
// npx tsx bench/metrics.ts
import { performance } from 'node:perf_hooks';
import { loadCurriculum } from '../server/curriculum/index.js';
import type { EngineHealth } from '../server/engine/bring-up.js';
import { buildApp } from '../server/http/app.js';
import type { MeteredLabs } from '../server/metrics/platform.js';
import { PlatformMetrics } from '../server/metrics/platform.js';
import { median } from './support.js';

const { curriculum } = loadCurriculum('curricula');
const exercises = [...curriculum.exercises.keys()];
const app = await buildApp({ curriculum, secret: 'bench-secret-0123456789' });
await app.ready();

async function injectMs(url: string, runs: number, headers: Record<string, string> = {}): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await app.inject({ url, headers });
    out.push(performance.now() - t0);
    if (res.statusCode >= 500) throw new Error(`${url}: ${res.statusCode}`);
  }
  return median(out);
}

await injectMs('/api/health', 200); // warm up
const healthMs = await injectMs('/api/health', 1000);

// 1. The hook's observation, alone, on a histogram already holding every route × status.
const STATES = ['starting', 'ready', 'failed', 'gone'] as const;
const labsList = Array.from({ length: 200 }, (_, i) => ({
  id: `lab-${i}`,
  state: STATES[i % STATES.length],
  exercise: exercises[i % exercises.length],
  engine: { id: i % 3 === 0 ? 'vm' : 'local', kind: i % 3 === 0 ? 'vm' : 'local' },
}));
const labs = { list: () => labsList, on: () => {}, off: () => {} } as unknown as MeteredLabs;
const engines = async (): Promise<EngineHealth[]> =>
  ['local', 'vm'].map((id) => ({ id, kind: id, up: true, description: id, load: { labs: 100, warm: 4, memoryMiB: 51_200 }, capacity: { labs: 150 } }) as EngineHealth);
const metrics = new PlatformMetrics({ labs, engines, terminalSessions: () => 180, maxLabs: 200 });
const routes = app.printRoutes({ commonPrefix: false }).match(/\/[^\s(]*/g) ?? [];
for (const route of new Set(routes)) for (const status of [200, 202, 204, 400, 404, 409, 429, 503]) for (const method of ['GET', 'POST']) metrics.httpAnswered({ method, route, statusCode: status, ms: 3 });
for (const exercise of exercises) {
  for (const status of ['pass', 'fail', 'error'] as const) metrics.checkRan({ exercise, status, ms: 1200 });
}

const N = 200_000;
const route = '/api/labs/:id';
for (let i = 0; i < 20_000; i++) metrics.httpAnswered({ method: 'GET', route, statusCode: 200, ms: i % 50 }); // warm up
const t0 = performance.now();
for (let i = 0; i < N; i++) metrics.httpAnswered({ method: 'GET', route, statusCode: 200, ms: i % 50 });
const hookMs = (performance.now() - t0) / N;

// 2. A busy scrape.
const scrapes: number[] = [];
let text = '';
for (let i = 0; i < 60; i++) {
  const s0 = performance.now();
  text = await metrics.text();
  scrapes.push(performance.now() - s0);
}
const scrapeMs = median(scrapes.slice(10));
const series = text.split('\n').filter((l) => l && !l.startsWith('#')).length;

console.log(`metrics cost (median; baseline: GET /api/health through the real app, ${healthMs.toFixed(3)} ms)`);
console.log(`  per request: the latency histogram's observation   ${(hookMs * 1000).toFixed(2)} µs   ${((hookMs / healthMs) * 100).toFixed(2)} % of a health answer`);
console.log(`  per scrape: 200 labs, ${exercises.length} exercises, ${new Set(routes).size} routes   ${scrapeMs.toFixed(2)} ms   ${(scrapeMs / healthMs).toFixed(1)}x a health answer`);
console.log(`  scrape size: ${series} series, ${(text.length / 1024).toFixed(0)} KiB`);
const hookOk = hookMs / healthMs < 0.02;
const scrapeOk = scrapeMs < 150;
console.log(`  targets: hook < 2 % ${hookOk ? 'met' : 'MISSED'}; scrape < 1 % of a core at a 15 s interval (${((scrapeMs / 15_000) * 100).toFixed(3)} %) ${scrapeOk ? 'met' : 'MISSED'}`);
metrics.close();
await app.close();
