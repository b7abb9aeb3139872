// POST /api/labs/:id/preview: what a client in the lab would see at a URL, fetched from inside one of
// the learner's lab hosts (service/preview-lab.ts). Owner only (another learner's lab is 404), ready
// labs only, rate-limited ('previews') and at most PREVIEWS_PER_LAB at once per lab.
import type { FastifyInstance } from 'fastify';
import { PREVIEW_FAILURES, type PreviewRequest } from '../../../../shared/api.js';
import { OpslabError } from '../../../errors.js';
import type { Labs } from '../../../service/labs.js';
import { PREVIEW_MAX_SECONDS, previewLab } from '../../../service/preview-lab.js';
import { hostName, labErrors as errors, labParams } from './schemas.js';

export interface PreviewRouteOptions {
  labs: Pick<Labs, 'owned' | 'touch'>;
}

/** Previews of one lab running at once (a double click, two tabs); more is refused. */
const PREVIEWS_PER_LAB = 2;

const previewBody = {
  type: 'object',
  required: ['host', 'url'],
  additionalProperties: false,
  properties: {
    host: { ...hostName, description: 'The lab host the request leaves from.' },
    // Printable ASCII only: no spaces or control characters reach curl's argument or the environment.
    url: { type: 'string', minLength: 8, maxLength: 2048, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[\\x21-\\x7e]+$', description: 'An http:// or https:// URL.' },
    timeoutSeconds: { type: 'integer', minimum: 1, maximum: PREVIEW_MAX_SECONDS, description: `Seconds the fetch may take (default ${PREVIEW_MAX_SECONDS}).` },
    insecure: { type: 'boolean', description: 'Accept any TLS certificate (curl --insecure).' },
  },
} as const;

const previewSchema = {
  description: 'What came back (or, in `error`, why nothing did): status, headers, the body bounded.',
  type: 'object',
  required: ['host', 'url', 'headers', 'body', 'bodyEncoding', 'bodyBytes', 'truncated', 'limitBytes', 'timeMs'],
  additionalProperties: false,
  properties: {
    host: { type: 'string' },
    url: { type: 'string' },
    httpVersion: { type: 'string' },
    status: { type: 'integer' },
    reason: { type: 'string' },
    headers: {
      type: 'array',
      items: { type: 'object', required: ['name', 'value'], additionalProperties: false, properties: { name: { type: 'string' }, value: { type: 'string' } } },
    },
    contentType: { type: 'string' },
    location: { type: 'string' },
    body: { type: 'string' },
    bodyEncoding: { type: 'string', enum: ['utf8', 'base64'] },
    bodyBytes: { type: 'integer' },
    truncated: { type: 'boolean' },
    limitBytes: { type: 'integer' },
    timeMs: { type: 'integer' },
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: { code: { type: 'string', enum: [...PREVIEW_FAILURES] }, message: { type: 'string' } },
    },
  },
} as const;

export default async function previewRoutes(app: FastifyInstance, opts: PreviewRouteOptions): Promise<void> {
  const running = new Map<string, number>();
  app.post<{ Params: { id: string }; Body: PreviewRequest }>(
    '/api/labs/:id/preview',
    { schema: { summary: 'Fetch a URL from inside one of your lab hosts (what a lab client sees)', tags: ['labs'], params: labParams, body: previewBody, response: { 200: previewSchema, ...errors } }, onRequest: app.limit('previews') },
    async (req) => {
      const id = req.params.id;
      // Ownership first: another's lab is 404 whatever else is wrong, so a learner cannot probe
      // whether a lab id is busy.
      const lab = await opts.labs.owned(id, req.identity.id);
      if ((running.get(id) ?? 0) >= PREVIEWS_PER_LAB) throw new OpslabError('RATE_LIMITED', `This lab already has ${PREVIEWS_PER_LAB} previews running; wait for them.`);
      running.set(id, (running.get(id) ?? 0) + 1);
      try {
        return await previewLab({ labs: opts.labs, lab, request: req.body });
      } finally {
        const n = (running.get(id) ?? 1) - 1;
        if (n > 0) running.set(id, n);
        else running.delete(id);
      }
    },
  );
}
