// What the probes (probe.py) print, read defensively: a lab host's network namespace is the
// learner's, so every name, address and count in a sample may be anything the learner made.
// Lines are parsed into plain typed samples with bounded lists and strings; the text of IPVS's
// listing, tcpdump's VRRP lines and tc's qdiscs is parsed here too.
import type { NetemSpec, ViewIpvsService, ViewRealServer } from '../../shared/lab-view.js';

/** [ifindex, name, mac, flags, master ifindex, link (peer) ifindex] */
export type LinkRow = [number, string, string, number, number, number];

export interface HostSample {
  links: LinkRow[];
  /** [ifindex, "a.b.c.d/p"] */
  addrs: [number, string][];
  /** [ifindex, ip, mac or null, state] */
  neigh: [number, string, string | null, string][];
  vrrpListening: boolean;
  ipvs: { proc: string; stats?: string } | null;
  /**
   * [key, "eth0 Out", "src > dst: VRRPv2, ...", when]: the probe prints whole seconds since it saw
   * the advert (its clock may be a guest's, off by seconds); the collector makes that the server's
   * epoch seconds on arrival (atArrival), which is what the view reads.
   */
  vrrp: [string, string, string, number][];
  error?: string;
}

export interface EngineSample {
  links: LinkRow[];
  tc: string;
  error?: string;
}

export const IFF_UP = 0x1;
export const IFF_LOWER_UP = 0x10000;

/** The longest line a probe may print; longer means something is wrong and it is dropped. */
export const MAX_LINE = 1 << 20;
const MAX_ROWS = 256;

const str = (v: unknown, max = 256): string => (typeof v === 'string' ? v.slice(0, max) : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const rows = (v: unknown): unknown[][] => (Array.isArray(v) ? v.filter(Array.isArray).slice(0, MAX_ROWS) : []);

function parseObject(line: string): Record<string, unknown> | undefined {
  if (line.length > MAX_LINE) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const linkRows = (v: unknown): LinkRow[] => rows(v).map((r) => [num(r[0]), str(r[1], 32), str(r[2], 64), num(r[3]), num(r[4]), num(r[5])]);

export function parseHostLine(line: string): HostSample | undefined {
  const o = parseObject(line);
  if (!o) return undefined;
  const ipvs = o.ipvs && typeof o.ipvs === 'object' ? (o.ipvs as Record<string, unknown>) : undefined;
  return {
    links: linkRows(o.links),
    addrs: rows(o.addrs).map((r) => [num(r[0]), str(r[1], 32)]),
    neigh: rows(o.neigh).map((r) => [num(r[0]), str(r[1], 32), typeof r[2] === 'string' ? str(r[2], 64) : null, str(r[3], 16)]),
    vrrpListening: o.vrrpListening === true,
    ipvs: ipvs ? { proc: str(ipvs.proc, 65536), ...(typeof ipvs.stats === 'string' ? { stats: str(ipvs.stats, 65536) } : {}) } : null,
    vrrp: rows(o.vrrp).map((r) => [str(r[0]), str(r[1], 64), str(r[2], 512), num(r[3])]),
    ...(typeof o.error === 'string' ? { error: str(o.error) } : {}),
  };
}

/** A host sample with its adverts' ages made epoch seconds by this server's clock, at arrival. */
export function atArrival(sample: HostSample, nowMs: number): HostSample {
  return { ...sample, vrrp: sample.vrrp.map(([k, head, line, age]) => [k, head, line, nowMs / 1000 - age]) };
}

export function parseEngineLine(line: string): EngineSample | undefined {
  const o = parseObject(line);
  if (!o) return undefined;
  return { links: linkRows(o.links), tc: str(o.tc, 65536), ...(typeof o.error === 'string' ? { error: str(o.error) } : {}) };
}

// ------------------------------------------------------------------ IPVS

const hexIp = (h: string): string => {
  const n = Number.parseInt(h, 16);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
};
const hexEndpoint = (s: string): string => {
  const [ip, port] = s.split(':');
  return `${hexIp(ip ?? '0')}:${Number.parseInt(port ?? '0', 16)}`;
};

const METHODS: Record<string, string> = { Route: 'Route', Masq: 'Masq', Tunnel: 'Tunnel', Local: 'Local', FullNat: 'FullNat' };

/**
 * The IPVS table from /proc/net/ip_vs (method, weight, active and inactive connections, in hex)
 * and the counters of `ipvsadm -Ln --stats --exact` (matched by address).
 */
export function parseIpvs(props: { proc: string; stats?: string }): ViewIpvsService[] {
  const services: ViewIpvsService[] = [];
  for (const line of props.proc.split('\n').slice(3)) {
    const f = line.trim().split(/\s+/);
    if (f[0] === '->' && services.length) {
      const svc = services[services.length - 1]!;
      if (svc.realServers.length >= 64) continue;
      svc.realServers.push({ address: hexEndpoint(f[1] ?? ''), method: METHODS[f[2] ?? ''] ?? (f[2] ?? '').slice(0, 16), weight: Number(f[3]) || 0, active: Number(f[4]) || 0, inactive: Number(f[5]) || 0, ...zero() });
    } else if (/^(TCP|UDP|SCTP)$/.test(f[0] ?? '') && services.length < 64) {
      const p = f.indexOf('persistent');
      services.push({ protocol: f[0]!, address: hexEndpoint(f[1] ?? ''), scheduler: (f[2] ?? '').slice(0, 16), ...(p > 0 ? { persistent: Number(f[p + 1]) || 0 } : {}), realServers: [], ...zero() });
    } else if (f[0] === 'FWM' && services.length < 64) {
      services.push({ protocol: 'FWM', address: String(Number.parseInt(f[1] ?? '0', 16)), scheduler: (f[2] ?? '').slice(0, 16), realServers: [], ...zero() });
    }
  }
  if (props.stats) addStats(services, props.stats);
  return services;
}

const zero = () => ({ conns: 0, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 });

function addStats(services: ViewIpvsService[], text: string): void {
  let svc: ViewIpvsService | undefined;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const counters = (from: number) => ({ conns: Number(f[from]) || 0, inPackets: Number(f[from + 1]) || 0, outPackets: Number(f[from + 2]) || 0, inBytes: Number(f[from + 3]) || 0, outBytes: Number(f[from + 4]) || 0 });
    if (f[0] === '->' && f.length >= 7) {
      const rs: ViewRealServer | undefined = svc?.realServers.find((r) => r.address === f[1]);
      if (rs) Object.assign(rs, counters(2));
    } else if (/^(TCP|UDP|SCTP|FWM)$/.test(f[0] ?? '') && f.length >= 7) {
      svc = services.find((s) => s.protocol === f[0] && s.address === f[1]);
      if (svc) Object.assign(svc, counters(2));
    }
  }
}

// ------------------------------------------------------------------ VRRP

export interface Advert {
  iface: string;
  direction: 'in' | 'out';
  from: string;
  to: string;
  vrid: number;
  priority: number;
  intervalS: number;
  addresses: string[];
  /** Epoch seconds of the latest one. */
  last: number;
}

/** One of tcpdump's VRRP lines: "10.0.0.2 > 10.0.0.3: VRRPv2, Advertisement, vrid 51, prio 150, authtype none, intvl 1s, length 20, addrs: 10.0.0.100". */
export function parseAdvert(row: HostSample['vrrp'][number]): Advert | undefined {
  const [, head, line, last] = row;
  const m = /^(\d+\.\d+\.\d+\.\d+) > (\d+\.\d+\.\d+\.\d+): VRRPv[23], Advertisement, vrid (\d+), prio (\d+),.*?intvl (\d+)(c?s)/.exec(line);
  if (!m) return undefined;
  const addrs = /addrs(?:\(\d+\))?: ([\d. ,]+)/.exec(line)?.[1] ?? '';
  const [iface = '', dir = ''] = head.split(/\s+/);
  return {
    iface,
    direction: /^out$/i.test(dir) ? 'out' : 'in',
    from: m[1]!,
    to: m[2]!,
    vrid: Number(m[3]),
    priority: Number(m[4]),
    intervalS: m[6] === 'cs' ? Number(m[5]) / 100 : Number(m[5]),
    addresses: addrs.split(/[ ,]+/).filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a)).slice(0, 16),
    last,
  };
}

// ------------------------------------------------------------------ tc

/** netem (and tbf rate) qdiscs by device, from `tc qdisc show`. */
export function parseNetem(text: string): Map<string, NetemSpec> {
  const out = new Map<string, NetemSpec>();
  for (const line of text.split('\n')) {
    const m = /^qdisc (netem|tbf) \S+ dev (\S+)/.exec(line);
    const dev = m?.[2];
    if (!dev) continue;
    const spec: NetemSpec = {};
    const delay = /\bdelay (\d+(?:\.\d+)?)(us|ms|s)(?:\s+(\d+(?:\.\d+)?)(us|ms|s))?/.exec(line);
    if (delay) {
      spec.delayMs = toMs(delay[1]!, delay[2]!);
      if (delay[3]) spec.jitterMs = toMs(delay[3], delay[4]!);
    }
    const loss = /\bloss (\d+(?:\.\d+)?)%/.exec(line);
    if (loss) spec.lossPct = Number(loss[1]);
    const rate = /\brate (\d+(?:\.\d+)?)([KMG]?)bit/.exec(line);
    if (rate) spec.rateKbit = Math.round(Number(rate[1]) * ({ '': 0.001, K: 1, M: 1000, G: 1_000_000 }[rate[2]!] ?? 1));
    out.set(dev, spec);
  }
  return out;
}

const toMs = (n: string, unit: string) => Math.round(Number(n) * (unit === 's' ? 1000 : unit === 'us' ? 0.001 : 1) * 1000) / 1000;
