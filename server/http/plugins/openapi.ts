// The API's documentation, made from the JSON schemas its routes validate with (one source): the
// OpenAPI document at /api/docs/json (and /api/docs/yaml), Swagger UI at /api/docs. Install it
// before any route: @fastify/swagger and the schema record below collect routes as they are added.
//
// The page runs under the app's own Content-Security-Policy (headers.ts), unchanged: Swagger UI's
// page loads its scripts and styles from our origin (no inline script), the validator badge (an
// outside image) is off, and the base layout has no top bar (a logo without alt text, an unlabelled
// URL field). openapi-theme.ts makes it pass the axe check. test/e2e/api-docs.test.ts checks both
// in Chromium.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { readFileSync } from 'node:fs';
import { METRICS_PATH } from './metrics.js';
import { DOCS_THEME } from './openapi-theme.js';

export const DOCS_PREFIX = '/api/docs';

/** A route as it was added: what the schema check reads. */
export interface RecordedRoute {
  method: string;
  url: string;
  schema?: Record<string, unknown>;
  websocket: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route added after installOpenApi/recordRoutes, in order (HEAD included). */
    recordedRoutes: RecordedRoute[];
  }
}

/** Keep a record of every route added from now on (fastify's onRoute hook). */
export function recordRoutes(app: FastifyInstance): void {
  if (app.hasDecorator('recordedRoutes')) return;
  const routes: RecordedRoute[] = [];
  app.decorate('recordedRoutes', routes);
  app.addHook('onRoute', (route: RouteOptions & { websocket?: boolean }) => {
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url, schema: route.schema as Record<string, unknown> | undefined, websocket: route.websocket === true });
    }
  });
}

const TAGS = [
  { name: 'course', description: 'The roadmap, lessons, exercises, quizzes and solutions.' },
  { name: 'labs', description: "The learner's own labs: start, look at, check, reset, destroy." },
  { name: 'lab view', description: "The live view of one's own lab, its faults and packet captures." },
  { name: 'terminal', description: 'Websockets to lab host shells (docs/terminal-protocol.md).' },
  { name: 'learner', description: "The caller's identity, display name, progress and check history." },
  { name: 'grader', description: 'For grader (and admin) bearer tokens.' },
  { name: 'admin', description: 'For admin bearer tokens.' },
  { name: 'operations', description: 'Health, readiness, liveness and Prometheus metrics.' },
];

/** package.json's version: the API's. */
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export async function installOpenApi(app: FastifyInstance): Promise<void> {
  recordRoutes(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'opslab API',
        version: VERSION,
        description: [
          'Every error is JSON `{error, message}` with a stable code (server/errors.ts) and the right status. Besides each route\'s own:',
          '421 `HOST_NOT_ALLOWED` (a `Host` not in `OPSLAB_PUBLIC_URL`), 403 `ORIGIN_NOT_ALLOWED` (a browser request from another origin),',
          '429 `RATE_LIMITED` with `Retry-After`, and with PostgreSQL 503 `STORE_UNAVAILABLE` while the database does not answer.',
          '',
          'A learner gets an identity (the signed `opslab_id` cookie) on the first visit and only ever sees their own labs.',
          'Authors, graders and admins send `Authorization: Bearer TOKEN` (tokens from `OPSLAB_TOKENS`).',
        ].join('\n'),
      },
      tags: TAGS,
      components: {
        securitySchemes: {
          learnerCookie: { type: 'apiKey', in: 'cookie', name: 'opslab_id', description: 'Set by the server on the first visit (`__Host-opslab_id` when the server is reached over https).' },
          bearer: { type: 'http', scheme: 'bearer', description: 'A token from OPSLAB_TOKENS (grader, admin), or OPSLAB_METRICS_TOKEN for /metrics.' },
        },
      },
    },
    // Routes without tags are the web app's files and the docs' own: not the API.
    hideUntagged: true,
    // @fastify/websocket hides websocket routes from the docs; ours are API (the terminals, the console).
    transform: ({ schema, url, route }) => ((route as { websocket?: boolean }).websocket && schema ? { schema: { ...schema, hide: false }, url } : { schema, url }),
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // The validator badge is an image from validator.swagger.io: outside our CSP, and it sends the spec away.
    validatorUrl: false,
    uiConfig: { layout: 'BaseLayout', deepLinking: false, docExpansion: 'list', defaultModelsExpandDepth: 0 },
    theme: DOCS_THEME,
  });
}

/**
 * What is missing from the schemas of the app's API routes (every /api/ route and /metrics; not
 * the docs' own pages, not HEAD twins of GETs), one line per route naming it and the gaps: a
 * summary and tags (the docs), a schema for each path parameter, a body schema for POST, PUT and
 * PATCH ({type: 'null'} for none), and a response schema for a success status (2xx, or 101 for a
 * websocket). Needs recordRoutes (installOpenApi does it) before the routes were added.
 */
export function routeSchemaProblems(app: FastifyInstance): string[] {
  if (!app.hasDecorator('recordedRoutes')) throw new Error('routeSchemaProblems: the app records no routes (call recordRoutes before adding any)');
  const problems: string[] = [];
  for (const route of app.recordedRoutes) {
    if (route.method === 'HEAD' || !isApi(route.url)) continue;
    const schema = route.schema ?? {};
    const missing: string[] = [];
    if (typeof schema.summary !== 'string' || !schema.summary) missing.push('a summary');
    if (!Array.isArray(schema.tags) || schema.tags.length === 0) missing.push('tags');
    const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
    if (route.url.includes('*')) names.push('*');
    const params = schema.params as { properties?: Record<string, unknown>; required?: string[] } | undefined;
    for (const name of names) {
      if (!params?.properties?.[name]) missing.push(`a params schema for :${name}`);
      else if (!params.required?.includes(name)) missing.push(`:${name} in the params schema's required`);
    }
    if (['POST', 'PUT', 'PATCH'].includes(route.method) && !schema.body) missing.push("a body schema ({type: 'null'} when it takes none)");
    const response = (schema.response ?? {}) as Record<string, unknown>;
    const success = Object.keys(response).filter((code) => /^2(\d\d|xx)$/.test(code) || (route.websocket && code === '101'));
    if (success.length === 0) missing.push(route.websocket ? 'a response schema for 101 (the upgrade)' : 'a response schema for its success status (2xx)');
    if (missing.length) problems.push(`${route.method} ${route.url} lacks ${missing.join('; ')}`);
  }
  return problems;
}

const isApi = (url: string) => (url.startsWith('/api/') || url === METRICS_PATH) && url !== DOCS_PREFIX && !url.startsWith(`${DOCS_PREFIX}/`);
