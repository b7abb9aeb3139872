// Rate limits and fair shares. A request without a cookie gets a fresh identity, so limits that
// count only learners mean nothing on their own: every limit is also counted per client address.
// Counters are @fastify/rate-limit's (fixed windows in a bounded LRU, one per rule: per process),
// or, given a RateCounter, that counter's (the cluster store's, so every server of a cluster counts
// the same hits). One check shapes every refusal; a counter that fails refuses the request (503
// STORE_UNAVAILABLE), it never lets it through uncounted.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { isIPv6 } from 'node:net';
import { OpslabError } from '../../errors.js';
import { isUncountedProbe } from './probes.js';

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
  /** Lab previews (each runs curl in a lab host for up to 10 s). */
  previews: RateRule;
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
  previews: { max: 30, windowMs: 60_000 },
  requests: { max: 300, windowMs: 60_000 },
  addressFactor: 10,
};

export type LimitedAction = 'labs' | 'checks' | 'answers' | 'inspect' | 'previews';

/**
 * Counters shared by several servers (ClusterStore.hit): counts one hit of `key` in its fixed
 * window of `windowMs`, and says the hits so far in that window and the ms until it ends.
 */
export interface RateCounter {
  hit(key: string, windowMs: number): Promise<{ hits: number; resetMs: number }>;
}

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

/** Keys a server remembers as over their limit (store-counted limits), at most. */
const MAX_KNOWN_OVER = 10_000;

type Rule = keyof Omit<RateLimitOptions, 'addressFactor'>;
type Per = 'learner' | 'address';
/** Counts one hit for `req`: whether it is over the limit, and in how many seconds (≥ 1) the window ends. */
type Limiter = (req: FastifyRequest) => Promise<{ exceeded: boolean; retryAfter: number }>;

const keyOf = (per: Per, req: FastifyRequest): string => (per === 'learner' ? req.identity.id : addressKey(req.ip));

export async function installRateLimits(app: FastifyInstance, opts: RateLimitOptions, counter?: RateCounter): Promise<void> {
  const maxOf = (rule: RateRule, factor: number) => Math.max(1, Math.floor(rule.max * factor));
  let make: (name: Rule, per: Per, factor?: number) => Limiter;
  if (counter) {
    // A key found over its limit is refused here until its window ends, without asking the store
    // again: a flood past a limit would otherwise cost one write per request on the database every
    // server shares (and wait in the pool with everyone's queries). Bounded; the oldest go first.
    const over = new Map<string, number>();
    // Keys say the rule and what it counts: labs:l:<learner>, labs:a:<address>.
    make = (name, per, factor = 1) => {
      const rule = opts[name];
      const max = maxOf(rule, factor);
      return async (req) => {
        const key = `${name}:${per === 'learner' ? 'l' : 'a'}:${keyOf(per, req)}`;
        const until = over.get(key);
        if (until !== undefined) {
          const left = until - Date.now();
          if (left > 0) return { exceeded: true, retryAfter: Math.max(1, Math.ceil(left / 1000)) };
          over.delete(key);
        }
        let r: { hits: number; resetMs: number };
        try {
          r = await counter.hit(key, rule.windowMs);
        } catch (e) {
          throw new OpslabError('STORE_UNAVAILABLE', undefined, { cause: e });
        }
        const exceeded = r.hits > max;
        if (exceeded) {
          if (over.size >= MAX_KNOWN_OVER) over.delete(over.keys().next().value!);
          over.set(key, Date.now() + r.resetMs);
        }
        return { exceeded, retryAfter: Math.max(1, Math.ceil(r.resetMs / 1000)) };
      };
    };
  } else {
    await app.register(rateLimit, { global: false });
    // Each limiter has a store of its own, so keys need not say the rule.
    make = (name, per, factor = 1) => {
      const rule = opts[name];
      const limiter = app.createRateLimit({ max: maxOf(rule, factor), timeWindow: rule.windowMs, keyGenerator: (req) => keyOf(per, req) });
      return async (req) => {
        const r = await limiter(req);
        return r.isAllowed ? { exceeded: false, retryAfter: 1 } : { exceeded: r.isExceeded, retryAfter: Math.max(1, r.ttlInSeconds) };
      };
    };
  }
  const pair = (name: Rule): Limiter[] => [make(name, 'learner'), make(name, 'address', opts.addressFactor)];
  const check = async (limiters: Limiter[], req: FastifyRequest, what: string) => {
    for (const limiter of limiters) {
      const { exceeded, retryAfter } = await limiter(req);
      if (exceeded) throw new OpslabError('RATE_LIMITED', `Too many ${what}; try again in ${retryAfter} s.`, { details: { retryAfter } });
    }
  };
  const actions: Record<LimitedAction, { limiters: Limiter[]; what: string }> = {
    labs: { limiters: pair('labs'), what: 'lab starts and resets' },
    checks: { limiters: pair('checks'), what: 'check runs' },
    answers: { limiters: pair('answers'), what: 'quiz answers' },
    inspect: { limiters: pair('inspect'), what: 'faults and captures' },
    previews: { limiters: pair('previews'), what: 'lab previews' },
  };
  const identities = [make('identities', 'address', opts.addressFactor)];
  const requests = [make('requests', 'address', opts.addressFactor)];

  app.decorate('limit', (action: LimitedAction): onRequestHookHandler => async (req) => check(actions[action].limiters, req, actions[action].what));
  app.decorate('limitIdentity', (req: FastifyRequest) => check(identities, req, 'new visitors from your address'));
  app.addHook('onRequest', async (req) => {
    // Probes and the scraper: an outage of the counter's database must not fail them (probes.ts);
    // one presenting a bearer token is counted, or tokens could be guessed through them.
    if (isUncountedProbe(req)) return;
    // A terminal relayed by another server of the cluster was counted there, against the learner's
    // own address; here it would count against that server's (terminal/relay.ts).
    if (req.relayedBy) return;
    await check(requests, req, 'requests');
  });
}
