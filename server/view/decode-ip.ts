// IPv4 and what the labs send over it, for the capture decoder: the IPv4 header, IP in IP
// (LVS-TUN), TCP, UDP, ICMP and VRRP, each read only as far as the captured bytes go. What comes
// back is the part of a CaptureFrame these layers fill, with a summary line like tcpdump's.
import type { CaptureFrame } from '../../shared/lab-view.js';
import { has, ipv4At } from './bytes.js';
import { decodeTransport, type Transport } from './decode-transport.js';

/** The network layer's part of a frame; `truncated` when a header it needed was cut short. */
export type NetworkLayer = Pick<CaptureFrame, 'protocol' | 'summary' | 'arp' | 'ip' | 'inner' | 'tcp' | 'udp' | 'icmp' | 'vrrp' | 'flow'> & {
  truncated: boolean;
};

interface Ipv4Header {
  src: string;
  dst: string;
  ttl: number;
  proto: number;
  /** In bytes; non-zero for every fragment but the first, which alone has the transport header. */
  fragmentOffset: number;
  /** The payload's length as the header states it (the capture may hold less). */
  payloadLen: number;
  /** The payload bytes captured. */
  payload: Buffer;
  /** The header's options are cut short (the payload may be: that is the capture's snaplen). */
  truncated: boolean;
  /** Something the header gets wrong, for the summary. */
  problem?: string;
}

const PROTO_NAMES: Record<number, string> = { 2: 'IGMP', 47: 'GRE', 50: 'ESP', 51: 'AH', 89: 'OSPF', 132: 'SCTP' };

/** Reads an IPv4 header; a string says why there is none (or undefined when the bytes simply end). */
function parseIpv4(b: Buffer): Ipv4Header | string | undefined {
  if (!has(b, 0, 20)) return undefined;
  const version = b[0]! >> 4;
  if (version !== 4) return `bad IP version ${version}`;
  const ihl = (b[0]! & 0x0f) * 4;
  if (ihl < 20) return `bad IP header length ${ihl}`;
  const totalLen = b.readUInt16BE(2);
  let payloadLen = totalLen - ihl;
  let problem: string | undefined;
  // Total length 0 is what a capture shows for a segmentation-offloaded packet on its way out.
  if (totalLen === 0) payloadLen = Math.max(0, b.length - ihl);
  else if (totalLen < ihl) {
    problem = `bad IP total length ${totalLen}`;
    payloadLen = Math.max(0, b.length - ihl);
  }
  const end = Math.min(b.length, ihl + payloadLen);
  return {
    src: ipv4At(b, 12),
    dst: ipv4At(b, 16),
    ttl: b[8]!,
    proto: b[9]!,
    fragmentOffset: (b.readUInt16BE(6) & 0x1fff) * 8,
    payloadLen,
    payload: b.subarray(ihl, end),
    truncated: b.length < ihl,
    problem,
  };
}

/** An IPv4 packet and what it carries. */
export function decodeIpv4(b: Buffer): NetworkLayer {
  const h = parseIpv4(b);
  if (h === undefined) return { protocol: 'IPv4', summary: 'IPv4', truncated: true };
  if (typeof h === 'string') return { protocol: 'IPv4', summary: `IPv4 ${h}`, truncated: false };
  const ip = { src: h.src, dst: h.dst, ttl: h.ttl, proto: h.proto };
  const problem = h.problem ? ` [${h.problem}]` : '';
  if (h.fragmentOffset > 0) {
    return { protocol: 'IPv4', ip, summary: `${h.src} → ${h.dst} ${protoName(h.proto)} fragment offset ${h.fragmentOffset}${problem}`, truncated: false };
  }
  if (h.proto === 4) return decodeIpip(h, problem);
  const t = decodeTransport({ proto: h.proto, bytes: h.payload, payloadLen: h.payloadLen });
  return {
    ...t.fields,
    protocol: t.name ?? 'IPv4',
    ip,
    flow: flowKey(h, t),
    summary: describe(h, t, 'full') + problem,
    truncated: t.truncated || h.truncated,
  };
}

/** IP in IP: the outer header in `ip`, the inner one in `inner`, the inner transport in tcp/udp/icmp. */
function decodeIpip(outer: Ipv4Header, problem: string): NetworkLayer {
  const ip = { src: outer.src, dst: outer.dst, ttl: outer.ttl, proto: outer.proto };
  const head = `IPIP ${outer.src} → ${outer.dst}`;
  const h = parseIpv4(outer.payload);
  if (h === undefined) return { protocol: 'IPIP', ip, summary: `${head}${problem}`, truncated: true };
  if (typeof h === 'string') return { protocol: 'IPIP', ip, summary: `${head} (inner ${h})${problem}`, truncated: false };
  const inner = { src: h.src, dst: h.dst, proto: h.proto };
  if (h.fragmentOffset > 0 || h.proto === 4) {
    const what = h.fragmentOffset > 0 ? ` fragment offset ${h.fragmentOffset}` : '';
    return { protocol: 'IPIP', ip, inner, summary: `${head} (inner ${h.src} → ${h.dst} ${protoName(h.proto)}${what})${problem}`, truncated: h.truncated };
  }
  const t = decodeTransport({ proto: h.proto, bytes: h.payload, payloadLen: h.payloadLen });
  return {
    ...t.fields,
    protocol: 'IPIP',
    ip,
    inner,
    flow: flowKey(h, t),
    summary: `${head} (inner ${describe(h, t, 'short')})${problem}`,
    truncated: t.truncated || h.truncated,
  };
}

/** One line for the packet: "10.1.2.10:51234 → 10.1.2.100:80 [S] seq 1 len 0", "ICMP echo request a → b". */
function describe(h: Ipv4Header, t: Transport, style: 'full' | 'short'): string {
  const { tcp, udp, icmp, vrrp } = t.fields;
  const ends = t.ports ? `${h.src}:${t.ports[0]} → ${h.dst}:${t.ports[1]}` : `${h.src} → ${h.dst}`;
  if (tcp) {
    if (style === 'short') return `${ends} [${tcp.flags}]`;
    const ack = tcp.flags.includes('.') ? ` ack ${tcp.ack}` : '';
    return `${ends} [${tcp.flags}] seq ${tcp.seq}${ack} len ${tcp.payload}`;
  }
  if (udp) return `${ends} UDP len ${udp.payload}`;
  if (icmp) return `ICMP ${icmp.text} ${h.src} → ${h.dst}`;
  if (vrrp) return `VRRP vrid ${vrrp.vrid} prio ${vrrp.priority} ${vrrp.addresses.join(', ')}`.trimEnd();
  if (t.name === 'ICMP' || t.name === 'VRRP') return `${t.name} ${h.src} → ${h.dst}`;
  return `${ends} ${t.name ?? protoName(h.proto)}`;
}

/** The same key for both directions of a TCP or UDP conversation: "tcp 10.1.2.10:51234 10.1.2.100:80". */
function flowKey(h: Ipv4Header, t: Transport): string | undefined {
  if (!t.ports || (t.name !== 'TCP' && t.name !== 'UDP')) return undefined;
  const ends = [`${h.src}:${t.ports[0]}`, `${h.dst}:${t.ports[1]}`].sort();
  return `${t.name.toLowerCase()} ${ends[0]} ${ends[1]}`;
}

function protoName(proto: number): string {
  return PROTO_NAMES[proto] ?? `proto ${proto}`;
}
