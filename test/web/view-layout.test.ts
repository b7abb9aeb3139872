// The View tab's pure parts (web/src/view): where the diagram puts hosts and links, which IPVS
// counters moved between two views, and the small words (netem, flags, MACs).
import { describe, expect, it } from 'vitest';
import type { LiveView, ViewHost } from '../../shared/lab-view.js';
import { describeTopology } from '../../web/src/components/view/TopologyDiagram.js';
import { changedCounters } from '../../web/src/view/changes.js';
import { netemText, shortMac, tcpFlags } from '../../web/src/view/format.js';
import { layoutTopology } from '../../web/src/view/layout.js';

const host = (name: string, networks: string[], extra: Partial<ViewHost> = {}): ViewHost => ({
  name,
  state: 'running',
  interfaces: networks.map((n, i) => ({ name: `eth${i}`, mac: `02:00:00:00:0${i}:${name.length}`, network: n, addresses: [`10.0.${i}.${name.length}/24`], up: true })),
  neighbours: [],
  ...extra,
});

const view = (hosts: ViewHost[], networks = ['lan']): LiveView => ({
  lab: 'l',
  exercise: 'e',
  at: '2024-01-01T00:00:00Z',
  networks: networks.map((n, i) => ({ name: n, subnet: `10.0.${i}.0/24`, gateway: `10.0.${i}.1` })),
  hosts,
  addresses: [{ name: 'vip', address: '10.0.0.100', heldBy: ['lb1', 'lb2'], onLo: ['rs1'] }],
  faults: [{ kind: 'stopped', host: 'rs1', by: 'page', since: '2024-01-01T00:00:00Z' }],
  events: [],
});

describe('the topology layout', () => {
  it('puts a host on two networks between their buses, and each one-network host beside its own bus', () => {
    const v = view([host('client', ['wan']), host('director', ['wan', 'lan']), host('rs1', ['lan'])], ['wan', 'lan']);
    const l = layoutTopology(v, {});
    const [wan, lan] = l.buses;
    const box = (n: string) => l.hosts.find((h) => h.host.name === n)!;
    expect(box('client').y + box('client').h).toBeLessThanOrEqual(wan!.y);
    expect(box('director').y).toBeGreaterThan(wan!.y);
    expect(box('director').y + box('director').h).toBeLessThan(lan!.y);
    expect(box('rs1').y).toBeGreaterThan(lan!.y);
    expect(l.links.filter((k) => k.host === 'director').map((k) => k.network)).toEqual(['wan', 'lan']);
  });

  it('takes a stopped host’s networks from the topology, and marks who holds the VIP', () => {
    const v = view([host('lb1', ['lan']), host('rs1', [], { state: 'stopped', unreadable: 'stopped' })]);
    const l = layoutTopology(v, { rs1: ['lan'] });
    expect(l.links.map((k) => k.host).sort()).toEqual(['lb1', 'rs1']);
    expect(l.hosts.find((h) => h.host.name === 'lb1')!.holds).toEqual([{ name: 'vip', address: '10.0.0.100', onLo: false }]);
  });

  it('says split brain and the faults in its accessible summary', () => {
    const text = describeTopology(view([host('lb1', ['lan']), host('lb2', ['lan'])]));
    expect(text).toContain('vip 10.0.0.100 held by lb1 and lb2 (split brain)');
    expect(text).toContain('on lo of rs1');
    expect(text).toContain('rs1 is powered off');
  });
});

describe('counter changes', () => {
  const withConns = (n: number): LiveView => {
    const rs = { address: '10.0.0.11:80', method: 'Route', weight: 1, active: 0, inactive: 0, conns: n, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 };
    const svc = { protocol: 'TCP', address: '10.0.0.100:80', scheduler: 'rr', realServers: [rs], conns: n, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 };
    return view([host('director', ['lan'], { ipvs: [svc] })]);
  };

  it('flags exactly the counters that moved, and nothing on a first view', () => {
    expect(changedCounters(undefined, withConns(1)).size).toBe(0);
    expect([...changedCounters(withConns(1), withConns(3))].sort()).toEqual(['director|TCP 10.0.0.100:80|10.0.0.11:80|conns', 'director|TCP 10.0.0.100:80||conns']);
    expect(changedCounters(withConns(3), withConns(3)).size).toBe(0);
  });
});

describe('words', () => {
  it('says netem, TCP flags and MACs as people read them', () => {
    expect(netemText({ delayMs: 100, lossPct: 5 })).toBe('+100 ms, 5 % loss');
    expect(netemText({ rateKbit: 512 })).toBe('512 kbit/s');
    expect(tcpFlags('S.')).toEqual(['SYN', 'ACK']);
    expect(tcpFlags('FP.')).toEqual(['FIN', 'PSH', 'ACK']);
    expect(shortMac('02:42:0a:01:02:0b')).toBe('…:01:02:0b');
  });
});
