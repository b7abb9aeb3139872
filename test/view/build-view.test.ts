// The live view made from probe samples (server/view/build-view.ts), a pure function: an LVS-DR
// lab (client, director, rs1, rs2 on lan 10.123.0.0/24, VIP 10.123.0.100) and a keepalived pair,
// with the samples their probes would print, and the faults the engine's sample shows.
import { describe, expect, it } from 'vitest';
import type { FaultRecord, ViewHost } from '../../shared/lab-view.js';
import { buildView, ENGINE_OWNER, type ViewInputs } from '../../server/view/build-view.js';
import type { HostSample } from '../../server/view/samples.js';
import { PROC_DR, drLab, engineSample, ethLink, hostSample, loLink, UP, VIP, viewLab } from '../helpers/view-lab.js';

const NOW = 1_700_000_000_000;
const MAC = { client: '02:42:0a:7b:00:32', director: '02:42:0a:7b:00:0a', rs1: '02:42:0a:7b:00:0b', rs2: '02:42:0a:7b:00:0c', bridge: '02:42:9c:00:00:01', stranger: 'de:ad:be:ef:00:01' };
const PEER = { client: 24, director: 21, rs1: 22, rs2: 23 };
const BRIDGE_INDEX = 5;


type Name = keyof typeof PEER;

function sampleOf(name: Name, own: string, extra: Partial<HostSample> = {}): HostSample {
  return hostSample({ links: [loLink, ethLink(MAC[name], PEER[name])], addrs: [[1, '127.0.0.1/8'], [2, `${own}/24`]], ...extra });
}

/** A DR lab as it should be: the VIP on the director's eth0 and on the real servers' lo. */
function drInputs(change: { samples?: Partial<Record<Name, HostSample | undefined>>; states?: Partial<ViewInputs['states']>; tc?: string; portFlags?: Partial<Record<Name, number>>; applied?: FaultRecord[] } = {}): ViewInputs {
  const samples: Record<Name, HostSample | undefined> = {
    client: sampleOf('client', '10.123.0.50'),
    director: sampleOf('director', '10.123.0.10', { addrs: [[1, '127.0.0.1/8'], [2, '10.123.0.10/24'], [2, `${VIP}/32`]], ipvs: { proc: PROC_DR } }),
    rs1: sampleOf('rs1', '10.123.0.11', { addrs: [[1, '127.0.0.1/8'], [1, `${VIP}/32`], [2, '10.123.0.11/24']] }),
    rs2: sampleOf('rs2', '10.123.0.12', { addrs: [[1, '127.0.0.1/8'], [1, `${VIP}/32`], [2, '10.123.0.12/24']] }),
    ...change.samples,
  };
  return {
    lab: drLab(),
    states: { client: 'running', director: 'running', rs1: 'running', rs2: 'running', ...change.states } as ViewInputs['states'],
    samples,
    engine: engineSample({
      bridge: 'br-lan',
      bridgeIndex: BRIDGE_INDEX,
      bridgeMac: MAC.bridge,
      ports: (Object.keys(PEER) as Name[]).map((n) => ({ index: PEER[n], name: `veth-${n}`, flags: change.portFlags?.[n] ?? UP })),
      tc: change.tc ?? 'qdisc noqueue 0: dev br-lan root refcnt 2\n',
    }),
    bridges: { lan: 'br-lan' },
    applied: change.applied ?? [],
    events: [],
    now: NOW,
  };
}

const host = (hosts: ViewHost[], name: string) => {
  const h = hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name} in the view`);
  return h;
};
const clientWith = (neigh: HostSample['neigh']) => sampleOf('client', '10.123.0.50', { neigh });

describe('buildView: hosts, networks and addresses', () => {
  it("puts the VIP on the director (eth0) and on the real servers' lo", () => {
    const v = buildView(drInputs());
    expect(v).toMatchObject({ lab: 'lab-1', exercise: 'lvs-dr', at: new Date(NOW).toISOString(), faults: [], events: [] });
    expect(v.networks).toEqual([{ name: 'lan', subnet: '10.123.0.0/24', gateway: '10.123.0.1' }]);
    // Only values that are a bare IPv4 address under a plain name (not ip.director, not subnet.lan).
    expect(v.addresses).toEqual([{ name: 'vip', address: VIP, heldBy: ['director'], onLo: ['rs1', 'rs2'] }]);
  });

  it('lists interfaces with their network, addresses and state', () => {
    const v = buildView(drInputs());
    const director = host(v.hosts, 'director');
    expect(director.state).toBe('running');
    expect(director.interfaces).toEqual([
      { name: 'lo', mac: '00:00:00:00:00:00', addresses: ['127.0.0.1/8'], up: true },
      { name: 'eth0', mac: MAC.director, network: 'lan', addresses: ['10.123.0.10/24', `${VIP}/32`], up: true },
    ]);
    // lo is never on a network, even with the VIP (in the lan's subnet) on it.
    expect(host(v.hosts, 'rs1').interfaces[0]).toEqual({ name: 'lo', mac: '00:00:00:00:00:00', addresses: ['127.0.0.1/8', `${VIP}/32`], up: true });
  });

  it('says an interface without carrier (IFF_LOWER_UP) or administratively down is not up', () => {
    const noCarrier = buildView(drInputs({ samples: { rs1: sampleOf('rs1', '10.123.0.11', { links: [loLink, ethLink(MAC.rs1, PEER.rs1, 0x1 | 0x1002)] }) } }));
    expect(host(noCarrier.hosts, 'rs1').interfaces[1]?.up).toBe(false);
    const adminDown = buildView(drInputs({ samples: { rs1: sampleOf('rs1', '10.123.0.11', { links: [loLink, ethLink(MAC.rs1, PEER.rs1, 0x10000)] }) } }));
    expect(host(adminDown.hosts, 'rs1').interfaces[1]?.up).toBe(false);
  });

  it('shows two holders of the VIP on the network (split brain)', () => {
    const v = buildView(drInputs({ samples: { rs2: sampleOf('rs2', '10.123.0.12', { addrs: [[1, '127.0.0.1/8'], [2, '10.123.0.12/24'], [2, `${VIP}/24`]] }) } }));
    expect(v.addresses[0]).toMatchObject({ heldBy: ['director', 'rs2'], onLo: ['rs1'] });
  });

  it('names the host of each real server in the IPVS table', () => {
    const v = buildView(drInputs());
    const [svc] = host(v.hosts, 'director').ipvs ?? [];
    expect(svc).toMatchObject({ protocol: 'TCP', address: `${VIP}:80`, scheduler: 'rr' });
    expect(svc!.realServers.map((r) => [r.address, r.host, r.active, r.inactive])).toEqual([
      ['10.123.0.12:80', 'rs2', 0, 3],
      ['10.123.0.11:80', 'rs1', 1, 2],
    ]);
    expect(host(v.hosts, 'rs1')).not.toHaveProperty('ipvs');
  });

  it('keeps the last 20 events', () => {
    const events = Array.from({ length: 30 }, (_, i) => ({ at: `t${i}`, text: `e${i}` }));
    const v = buildView({ ...drInputs(), events });
    expect(v.events).toHaveLength(20);
    expect(v.events[0]?.text).toBe('e10');
    expect(v.events[19]?.text).toBe('e29');
  });
});

describe('buildView: host states', () => {
  it('shows a stopped host as stopped, with no interfaces, not holding the VIP, and a stopped fault', () => {
    // The director's last sample (holding the VIP) is still there: a stopped host's must not count.
    const v = buildView(drInputs({ states: { director: 'stopped' } }));
    const d = host(v.hosts, 'director');
    expect(d).toEqual({ name: 'director', state: 'stopped', interfaces: [], neighbours: [] });
    expect(v.addresses[0]).toMatchObject({ heldBy: [], onLo: ['rs1', 'rs2'] });
    expect(v.faults).toEqual([{ kind: 'stopped', host: 'director', by: 'unknown', since: new Date(NOW).toISOString() }]);
  });

  it('keeps who stopped it when this process did', () => {
    const applied: FaultRecord[] = [{ kind: 'stopped', host: 'director', by: 'drill:failover', since: '2024-12-31T23:59:00.000Z' }];
    expect(buildView(drInputs({ states: { director: 'stopped' }, applied })).faults).toEqual(applied);
  });

  it('says a running host without a sample is unreadable, with the reason when one is known', () => {
    const inp = drInputs({ samples: { rs2: undefined } });
    expect(host(buildView(inp).hosts, 'rs2')).toEqual({ name: 'rs2', state: 'running', interfaces: [], neighbours: [], unreadable: 'not read yet' });
    expect(host(buildView({ ...inp, unreadable: { rs2: 'the probe ended' } }).hosts, 'rs2').unreadable).toBe('the probe ended');
  });

  it('says a host the engine does not list is missing', () => {
    const inp = drInputs();
    const { rs2: _, ...states } = inp.states;
    const rs2 = host(buildView({ ...inp, states }).hosts, 'rs2');
    expect(rs2).toEqual({ name: 'rs2', state: 'missing', interfaces: [], neighbours: [] });
  });
});

describe('buildView: neighbour entries', () => {
  it("gives the VIP's entry at the director's MAC to the director, without a warning", () => {
    const v = buildView(drInputs({ samples: { client: clientWith([[2, VIP, MAC.director, 'REACHABLE']]) } }));
    expect(host(v.hosts, 'client').neighbours).toEqual([{ ip: VIP, mac: MAC.director, iface: 'eth0', state: 'REACHABLE', owner: 'director' }]);
  });

  it("warns when a real server answered ARP for the VIP it holds on lo (arp_ignore missing)", () => {
    const [n] = host(buildView(drInputs({ samples: { client: clientWith([[2, VIP, MAC.rs1, 'REACHABLE']]) } })).hosts, 'client').neighbours;
    expect(n?.owner).toBe('rs1');
    expect(n?.warning).toMatch(/rs1/);
    expect(n?.warning).toMatch(/\blo\b/);
    expect(n?.warning).toMatch(/arp_ignore/);
  });

  it("names a MAC's owner from the engine's record while that host cannot be read, and then warns about no MAC", () => {
    const base = drInputs({ samples: { client: clientWith([[2, '10.123.0.11', MAC.rs1, 'REACHABLE'], [2, '10.123.0.12', MAC.stranger, 'STALE']]), rs1: undefined } });
    const v = buildView({ ...base, engineMacs: { rs1: [MAC.rs1] } });
    const [rs1, stranger] = host(v.hosts, 'client').neighbours;
    expect(rs1).toMatchObject({ owner: 'rs1' });
    expect(rs1).not.toHaveProperty('warning');
    // rs1 is unread: a MAC nobody is known to have may still be one of its own.
    expect(stranger).not.toHaveProperty('warning');
  });

  it('warns about a MAC no lab host has', () => {
    const [n] = host(buildView(drInputs({ samples: { client: clientWith([[2, '10.123.0.11', MAC.stranger, 'STALE']]) } })).hosts, 'client').neighbours;
    expect(n).not.toHaveProperty('owner');
    expect(n?.warning).toMatch(/No lab host has de:ad:be:ef:00:01/);
  });

  it("warns about an entry whose MAC's owner does not hold the address (a spoof)", () => {
    const [n] = host(buildView(drInputs({ samples: { client: clientWith([[2, '10.123.0.11', MAC.rs2, 'REACHABLE']]) } })).hosts, 'client').neighbours;
    expect(n?.owner).toBe('rs2');
    expect(n?.warning).toMatch(/rs2 does not hold 10\.123\.0\.11.*spoof/);
  });

  it("warns when two hosts' caches disagree about an address", () => {
    const v = buildView(
      drInputs({
        samples: {
          client: clientWith([[2, '10.123.0.11', MAC.rs1, 'REACHABLE']]),
          director: sampleOf('director', '10.123.0.10', { addrs: [[2, '10.123.0.10/24'], [2, `${VIP}/32`]], neigh: [[2, '10.123.0.11', MAC.stranger, 'REACHABLE']] }),
        },
      }),
    );
    const [n] = host(v.hosts, 'client').neighbours;
    expect(n?.owner).toBe('rs1');
    expect(n?.warning).toMatch(/Caches disagree about 10\.123\.0\.11: director has it at de:ad:be:ef:00:01/);
  });

  it('does not count an unresolved entry elsewhere as a disagreement, nor warn about one', () => {
    const v = buildView(
      drInputs({
        samples: {
          client: clientWith([[2, '10.123.0.11', MAC.rs1, 'REACHABLE']]),
          director: sampleOf('director', '10.123.0.10', { neigh: [[2, '10.123.0.11', null, 'INCOMPLETE']] }),
          // The kernel dumps no MAC for a FAILED entry; a sample that has one still does not count.
          rs2: sampleOf('rs2', '10.123.0.12', { neigh: [[2, '10.123.0.11', MAC.stranger, 'FAILED']] }),
        },
      }),
    );
    expect(host(v.hosts, 'client').neighbours[0]).not.toHaveProperty('warning');
    expect(host(v.hosts, 'director').neighbours[0]).toEqual({ ip: '10.123.0.11', iface: 'eth0', state: 'INCOMPLETE' });
  });

  it("gives the engine's bridge MAC (the gateway) to the engine, without a warning", () => {
    const [n] = host(buildView(drInputs({ samples: { client: clientWith([[2, '10.123.0.1', MAC.bridge, 'STALE']]) } })).hosts, 'client').neighbours;
    expect(n).toEqual({ ip: '10.123.0.1', mac: MAC.bridge, iface: 'eth0', state: 'STALE', owner: ENGINE_OWNER });
  });

  it("warns about a spoofed gateway entry, not about the engine's own", () => {
    const v = buildView(
      drInputs({
        samples: {
          client: clientWith([[2, '10.123.0.1', MAC.bridge, 'REACHABLE']]),
          rs1: sampleOf('rs1', '10.123.0.11', { neigh: [[2, '10.123.0.1', MAC.rs2, 'REACHABLE']] }),
        },
      }),
    );
    expect(host(v.hosts, 'client').neighbours[0]).not.toHaveProperty('warning');
    expect(host(v.hosts, 'rs1').neighbours[0]?.warning).toMatch(/rs2 does not hold 10\.123\.0\.1\b/);
  });
});

describe('buildView: faults the engine shows', () => {
  it('shows a link whose engine end is down as cut, with a cut fault', () => {
    const v = buildView(drInputs({ portFlags: { rs1: 0 } }));
    const eth0 = host(v.hosts, 'rs1').interfaces.find((i) => i.name === 'eth0');
    expect(eth0?.cut).toBe(true);
    expect(host(v.hosts, 'rs2').interfaces.find((i) => i.name === 'eth0')).not.toHaveProperty('cut');
    expect(v.faults).toEqual([{ kind: 'cut', host: 'rs1', network: 'lan', by: 'unknown', since: new Date(NOW).toISOString() }]);
  });

  it("matches the engine end by the host link's peer index and the bridge it is a port of", () => {
    const inp = drInputs({ portFlags: { rs1: 0 } });
    // The same down veth, but a port of another bridge: not rs1's link to lan.
    const other = { ...inp, engine: { ...inp.engine!, links: inp.engine!.links.map((l) => (l[1] === 'veth-rs1' ? ([l[0], l[1], l[2], l[3], 99, l[5]] as typeof l) : l)) } };
    expect(buildView(other).faults).toEqual([]);
  });

  it("finds a link's network by its engine end when the learner took its address away, and shows the cut", () => {
    // rs1 ran `ip addr flush dev eth0`, then a drill cut its link (faults.ts finds the link without the address too).
    const applied: FaultRecord[] = [{ kind: 'cut', host: 'rs1', network: 'lan', by: 'drill:t1', since: '2024-12-31T23:59:00.000Z' }];
    const v = buildView(drInputs({ portFlags: { rs1: 0 }, applied, samples: { rs1: sampleOf('rs1', '10.123.0.11', { addrs: [[1, '127.0.0.1/8']] }) } }));
    expect(host(v.hosts, 'rs1').interfaces.find((i) => i.name === 'eth0')).toMatchObject({ network: 'lan', addresses: [], cut: true });
    expect(v.faults).toEqual(applied);
  });

  it('shows netem on the engine end of a link, and keeps who applied it', () => {
    const tc = 'qdisc noqueue 0: dev br-lan root refcnt 2\nqdisc netem 8001: dev veth-rs2 root refcnt 2 limit 1000 delay 100ms  10ms loss 5% rate 1Mbit\n';
    const applied: FaultRecord[] = [{ kind: 'netem', host: 'rs2', network: 'lan', netem: { delayMs: 100, jitterMs: 10, lossPct: 5, rateKbit: 1000 }, by: 'page', since: '2024-12-31T23:00:00.000Z' }];
    const v = buildView(drInputs({ tc, applied }));
    const netem = { delayMs: 100, jitterMs: 10, lossPct: 5, rateKbit: 1000 };
    expect(host(v.hosts, 'rs2').interfaces.find((i) => i.name === 'eth0')?.netem).toEqual(netem);
    expect(v.faults).toEqual([{ ...applied[0], netem }]);
  });

  it('says a rate limit (tbf) no one here applied is a netem fault by unknown', () => {
    const v = buildView(drInputs({ tc: 'qdisc tbf 8002: dev veth-client root refcnt 2 rate 1Mbit burst 12500b lat 200ms\n' }));
    expect(v.faults).toEqual([{ kind: 'netem', host: 'client', network: 'lan', netem: { rateKbit: 1000 }, by: 'unknown', since: new Date(NOW).toISOString() }]);
  });
});

// ------------------------------------------------------------------ VRRP

const HA_NOW_S = NOW / 1000;
const advert = (from: string, dir: 'In' | 'Out', ageS: number, intvl = 'intvl 1s') => [`eth0 ${dir} ${from}`, `eth0 ${dir}`, `${from} > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio ${from.endsWith('.11') ? 150 : 100}, authtype none, ${intvl}, length 20, addrs: 10.99.0.100`, HA_NOW_S - ageS] as [string, string, string, number];

function haInputs(lb1: Partial<HostSample>, lb2: Partial<HostSample>): ViewInputs {
  const lab = viewLab({ hosts: { lb1: { lan: '10.99.0.11' }, lb2: { lan: '10.99.0.12' } }, subnets: { lan: '10.99.0.0/24' }, values: { vip: '10.99.0.100' } });
  return {
    lab,
    states: { lb1: 'running', lb2: 'running' },
    samples: {
      lb1: hostSample({ links: [loLink, ethLink('02:42:0a:63:00:0b', 31)], addrs: [[2, '10.99.0.11/24'], [2, '10.99.0.100/32']], vrrpListening: true, ...lb1 }),
      lb2: hostSample({ links: [loLink, ethLink('02:42:0a:63:00:0c', 32)], addrs: [[2, '10.99.0.12/24']], ...lb2 }),
    },
    bridges: {},
    applied: [],
    events: [],
    now: NOW,
  };
}

describe('buildView: VRRP', () => {
  it('shows the host sending fresh adverts as MASTER and a listening host that hears them as BACKUP', () => {
    const v = buildView(haInputs({ vrrp: [advert('10.99.0.11', 'Out', 0.5)] }, { vrrpListening: true, vrrp: [advert('10.99.0.11', 'In', 0.5)] }));
    expect(host(v.hosts, 'lb1').vrrp).toEqual({ state: 'MASTER', instances: [{ vrid: 51, priority: 150, intervalS: 1, master: 'lb1', from: '10.99.0.11', ageS: 1, addresses: ['10.99.0.100'] }] });
    expect(host(v.hosts, 'lb2').vrrp).toMatchObject({ state: 'BACKUP', instances: [{ vrid: 51, master: 'lb1', from: '10.99.0.11' }] });
    expect(v.addresses[0]).toMatchObject({ heldBy: ['lb1'] });
  });

  it('does not call a host MASTER on an advert older than 3 intervals', () => {
    const stale = buildView(haInputs({ vrrp: [advert('10.99.0.11', 'Out', 5)] }, { vrrpListening: true }));
    expect(host(stale.hosts, 'lb1').vrrp).toEqual({ state: 'LISTENING', instances: [] });
    expect(host(stale.hosts, 'lb2').vrrp).toEqual({ state: 'LISTENING', instances: [] });
    // Within 3 intervals (and the probe's second of rounding) it still is.
    expect(host(buildView(haInputs({ vrrp: [advert('10.99.0.11', 'Out', 4)] }, {})).hosts, 'lb1').vrrp?.state).toBe('MASTER');
  });

  it('ages adverts by their own interval (VRRPv3 centiseconds)', () => {
    const v3 = (age: number) => [`k`, 'eth0 Out', `10.99.0.11 > 224.0.0.18: VRRPv3, Advertisement, vrid 51, prio 150, intvl 300cs, length 12, addrs: 10.99.0.100`, HA_NOW_S - age] as [string, string, string, number];
    expect(host(buildView(haInputs({ vrrp: [v3(10)] }, {})).hosts, 'lb1').vrrp?.state).toBe('MASTER');
    expect(host(buildView(haInputs({ vrrp: [v3(11)] }, {})).hosts, 'lb1').vrrp?.state).toBe('LISTENING');
  });

  it('leaves VRRP out for a host that neither listens nor sends nor hears', () => {
    const v = buildView(haInputs({ vrrpListening: false }, { vrrpListening: false }));
    expect(host(v.hosts, 'lb1')).not.toHaveProperty('vrrp');
    expect(host(v.hosts, 'lb2')).not.toHaveProperty('vrrp');
  });

  it("ignores a stopped host's adverts", () => {
    const inp = haInputs({ vrrp: [advert('10.99.0.11', 'Out', 0.5)] }, { vrrpListening: true });
    const v = buildView({ ...inp, states: { lb1: 'stopped', lb2: 'running' } });
    expect(host(v.hosts, 'lb2').vrrp).toEqual({ state: 'LISTENING', instances: [] });
  });

  it('shows both as MASTER when both send (split brain)', () => {
    const v = buildView(haInputs({ vrrp: [advert('10.99.0.11', 'Out', 0.5)] }, { vrrpListening: true, addrs: [[2, '10.99.0.12/24'], [2, '10.99.0.100/32']], vrrp: [advert('10.99.0.12', 'Out', 0.5)] }));
    expect(host(v.hosts, 'lb1').vrrp?.state).toBe('MASTER');
    expect(host(v.hosts, 'lb2').vrrp).toMatchObject({ state: 'MASTER', instances: [{ master: 'lb2', priority: 100 }] });
    expect(v.addresses[0]).toMatchObject({ heldBy: ['lb1', 'lb2'] });
  });
});

describe('buildView: hostile samples', () => {
  it('builds a view from samples full of nonsense without throwing', () => {
    const junk = hostSample({
      links: [[0, '', '', 0, 0, 0], [7, '\u001b[2J', 'zz', -1, 7, 7], [2, 'eth0', MAC.rs1, UP, 0, PEER.rs1]],
      addrs: [[7, 'not-an-address'], [2, ''], [99, '10.123.0.100/99'], [2, '999.999.999.999/24']],
      neigh: [[55, '', '', ''], [2, 'x', MAC.director, 'REACHABLE']],
      ipvs: { proc: 'a\nb\nc\nTCP zz:zz\n  -> q', stats: 'TCP zz 1 2 3 4 5' },
      vrrp: [['', '', '', 0], ['k', 'eth0 Out', '1.2.3.4 > 5.6.7.8: VRRPv2, Advertisement, vrid 999999, prio 9, authtype none, intvl 0s, length 0, addrs:', 0]],
    });
    const inp = drInputs({ samples: { rs1: junk } });
    expect(() => buildView(inp)).not.toThrow();
    const rs1 = host(buildView(inp).hosts, 'rs1');
    expect(rs1.neighbours[0]?.iface).toBe('if55');
  });
});
