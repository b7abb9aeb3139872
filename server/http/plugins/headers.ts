// Security headers on every response: API answers, 404s, errors and the static web app. Set by
// @fastify/helmet in onRequest hooks, so a request that fails later (bad body, 500, not found) keeps
// them. Install it before anything else that can answer a request early.
//
// The Content-Security-Policy is the one the built web app (web/dist) passes, checked in Chromium by
// test/e2e (no violation while a learner reads, answers and uses a lab terminal):
// - scripts only from our origin, never inline (no inline handlers either: script-src-attr 'none');
// - styles from our origin plus inline: xterm.js writes <style> elements (scrollbar, DOM renderer
//   theme and cell sizes) and style attributes (DOM renderer) at run time, with no nonce hook;
// - connect-src 'self' covers the terminal websocket: CSP Level 3 matches ws:/wss: on the same host
//   and port to 'self' (test/e2e's terminal runs under this policy in Chromium);
// - images from our origin and data: (the favicon is a data: URL);
// - no plugins, no <base> elsewhere, forms only to us, never framed.
// No upgrade-insecure-requests: opslab is often served over plain http on a lab network, and the
// directive would send every asset request to an https port that is not there.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Only on requests that arrived over TLS: browsers ignore it on http, and it must not pin an http-only host. */
const HSTS = 'max-age=31536000; includeSubDomains';

export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    // same-origin rather than no-referrer: under no-referrer the browser sends `Origin: null` on a
    // same-origin POST, which an Origin check would have to refuse.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onRequest', async (req, reply) => {
    if (req.protocol === 'https') reply.raw.setHeader('strict-transport-security', HSTS);
  });
}
