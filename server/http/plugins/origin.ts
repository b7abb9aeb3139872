// Requests must be meant for this server. A page on another site (another port of the same host, a
// sibling subdomain, a DNS-rebinding name) can make the learner's browser send requests here with
// the learner's cookie; SameSite=Lax does not stop a same-site page, and websockets are not covered
// by CORS at all. So: the Host header must name this server (defeats DNS rebinding), and a browser
// request that can change state (POST/PUT/PATCH/DELETE, a websocket upgrade) must come from one of
// the server's public origins. Clients that send no Origin (curl, the CLI) are not browsers and
// carry no victim's cookie; they pass.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConfigError } from '../../config.js';
import { OpslabError } from '../../errors.js';
import { isProbe } from './probes.js';

export interface OriginPolicy {
  origins: Set<string>;
  hosts: Set<string>;
  /** Any public URL is https: cookies get Secure. */
  secure: boolean;
}

export function originPolicy(publicUrls: string[]): OriginPolicy {
  const origins = new Set<string>();
  const hosts = new Set<string>();
  let secure = false;
  for (const raw of publicUrls) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError(`OPSLAB_PUBLIC_URL: '${raw}' is not a URL (expected e.g. https://labs.example.org)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`OPSLAB_PUBLIC_URL: '${raw}' must be http:// or https://`);
    origins.add(url.origin);
    hosts.add(url.host.toLowerCase());
    // A browser sends "Host: name" for the scheme's default port; clients may also spell it out.
    if (!url.port) hosts.add(`${url.hostname}:${url.protocol === 'https:' ? 443 : 80}`.toLowerCase());
    if (url.protocol === 'https:') secure = true;
  }
  if (!origins.size) throw new ConfigError('OPSLAB_PUBLIC_URL: at least one public URL is needed');
  return { origins, hosts, secure };
}

/** The public URLs for a listen address when none are configured: only loopback can be guessed. */
export function defaultPublicUrls(props: { host: string; port: number }): string[] {
  const { host, port } = props;
  if (['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
  }
  if (host === '0.0.0.0' || host === '::' || host === '[::]') {
    throw new ConfigError(`OPSLAB_HOST=${host} listens on every address, so the server cannot tell its own name: set OPSLAB_PUBLIC_URL to the address learners open (e.g. https://labs.example.org), comma-separated if there are several`);
  }
  return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function installOriginCheck(app: FastifyInstance, policy: OriginPolicy): void {
  app.addHook('onRequest', async (req) => {
    // Probes and the scraper address the server by whatever name reaches it (probes.ts).
    if (isProbe(req)) return;
    const host = req.headers.host;
    if (typeof host !== 'string' || !policy.hosts.has(host.toLowerCase())) {
      throw new OpslabError('HOST_NOT_ALLOWED', `This server does not answer for the host '${String(host ?? '').slice(0, 100)}'; open it at ${[...policy.origins][0]}.`);
    }
    if (!UNSAFE.has(req.method) && !isUpgrade(req)) return;
    const origin = req.headers.origin;
    if (origin === undefined) {
      // No Origin: not a browser, unless the browser says the request is cross-site.
      const site = req.headers['sec-fetch-site'];
      if (site === 'cross-site' || site === 'same-site') throw new OpslabError('ORIGIN_NOT_ALLOWED');
      return;
    }
    if (typeof origin !== 'string' || !policy.origins.has(origin.toLowerCase())) {
      throw new OpslabError('ORIGIN_NOT_ALLOWED', `Requests from ${String(origin).slice(0, 100)} are refused; open opslab at ${[...policy.origins][0]}.`);
    }
  });
  // An upgrade request that got an HTTP answer instead (refused here, or sent to a route that is no
  // websocket) owns a socket the HTTP server no longer tracks: end it, or it stays open and a
  // server shutdown waits for it forever. (Upgraded sockets are hijacked and never get here.)
  app.addHook('onResponse', async (req) => {
    if (isUpgrade(req) && !req.raw.socket?.destroyed) req.raw.socket?.destroy();
  });
}

const isUpgrade = (req: FastifyRequest) => typeof req.headers.upgrade === 'string' && req.headers.upgrade.toLowerCase() === 'websocket';
