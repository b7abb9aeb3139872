// What the probes print, parsed (server/view/samples.ts): the probe's JSON lines read defensively
// (a lab host's namespace is the learner's), and the text of /proc/net/ip_vs, ipvsadm's counters,
// tcpdump's VRRP lines and tc's qdiscs in the formats those tools really print.
import { describe, expect, it } from 'vitest';
import { MAX_LINE, parseAdvert, parseEngineLine, parseHostLine, parseIpvs, parseNetem } from '../../server/view/samples.js';

const hostLine = {
  links: [
    [1, 'lo', '00:00:00:00:00:00', 65609, 0, 0],
    [17, 'eth0', '02:42:0a:7b:00:0b', 69699, 0, 18],
  ],
  addrs: [
    [1, '127.0.0.1/8'],
    [17, '10.123.0.11/24'],
  ],
  neigh: [
    [17, '10.123.0.1', '02:42:9c:11:22:33', 'REACHABLE'],
    [17, '10.123.0.99', null, 'INCOMPLETE'],
  ],
  vrrpListening: true,
  ipvs: { proc: 'IP Virtual Server version 1.2.1 (size=4096)\n', stats: '' },
  vrrp: [['eth0 Out 10.123.0.11 > 224.0.0.18', 'eth0 Out', '10.123.0.11 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150, authtype none, intvl 1s, length 20, addrs: 10.123.0.100', 1700000000]],
};

describe('parseHostLine', () => {
  it('reads a line in the shape probe.py prints', () => {
    expect(parseHostLine(JSON.stringify(hostLine))).toEqual({
      links: hostLine.links,
      addrs: hostLine.addrs,
      neigh: hostLine.neigh,
      vrrpListening: true,
      ipvs: { proc: hostLine.ipvs.proc, stats: '' },
      vrrp: hostLine.vrrp,
    });
  });

  it('gives undefined for lines that are not one JSON object', () => {
    for (const line of ['', 'not json', '{"links": [', 'null', '[]', '[{"links":[]}]', '"links"', '42', 'true', '{"a":1} trailing']) {
      expect(parseHostLine(line), line).toBeUndefined();
      expect(parseEngineLine(line), line).toBeUndefined();
    }
  });

  it('drops a line longer than MAX_LINE even when it is valid JSON', () => {
    const line = JSON.stringify({ ...hostLine, pad: 'x'.repeat(MAX_LINE) });
    expect(line.length).toBeGreaterThan(MAX_LINE);
    expect(parseHostLine(line)).toBeUndefined();
    expect(parseEngineLine(line)).toBeUndefined();
    // Just under the limit it is read.
    const fits = JSON.stringify({ ...hostLine, pad: 'x'.repeat(MAX_LINE - JSON.stringify(hostLine).length - 20) });
    expect(fits.length).toBeLessThanOrEqual(MAX_LINE);
    expect(parseHostLine(fits)?.links).toHaveLength(2);
  });

  it('turns fields of the wrong type into empty, zero or null values instead of throwing', () => {
    const s = parseHostLine(
      JSON.stringify({
        links: [['1', 2, null, 'x', {}, []], 'not a row', 7, [Number.MAX_VALUE, 'eth0']],
        addrs: { 0: [1, '1.2.3.4/8'] },
        neigh: [[1, 5, 6, 7]],
        vrrpListening: 'true',
        ipvs: 'IP Virtual Server',
        vrrp: [[1, 2, 3, '4']],
        error: 42,
      }),
    );
    expect(s).toEqual({
      links: [
        [0, '', '', 0, 0, 0],
        [Number.MAX_VALUE, 'eth0', '', 0, 0, 0],
      ],
      addrs: [],
      neigh: [[1, '', null, '']],
      vrrpListening: false,
      ipvs: null,
      vrrp: [['', '', '', 0]],
    });
  });

  it('keeps NaN and infinities out of numbers (JSON cannot carry them; a huge exponent parses to Infinity)', () => {
    const s = parseHostLine('{"links":[[1e999,"eth0","aa",-1e999,0,0]]}');
    expect(s?.links[0]).toEqual([0, 'eth0', 'aa', 0, 0, 0]);
  });

  it('caps every list at 256 rows', () => {
    const many = Array.from({ length: 5000 }, (_, i) => [i, `eth${i}`, 'aa:bb:cc:dd:ee:ff', 1, 0, 0]);
    const s = parseHostLine(JSON.stringify({ links: many, addrs: many.map((r) => [r[0], '10.0.0.1/8']), neigh: many.map((r) => [r[0], '10.0.0.1', null, 'STALE']), vrrp: many.map(() => ['k', 'eth0 In', 'x', 1]) }));
    expect(s?.links).toHaveLength(256);
    expect(s?.addrs).toHaveLength(256);
    expect(s?.neigh).toHaveLength(256);
    expect(s?.vrrp).toHaveLength(256);
    expect(s?.links[255]?.[0]).toBe(255);
    expect(parseEngineLine(JSON.stringify({ links: many, tc: '' }))?.links).toHaveLength(256);
  });

  it('caps strings: names, addresses, states, the IPVS text, VRRP lines and the error', () => {
    const long = 'A'.repeat(70_000); // 13 of them stay under MAX_LINE
    const s = parseHostLine(JSON.stringify({ links: [[1, long, long, 1, 0, 0]], addrs: [[1, long]], neigh: [[1, long, long, long]], ipvs: { proc: long, stats: long }, vrrp: [[long, long, long, 1]], error: long }));
    expect(s).toBeDefined();
    const [link] = s!.links;
    expect(link![1]).toHaveLength(32);
    expect(link![2]).toHaveLength(64);
    expect(s!.addrs[0]![1]).toHaveLength(32);
    expect(s!.neigh[0]!.map((v) => (typeof v === 'string' ? v.length : v))).toEqual([1, 32, 64, 16]);
    expect(s!.ipvs!.proc).toHaveLength(65536);
    expect(s!.ipvs!.stats).toHaveLength(65536);
    expect(s!.vrrp[0]!.slice(0, 3).map((v) => String(v).length)).toEqual([256, 64, 512]);
    expect(s!.error).toHaveLength(256);
    const e = parseEngineLine(JSON.stringify({ links: [], tc: long, error: long }));
    expect(e?.tc).toHaveLength(65536);
    expect(e?.error).toHaveLength(256);
  });

  it('survives a deeply nested line under the size limit', () => {
    const deep = `{"links":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(() => parseHostLine(deep)).not.toThrow();
    const s = parseHostLine(deep);
    if (s) expect(s.links.every((l) => l.length === 6)).toBe(true);
  });

  it('reads an ipvs object without stats, and a probe error', () => {
    expect(parseHostLine('{"ipvs":{"proc":"x"}}')?.ipvs).toEqual({ proc: 'x' });
    expect(parseHostLine('{"error":"netlink error"}')).toMatchObject({ links: [], error: 'netlink error' });
  });
});

describe('parseEngineLine', () => {
  it('reads links and tc text, with defaults for what is missing', () => {
    expect(parseEngineLine(JSON.stringify({ links: [[5, 'br-1', 'aa', 1, 0, 0]], tc: 'qdisc noqueue 0: dev lo root refcnt 2\n' }))).toEqual({ links: [[5, 'br-1', 'aa', 1, 0, 0]], tc: 'qdisc noqueue 0: dev lo root refcnt 2\n' });
    expect(parseEngineLine('{"tc": 7}')).toEqual({ links: [], tc: '' });
  });
});

const PROC = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port Forward Weight ActiveConn InActConn
TCP  0A7B0064:0050 rr 
  -> 0A7B000C:0050      Route   1      0          3         
  -> 0A7B000B:0050      Route   1      1          2         
TCP  0A7B0065:0050 wlc persistent 360 FFFFFFFF
  -> 0A7B000B:0050      Masq    3      0          0
`;

const STATS = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
  -> RemoteAddress:Port
TCP  10.123.0.100:80                     6       36        0     2304        0
  -> 10.123.0.11:80                      3       18        0     1152        0
  -> 10.123.0.12:80                      5       20        1     1280       60
`;

describe('parseIpvs', () => {
  it('reads services and real servers from /proc/net/ip_vs: addresses, scheduler, method, weight, connections, persistence', () => {
    const services = parseIpvs({ proc: PROC });
    expect(services).toHaveLength(2);
    const [rr, wlc] = services;
    expect(rr).toMatchObject({ protocol: 'TCP', address: '10.123.0.100:80', scheduler: 'rr', conns: 0 });
    expect(rr).not.toHaveProperty('persistent');
    expect(rr!.realServers).toEqual([
      { address: '10.123.0.12:80', method: 'Route', weight: 1, active: 0, inactive: 3, conns: 0, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 },
      { address: '10.123.0.11:80', method: 'Route', weight: 1, active: 1, inactive: 2, conns: 0, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 },
    ]);
    expect(wlc).toMatchObject({ protocol: 'TCP', address: '10.123.0.101:80', scheduler: 'wlc', persistent: 360 });
    expect(wlc!.realServers).toMatchObject([{ address: '10.123.0.11:80', method: 'Masq', weight: 3, active: 0, inactive: 0 }]);
  });

  it("adds ipvsadm's counters to the service and real server with the same address", () => {
    const [rr, wlc] = parseIpvs({ proc: PROC, stats: STATS });
    expect(rr).toMatchObject({ conns: 6, inPackets: 36, outPackets: 0, inBytes: 2304, outBytes: 0 });
    expect(rr!.realServers.find((r) => r.address === '10.123.0.11:80')).toMatchObject({ conns: 3, inPackets: 18, outPackets: 0, inBytes: 1152, outBytes: 0, active: 1, inactive: 2 });
    expect(rr!.realServers.find((r) => r.address === '10.123.0.12:80')).toMatchObject({ conns: 5, inPackets: 20, outPackets: 1, inBytes: 1280, outBytes: 60, active: 0, inactive: 3 });
    // The other service has 10.123.0.11:80 too: the counters are not its.
    expect(wlc).toMatchObject({ conns: 0, inPackets: 0 });
    expect(wlc!.realServers[0]).toMatchObject({ conns: 0, inBytes: 0 });
  });

  it('matches counters per service when two services share a real server', () => {
    const stats = `${STATS}TCP  10.123.0.101:80                     2        9        0      500        0\n  -> 10.123.0.11:80                      2        9        0      500        0\n`;
    const [rr, wlc] = parseIpvs({ proc: PROC, stats });
    expect(wlc).toMatchObject({ conns: 2, inPackets: 9, inBytes: 500 });
    expect(wlc!.realServers[0]).toMatchObject({ conns: 2, inPackets: 9, inBytes: 500 });
    expect(rr!.realServers.find((r) => r.address === '10.123.0.11:80')).toMatchObject({ conns: 3, inBytes: 1152 });
  });

  it('reads a firewall-mark service and UDP, and a tunnel real server', () => {
    const proc = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port Forward Weight ActiveConn InActConn
FWM  00000001 rr 
  -> 0A7B000B:0000      Tunnel  2      0          0         
UDP  0A7B0064:0035 sh 
`;
    const stats = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes
  -> RemoteAddress:Port
FWM  1                                   4        8        0      320        0
  -> 10.123.0.11:0                       4        8        0      320        0
UDP  10.123.0.100:53                     1        1        0       60        0
`;
    const [fwm, udp] = parseIpvs({ proc, stats });
    expect(fwm).toMatchObject({ protocol: 'FWM', address: '1', scheduler: 'rr', conns: 4, inBytes: 320 });
    expect(fwm!.realServers[0]).toMatchObject({ address: '10.123.0.11:0', method: 'Tunnel', weight: 2, conns: 4 });
    expect(udp).toMatchObject({ protocol: 'UDP', address: '10.123.0.100:53', scheduler: 'sh', conns: 1, inBytes: 60 });
  });

  it('gives an empty table for the header alone, and never throws on garbage', () => {
    expect(parseIpvs({ proc: 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n' })).toEqual([]);
    expect(parseIpvs({ proc: '' })).toEqual([]);
    const garbage = ['x', 'y', 'z', '  -> nothing before', 'TCP', 'TCP  zz:zz', '  ->', '  -> 1:2 Weird x y z', 'FWM', '\u0000\u001b[2J', 'TCP ::::: a b c'].join('\n');
    expect(() => parseIpvs({ proc: garbage, stats: garbage })).not.toThrow();
    for (const svc of parseIpvs({ proc: garbage, stats: garbage })) {
      expect(svc.scheduler.length).toBeLessThanOrEqual(16);
      for (const rs of svc.realServers) expect(Number.isFinite(rs.weight)).toBe(true);
    }
  });

  it('caps the scheduler and an unknown forwarding method at 16 characters', () => {
    const proc = `h\nh\nh\nTCP  0A7B0064:0050 ${'s'.repeat(100)} \n  -> 0A7B000B:0050      ${'M'.repeat(100)}   1      0          0\n`;
    const [svc] = parseIpvs({ proc });
    expect(svc?.scheduler).toBe('s'.repeat(16));
    expect(svc?.realServers[0]?.method).toBe('M'.repeat(16));
  });

  it('caps services and real servers at 64', () => {
    const head = 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n';
    const rs = Array.from({ length: 100 }, (_, i) => `  -> 0A7B00${(i + 1).toString(16).padStart(2, '0')}:0050      Route   1      0          0`).join('\n');
    expect(parseIpvs({ proc: `${head}TCP  0A7B0064:0050 rr \n${rs}\n` })[0]!.realServers).toHaveLength(64);
    const svcs = Array.from({ length: 100 }, (_, i) => `TCP  0A7B0064:${(i + 1).toString(16).padStart(4, '0')} rr `).join('\n');
    expect(parseIpvs({ proc: `${head}${svcs}\n` })).toHaveLength(64);
  });
});

const row = (head: string, line: string, at = 1700000000): [string, string, string, number] => [`${head} ${line.split(':')[0]}`, head, line, at];

describe('parseAdvert', () => {
  it("reads tcpdump's VRRPv2 line: addresses, vrid, priority, interval, direction", () => {
    expect(parseAdvert(row('eth0 Out', '172.18.0.2 > 172.18.0.3: VRRPv2, Advertisement, vrid 51, prio 150, authtype none, intvl 1s, length 20, addrs: 10.99.0.100'))).toEqual({
      iface: 'eth0',
      direction: 'out',
      from: '172.18.0.2',
      to: '172.18.0.3',
      vrid: 51,
      priority: 150,
      intervalS: 1,
      addresses: ['10.99.0.100'],
      last: 1700000000,
    });
  });

  it('reads an incoming advert', () => {
    expect(parseAdvert(row('eth1 In', '10.99.0.11 > 224.0.0.18: VRRPv2, Advertisement, vrid 7, prio 100, authtype none, intvl 2s, length 20, addrs: 10.99.0.100'))).toMatchObject({ iface: 'eth1', direction: 'in', from: '10.99.0.11', to: '224.0.0.18', vrid: 7, priority: 100, intervalS: 2 });
  });

  it('reads VRRPv3 (interval in centiseconds, no authtype) and several addresses', () => {
    // tcpdump: ", intvl %ucs, length %u" for v3; ", addrs(N):" then the addresses joined by commas.
    expect(parseAdvert(row('eth0 Out', '10.0.0.2 > 224.0.0.18: VRRPv3, Advertisement, vrid 51, prio 150, intvl 100cs, length 16, addrs(2): 10.0.0.1,10.0.0.2'))).toMatchObject({ vrid: 51, priority: 150, intervalS: 1, addresses: ['10.0.0.1', '10.0.0.2'] });
    expect(parseAdvert(row('eth0 Out', '10.0.0.2 > 224.0.0.18: VRRPv3, Advertisement, vrid 1, prio 254, intvl 50cs, length 12, addrs: 10.0.0.9'))).toMatchObject({ intervalS: 0.5, addresses: ['10.0.0.9'] });
  });

  it('stops the addresses at a simple-password auth string', () => {
    expect(parseAdvert(row('eth0 In', '10.0.0.3 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 100, authtype simple, intvl 1s, length 20, addrs(2): 10.0.0.100,10.0.0.101 auth "1.2.3.4"'))?.addresses).toEqual(['10.0.0.100', '10.0.0.101']);
  });

  it('gives undefined for lines that are not an advert', () => {
    for (const line of ['', 'garbage', '10.0.0.2 > 224.0.0.18: VRRPv2, Advertisement', '10.0.0.2 > 224.0.0.18: VRRPv1, Advertisement, vrid 1, prio 1, intvl 1s', '10.0.0.2 > 224.0.0.18: HSRPv0-hello 20: state=active', 'x.y.z.w > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150, authtype none, intvl 1s']) {
      expect(parseAdvert(row('eth0 In', line)), line).toBeUndefined();
    }
  });
});

describe('parseNetem', () => {
  it("reads `tc qdisc show`: netem's delay, jitter, loss and rate, tbf's rate, and leaves other qdiscs out", () => {
    const tc = [
      'qdisc noqueue 0: dev lo root refcnt 2',
      'qdisc netem 8001: dev veth1a2b root refcnt 2 limit 1000 delay 100ms  10ms loss 5% rate 1Mbit',
      'qdisc tbf 8002: dev veth9 root refcnt 2 rate 1Mbit burst 12500b lat 200ms',
      'qdisc noqueue 0: dev br-0123 root refcnt 2',
      'qdisc netem 8003: dev vethc root refcnt 2 limit 1000 delay 1.5s loss 0.5%',
      'qdisc netem 8004: dev vethd root refcnt 2 limit 1000 delay 250us rate 800Kbit',
      '',
    ].join('\n');
    const m = parseNetem(tc);
    expect([...m.keys()]).toEqual(['veth1a2b', 'veth9', 'vethc', 'vethd']);
    expect(m.get('veth1a2b')).toEqual({ delayMs: 100, jitterMs: 10, lossPct: 5, rateKbit: 1000 });
    expect(m.get('veth9')).toEqual({ rateKbit: 1000 });
    expect(m.get('vethc')).toEqual({ delayMs: 1500, lossPct: 0.5 });
    expect(m.get('vethd')).toEqual({ delayMs: 0.25, rateKbit: 800 });
  });

  it('gives an empty map for no text or garbage', () => {
    expect(parseNetem('').size).toBe(0);
    expect(parseNetem('qdisc netem\nnetem dev x\n\u001b[2J').size).toBe(0);
  });
});
