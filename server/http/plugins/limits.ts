// Rate limits and fair shares. A request without a cookie gets a fresh identity, so limits that
// count only learners mean nothing on their own: every limit is also counted per client address.
// Counters are @fastify/rate-limit's (fixed windows in a bounded LRU), one counter per rule and key.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { isIPv6 } from 'node:net';
import { OpslabError } from '../../errors.js';

/** `max` events per `windowMs`, per learner; per client address `addressFactor` times as many. */
export interface RateRule {
  max: number;
  windowMs: number;
}

export interface RateLimitOptions {
  /** Fresh learner identities issued to one address. */
  identities: RateRule;
  /** Lab starts and resets. */
  labs: RateRule;
  /** Check runs (each runs scripts in a lab). */
  checks: RateRule;
  /** Quiz answers. */
  answers: RateRule;
  /** Faults and packet captures started from the lab view. */
  inspect: RateRule;
  /** Every request (a flood of reads), counted per address only. */
  requests: RateRule;
  /** One address may be a whole class behind NAT: its limits are this many learners' worth. */
  addressFactor: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  identities: { max: 60, windowMs: 60 * 60_000 },
  labs: { max: 20, windowMs: 10 * 60_000 },
  checks: { max: 30, windowMs: 60_000 },
  answers: { max: 30, windowMs: 60_000 },
  inspect: { max: 30, windowMs: 60_000 },
  requests: { max: 300, windowMs: 60_000 },
  addressFactor: 10,
};

export type LimitedAction = 'labs' | 'checks' | 'answers' | 'inspect';

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook that counts `action` for the caller and its address; 429 when over. */
    limit: (action: LimitedAction) => onRequestHookHandler;
    /** Count a fresh identity for the caller's address; throws RATE_LIMITED when over. */
    limitIdentity: (req: FastifyRequest) => Promise<void>;
  }
}

/** The address a limit counts: IPv4 as is; IPv6 by its /64 (one host gets a whole /64). */
export function addressKey(ip: string): string {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4mapped) return v4mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}

export async function installRateLimits(app: FastifyInstance, opts: RateLimitOptions): Promise<void> {
  await app.register(rateLimit, { global: false });
  type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
  const make = (rule: RateRule, per: 'learner' | 'address', factor = 1): Limiter =>
    app.createRateLimit({
      max: Math.max(1, Math.floor(rule.max * factor)),
      timeWindow: rule.windowMs,
      keyGenerator: per === 'learner' ? (req) => req.identity.id : (req) => addressKey(req.ip),
    });
  const pair = (rule: RateRule): Limiter[] => [make(rule, 'learner'), make(rule, 'address', opts.addressFactor)];
  const check = async (limiters: Limiter[], req: FastifyRequest, what: string) => {
    for (const limiter of limiters) {
      const r = await limiter(req);
      if (!r.isAllowed && r.isExceeded) {
        const seconds = Math.max(1, r.ttlInSeconds);
        throw new OpslabError('RATE_LIMITED', `Too many ${what}; try again in ${seconds} s.`, { details: { retryAfter: seconds } });
      }
    }
  };
  const actions: Record<LimitedAction, { limiters: Limiter[]; what: string }> = {
    labs: { limiters: pair(opts.labs), what: 'lab starts and resets' },
    checks: { limiters: pair(opts.checks), what: 'check runs' },
    answers: { limiters: pair(opts.answers), what: 'quiz answers' },
    inspect: { limiters: pair(opts.inspect), what: 'faults and captures' },
  };
  const identities = [make(opts.identities, 'address', opts.addressFactor)];
  const requests = [make(opts.requests, 'address', opts.addressFactor)];

  app.decorate('limit', (action: LimitedAction): onRequestHookHandler => async (req) => check(actions[action].limiters, req, actions[action].what));
  app.decorate('limitIdentity', (req: FastifyRequest) => check(identities, req, 'new visitors from your address'));
  app.addHook('onRequest', async (req) => {
    if (req.method === 'GET' && req.url === '/api/health') return;
    await check(requests, req, 'requests');
  });
}
