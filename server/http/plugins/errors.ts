// Every error leaves the API as JSON {error, message} with the right status; a 500 never leaks internals.
import type { FastifyError, FastifyInstance } from 'fastify';
import { engineDown, isOpslabError } from '../../errors.js';

/** With `spa`, client-side routes (GET /exercises/lvs-dr) get the app shell; /api/* keeps its JSON 404. */
export function installErrorHandling(app: FastifyInstance, opts: { spa?: boolean } = {}): void {
  app.setErrorHandler((raw: FastifyError, req, reply) => {
    const err = engineDown(raw) as FastifyError;
    if (isOpslabError(err)) {
      if (err.status >= 500) req.log.warn({ err }, err.message);
      const retryAfter = (err.details as { retryAfter?: unknown } | undefined)?.retryAfter;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return reply.status(err.status).send({ error: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) });
    }
    if (err.validation) {
      return reply.status(400).send({ error: 'BAD_REQUEST', message: `${err.validationContext ?? 'request'} ${err.validation[0]?.instancePath ?? ''} ${err.validation[0]?.message ?? 'is not valid'}`.replace(/\s+/g, ' ').trim() });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      req.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ error: 'INTERNAL', message: 'Something went wrong on the server; it has been logged.' });
    }
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    return reply.status(status).send({ error: code, message: err.message });
  });
  app.setNotFoundHandler((req, reply) => {
    if (opts.spa && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send({ error: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` });
  });
}

export const errorSchema = {
  description: 'An error: a stable code (server/errors.ts) and a message that says the fix.',
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' }, details: {} },
  required: ['error', 'message'],
} as const;
