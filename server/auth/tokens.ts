// Who a bearer token is: the token table authors, graders and admins authenticate against. Kept
// apart from the HTTP layer so configuration can build one without importing it.
import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'learner' | 'author' | 'grader' | 'admin';
export interface Identity {
  id: string;
  role: Role;
}

/**
 * Bearer tokens, looked up in constant time. A plain object would answer `constructor`,
 * `__proto__` or `toString` with something truthy; this table knows only what it was given, and
 * compares a digest of the presented token with every known token's digest (no early exit), so
 * neither a prototype name nor response timing says anything about the tokens.
 */
/** The shortest bearer token taken (OPSLAB_TOKENS, OPSLAB_TOKEN, OPSLAB_METRICS_TOKEN). */
export const MIN_TOKEN_CHARS = 16;

export class TokenTable {
  private readonly entries: { digest: Buffer; identity: Identity }[] = [];

  constructor(tokens: Iterable<[string, Identity]> = []) {
    for (const [token, identity] of tokens) this.add(token, identity);
  }

  add(token: string, identity: Identity): void {
    if (typeof token !== 'string' || token.length < MIN_TOKEN_CHARS) throw new Error(`a bearer token must have at least ${MIN_TOKEN_CHARS} characters`);
    if (!identity || typeof identity.id !== 'string' || !identity.id || !ROLES.includes(identity.role)) throw new Error('a bearer token needs an identity with an id and a role');
    this.entries.push({ digest: digestOf(token), identity: Object.freeze({ id: identity.id, role: identity.role }) });
  }

  get size(): number {
    return this.entries.length;
  }

  find(token: string): Identity | undefined {
    return findByDigest(this.entries, token)?.identity;
  }
}

const ROLES: readonly Role[] = ['learner', 'author', 'grader', 'admin'];
/** What is kept of a secret (a token, a ticket): its SHA-256, never the secret itself. */
export const digestOf = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/**
 * The entry whose digest is the presented secret's: every entry is compared, in constant time and
 * with no early exit, so the answer's timing says nothing about which secrets exist.
 */
export function findByDigest<E extends { digest: Buffer }>(entries: readonly E[], secret: string): E | undefined {
  const given = digestOf(secret);
  let found: E | undefined;
  for (const e of entries) if (timingSafeEqual(e.digest, given) && !found) found = e;
  return found;
}
