// Who is asking: learners get an identity on their first visit (a signed cookie); authors, graders
// and admins present a bearer token from the configuration.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OpslabError } from '../../errors.js';
import { type Identity, type Role, TokenTable } from '../../auth/tokens.js';

export { type Identity, type Role, TokenTable };

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity;
  }
}

export interface IdentityOptions {
  secret: string;
  /** bearer token → identity (authors, graders, admins). */
  tokens?: TokenTable;
  /** Mark the cookie Secure (the server is reached over https). */
  secureCookie?: boolean;
  /**
   * Called before a fresh learner identity is issued (a request with no valid cookie); throws to
   * refuse it (rate limits): a GET or HEAD then goes on without a cookie, anything else fails
   * with the error. Without it identities are issued freely.
   */
  beforeIssue?: (req: FastifyRequest) => Promise<void>;
}

const COOKIE = 'opslab_id';
/**
 * The cookie's name over https. A page on a sibling subdomain can set a cookie for the whole parent
 * domain, and one on another port of this host a cookie for this host (cookies ignore ports), each
 * naming the attacker's own identity, sent before the learner's with a longer Path: the learner
 * then works in the attacker's labs, whose terminals the attacker opens. Browsers let only a secure
 * page of this very host set a `__Host-` cookie, with Path=/ and no Domain.
 */
const HOST_COOKIE = `__Host-${COOKIE}`;
const LEARNER_ID = /^l_[0-9a-f]{16}$/;

export function installIdentity(app: FastifyInstance, opts: IdentityOptions): void {
  const tokens = opts.tokens ?? new TokenTable();
  /**
   * The cookie's signature of `id`. A __Host- cookie signs the id under its own name, so its value
   * is no opslab_id cookie: one issued after the switch, planted as opslab_id by a sibling
   * subdomain, is refused below rather than moved.
   */
  const sign = (id: string, cookie: string) =>
    createHmac('sha256', opts.secret)
      .update(cookie === HOST_COOKIE ? `${HOST_COOKIE}:${id}` : id)
      .digest('base64url')
      .slice(0, 32);
  const verify = (value: string, cookie: string): string | undefined => {
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const id = value.slice(0, dot);
    if (!LEARNER_ID.test(id)) return undefined;
    const given = Buffer.from(value.slice(dot + 1));
    const want = Buffer.from(sign(id, cookie));
    return given.length === want.length && timingSafeEqual(given, want) ? id : undefined;
  };
  const attributes = `Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${opts.secureCookie ? '; Secure' : ''}`;
  const name = opts.secureCookie ? HOST_COOKIE : COOKIE;
  /**
   * The learner's id, and whether it must be set again under `name`. Over https that is the
   * __Host- cookie; a learner who has none yet keeps an opslab_id cookie issued before the switch
   * (signed as opslab_id), when it is the only one (two cannot be told apart: one may be an
   * attacker's). An attacker's own opslab_id from before the switch can still be planted once;
   * docs/security.md says so.
   */
  const presented = (header: string | string[] | undefined): { id?: string; move: boolean } => {
    const value = (cookie: string) => readCookie(header, cookie);
    if (!opts.secureCookie) {
      const own = value(COOKIE);
      return { id: own ? verify(own, COOKIE) : undefined, move: false };
    }
    const own = value(HOST_COOKIE);
    if (own !== undefined) return { id: verify(own, HOST_COOKIE), move: false };
    const before = cookieValues(header, COOKIE);
    const id = before.length === 1 && before[0] ? verify(before[0], COOKIE) : undefined;
    return { id, move: id !== undefined };
  };
  const cookieFor = (id: string) => `${name}=${id}.${sign(id, name)}; ${attributes}`;
  app.decorateRequest('identity', null as unknown as Identity);
  app.addHook('onRequest', async (req, reply) => {
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && /^bearer /i.test(auth)) {
      const who = tokens.find(auth.slice(7).trim());
      if (!who) throw new OpslabError('UNAUTHENTICATED', 'That token is not known to this server.');
      req.identity = who;
      return;
    }
    const { id, move } = presented(req.headers.cookie);
    if (id) {
      req.identity = { id, role: 'learner' };
      if (move) appendSetCookie(reply, cookieFor(id));
      return;
    }
    const fresh = `l_${randomBytes(8).toString('hex')}`;
    try {
      await opts.beforeIssue?.(req);
    } catch (e) {
      // Over the limit: a read still gets its answer, as a visitor nobody remembers (no cookie,
      // nothing it could own); anything that would create state is refused.
      if (req.method !== 'GET' && req.method !== 'HEAD') throw e;
      req.identity = { id: fresh, role: 'learner' };
      return;
    }
    req.identity = { id: fresh, role: 'learner' };
    appendSetCookie(reply, cookieFor(fresh));
  });
}

/**
 * The value of cookie `name`, or undefined: a malformed header or value (bad percent-encoding,
 * control characters, absurd length) is the same as no cookie, never an error.
 */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  const [first] = cookieValues(header, name, 1);
  return first ?? undefined;
}

/**
 * Every value of cookie `name` in the header, in order (at most `most`); a malformed value (bad
 * percent-encoding, control characters, absurd length) is undefined in its place, never an error.
 */
export function cookieValues(header: string | string[] | undefined, name: string, most = 8): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  if (typeof header !== 'string' || header.length > 8192) return out;
  for (const part of header.split(';')) {
    if (out.length >= most) break;
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    if (raw.length > 256) {
      out.push(undefined);
      continue;
    }
    try {
      const value = decodeURIComponent(raw);
      out.push(/^[\x21-\x7e]+$/.test(value) ? value : undefined);
    } catch {
      out.push(undefined);
    }
  }
  return out;
}

/** Adds a Set-Cookie header to the reply, keeping those already set (identity, locale). */
export function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const prev = reply.getHeader('set-cookie');
  reply.header('set-cookie', prev ? [...(Array.isArray(prev) ? prev : [String(prev)]), cookie] : cookie);
}

/** Throws FORBIDDEN unless the caller has one of `roles`. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): void {
  if (!roles.includes(req.identity.role) && req.identity.role !== 'admin') {
    throw new OpslabError('FORBIDDEN', `This needs the ${roles.join(' or ')} role.`);
  }
}
