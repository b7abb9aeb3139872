// One-time tickets for the engine console's websocket. A browser cannot put an Authorization
// header on a websocket, and an admin token in a URL would sit in logs and history for good; so
// the page trades the token (POST, Authorization: Bearer) for a ticket that opens one socket,
// within 30 s, and is worth nothing afterwards. Only digests are kept, and a presented ticket is
// compared with every one of them in constant time (no early exit), as TokenTable does.
import { randomBytes } from 'node:crypto';
import { digestOf, findByDigest, type Identity } from '../../../auth/tokens.js';

export const TICKET_TTL_MS = 30_000;
/** Tickets waiting at once; issuing one more forgets the oldest. */
const MAX_WAITING = 32;

interface Waiting {
  digest: Buffer;
  identity: Identity;
  expires: number;
}

export class ConsoleTickets {
  private waiting: Waiting[] = [];

  constructor(private readonly opts: { ttlMs?: number; now?: () => number } = {}) {}

  /** A new ticket for `identity` (256 random bits, base64url). */
  issue(identity: Identity): { ticket: string; expiresInMs: number } {
    const ttl = this.opts.ttlMs ?? TICKET_TTL_MS;
    const ticket = randomBytes(32).toString('base64url');
    this.prune();
    this.waiting.push({ digest: digestOf(ticket), identity, expires: this.now() + ttl });
    if (this.waiting.length > MAX_WAITING) this.waiting.splice(0, this.waiting.length - MAX_WAITING);
    return { ticket, expiresInMs: ttl };
  }

  /** Who the ticket was issued to, once: undefined for an unknown, used or expired ticket. */
  redeem(ticket: string): Identity | undefined {
    this.prune();
    const found = findByDigest(this.waiting, ticket);
    if (!found) return undefined;
    this.waiting = this.waiting.filter((w) => w !== found);
    return found.identity;
  }

  private prune(): void {
    const now = this.now();
    this.waiting = this.waiting.filter((w) => w.expires > now);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}

