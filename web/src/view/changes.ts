// Which IPVS counters moved between two views, so the page can flash them: keys
// `host|service|real server|counter` (real server "" for the service's own totals). Pure.
import type { LiveView, ViewIpvsService, ViewRealServer } from '../../../shared/lab-view.js';

export const COUNTERS = ['active', 'inactive', 'conns', 'inPackets', 'outPackets', 'inBytes', 'outBytes'] as const;
export type Counter = (typeof COUNTERS)[number];

export const counterKey = (host: string, service: ViewIpvsService, rs: ViewRealServer | undefined, counter: Counter) =>
  `${host}|${service.protocol} ${service.address}|${rs?.address ?? ''}|${counter}`;

function values(view: LiveView): Map<string, number> {
  const out = new Map<string, number>();
  for (const h of view.hosts) {
    for (const s of h.ipvs ?? []) {
      for (const c of COUNTERS) if (c !== 'active' && c !== 'inactive') out.set(counterKey(h.name, s, undefined, c), s[c]);
      for (const rs of s.realServers) for (const c of COUNTERS) out.set(counterKey(h.name, s, rs, c), rs[c]);
    }
  }
  return out;
}

/** The counters whose value differs from the previous view's (none for a first view). */
export function changedCounters(previous: LiveView | undefined, next: LiveView): Set<string> {
  const changed = new Set<string>();
  if (!previous) return changed;
  const before = values(previous);
  for (const [key, v] of values(next)) {
    const old = before.get(key);
    if (old !== undefined && old !== v) changed.add(key);
  }
  return changed;
}
