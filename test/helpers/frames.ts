// Hand-built frames and pcap files for the capture decoder's tests: each helper writes one header
// field by field (lengths and the IPv4 checksum computed), so a test states only what it is about.

export function macBytes(mac: string): Buffer {
  return Buffer.from(mac.split(':').map((h) => Number.parseInt(h, 16)));
}

export function ipBytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

export function ethernet(props: { dst: string; src: string; ethertype: number; payload: Buffer; vlan?: number }): Buffer {
  const tag = props.vlan === undefined ? Buffer.alloc(0) : Buffer.concat([u16(0x8100), u16(props.vlan)]);
  return Buffer.concat([macBytes(props.dst), macBytes(props.src), tag, u16(props.ethertype), props.payload]);
}

/** Linux cooked v1: packet type (0 to us, 4 outgoing), ARPHRD_ETHER, the source MAC. */
export function sll(props: { packetType: number; src: string; ethertype: number; payload: Buffer }): Buffer {
  const addr = Buffer.concat([macBytes(props.src), Buffer.alloc(2)]);
  return Buffer.concat([u16(props.packetType), u16(1), u16(6), addr, u16(props.ethertype), props.payload]);
}

/** Linux cooked v2: protocol, reserved, ifindex, ARPHRD_ETHER, packet type, address length 6, address. */
export function sll2(props: { packetType: number; ifindex: number; src: string; ethertype: number; payload: Buffer }): Buffer {
  const addr = Buffer.concat([macBytes(props.src), Buffer.alloc(2)]);
  return Buffer.concat([u16(props.ethertype), u16(0), u32(props.ifindex), u16(1), Buffer.from([props.packetType, 6]), addr, props.payload]);
}

export function arp(props: { op: 1 | 2; senderMac: string; senderIp: string; targetMac: string; targetIp: string }): Buffer {
  return Buffer.concat([
    u16(1),
    u16(0x0800),
    Buffer.from([6, 4]),
    u16(props.op),
    macBytes(props.senderMac),
    ipBytes(props.senderIp),
    macBytes(props.targetMac),
    ipBytes(props.targetIp),
  ]);
}

/** An IPv4 packet; `totalLength` overrides the computed one (to make it lie). */
export function ipv4(props: {
  src: string;
  dst: string;
  proto: number;
  payload: Buffer;
  ttl?: number;
  options?: Buffer;
  totalLength?: number;
  fragmentOffset?: number;
}): Buffer {
  const options = props.options ?? Buffer.alloc(0);
  if (options.length % 4) throw new Error('IPv4 options must be a multiple of 4 bytes');
  const ihl = 5 + options.length / 4;
  const header = Buffer.concat([
    Buffer.from([0x40 | ihl, 0]),
    u16(props.totalLength ?? ihl * 4 + props.payload.length),
    u16(0x1234),
    u16((props.fragmentOffset ?? 0) / 8),
    Buffer.from([props.ttl ?? 64, props.proto]),
    u16(0),
    ipBytes(props.src),
    ipBytes(props.dst),
    options,
  ]);
  header.writeUInt16BE(checksum(header), 10);
  return Buffer.concat([header, props.payload]);
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += b.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export function tcp(props: { srcPort: number; dstPort: number; flags: number; seq?: number; ack?: number; options?: Buffer; payload?: Buffer }): Buffer {
  const options = props.options ?? Buffer.alloc(0);
  const dataOffset = 5 + options.length / 4;
  return Buffer.concat([
    u16(props.srcPort),
    u16(props.dstPort),
    u32(props.seq ?? 0),
    u32(props.ack ?? 0),
    Buffer.from([dataOffset << 4, props.flags]),
    u16(64240),
    u16(0),
    u16(0),
    options,
    props.payload ?? Buffer.alloc(0),
  ]);
}

export function udp(props: { srcPort: number; dstPort: number; payload: Buffer }): Buffer {
  return Buffer.concat([u16(props.srcPort), u16(props.dstPort), u16(8 + props.payload.length), u16(0), props.payload]);
}

/** ICMP with its 4 bytes of rest-of-header (identifier and sequence for echoes) and a body. */
export function icmp(props: { type: number; code: number; rest?: Buffer; body?: Buffer }): Buffer {
  return Buffer.concat([Buffer.from([props.type, props.code]), u16(0), props.rest ?? Buffer.alloc(4), props.body ?? Buffer.alloc(0)]);
}

/** A VRRP advertisement; `interval` is seconds for v2, centiseconds for v3. */
export function vrrp(props: { version: 2 | 3; vrid: number; priority: number; interval: number; addresses: string[] }): Buffer {
  const head = Buffer.from([(props.version << 4) | 1, props.vrid, props.priority, props.addresses.length]);
  const middle = props.version === 2 ? Buffer.from([0, props.interval]) : u16(props.interval & 0x0fff);
  const auth = props.version === 2 ? Buffer.alloc(8) : Buffer.alloc(0);
  return Buffer.concat([head, middle, u16(0), ...props.addresses.map(ipBytes), auth]);
}
