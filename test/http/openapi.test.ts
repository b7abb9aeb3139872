// The API's documentation is made from the schemas its routes validate with: every route of the real
// app (as `opslab serve` wires it: store, labs, tokens, engines, terminals, admin console, metrics)
// has a summary, tags, a schema for each path parameter and body, and a response schema for its
// success status; /api/docs/json is OpenAPI 3 with every one of those routes in it; and response
// schemas (which serialise, dropping unknown fields) keep every field of the shared types. The lab
// manager runs on the FAKE runtime (test/helpers/fake-runtime.ts); the engines' status is a fake at
// that boundary: route registration depends on neither.
import Fastify, { type FastifyInstance } from 'fastify';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseTokens } from '../../server/config.js';
import { DOCS_PREFIX, recordRoutes, routeSchemaProblems } from '../../server/http/plugins/openapi.js';
import { openStore, type Store } from '../../server/store/index.js';
import { healthSchema } from '../../server/http/routes/health/schemas.js';
import { labSchema } from '../../server/http/routes/labs/schemas.js';
import { faultsResponse, liveViewSchema, presetsSchema } from '../../server/http/routes/view/schemas.js';
import { exerciseSchema } from '../../server/http/routes/exercises/schemas.js';
import { glossarySchema } from '../../server/http/routes/glossary/schemas.js';
import { lessonSchema, roadmapSchema } from '../../server/http/routes/roadmap/schemas.js';
import type { ExerciseSummary, ExerciseView, GlossaryView, LabView, LessonView, RoadmapView } from '../../shared/api.js';
import type { CapturePreset, FaultRecord, LiveView } from '../../shared/lab-view.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { fakeLabManager } from '../helpers/fake-runtime.js';

const ADMIN = 'admin-token-0123456789abcdef';

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
}
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

/** Every `$ref` in the document, to check each points at something that is there. */
function refsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

describe('the API documentation (OpenAPI, from the route schemas)', () => {
  let app: FastifyInstance;
  let store: Store;
  let dataDir: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-openapi-'));
    store = await openStore({ dataDir });
    const { labs } = fakeLabManager();
    app = await buildTestApp({
      store,
      labs,
      tokens: parseTokens(`${ADMIN}:admin:ada`),
      enginesStatus: async () => [{ id: 'local', kind: 'local', description: 'fake', up: true }],
      engineConsole: () => undefined,
      metrics: { token: 'metrics-token-0123456789abcdef', maxLabs: 10 },
    });
    await app.ready();
    close = async () => {
      await app.close();
      await labs.close({ destroyAll: true });
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  });
  afterAll(async () => close?.());

  /** The app's API routes as fastify added them: METHOD /path/:param. */
  const apiRoutes = () =>
    app.recordedRoutes.filter((r) => r.method !== 'HEAD' && (r.url.startsWith('/api/') || r.url === '/metrics') && !r.url.startsWith(DOCS_PREFIX)).map((r) => `${r.method} ${r.url}`);

  it('every route of the real app has a summary, tags, input schemas and a response schema for its success', () => {
    // Not vacuous: the record holds the whole app, websockets and learner routes included.
    const routes = apiRoutes();
    for (const want of ['GET /api/roadmap', 'GET /api/glossary', 'POST /api/labs', 'DELETE /api/labs/:id', 'GET /api/labs/:id/hosts/:host/terminal', 'GET /api/history', 'PUT /api/me', 'POST /api/grader/live', 'GET /api/admin/engine/console', 'GET /api/health/ready', 'GET /metrics']) {
      expect(routes).toContain(want);
    }
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(routeSchemaProblems(app)).toEqual([]);
  });

  it('the check fails for a route without schemas, naming the route and what it lacks (this test can fail)', async () => {
    const bare = Fastify();
    try {
      recordRoutes(bare);
      bare.get('/api/things/:id', async () => ({}));
      bare.post('/api/things/:id/parts/:part', { schema: { summary: 'Add a part', tags: ['things'], params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } } }, async () => ({}));
      bare.get('/api/ok/:id', { schema: { summary: 'Fine', tags: ['things'], params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, response: { 200: { type: 'object' } } } }, async () => ({}));
      bare.get('/not-api', async () => 'the web app');
      await bare.ready();
      expect(routeSchemaProblems(bare)).toEqual([
        'GET /api/things/:id lacks a summary; tags; a params schema for :id; a response schema for its success status (2xx)',
        "POST /api/things/:id/parts/:part lacks a params schema for :part; a body schema ({type: 'null'} when it takes none); a response schema for its success status (2xx)",
      ]);
    } finally {
      await bare.close();
    }
    // And on the real app: a route added after buildApp is judged too.
    const late = await buildTestApp();
    try {
      late.delete('/api/labs/:id/snapshot', async () => null);
      expect(routeSchemaProblems(late)).toEqual(['DELETE /api/labs/:id/snapshot lacks a summary; tags; a params schema for :id; a response schema for its success status (2xx)']);
    } finally {
      await late.close();
    }
  });

  it('/api/docs/json is OpenAPI 3 with every API route of the app, each with a summary, tags and a success response', async () => {
    const res = await app.inject(`${DOCS_PREFIX}/json`);
    expect(res.statusCode).toBe(200);
    const doc = res.json() as OpenApiDoc;
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBe('opslab API');
    expect(doc.info.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    const tags = new Set(doc.tags.map((t) => t.name));
    const documented: string[] = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const what = `${method.toUpperCase()} ${p}`;
        documented.push(what);
        expect(op.summary, what).toBeTruthy();
        expect(op.tags?.length, what).toBeGreaterThan(0);
        for (const tag of op.tags ?? []) expect(tags, `${what}: tag ${tag} is declared`).toContain(tag);
        expect(Object.keys(op.responses ?? {}).some((c) => /^(2\d\d|101)$/.test(c)), `${what} has a success response`).toBe(true);
        for (const [code, r] of Object.entries(op.responses ?? {})) expect(r.description, `${what} ${code}`).not.toBe('Default Response');
        // Each {param} of the path is a required path parameter.
        for (const [, name] of p.matchAll(/\{([^}]+)\}/g)) {
          expect(op.parameters?.find((x) => x.in === 'path' && x.name === name)?.required, `${what}: path parameter ${name}`).toBe(true);
        }
      }
    }
    const expected = apiRoutes().map((r) => r.replace(/:([A-Za-z0-9_]+)/g, '{$1}'));
    expect([...documented].sort()).toEqual([...new Set(expected)].sort());
    // The docs' own pages are not in it, and every $ref resolves.
    expect(Object.keys(doc.paths).filter((p) => p.startsWith(DOCS_PREFIX))).toEqual([]);
    for (const ref of refsOf(doc)) {
      const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
      expect(m && doc.components?.schemas?.[m[1]!], `$ref ${ref} resolves`).toBeTruthy();
    }
    // The same document as YAML.
    const yaml = await app.inject(`${DOCS_PREFIX}/yaml`);
    expect(yaml.statusCode).toBe(200);
    expect(parse(yaml.body)).toEqual(doc);
  });

  it('`opslab openapi` prints the same document without a server', async () => {
    const printed = execFileSync(process.execPath, ['bin/opslab.js', 'openapi'], { encoding: 'utf8', env: { ...process.env, OPSLAB_LOG_LEVEL: 'silent' } });
    expect(JSON.parse(printed)).toEqual((await app.inject(`${DOCS_PREFIX}/json`)).json());
  });

  it('documents bodies and query strings from the validating schemas themselves', async () => {
    const doc = (await app.inject(`${DOCS_PREFIX}/json`)).json() as OpenApiDoc;
    const start = doc.paths['/api/labs']!.post! as Operation & { requestBody: { content: { 'application/json': { schema: { properties: Record<string, { pattern?: string }> } } } } };
    expect(start.requestBody.content['application/json'].schema.properties.exercise!.pattern).toBe('^[a-z0-9][a-z0-9-]{0,63}$');
    // ...and the route validates with that very pattern.
    const cookie = cookieOf(await app.inject('/api/roadmap'));
    const bad = await app.inject({ method: 'POST', url: '/api/labs', headers: { cookie }, payload: { exercise: 'Not An Id' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('BAD_REQUEST');
    const capture = doc.paths['/api/labs/{id}/capture']!.get!;
    expect(capture.parameters?.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['count', 'host', 'iface', 'network', 'preset']);
    expect(capture.parameters?.find((p) => p.name === 'preset')?.required).toBe(true);
  });

  it('the lab, lab view and health schemas keep every field of their shared types, optional ones included', async () => {
    // Each value through a route that serialises it with the schema: nothing may be dropped or changed.
    const through = async (schema: object, value: unknown) => {
      const bare = Fastify();
      try {
        bare.get('/x', { schema: { response: { 200: schema } } }, async () => value);
        return (await bare.inject('/x')).json();
      } finally {
        await bare.close();
      }
    };
    const netem = { delayMs: 100, jitterMs: 10, lossPct: 5, rateKbit: 512 };
    const fault: FaultRecord = { kind: 'netem', host: 'rs1', network: 'lan', netem, by: 'the page', since: '2024-01-01T00:00:00.000Z' };
    const traffic = { conns: 3, inPackets: 30, outPackets: 20, inBytes: 3000, outBytes: 2000 };
    const view: LiveView = {
      lab: 'lab-0123456789',
      exercise: 'lvs-dr',
      at: '2024-01-01T00:00:00.000Z',
      networks: [{ name: 'lan', subnet: '10.123.0.0/24', gateway: '10.123.0.1' }],
      hosts: [
        {
          name: 'director',
          state: 'running',
          interfaces: [{ name: 'eth0', mac: '02:42:0a:7b:00:0a', network: 'lan', addresses: ['10.123.0.10/24'], up: true, cut: true, netem }],
          neighbours: [{ ip: '10.123.0.11', mac: '02:42:0a:7b:00:0b', iface: 'eth0', state: 'REACHABLE', owner: 'rs1', warning: 'rs1 holds the VIP on lo only' }],
          ipvs: [{ protocol: 'TCP', address: '10.123.0.100:80', scheduler: 'rr', persistent: 300, realServers: [{ address: '10.123.0.11:80', method: 'Route', weight: 1, active: 1, inactive: 0, ...traffic, host: 'rs1' }], ...traffic }],
          vrrp: { state: 'MASTER', instances: [{ vrid: 51, priority: 100, intervalS: 1, master: 'director', from: '10.123.0.10', ageS: 0.5, addresses: ['10.123.0.100'] }] },
          unreadable: 'the probe failed',
        },
      ],
      addresses: [{ name: 'vip', address: '10.123.0.100', heldBy: ['director'], onLo: ['rs1'] }],
      faults: [fault],
      events: [{ at: '2024-01-01T00:00:00.000Z', text: 'cut rs1 from lan' }],
    };
    expect(await through(liveViewSchema, view)).toEqual(view);
    expect(await through(faultsResponse, { faults: [fault] })).toEqual({ faults: [fault] });
    const preset: CapturePreset = { id: 'dr', label: 'LVS-DR', explain: 'frames to the VIP', where: 'network lan' };
    expect(await through(presetsSchema, [preset])).toEqual([preset]);
    const lab: LabView = {
      id: 'lab-0123456789',
      exercise: 'web-serve',
      state: 'failed',
      stage: { id: 'setup', label: 'Running setup step 1 of 1' },
      estimate: { basis: 'exercise', samples: 3, expectedMs: 4000, elapsedMs: 1500, remainingMs: 2500, overdue: false },
      engine: 'local',
      hosts: [{ name: 'web', addresses: { lan: '10.123.0.20' }, running: false }],
      values: { 'ip.web': '10.123.0.20' },
      log: ['setup failed'],
      error: { code: 'LAB_SETUP_FAILED', message: 'setup.sh exited 1' },
      createdAt: '2024-01-01T00:00:00.000Z',
    };
    expect(await through(labSchema, lab)).toEqual(lab);
    const health = {
      status: 'ok',
      exercises: 4,
      engine: { up: true, kind: 'vm', description: 'QEMU' },
      engines: [{ id: 'vm', kind: 'vm', description: 'QEMU', up: true, drained: false, load: { labs: 2, warm: 1, memoryMiB: 1536 }, capacity: { labs: 10, memoryMiB: 8192 }, start: { resumed: true, ms: 1200 } }],
      warmLabs: { exercises: { 'lvs-dr': { ready: 1, building: 0, want: 1 } }, memoryMiB: { used: 512, budget: 2048 }, handedOut: 3 },
    };
    expect(await through(healthSchema, health)).toEqual(health);
  });

  it('response schemas keep every field the web app reads (serialisation drops what a schema does not name)', async () => {
    const cookie = cookieOf(await app.inject('/api/roadmap'));
    const me = await app.inject({ url: '/api/me', headers: { cookie } });
    const id = me.json().id as string;
    expect(me.json()).toEqual({ id, role: 'learner', displayName: null, locale: 'en', localeChosen: false });
    const results = { version: 3 as const, status: 'fail' as const, message: 'one failed', tests: [{ name: 'nginx answers', task_id: 't1', host: 'web', status: 'fail' as const, message: 'no answer', output: 'curl: (7)', duration_ms: 12 }] };
    await store.recordChecks({ learner: id, exercise: 'web-serve', task: 't1', lab: 'lab-0123456789', results });
    const history = await app.inject({ url: '/api/history', headers: { cookie } });
    expect(history.statusCode).toBe(200);
    expect(history.json()).toEqual([{ id: expect.any(Number), learner: id, exercise: 'web-serve', task: 't1', lab: 'lab-0123456789', status: 'fail', results, at: expect.any(String) }]);
    const progress = await app.inject({ url: '/api/progress', headers: { cookie } });
    expect(progress.json()).toEqual([{ exercise: 'web-serve', task: 't1', status: 'fail', attempts: 1, updatedAt: expect.any(String) }]);
    const renamed = await app.inject({ method: 'PUT', url: '/api/me', headers: { cookie }, payload: { displayName: 'Ada' } });
    expect(renamed.json()).toEqual({ id, role: 'learner', displayName: 'Ada', locale: 'en', localeChosen: false });
    const chosen = await app.inject({ method: 'PUT', url: '/api/me', headers: { cookie }, payload: { locale: 'zh-CN' } });
    expect(chosen.json()).toEqual({ id, role: 'learner', displayName: 'Ada', locale: 'zh-CN', localeChosen: true });
  });

  it('the course schemas keep every field of their shared types in a language: locale, choices by id, the glossary', async () => {
    const through = async (schema: object, value: unknown) => {
      const bare = Fastify();
      try {
        bare.get('/x', { schema: { response: { 200: schema } } }, async () => value);
        return (await bare.inject('/x')).json();
      } finally {
        await bare.close();
      }
    };
    const summary: ExerciseSummary = { id: 'lvs-nat', title: 'NAT 模式', summary: '经调度器转发', difficulty: 'intermediate', minutes: 30, requires: ['ipvs'], hasLab: true, taskCount: 1 };
    const roadmap: RoadmapView = {
      locale: 'zh-CN',
      id: 'linux-ops',
      title: 'Linux 运维',
      summary: '从 Shell 到负载均衡',
      courses: [{ id: 'linux-ops', title: 'Linux 运维' }],
      stages: [{ id: 'lb', title: '负载均衡', summary: '高可用', modules: [{ id: 'lvs', title: 'LVS', summary: 'ipvsadm', prerequisites: ['net'], exercises: [summary] }] }],
    };
    expect(await through(roadmapSchema, roadmap)).toEqual(roadmap);
    const lesson: LessonView = { locale: 'zh-CN', id: 'lvs', title: 'LVS', markdown: '# LVS' };
    expect(await through(lessonSchema, lesson)).toEqual(lesson);
    const exercise: ExerciseView = {
      ...summary,
      locale: 'zh-CN',
      course: 'linux-ops',
      stage: 'lb',
      module: 'lvs',
      lesson: '# NAT',
      lab: { networks: ['lan'], hosts: [{ name: 'director', networks: ['lan'] }] },
      tasks: [{ id: 'mode', title: '哪种模式', text: '想一想', hints: ['提示'], checks: [{ name: 'VIP 已配置', host: 'director' }], quiz: { question: '哪种模式？', choices: [{ id: 'a', text: '地址转换（NAT）' }] }, hasSolution: false }],
    };
    expect(await through(exerciseSchema, exercise)).toEqual(exercise);
    const glossary: GlossaryView = { locale: 'zh-CN', course: 'linux-ops', terms: [{ id: 'director', names: { en: 'director', 'zh-CN': '调度器' }, aka: ['DS'], definition: '调度器……' }] };
    expect(await through(glossarySchema, glossary)).toEqual(glossary);
  });
});
