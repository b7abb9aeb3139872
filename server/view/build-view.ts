// The lab view made from what the probes read (samples.ts): hosts and their interfaces as the
// kernel has them, the VIP on whoever holds it now, neighbour entries with the host that owns each
// MAC and what is wrong with them, IPVS tables, VRRP state as seen on the wire, and the faults in
// force as the engine shows them (a stopped host, a link down at the engine's end, a netem qdisc).
// A pure function of its inputs: tested without a lab.
import type { FaultRecord, HostRunState, LiveView, ViewAddress, ViewHost, ViewInterface, ViewNeighbour, ViewVrrp, ViewVrrpInstance } from '../../shared/lab-view.js';
import type { Lab } from '../lab/types.js';
import { type Advert, type EngineSample, type HostSample, IFF_LOWER_UP, IFF_UP, parseAdvert, parseIpvs, parseNetem } from './samples.js';

export interface ViewInputs {
  lab: Pick<Lab, 'id' | 'exercise' | 'hosts' | 'subnets' | 'values'>;
  /** Per host name; a host missing here is 'missing'. */
  states: Record<string, HostRunState>;
  samples: Record<string, HostSample | undefined>;
  /** Why a host could not be read (its probe failed). */
  unreadable?: Record<string, string>;
  engine?: EngineSample;
  /** Engine bridge device per lab network. */
  bridges: Record<string, string>;
  /** The MACs the engine gave each host (owners of MACs whatever the probes could read). */
  engineMacs?: Record<string, string[]>;
  /** Faults this process applied (who, since when); the engine says which are still in force. */
  applied: FaultRecord[];
  events: { at: string; text: string }[];
  /** ms since the epoch. */
  now: number;
}

const ipInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + (Number(o) & 255), 0);
function inSubnet(ip: string, cidr: string): boolean {
  const [base = '0.0.0.0', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipInt(ip) / size) === Math.floor(ipInt(base) / size);
}
const bare = (cidr: string) => cidr.split('/')[0] ?? cidr;
const ZERO_MAC = '00:00:00:00:00:00';
/** The owner of the engine's bridge MACs (the networks' gateway address): no host name can be it. */
export const ENGINE_OWNER = '(engine)';

/**
 * Who has each MAC: the engine's record of each host, then what the hosts' probes read (a MAC a
 * learner set), then the engine's bridges. The view's neighbour owners and a capture's host names.
 */
export function macOwners(inp: Pick<ViewInputs, 'samples' | 'engineMacs' | 'engine' | 'bridges'>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [host, macs] of Object.entries(inp.engineMacs ?? {})) for (const mac of macs) owners.set(mac, host);
  for (const [host, s] of Object.entries(inp.samples)) for (const l of s?.links ?? []) if (l[2] && l[2] !== ZERO_MAC) owners.set(l[2], host);
  for (const br of Object.values(inp.bridges)) {
    const mac = inp.engine?.links.find((l) => l[1] === br)?.[2];
    if (mac) owners.set(mac, ENGINE_OWNER);
  }
  return owners;
}

export function buildView(inp: ViewInputs): LiveView {
  const { lab, samples } = inp;
  const networkOf = (ip: string) => Object.entries(lab.subnets).find(([, cidr]) => inSubnet(ip, cidr))?.[0];
  const ifaceName = (s: HostSample, idx: number) => s.links.find((l) => l[0] === idx)?.[1] ?? `if${idx}`;
  /** host → addresses on lo, and on other interfaces */
  const held = new Map<string, { lo: Set<string>; net: Set<string> }>();
  const macOwner = macOwners(inp);
  for (const h of lab.hosts) {
    const s = samples[h.name];
    const mine = { lo: new Set<string>(), net: new Set<string>() };
    held.set(h.name, mine);
    if (!s) continue;
    for (const [idx, cidr] of s.addrs) (ifaceName(s, idx) === 'lo' ? mine.lo : mine.net).add(bare(cidr));
  }
  const engineLinks = inp.engine?.links ?? [];
  const networkOfPeer = (peer: number) => {
    const port = peer ? engineLinks.find((l) => l[0] === peer) : undefined;
    const bridge = port && engineLinks.find((b) => b[0] === port[4])?.[1];
    return bridge ? Object.entries(inp.bridges).find(([, dev]) => dev === bridge)?.[0] : undefined;
  };
  const netem = parseNetem(inp.engine?.tc ?? '');
  const adverts = collectAdverts(inp);
  /** Every running host was read: only then does a MAC nobody has mean something. */
  const allRead = lab.hosts.every((h) => inp.states[h.name] !== 'running' || samples[h.name]);
  const hostOfIp = (ip: string) => lab.hosts.find((h) => held.get(h.name)!.net.has(ip) || Object.values(h.addresses).includes(ip))?.name;

  const hosts: ViewHost[] = lab.hosts.map((h) => {
    const state = inp.states[h.name] ?? 'missing';
    const s = state === 'running' ? samples[h.name] : undefined;
    const base: ViewHost = { name: h.name, state, interfaces: [], neighbours: [] };
    if (!s) return { ...base, ...(state === 'running' ? { unreadable: inp.unreadable?.[h.name] ?? 'not read yet' } : {}) };
    const interfaces: ViewInterface[] = s.links.map(([idx, name, mac, flags, , peer]) => {
      const addresses = s.addrs.filter((a) => a[0] === idx).map((a) => a[1]);
      // By subnet, or (the learner took the address away) by the lab bridge its engine end is a port of.
      const network = name === 'lo' ? undefined : (addresses.map((a) => networkOf(bare(a))).find(Boolean) ?? networkOfPeer(peer));
      const iface: ViewInterface = { name, mac, addresses, up: (flags & IFF_UP) !== 0 && (flags & IFF_LOWER_UP) !== 0, ...(network ? { network } : {}) };
      const engineEnd = network ? engineLinks.find((l) => l[0] === peer && engineLinks.some((b) => b[0] === l[4] && b[1] === inp.bridges[network])) : undefined;
      if (engineEnd) {
        if ((engineEnd[3] & IFF_UP) === 0) iface.cut = true;
        const spec = netem.get(engineEnd[1]);
        if (spec) iface.netem = spec;
      }
      return iface;
    });
    const neighbours = s.neigh.map(([idx, ip, mac, nstate]): ViewNeighbour => {
      const owner = mac ? macOwner.get(mac) : undefined;
      const n: ViewNeighbour = { ip, iface: ifaceName(s, idx), state: nstate, ...(mac ? { mac } : {}), ...(owner ? { owner } : {}) };
      const warning = neighbourWarning({ n, held, samples, lab, allRead });
      return warning ? { ...n, warning } : n;
    });
    const services = s.ipvs ? parseIpvs(s.ipvs) : [];
    for (const svc of services) for (const rs of svc.realServers) {
      const host = hostOfIp(rs.address.split(':')[0] ?? '');
      if (host) rs.host = host;
    }
    const vrrp = vrrpOf({ host: h.name, sample: s, adverts, hostOfIp, now: inp.now });
    return { ...base, interfaces, neighbours, ...(services.length ? { ipvs: services } : {}), ...(vrrp ? { vrrp } : {}) };
  });

  const addresses: ViewAddress[] = Object.entries(lab.values)
    .filter(([k, v]) => !k.includes('.') && /^\d+\.\d+\.\d+\.\d+$/.test(v))
    .map(([name, address]) => ({
      name,
      address,
      heldBy: hosts.filter((h) => h.state === 'running' && held.get(h.name)?.net.has(address)).map((h) => h.name),
      onLo: hosts.filter((h) => h.state === 'running' && held.get(h.name)?.lo.has(address)).map((h) => h.name),
    }));
  return {
    lab: lab.id,
    exercise: lab.exercise,
    at: new Date(inp.now).toISOString(),
    networks: Object.entries(lab.subnets).map(([name, subnet]) => ({ name, subnet, gateway: intIp(ipInt(bare(subnet)) + 1) })),
    hosts,
    addresses,
    faults: faultsInForce(hosts, inp),
    events: inp.events.slice(-20),
  };
}

const intIp = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

function neighbourWarning(props: { n: ViewNeighbour; held: Map<string, { lo: Set<string>; net: Set<string> }>; samples: ViewInputs['samples']; lab: ViewInputs['lab']; allRead: boolean }): string | undefined {
  const { n, held, samples } = props;
  if (!n.mac) return undefined;
  if (!n.owner && !props.allRead) return undefined;
  if (!n.owner) return `No lab host has ${n.mac}: a spoofed reply, or a host that is gone.`;
  if (n.owner === ENGINE_OWNER) return undefined;
  // What an unread host holds is unknown: nothing to compare with.
  if (!samples[n.owner]) return undefined;
  const own = held.get(n.owner);
  if (own && !own.net.has(n.ip)) {
    if (own.lo.has(n.ip)) return `${n.owner} answered ARP for ${n.ip}, which it holds only on lo: a DR real server without arp_ignore=1 and arp_announce=2 (the director should own this entry).`;
    return `${n.owner} does not hold ${n.ip}: a spoofed or stale entry (the real owner's MAC was replaced).`;
  }
  // Another host's cache says something else for the same address.
  for (const [host, s] of Object.entries(samples)) {
    const other = s?.neigh.find((e) => e[1] === n.ip && e[2] && e[2] !== n.mac && e[3] !== 'FAILED' && e[3] !== 'INCOMPLETE');
    if (other) return `Caches disagree about ${n.ip}: ${host} has it at ${other[2]}. Two MACs claim one address (a conflict or a spoof).`;
  }
  return undefined;
}

function collectAdverts(inp: ViewInputs): { host: string; advert: Advert }[] {
  const out: { host: string; advert: Advert }[] = [];
  for (const [host, s] of Object.entries(inp.samples)) {
    if (!s || inp.states[host] !== 'running') continue;
    for (const row of s.vrrp) {
      const advert = parseAdvert(row);
      if (advert) out.push({ host, advert });
    }
  }
  return out;
}

const fresh = (a: Advert, now: number) => now / 1000 - a.last <= Math.max(3 * a.intervalS, 1) + 1.5;

function vrrpOf(props: { host: string; sample: HostSample; adverts: { host: string; advert: Advert }[]; hostOfIp: (ip: string) => string | undefined; now: number }): ViewVrrp | undefined {
  const { host, sample, adverts, now } = props;
  // Priority 0 is a master resigning (keepalived stopping sends one, RFC 3768 5.3.4): it makes no
  // master, so the host that sent it is not shown MASTER for the next three intervals.
  const live = adverts.filter((a) => fresh(a.advert, now) && a.advert.priority > 0);
  const sent = live.filter((a) => a.host === host && a.advert.direction === 'out');
  const heard = live.filter((a) => a.host === host && a.advert.direction === 'in');
  const anyone = live.filter((a) => props.hostOfIp(a.advert.from) !== host);
  // A host that neither sends adverts nor listens for them is no VRRP router, whatever reaches its wire.
  if (!sample.vrrpListening && !sent.length) return undefined;
  const state: ViewVrrp['state'] = sent.length ? 'MASTER' : anyone.length ? 'BACKUP' : 'LISTENING';
  const latest = new Map<number, Advert>();
  for (const { advert } of [...sent, ...heard, ...(sent.length ? [] : anyone)]) {
    const prev = latest.get(advert.vrid);
    if (!prev || advert.last > prev.last) latest.set(advert.vrid, advert);
  }
  const instances: ViewVrrpInstance[] = [...latest.values()].map((a) => ({
    vrid: a.vrid,
    priority: a.priority,
    intervalS: a.intervalS,
    from: a.from,
    ...(props.hostOfIp(a.from) ? { master: props.hostOfIp(a.from) } : {}),
    ageS: Math.max(0, Math.round(now / 1000 - a.last)),
    addresses: a.addresses,
  }));
  return { state, instances };
}

function faultsInForce(hosts: ViewHost[], inp: ViewInputs): FaultRecord[] {
  const since = new Date(inp.now).toISOString();
  const known = (kind: FaultRecord['kind'], host: string, network?: string) => inp.applied.find((f) => f.kind === kind && f.host === host && f.network === network);
  const out: FaultRecord[] = [];
  for (const h of hosts) {
    if (h.state === 'stopped') out.push(known('stopped', h.name) ?? { kind: 'stopped', host: h.name, by: 'unknown', since });
    for (const i of h.interfaces) {
      if (!i.network) continue;
      if (i.cut) out.push(known('cut', h.name, i.network) ?? { kind: 'cut', host: h.name, network: i.network, by: 'unknown', since });
      if (i.netem) {
        const k = known('netem', h.name, i.network);
        out.push({ ...(k ?? { kind: 'netem', host: h.name, network: i.network, by: 'unknown', since }), netem: i.netem });
      }
    }
  }
  return out;
}
