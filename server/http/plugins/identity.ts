// Who is asking: learners get an identity on their first visit (a signed cookie); authors, graders
// and admins present a bearer token from the configuration.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OpslabError } from '../../errors.js';

export type Role = 'learner' | 'author' | 'grader' | 'admin';
export interface Identity {
  id: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity;
  }
}

export interface IdentityOptions {
  secret: string;
  /** bearer token → identity (authors, graders, admins). */
  tokens?: Record<string, Identity>;
}

const COOKIE = 'opslab_id';

export function installIdentity(app: FastifyInstance, opts: IdentityOptions): void {
  const sign = (id: string) => createHmac('sha256', opts.secret).update(id).digest('base64url').slice(0, 32);
  const verify = (value: string): string | undefined => {
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const id = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const want = Buffer.from(sign(id));
    return /^l_[0-9a-f]{16}$/.test(id) && given.length === want.length && timingSafeEqual(given, want) ? id : undefined;
  };
  app.decorateRequest('identity', null as unknown as Identity);
  app.addHook('onRequest', async (req, reply) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const who = opts.tokens?.[auth.slice(7).trim()];
      if (!who) throw new OpslabError('UNAUTHENTICATED', 'That token is not known to this server.');
      req.identity = who;
      return;
    }
    const existing = readCookie(req, COOKIE);
    const id = existing ? verify(existing) : undefined;
    if (id) {
      req.identity = { id, role: 'learner' };
      return;
    }
    const fresh = `l_${randomBytes(8).toString('hex')}`;
    req.identity = { id: fresh, role: 'learner' };
    setCookie(reply, `${COOKIE}=${fresh}.${sign(fresh)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`);
  });
}

function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function setCookie(reply: FastifyReply, cookie: string): void {
  const prev = reply.getHeader('set-cookie');
  reply.header('set-cookie', prev ? [...(Array.isArray(prev) ? prev : [String(prev)]), cookie] : cookie);
}

/** Throws FORBIDDEN unless the caller has one of `roles`. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): void {
  if (!roles.includes(req.identity.role) && req.identity.role !== 'admin') {
    throw new OpslabError('FORBIDDEN', `This needs the ${roles.join(' or ')} role.`);
  }
}
