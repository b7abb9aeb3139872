// GET /metrics on the real app over the real local engine: a learner starts a small lab, runs a
// check, opens a terminal; the scrape then counts the lab ready on engine local, the start in the
// histogram of its exercise, the check run with its status, the HTTP request under its route
// pattern (never the raw URL), the terminal session and the engine up. Who may scrape: the metrics
// token and admins; strangers and learners 401, other roles 403. And deploy/monitoring's alert rules
// and dashboard name only metrics the live output has.
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTokens } from '../../server/config.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { enginesHealth } from '../../server/engine/bring-up.js';
import { engineSet } from '../../server/engine/select.js';
import { buildApp } from '../../server/http/app.js';
import type { LabManager } from '../../server/lab/manager.js';
import { createLabManager } from '../../server/platform.js';
import { openStore, type Store } from '../../server/store/index.js';
import { cookieOf, TEST_SECRET } from '../helpers/app.js';
import { LABS_COURSE, localEngine } from '../helpers/engine.js';
import { freePort } from '../helpers/server.js';
import { TermClient } from '../terminal/support.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const ADMIN = 'admin-token-0123456789abcdef';
const GRADER = 'grader-token-0123456789abcdef';

/** One sample line of the exposition format: name, labels, value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function samplesOf(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The metric families the output declares (`# TYPE name type`). */
function familiesOf(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/** The value of the one sample named `name` whose labels include `labels`. */
function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

describe('GET /metrics (Prometheus) on the real engine', () => {
  let app: FastifyInstance;
  let labs: LabManager;
  let store: Store;
  let dataDir: string;
  let base: string;
  let cookie: string;
  let labId: string;

  const scrape = async (headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }) => app.inject({ url: '/metrics', headers });

  beforeAll(async () => {
    const engine = await localEngine();
    const { curriculum } = loadCurriculum(LABS_COURSE);
    dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-metrics-'));
    store = await openStore({ dataDir });
    const engines = engineSet({ mode: 'local', local: engine });
    const port = await freePort();
    base = `127.0.0.1:${port}`;
    // As `opslab serve` makes it: the labs are the store's rows (which count each engine's load).
    labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance: `metrics-${port}`, maxLabs: 10, shared: { store, server: `metrics-${port}`, url: `http://${base}` } });
    await labs.joinCluster();
    // Wired as `opslab serve` wires it: store, labs, tokens, the engines' real status, the metrics token.
    app = await buildApp({
      curriculum,
      secret: TEST_SECRET,
      publicUrls: [`http://${base}`, 'http://localhost'],
      store,
      labs,
      tokens: parseTokens(`${ADMIN}:admin:ada,${GRADER}:grader:gina`),
      enginesStatus: () => enginesHealth(engines, store),
      metrics: { token: METRICS_TOKEN, maxLabs: 10 },
    });
    await app.listen({ port, host: '127.0.0.1' });
    cookie = cookieOf(await app.inject('/api/roadmap'));
  });
  afterAll(async () => {
    await app?.close();
    await labs?.close({ destroyAll: true });
    await store?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is closed to strangers, learners and other roles; open to the metrics token and admins', async () => {
    const stranger = await scrape({});
    expect(stranger.statusCode).toBe(401);
    expect(stranger.json()).toMatchObject({ error: 'UNAUTHENTICATED', message: expect.stringContaining('OPSLAB_METRICS_TOKEN') });
    expect((await scrape({ cookie })).statusCode).toBe(401);
    expect((await scrape({ authorization: 'Bearer not-a-token-of-this-server' })).statusCode).toBe(401);
    const grader = await scrape({ authorization: `Bearer ${GRADER}` });
    expect(grader.statusCode).toBe(403);
    expect(grader.json().error).toBe('FORBIDDEN');
    const admin = await scrape({ authorization: `Bearer ${ADMIN}` });
    expect(admin.statusCode).toBe(200);
    const scraper = await scrape();
    expect(scraper.statusCode).toBe(200);
    expect(scraper.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    // The metrics token is a key to /metrics only, not an identity: anywhere else it is an unknown token.
    expect((await app.inject({ url: '/api/labs', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).statusCode).toBe(401);
  });

  it('counts a lab start, a check run, HTTP requests by route pattern and a terminal session', async () => {
    const before = samplesOf((await scrape()).body);
    expect(sampleValue(before, 'opslab_terminal_sessions')).toBe(0);
    expect(sampleValue(before, 'opslab_engine_up', { engine: 'local', kind: 'local' })).toBe(1);

    const started = await app.inject({ method: 'POST', url: '/api/labs', headers: { cookie }, payload: { exercise: 'web-serve' } });
    expect(started.statusCode).toBe(202);
    labId = started.json().id;
    await labs.ready(labId);
    const view = await app.inject({ url: `/api/labs/${labId}`, headers: { cookie } });
    expect(view.json().state).toBe('ready');
    const checked = await app.inject({ method: 'POST', url: `/api/labs/${labId}/checks`, headers: { cookie }, payload: { task: 'serve' } });
    expect(checked.json().status).toBe('fail'); // nothing serves HTTP yet
    expect((await app.inject({ url: '/api/labs/lab-0000000000', headers: { cookie } })).statusCode).toBe(404);
    expect((await app.inject({ url: '/no/such/page/12345' })).statusCode).toBe(404);

    const term = new TermClient({ url: `ws://${base}/api/labs/${labId}/hosts/web/terminal`, cookie });
    try {
      await term.opened;
      // The shell is up (the hub holds the session) once its first output or screen arrives.
      await term.waitFor(() => term.outputBytes > 0 || term.snapshot !== undefined, 20_000);
      const text = (await scrape()).body;
      const s = samplesOf(text);
      expect(sampleValue(s, 'opslab_labs', { state: 'ready', engine: 'local' })).toBe(1);
      expect(sampleValue(s, 'opslab_labs', { state: 'starting', engine: 'local' })).toBe(0);
      expect(sampleValue(s, 'opslab_labs_max')).toBe(10);
      expect(sampleValue(s, 'opslab_lab_start_seconds_count', { exercise: 'web-serve', engine: 'local' })).toBe(1);
      const startSeconds = sampleValue(s, 'opslab_lab_start_seconds_sum', { exercise: 'web-serve', engine: 'local' })!;
      expect(startSeconds).toBeGreaterThan(0.05);
      expect(startSeconds).toBeLessThan(120);
      expect(sampleValue(s, 'opslab_lab_start_seconds_bucket', { exercise: 'web-serve', engine: 'local', le: '+Inf' })).toBe(1);
      expect(sampleValue(s, 'opslab_check_runs_total', { exercise: 'web-serve', status: 'fail' })).toBe(1);
      expect(sampleValue(s, 'opslab_check_runs_total', { exercise: 'web-serve', status: 'pass' })).toBeUndefined();
      expect(sampleValue(s, 'opslab_check_duration_seconds_count', { exercise: 'web-serve', status: 'fail' })).toBe(1);
      expect(sampleValue(s, 'opslab_terminal_sessions')).toBe(1);
      expect(sampleValue(s, 'opslab_engine_up', { engine: 'local', kind: 'local' })).toBe(1);
      // The live labs the store counts on the engine: this one.
      expect(sampleValue(s, 'opslab_engine_labs', { engine: 'local' })).toBe(1);
      // HTTP latency by route pattern: the lab's own id and the unknown page are nowhere in the output.
      expect(sampleValue(s, 'opslab_http_request_duration_seconds_count', { method: 'GET', route: '/api/labs/:id', status_code: '200' })).toBe(1);
      expect(sampleValue(s, 'opslab_http_request_duration_seconds_count', { method: 'GET', route: '/api/labs/:id', status_code: '404' })).toBe(1);
      expect(sampleValue(s, 'opslab_http_request_duration_seconds_count', { method: 'POST', route: '/api/labs/:id/checks', status_code: '200' })).toBe(1);
      expect(sampleValue(s, 'opslab_http_request_duration_seconds_count', { method: 'GET', route: '(unmatched)', status_code: '404' })).toBe(1);
      expect(text).not.toContain(labId);
      expect(text).not.toContain('lab-0000000000');
      expect(text).not.toContain('/no/such/page');
      expect(text).not.toMatch(/l_[0-9a-f]{16}/); // no learner
      // The process's own metrics.
      expect(sampleValue(s, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(sampleValue(s, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    } finally {
      term.ws.close();
    }
  });

  it("deploy/monitoring's alert rules and dashboard use only metrics the server exports", async () => {
    const text = (await scrape()).body;
    const families = familiesOf(text);
    /** A sample name resolves to a family: itself, or a histogram's _bucket/_count/_sum. */
    const known = (name: string) => {
      if (families.has(name)) return true;
      const m = /^(.*)_(bucket|count|sum)$/.exec(name);
      return Boolean(m && ['histogram', 'summary'].includes(families.get(m[1]!) ?? ''));
    };
    const namesIn = (expr: string) => [...expr.matchAll(/\b((?:opslab|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);

    const rules = parse(readFileSync('deploy/monitoring/alerts.yaml', 'utf8')) as { groups: { name: string; rules: { alert?: string; expr: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[] };
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(alerts.map((r) => r.alert).sort()).toEqual(['OpslabCheckErrorsHigh', 'OpslabEngineDown', 'OpslabLabStartSlow', 'OpslabLabsNearlyFull', 'OpslabNoEngineUp']);
    const ruleNames = alerts.flatMap((r) => namesIn(r.expr));
    for (const r of alerts) {
      expect(namesIn(r.expr).length, `${r.alert} names a metric`).toBeGreaterThan(0);
      expect(r.labels?.severity, `${r.alert} has a severity`).toMatch(/^(critical|warning)$/);
      expect(r.annotations?.summary, `${r.alert} has a summary`).toBeTruthy();
    }

    const dashboard = JSON.parse(readFileSync('deploy/monitoring/grafana-dashboard.json', 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
    const panelNames = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => namesIn(t.expr)));
    expect(dashboard.panels.filter((p) => p.targets?.length).length).toBeGreaterThanOrEqual(8);

    const unknown = [...new Set([...ruleNames, ...panelNames])].filter((n) => !known(n));
    expect(unknown, 'metric names in deploy/monitoring that /metrics does not export').toEqual([]);
    // Every metric family of ours is on the dashboard or in a rule (none exported for nobody).
    const used = new Set([...ruleNames, ...panelNames].map((n) => n.replace(/_(bucket|count|sum)$/, '')));
    const unused = [...families.keys()].filter((f) => f.startsWith('opslab_') && !used.has(f));
    expect(unused, 'opslab metrics neither the dashboard nor a rule uses').toEqual([]);
  });
});
