// Labs and probe samples for the lab view's unit tests (test/view): a plain Lab object (no engine,
// no containers) and what probe.py would print for its hosts and for the engine, in the probe's
// own shapes (samples.ts). Nothing here runs anything.
import type { LabSideRuntime } from '../../server/lab/runtime.js';
import type { Lab, LabHost } from '../../server/lab/types.js';
import { type EngineSample, type HostSample, IFF_LOWER_UP, IFF_UP, type LinkRow } from '../../server/view/samples.js';
import { OpslabError } from '../../server/errors.js';
import { FakeRuntime, fakeEngine } from './fake-runtime.js';

export const UP = IFF_UP | IFF_LOWER_UP;
export const LO_MAC = '00:00:00:00:00:00';

/** A ready lab with these hosts (name → network → address) and values; `side` when faults or captures run. */
export function viewLab(props: { hosts: Record<string, Record<string, string>>; subnets: Record<string, string>; values?: Record<string, string>; side?: LabSideRuntime; id?: string }): Lab {
  const hosts: LabHost[] = Object.entries(props.hosts).map(([name, addresses]) => ({ name, containerId: `ctr-${name}`, addresses }));
  const now = new Date('2025-01-01T00:00:00Z');
  return {
    id: props.id ?? 'lab-1',
    learner: 'learner-1',
    exercise: 'lvs-dr',
    state: 'ready',
    engine: fakeEngine(),
    runtime: Object.assign(new FakeRuntime(), props.side ? { side: props.side } : {}),
    subnets: props.subnets,
    networkIds: Object.keys(props.subnets).map((n) => `net-${n}`),
    hosts,
    env: {},
    values: props.values ?? {},
    log: [],
    createdAt: now,
    lastActive: now,
  };
}

export const VIP = '10.123.0.100';

/** The LVS-DR lab: client, director (holds the VIP), rs1 and rs2 on lan 10.123.0.0/24. */
export function drLab(side?: LabSideRuntime): Lab {
  return viewLab({
    hosts: { client: { lan: '10.123.0.50' }, director: { lan: '10.123.0.10' }, rs1: { lan: '10.123.0.11' }, rs2: { lan: '10.123.0.12' } },
    subnets: { lan: '10.123.0.0/24' },
    values: { vip: VIP, 'ip.director': '10.123.0.10', 'subnet.lan': '10.123.0.0/24' },
    ...(side ? { side } : {}),
  });
}

/** A host's eth0 (index 2 in its namespace) whose veth peer on the engine has index `peer`. */
export function ethLink(mac: string, peer: number, flags = UP, name = 'eth0'): LinkRow {
  return [2, name, mac, flags, 0, peer];
}
export const loLink: LinkRow = [1, 'lo', LO_MAC, UP | 0x8, 0, 0];

export function hostSample(s: Partial<HostSample> = {}): HostSample {
  return { links: [loLink], addrs: [[1, '127.0.0.1/8']], neigh: [], vrrpListening: false, ipvs: null, vrrp: [], ...s };
}

/** The engine's side of one network: its bridge and one veth per host (index, name, host's eth0 peer). */
export function engineSample(props: { bridge: string; bridgeIndex: number; bridgeMac: string; ports: { index: number; name: string; flags?: number }[]; tc?: string }): EngineSample {
  return {
    links: [[props.bridgeIndex, props.bridge, props.bridgeMac, UP, 0, 0], ...props.ports.map((p): LinkRow => [p.index, p.name, `ee:ee:ee:00:00:${p.index.toString(16).padStart(2, '0')}`, p.flags ?? UP, props.bridgeIndex, 2])],
    tc: props.tc ?? '',
  };
}

/** The code of the OpslabError `fn` throws (or what it threw instead); undefined when it does not throw. */
export const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof OpslabError ? e.code : `not an OpslabError: ${String(e)}`;
  }
  return undefined;
};

/** /proc/net/ip_vs of a DR director: the VIP on port 80, rr, two real servers (Route). */
export const PROC_DR = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port Forward Weight ActiveConn InActConn
TCP  0A7B0064:0050 rr 
  -> 0A7B000C:0050      Route   1      0          3         
  -> 0A7B000B:0050      Route   1      1          2         
`;
