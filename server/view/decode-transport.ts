// The headers an IPv4 packet of a lab carries, for the capture decoder: TCP, UDP, ICMP and VRRP
// (v2 and v3). Each reads only the bytes captured; lengths come from the headers (IP's total
// length, UDP's length), since a capture's snaplen may cut the payload but not what it was.
import type { CaptureFrame } from '../../shared/lab-view.js';
import { has, ipv4At } from './bytes.js';

export interface Transport {
  /** "TCP", "UDP", "ICMP", "VRRP"; undefined for a protocol not decoded here. */
  name?: 'TCP' | 'UDP' | 'ICMP' | 'VRRP';
  fields: Pick<CaptureFrame, 'tcp' | 'udp' | 'icmp' | 'vrrp'>;
  /** Source and destination ports (TCP, UDP), when captured. */
  ports?: [number, number];
  /** Its header is cut short. */
  truncated: boolean;
}

/** The transport header in `bytes` (as captured) of an IP payload of `payloadLen` bytes. */
export function decodeTransport(props: { proto: number; bytes: Buffer; payloadLen: number }): Transport {
  const { proto, bytes, payloadLen } = props;
  switch (proto) {
    case 1:
      return decodeIcmp(bytes);
    case 6:
      return decodeTcp(bytes, payloadLen);
    case 17:
      return decodeUdp(bytes, payloadLen);
    case 112:
      return decodeVrrp(bytes);
    default:
      return { fields: {}, truncated: false };
  }
}

// tcpdump's letters, in the order it prints them (print-tcp.c): "S.", "FP.", "SEW".
const TCP_FLAGS: [bit: number, letter: string][] = [
  [0x01, 'F'],
  [0x02, 'S'],
  [0x04, 'R'],
  [0x08, 'P'],
  [0x10, '.'],
  [0x20, 'U'],
  [0x40, 'E'],
  [0x80, 'W'],
];

/** The flags byte as tcpdump writes it ("none" when no flag is set, as tcpdump does). */
export function tcpFlags(byte: number): string {
  const letters = TCP_FLAGS.filter(([bit]) => byte & bit).map(([, letter]) => letter);
  return letters.length ? letters.join('') : 'none';
}

function decodeTcp(b: Buffer, payloadLen: number): Transport {
  if (!has(b, 0, 4)) return { name: 'TCP', fields: {}, truncated: true };
  const ports: [number, number] = [b.readUInt16BE(0), b.readUInt16BE(2)];
  if (!has(b, 0, 14)) return { name: 'TCP', fields: {}, ports, truncated: true };
  const headerLen = (b[12]! >> 4) * 4;
  const tcp = {
    srcPort: ports[0],
    dstPort: ports[1],
    flags: tcpFlags(b[13]!),
    seq: b.readUInt32BE(4),
    ack: b.readUInt32BE(8),
    payload: Math.max(0, payloadLen - Math.max(20, headerLen)),
  };
  return { name: 'TCP', fields: { tcp }, ports, truncated: b.length < Math.max(20, headerLen) };
}

function decodeUdp(b: Buffer, payloadLen: number): Transport {
  if (!has(b, 0, 4)) return { name: 'UDP', fields: {}, truncated: true };
  const ports: [number, number] = [b.readUInt16BE(0), b.readUInt16BE(2)];
  // UDP's own length when it is there and sane, else what IP says is left.
  const udpLen = has(b, 4, 2) ? b.readUInt16BE(4) : 0;
  const payload = udpLen >= 8 && udpLen <= payloadLen ? udpLen - 8 : Math.max(0, payloadLen - 8);
  return { name: 'UDP', fields: { udp: { srcPort: ports[0], dstPort: ports[1], payload } }, ports, truncated: b.length < 8 };
}

const ICMP_TYPES: Record<number, string> = {
  0: 'echo reply',
  3: 'destination unreachable',
  4: 'source quench',
  5: 'redirect',
  8: 'echo request',
  9: 'router advertisement',
  10: 'router solicitation',
  11: 'time exceeded',
  12: 'parameter problem',
  13: 'timestamp request',
  14: 'timestamp reply',
};

const ICMP_UNREACHABLE: Record<number, string> = {
  0: 'net unreachable',
  1: 'host unreachable',
  2: 'protocol unreachable',
  3: 'port unreachable',
  4: 'fragmentation needed',
  5: 'source route failed',
  6: 'net unknown',
  7: 'host unknown',
  9: 'net prohibited',
  10: 'host prohibited',
  13: 'administratively prohibited',
};

/** "echo request", "port unreachable", "type 42 code 0". */
export function icmpText(type: number, code: number): string {
  if (type === 3) return ICMP_UNREACHABLE[code] ?? `unreachable code ${code}`;
  const name = ICMP_TYPES[type];
  if (!name) return `type ${type} code ${code}`;
  return code === 0 || type === 5 || type === 11 || type === 12 ? name : `${name} code ${code}`;
}

function decodeIcmp(b: Buffer): Transport {
  if (!has(b, 0, 2)) return { name: 'ICMP', fields: {}, truncated: true };
  const type = b[0]!;
  const code = b[1]!;
  return { name: 'ICMP', fields: { icmp: { type, code, text: icmpText(type, code) } }, truncated: b.length < 8 };
}

/** A VRRP advertisement: v2 (interval in seconds) or v3 (centiseconds), IPv4 addresses. */
function decodeVrrp(b: Buffer): Transport {
  if (!has(b, 0, 8)) return { name: 'VRRP', fields: {}, truncated: true };
  const version = b[0]! >> 4;
  if (version !== 2 && version !== 3) return { name: 'VRRP', fields: {}, truncated: false };
  const intervalS = version === 2 ? b[5]! : (b.readUInt16BE(4) & 0x0fff) / 100;
  const count = b[3]!;
  const addresses: string[] = [];
  for (let i = 0; i < count && has(b, 8 + 4 * i, 4); i++) addresses.push(ipv4At(b, 8 + 4 * i));
  return {
    name: 'VRRP',
    fields: { vrrp: { vrid: b[1]!, priority: b[2]!, intervalS, addresses } },
    truncated: addresses.length < count,
  };
}
