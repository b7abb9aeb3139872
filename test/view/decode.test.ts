// The capture decoder on hand-built frames: each protocol a lab shows, the three link types, cut
// and lying headers, and a seeded fuzz run that must never make it throw.
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../server/view/decode.js';
import { tcpFlags } from '../../server/view/decode-transport.js';
import {
  arp,
  ethernet,
  icmp,
  ipv4,
  sll,
  sll2,
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  tcp,
  udp,
  vrrp,
} from '../helpers/frames.js';

const CLIENT_MAC = '02:42:0a:01:02:0a';
const LB_MAC = '02:42:0a:01:02:02';
const BCAST = 'ff:ff:ff:ff:ff:ff';
const OWNERS: Record<string, string> = { [CLIENT_MAC]: 'client', [LB_MAC]: 'lb1' };
const macOwner = (mac: string) => OWNERS[mac];

function eth(ethertype: number, payload: Buffer, macs: { src?: string; dst?: string } = {}): Buffer {
  return ethernet({ src: macs.src ?? CLIENT_MAC, dst: macs.dst ?? LB_MAC, ethertype, payload });
}

function ipFrame(props: Parameters<typeof ipv4>[0]): Buffer {
  return eth(0x0800, ipv4(props));
}

const decode = (data: Buffer, linktype = 1) => decodeFrame({ linktype, data, macOwner });

// A SYN with the 20 bytes of options Linux sends (mss, sackOK, timestamps, nop, wscale).
const SYN_OPTIONS = Buffer.from('020405b40402080a0000000100000000010303 07'.replace(/ /g, ''), 'hex');

function synFrame(): Buffer {
  return ipFrame({
    src: '10.1.2.10',
    dst: '10.1.2.100',
    proto: 6,
    payload: tcp({ srcPort: 51234, dstPort: 80, flags: TCP_SYN, seq: 1, options: SYN_OPTIONS }),
  });
}

describe('ARP', () => {
  it('decodes a request to broadcast and names who asks', () => {
    const f = decode(eth(0x0806, arp({ op: 1, senderMac: CLIENT_MAC, senderIp: '10.1.2.10', targetMac: '00:00:00:00:00:00', targetIp: '10.1.2.100' }), { dst: BCAST }));
    expect(f).toEqual({
      srcMac: CLIENT_MAC,
      dstMac: BCAST,
      srcHost: 'client',
      dstHost: 'broadcast',
      protocol: 'ARP',
      arp: { op: 'request', senderIp: '10.1.2.10', senderMac: CLIENT_MAC, targetIp: '10.1.2.100', targetMac: '00:00:00:00:00:00', gratuitous: false },
      summary: 'who-has 10.1.2.100 tell 10.1.2.10',
    });
  });

  it('decodes a reply', () => {
    const f = decode(eth(0x0806, arp({ op: 2, senderMac: LB_MAC, senderIp: '10.1.2.100', targetMac: CLIENT_MAC, targetIp: '10.1.2.10' }), { src: LB_MAC, dst: CLIENT_MAC }));
    expect(f.arp?.op).toBe('reply');
    expect(f.arp?.gratuitous).toBe(false);
    expect(f.summary).toBe(`10.1.2.100 is-at ${LB_MAC}`);
    expect([f.srcHost, f.dstHost]).toEqual(['lb1', 'client']);
  });

  it('calls an ARP whose sender and target IP are the same gratuitous (request or reply)', () => {
    for (const op of [1, 2] as const) {
      const f = decode(eth(0x0806, arp({ op, senderMac: LB_MAC, senderIp: '10.1.2.100', targetMac: BCAST, targetIp: '10.1.2.100' }), { src: LB_MAC, dst: BCAST }));
      expect(f.arp?.gratuitous).toBe(true);
      expect(f.summary).toBe(`gratuitous ARP: 10.1.2.100 is-at ${LB_MAC}`);
    }
  });

  it('says what an ARP for other hardware is without decoding addresses it does not have', () => {
    const body = arp({ op: 1, senderMac: LB_MAC, senderIp: '10.1.2.100', targetMac: BCAST, targetIp: '10.1.2.1' });
    body.writeUInt16BE(6, 0); // IEEE 802 hardware
    const f = decode(eth(0x0806, body));
    expect(f.arp).toBeUndefined();
    expect(f.summary).toBe('ARP op 1 for hardware type 6, protocol 0x0800');
  });
});

describe('TCP', () => {
  it('decodes a SYN: ports, flags, seq, no payload despite the options, a flow key', () => {
    const f = decode(synFrame());
    expect(f.protocol).toBe('TCP');
    expect(f.ip).toEqual({ src: '10.1.2.10', dst: '10.1.2.100', ttl: 64, proto: 6 });
    expect(f.tcp).toEqual({ srcPort: 51234, dstPort: 80, flags: 'S', seq: 1, ack: 0, payload: 0 });
    expect(f.flow).toBe('tcp 10.1.2.100:80 10.1.2.10:51234');
    expect(f.summary).toBe('10.1.2.10:51234 → 10.1.2.100:80 [S] seq 1 len 0');
  });

  it('gives both directions of a connection the same flow key, and other connections another', () => {
    const reply = decode(ipFrame({ src: '10.1.2.100', dst: '10.1.2.10', proto: 6, payload: tcp({ srcPort: 80, dstPort: 51234, flags: TCP_SYN | TCP_ACK, seq: 7, ack: 2 }) }));
    expect(reply.tcp?.flags).toBe('S.');
    expect(reply.summary).toBe('10.1.2.100:80 → 10.1.2.10:51234 [S.] seq 7 ack 2 len 0');
    expect(reply.flow).toBe(decode(synFrame()).flow);
    const other = decode(ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: tcp({ srcPort: 51235, dstPort: 80, flags: TCP_SYN }) }));
    expect(other.flow).not.toBe(reply.flow);
  });

  it('counts the payload from the IP total length, not the Ethernet padding', () => {
    const segment = tcp({ srcPort: 51234, dstPort: 80, flags: TCP_PSH | TCP_ACK, seq: 1, ack: 1, payload: Buffer.from('GET / HTTP/1.1\r\n') });
    expect(decode(ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: segment })).tcp?.payload).toBe(16);
    // A bare ACK is 54 bytes; Ethernet pads it to 60, and the padding is no payload.
    const ack = Buffer.concat([ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: tcp({ srcPort: 51234, dstPort: 80, flags: TCP_ACK }) }), Buffer.alloc(6)]);
    const f = decode(ack);
    expect(f.tcp?.payload).toBe(0);
    expect(f.summary).toBe('10.1.2.10:51234 → 10.1.2.100:80 [.] seq 0 ack 0 len 0');
  });

  it('writes the flags as tcpdump does (F S R P . U E W, in that order)', () => {
    expect(tcpFlags(TCP_FIN | TCP_ACK)).toBe('F.');
    expect(tcpFlags(TCP_PSH | TCP_ACK)).toBe('P.');
    expect(tcpFlags(TCP_FIN | TCP_PSH | TCP_ACK)).toBe('FP.');
    expect(tcpFlags(TCP_RST)).toBe('R');
    expect(tcpFlags(TCP_RST | TCP_ACK)).toBe('R.');
    expect(tcpFlags(TCP_SYN | 0x40 | 0x80)).toBe('SEW');
    expect(tcpFlags(0xff)).toBe('FSRP.UEW');
    expect(tcpFlags(0)).toBe('none');
  });

  it('honours IPv4 options (IHL above 5)', () => {
    const f = decode(ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, options: Buffer.from([1, 1, 1, 0]), payload: tcp({ srcPort: 1234, dstPort: 443, flags: TCP_SYN }) }));
    expect(f.tcp).toMatchObject({ srcPort: 1234, dstPort: 443, flags: 'S' });
  });

  it('does not read a transport header in a later fragment', () => {
    const f = decode(ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, fragmentOffset: 1480, payload: Buffer.alloc(40, 0x41) }));
    expect(f.protocol).toBe('IPv4');
    expect(f.tcp).toBeUndefined();
    expect(f.flow).toBeUndefined();
    expect(f.summary).toBe('10.1.2.10 → 10.1.2.100 proto 6 fragment offset 1480');
  });
});

describe('UDP, ICMP and other IP protocols', () => {
  it('decodes UDP with a flow key', () => {
    const f = decode(ipFrame({ src: '10.1.2.10', dst: '10.1.2.53', proto: 17, payload: udp({ srcPort: 40000, dstPort: 53, payload: Buffer.alloc(29) }) }));
    expect(f.protocol).toBe('UDP');
    expect(f.udp).toEqual({ srcPort: 40000, dstPort: 53, payload: 29 });
    expect(f.flow).toBe('udp 10.1.2.10:40000 10.1.2.53:53');
    expect(f.summary).toBe('10.1.2.10:40000 → 10.1.2.53:53 UDP len 29');
  });

  it.each([
    [8, 0, 'echo request'],
    [0, 0, 'echo reply'],
    [3, 3, 'port unreachable'],
    [3, 1, 'host unreachable'],
    [11, 0, 'time exceeded'],
    [42, 7, 'type 42 code 7'],
  ])('names ICMP type %i code %i "%s"', (type, code, text) => {
    const f = decode(ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 1, payload: icmp({ type, code, body: Buffer.alloc(8) }) }));
    expect(f.protocol).toBe('ICMP');
    expect(f.icmp).toEqual({ type, code, text });
    expect(f.summary).toBe(`ICMP ${text} 10.1.2.10 → 10.1.2.100`);
    expect(f.flow).toBeUndefined();
  });

  it('calls another IP protocol IPv4 and names it', () => {
    const f = decode(ipFrame({ src: '10.1.2.1', dst: '10.1.2.2', proto: 47, payload: Buffer.alloc(8) }));
    expect(f.protocol).toBe('IPv4');
    expect(f.ip?.proto).toBe(47);
    expect(f.summary).toBe('10.1.2.1 → 10.1.2.2 GRE');
  });

  it('reports IPv6 and unknown ethertypes without decoding them', () => {
    expect(decode(eth(0x86dd, Buffer.alloc(40)))).toMatchObject({ protocol: 'IPv6', summary: 'IPv6' });
    expect(decode(eth(0x88cc, Buffer.alloc(30)))).toMatchObject({ protocol: '0x88cc', summary: 'ethertype 0x88cc' });
    expect(decode(eth(0x0026, Buffer.alloc(38))).protocol).toBe('LLC');
  });
});

describe('VRRP', () => {
  it('decodes a v2 advert: vrid, priority, interval in seconds, addresses', () => {
    const f = decode(ipFrame({ src: '10.1.2.2', dst: '224.0.0.18', ttl: 255, proto: 112, payload: vrrp({ version: 2, vrid: 51, priority: 150, interval: 1, addresses: ['10.1.2.100'] }) }), 1);
    expect(f.protocol).toBe('VRRP');
    expect(f.ip).toEqual({ src: '10.1.2.2', dst: '224.0.0.18', ttl: 255, proto: 112 });
    expect(f.vrrp).toEqual({ vrid: 51, priority: 150, intervalS: 1, addresses: ['10.1.2.100'] });
    expect(f.summary).toBe('VRRP vrid 51 prio 150 10.1.2.100');
  });

  it('decodes a v3 advert, whose interval is in centiseconds, with two addresses', () => {
    const f = decode(ipFrame({ src: '10.1.2.3', dst: '224.0.0.18', proto: 112, payload: vrrp({ version: 3, vrid: 7, priority: 100, interval: 250, addresses: ['10.1.2.100', '10.1.2.101'] }) }));
    expect(f.vrrp).toEqual({ vrid: 7, priority: 100, intervalS: 2.5, addresses: ['10.1.2.100', '10.1.2.101'] });
    expect(f.summary).toBe('VRRP vrid 7 prio 100 10.1.2.100, 10.1.2.101');
  });

  it('keeps the addresses that were captured when the count says more', () => {
    const advert = vrrp({ version: 2, vrid: 1, priority: 100, interval: 1, addresses: ['10.1.2.100', '10.1.2.101'] });
    advert[3] = 9;
    const f = decode(ipFrame({ src: '10.1.2.3', dst: '224.0.0.18', proto: 112, payload: advert }));
    expect(f.vrrp?.addresses).toEqual(['10.1.2.100', '10.1.2.101', '0.0.0.0', '0.0.0.0']);
    expect(f.summary.endsWith('[truncated]')).toBe(true);
  });
});

describe('IP in IP', () => {
  it('decodes the inner header and its TCP for LVS-TUN, keyed by the inner connection', () => {
    const inner = ipv4({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: tcp({ srcPort: 5123, dstPort: 80, flags: TCP_SYN, seq: 9 }) });
    const f = decode(ipFrame({ src: '10.1.2.2', dst: '10.1.3.11', proto: 4, payload: inner }));
    expect(f.protocol).toBe('IPIP');
    expect(f.ip).toEqual({ src: '10.1.2.2', dst: '10.1.3.11', ttl: 64, proto: 4 });
    expect(f.inner).toEqual({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6 });
    expect(f.tcp).toEqual({ srcPort: 5123, dstPort: 80, flags: 'S', seq: 9, ack: 0, payload: 0 });
    expect(f.flow).toBe('tcp 10.1.2.100:80 10.1.2.10:5123');
    expect(f.summary).toBe('IPIP 10.1.2.2 → 10.1.3.11 (inner 10.1.2.10:5123 → 10.1.2.100:80 [S])');
  });

  it('decodes inner UDP and ICMP', () => {
    const innerUdp = ipv4({ src: '10.1.2.10', dst: '10.1.2.100', proto: 17, payload: udp({ srcPort: 999, dstPort: 53, payload: Buffer.alloc(3) }) });
    const u = decode(ipFrame({ src: '10.1.2.2', dst: '10.1.3.11', proto: 4, payload: innerUdp }));
    expect(u).toMatchObject({ protocol: 'IPIP', udp: { srcPort: 999, dstPort: 53, payload: 3 }, flow: 'udp 10.1.2.100:53 10.1.2.10:999' });
    const innerIcmp = ipv4({ src: '10.1.2.10', dst: '10.1.2.100', proto: 1, payload: icmp({ type: 8, code: 0 }) });
    const i = decode(ipFrame({ src: '10.1.2.2', dst: '10.1.3.11', proto: 4, payload: innerIcmp }));
    expect(i.icmp?.text).toBe('echo request');
    expect(i.summary).toBe('IPIP 10.1.2.2 → 10.1.3.11 (inner ICMP echo request 10.1.2.10 → 10.1.2.100)');
  });
});

describe('link layers', () => {
  it('skips one 802.1Q tag', () => {
    const tagged = ethernet({ src: CLIENT_MAC, dst: LB_MAC, vlan: 10, ethertype: 0x0800, payload: ipv4({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: tcp({ srcPort: 1, dstPort: 2, flags: TCP_SYN }) }) });
    expect(decode(tagged)).toMatchObject({ protocol: 'TCP', srcMac: CLIENT_MAC, tcp: { srcPort: 1, dstPort: 2 } });
  });

  it('reads Linux cooked v1: direction from the packet type, the source MAC only', () => {
    const payload = ipv4({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: tcp({ srcPort: 1, dstPort: 80, flags: TCP_SYN }) });
    const incoming = decode(sll({ packetType: 0, src: CLIENT_MAC, ethertype: 0x0800, payload }), 113);
    expect(incoming).toMatchObject({ direction: 'in', srcMac: CLIENT_MAC, srcHost: 'client', protocol: 'TCP' });
    expect(incoming.dstMac).toBeUndefined();
    expect(decode(sll({ packetType: 4, src: LB_MAC, ethertype: 0x0800, payload }), 113).direction).toBe('out');
  });

  it('reads Linux cooked v2: the interface by ifindex, direction, source MAC', () => {
    const payload = arp({ op: 1, senderMac: CLIENT_MAC, senderIp: '10.1.2.10', targetMac: '00:00:00:00:00:00', targetIp: '10.1.2.100' });
    const f = decodeFrame({
      linktype: 276,
      data: sll2({ packetType: 4, ifindex: 7, src: CLIENT_MAC, ethertype: 0x0806, payload }),
      macOwner,
      ifaceName: (i) => (i === 7 ? 'eth0' : undefined),
    });
    expect(f).toMatchObject({ iface: 'eth0', direction: 'out', srcMac: CLIENT_MAC, srcHost: 'client', protocol: 'ARP', summary: 'who-has 10.1.2.100 tell 10.1.2.10' });
  });

  it('says so for a link type it does not decode', () => {
    expect(decode(Buffer.alloc(40), 105)).toEqual({ protocol: 'unknown', summary: 'link type 105 (not decoded)' });
  });
});

describe('cut and lying frames', () => {
  it('decodes a SYN cut at every length as far as it goes, marking it truncated', () => {
    const full = synFrame();
    for (let len = 0; len < 14 + 20 + 20; len++) {
      const f = decode(full.subarray(0, len));
      expect(f.summary.endsWith(' [truncated]'), `cut at ${len}: ${f.summary}`).toBe(true);
      if (len >= 12) expect(f.srcMac).toBe(CLIENT_MAC);
      if (len >= 14 + 20) expect(f.ip?.src).toBe('10.1.2.10');
      if (len >= 14 + 20 + 4) expect(f.flow).toBe('tcp 10.1.2.100:80 10.1.2.10:51234');
      if (len >= 14 + 20 + 14) expect(f.tcp?.flags).toBe('S');
    }
    // The SYN's options cut: ports, flags and seq are all there, but the header is not whole.
    expect(decode(full.subarray(0, 14 + 20 + 30)).summary).toBe('10.1.2.10:51234 → 10.1.2.100:80 [S] seq 1 len 0 [truncated]');
    expect(decode(full).summary.endsWith('[truncated]')).toBe(false);
  });

  it('takes the payload length from a total length larger than the capture (a short snaplen), without calling it truncated', () => {
    const f = decode(ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, totalLength: 1500, payload: tcp({ srcPort: 1, dstPort: 80, flags: TCP_ACK | TCP_PSH }) }));
    expect(f.tcp?.payload).toBe(1460);
    expect(f.summary.endsWith('len 1460')).toBe(true);
  });

  it('says when the total length is shorter than the header itself', () => {
    const f = decode(ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 17, totalLength: 10, payload: udp({ srcPort: 1, dstPort: 2, payload: Buffer.alloc(4) }) }));
    expect(f.summary).toBe('10.1.2.10:1 → 10.1.2.100:2 UDP len 4 [bad IP total length 10]');
  });

  it('refuses an IP header with a wrong version or a header length under 20', () => {
    const packet = ipv4({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: Buffer.alloc(20) });
    packet[0] = 0x65;
    expect(decode(eth(0x0800, packet))).toMatchObject({ protocol: 'IPv4', summary: 'IPv4 bad IP version 6' });
    packet[0] = 0x44;
    expect(decode(eth(0x0800, packet)).summary).toBe('IPv4 bad IP header length 16');
  });

  it('turns a failure outside the byte checks (a throwing macOwner) into a frame that says so', () => {
    const f = decodeFrame({ linktype: 1, data: synFrame(), macOwner: () => { throw new Error('boom'); } });
    expect(f).toEqual({ protocol: 'unknown', summary: 'undecodable frame (decoder error: boom)' });
  });
});

/** mulberry32: a small seeded PRNG, so a failing run can be repeated. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fuzz', () => {
  const samples = [
    synFrame(),
    ipFrame({ src: '10.1.2.2', dst: '10.1.3.11', proto: 4, payload: ipv4({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: tcp({ srcPort: 5, dstPort: 80, flags: TCP_SYN }) }) }),
    ipFrame({ src: '10.1.2.2', dst: '224.0.0.18', proto: 112, payload: vrrp({ version: 3, vrid: 1, priority: 1, interval: 100, addresses: ['10.1.2.100'] }) }),
    ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 1, payload: icmp({ type: 3, code: 3 }) }),
    ipFrame({ src: '10.1.2.10', dst: '10.1.2.100', proto: 17, payload: udp({ srcPort: 1, dstPort: 2, payload: Buffer.alloc(5) }) }),
    eth(0x0806, arp({ op: 1, senderMac: CLIENT_MAC, senderIp: '10.1.2.10', targetMac: BCAST, targetIp: '10.1.2.100' })),
    sll({ packetType: 4, src: LB_MAC, ethertype: 0x0800, payload: ipv4({ src: '1.2.3.4', dst: '5.6.7.8', proto: 6, payload: tcp({ srcPort: 1, dstPort: 2, flags: 0 }) }) }),
    sll2({ packetType: 0, ifindex: 3, src: LB_MAC, ethertype: 0x0806, payload: arp({ op: 2, senderMac: LB_MAC, senderIp: '10.1.2.1', targetMac: CLIENT_MAC, targetIp: '10.1.2.10' }) }),
  ];
  const linktypeOf = (i: number) => (i < 6 ? 1 : i === 6 ? 113 : 276);

  it('never throws on 20000 random, cut and mutated frames (seeded)', () => {
    const random = prng(20240611);
    const int = (n: number) => Math.floor(random() * n);
    const protocols = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      let data: Buffer;
      let linktype: number;
      if (i % 3 === 0) {
        data = Buffer.from(Array.from({ length: int(120) }, () => int(256)));
        linktype = [1, 113, 276, int(300)][int(4)]!;
      } else {
        const pick = int(samples.length);
        linktype = linktypeOf(pick);
        data = Buffer.from(samples[pick]!.subarray(0, int(samples[pick]!.length + 1)));
        // Mutations weighted to the headers, where lengths and types live.
        for (let m = int(4); m > 0; m--) if (data.length) data[int(Math.min(data.length, 60))] = int(256);
      }
      let f: ReturnType<typeof decodeFrame> | undefined;
      expect(() => {
        f = decodeFrame({ linktype, data, macOwner, ifaceName: (n) => `if${n}` });
      }, `iteration ${i}: ${data.toString('hex')}`).not.toThrow();
      expect(f!.summary, `iteration ${i}: ${data.toString('hex')}`).not.toContain('decoder error');
      expect(f!.summary.length).toBeGreaterThan(0);
      protocols.add(f!.protocol);
    }
    // The mutations reached the decoders, not just the link layer.
    for (const p of ['TCP', 'UDP', 'ICMP', 'VRRP', 'ARP', 'IPIP', 'IPv4']) expect(protocols).toContain(p);
  });
});
