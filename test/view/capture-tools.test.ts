// The capture decoder against the real tools, in the lab image: tcpdump's own pcap streams (lo,
// and "any" as Linux cooked v1 and v2) read by PcapReader and decoded, checked against what
// tcpdump itself prints for the same bytes; and writePcap's files read by `tcpdump -r -`.
// Needs the Docker engine (localEngine fails loudly without one, as the repo's tests do: no
// skipping), so the fast unit lane leaves this file out.
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAB_IMAGE_LATEST } from '../../server/engine/images.js';
import { decodeFrame, type FrameFields } from '../../server/view/decode.js';
import { PcapReader, type PcapRecord, writePcap } from '../../server/view/pcap.js';
import { arp, ethernet, icmp, ipv4, TCP_ACK, TCP_SYN, tcp, udp, vrrp } from '../helpers/frames.js';
import { localEngine } from '../helpers/engine.js';

beforeAll(async () => {
  await localEngine();
});

/** Runs `docker` with `input` on stdin, handing stdout to `onStdout` chunk by chunk as it comes. */
function docker(args: string[], opts: { input?: Buffer; onStdout?: (chunk: Buffer) => void } = {}): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      opts.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr });
      else reject(new Error(`docker ${args.join(' ')} exited ${code}: ${stderr}`));
    });
    child.stdin.end(opts.input ?? Buffer.alloc(0));
  });
}

/**
 * Captures 10 frames on the container's own lo while curl fetches nginx's page (again until
 * tcpdump has its 10), streaming the pcap into a PcapReader as it arrives.
 */
async function captureHttp(tcpdumpArgs: string): Promise<{ reader: PcapReader; records: PcapRecord[]; pcap: Buffer }> {
  const script = [
    'nginx',
    `timeout 30 tcpdump ${tcpdumpArgs} -U -w - -c 10 2>/tmp/tcpdump.err &`,
    'pid=$!',
    'for i in $(seq 100); do grep -q listening /tmp/tcpdump.err && break; sleep 0.1; done',
    'while kill -0 $pid 2>/dev/null; do curl -s localhost >/dev/null; sleep 0.3; done',
    'wait $pid || { cat /tmp/tcpdump.err >&2; exit 1; }',
  ].join('\n');
  const reader = new PcapReader();
  const records: PcapRecord[] = [];
  const { stdout } = await docker(['run', '--rm', '--network', 'none', LAB_IMAGE_LATEST, 'bash', '-c', script], {
    onStdout: (chunk) => records.push(...reader.push(chunk)),
  });
  return { reader, records, pcap: stdout };
}

/** tcpdump's reading of a pcap file: one line per frame. */
async function tcpdumpRead(pcap: Buffer, flags = '-nn -tt'): Promise<string[]> {
  const { stdout } = await docker(['run', '--rm', '-i', '--network', 'none', LAB_IMAGE_LATEST, 'bash', '-c', `tcpdump ${flags} -r - 2>/dev/null`], { input: pcap });
  return stdout.toString().trimEnd().split('\n');
}

/** The first SYN, its SYN-ACK and the ACK after it, all of one connection. */
function handshake(frames: FrameFields[]): FrameFields[] {
  const syn = frames.find((f) => f.tcp?.flags === 'S');
  expect(syn, frames.map((f) => f.summary).join('\n')).toBeDefined();
  const same = frames.filter((f) => f.flow === syn!.flow);
  const synAck = same.find((f) => f.tcp?.flags === 'S.');
  const ack = same.find((f) => f.tcp?.flags === '.' && f.tcp.srcPort === syn!.tcp!.srcPort);
  expect(synAck).toBeDefined();
  expect(ack).toBeDefined();
  return [syn!, synAck!, ack!];
}

describe('real captures from tcpdump', () => {
  it('reads lo (Ethernet, zero MACs): a SYN, SYN-ACK and ACK of one flow, as tcpdump sees them', async () => {
    const { reader, records, pcap } = await captureHttp('-i lo');
    expect(reader.linktype).toBe(1);
    expect(records).toHaveLength(10);
    const frames = records.map((r) => decodeFrame({ linktype: 1, data: r.data }));
    const [syn, synAck, ack] = handshake(frames);
    expect(syn!.srcMac).toBe('00:00:00:00:00:00');
    expect(syn!.flow).toMatch(/^tcp 127\.0\.0\.1:\d+ 127\.0\.0\.1:80$/);
    expect(syn!.summary).toMatch(/^127\.0\.0\.1:\d+ → 127\.0\.0\.1:80 \[S\] seq \d+ len 0$/);
    expect(synAck!.tcp!.ack).toBe((syn!.tcp!.seq + 1) >>> 0);
    expect(ack!.tcp!.ack).toBe((synAck!.tcp!.seq + 1) >>> 0);
    // Frame by frame, the flags and payload lengths tcpdump prints for the same bytes.
    const lines = await tcpdumpRead(pcap);
    expect(lines).toHaveLength(10);
    lines.forEach((line, i) => {
      const m = /Flags \[([^\]]+)\].*, length (\d+)/.exec(line);
      expect(m, line).not.toBeNull();
      expect([frames[i]!.tcp?.flags, frames[i]!.tcp?.payload], line).toEqual([m![1], Number(m![2])]);
    });
  });

  it('reads "any" as Linux cooked v1 (-y LINUX_SLL, link type 113): direction and the handshake', async () => {
    const { reader, records } = await captureHttp('-i any -y LINUX_SLL');
    expect(reader.linktype).toBe(113);
    const frames = records.map((r) => decodeFrame({ linktype: 113, data: r.data }));
    const [syn] = handshake(frames);
    expect(syn!.direction).toBe('in');
    expect(syn!.srcMac).toBe('00:00:00:00:00:00');
    expect(syn!.dstMac).toBeUndefined();
  });

  it('reads plain "any", which tcpdump 4.99 writes as Linux cooked v2 (276): the interface by ifindex', async () => {
    const { reader, records } = await captureHttp('-i any');
    expect(reader.linktype).toBe(276);
    const frames = records.map((r) => decodeFrame({ linktype: 276, data: r.data, ifaceName: (i) => (i === 1 ? 'lo' : undefined) }));
    const [syn, synAck] = handshake(frames);
    expect([syn!.iface, synAck!.iface]).toEqual(['lo', 'lo']);
    expect(syn!.direction).toBe('in');
  });
});

describe('writePcap read by tcpdump -r', () => {
  const A = '02:42:0a:01:02:0a';
  const B = '02:42:0a:01:02:64';
  const eth = (ethertype: number, payload: Buffer, dst = B) => ethernet({ src: A, dst, ethertype, payload });
  const ip = (props: Parameters<typeof ipv4>[0]) => eth(0x0800, ipv4(props));
  const frames = [
    eth(0x0806, arp({ op: 1, senderMac: A, senderIp: '10.1.2.10', targetMac: '00:00:00:00:00:00', targetIp: '10.1.2.100' }), 'ff:ff:ff:ff:ff:ff'),
    eth(0x0806, arp({ op: 2, senderMac: B, senderIp: '10.1.2.100', targetMac: A, targetIp: '10.1.2.10' })),
    ip({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: tcp({ srcPort: 51234, dstPort: 80, flags: TCP_SYN, seq: 1 }) }),
    ip({ src: '10.1.2.100', dst: '10.1.2.10', proto: 6, payload: tcp({ srcPort: 80, dstPort: 51234, flags: TCP_SYN | TCP_ACK, seq: 500, ack: 2 }) }),
    ip({ src: '10.1.2.10', dst: '10.1.2.20', proto: 17, payload: udp({ srcPort: 40000, dstPort: 9999, payload: Buffer.from('hello') }) }),
    ip({ src: '10.1.2.10', dst: '10.1.2.100', proto: 1, payload: icmp({ type: 8, code: 0, rest: Buffer.from([0, 7, 0, 1]) }) }),
    ip({ src: '10.1.2.2', dst: '224.0.0.18', ttl: 255, proto: 112, payload: vrrp({ version: 2, vrid: 51, priority: 150, interval: 1, addresses: ['10.1.2.100'] }) }),
    ip({ src: '10.1.2.2', dst: '10.1.3.11', proto: 4, payload: ipv4({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: tcp({ srcPort: 5123, dstPort: 80, flags: TCP_SYN, seq: 9 }) }) }),
  ];
  const records: PcapRecord[] = frames.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsNsec: 123_456_789, caplen: data.length, len: data.length, data }));

  it('prints the frames it was given, with their timestamps', async () => {
    const lines = await tcpdumpRead(writePcap({ linktype: 1, snaplen: 262144, records }));
    const t = (i: number) => `${1_700_000_000 + i}.123456`;
    expect(lines).toEqual([
      `${t(0)} ARP, Request who-has 10.1.2.100 tell 10.1.2.10, length 28`,
      `${t(1)} ARP, Reply 10.1.2.100 is-at ${B}, length 28`,
      `${t(2)} IP 10.1.2.10.51234 > 10.1.2.100.80: Flags [S], seq 1, win 64240, length 0`,
      `${t(3)} IP 10.1.2.100.80 > 10.1.2.10.51234: Flags [S.], seq 500, ack 2, win 64240, length 0`,
      `${t(4)} IP 10.1.2.10.40000 > 10.1.2.20.9999: UDP, length 5`,
      `${t(5)} IP 10.1.2.10 > 10.1.2.100: ICMP echo request, id 7, seq 1, length 8`,
      `${t(6)} IP 10.1.2.2 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150, authtype none, intvl 1s, length 20`,
      `${t(7)} IP 10.1.2.2 > 10.1.3.11: IP 10.1.2.10.5123 > 10.1.2.100.80: Flags [S], seq 9, win 64240, length 0`,
    ]);
  });

  it('agrees with tcpdump on how every flag combination is written', async () => {
    const flagBytes = [0x02, 0x12, 0x10, 0x18, 0x11, 0x19, 0x04, 0x14, 0x01, 0x20, 0x30, 0xc2, 0x52, 0x29, 0x00, 0xff];
    const data = flagBytes.map((flags) => ip({ src: '10.1.2.10', dst: '10.1.2.100', proto: 6, payload: tcp({ srcPort: 1000, dstPort: 2000, flags }) }));
    const pcap = writePcap({ linktype: 1, snaplen: 262144, records: data.map((d) => ({ tsSec: 1, tsNsec: 0, caplen: d.length, len: d.length, data: d })) });
    const printed = (await tcpdumpRead(pcap)).map((line) => /Flags \[([^\]]*)\]/.exec(line)?.[1]);
    expect(data.map((d) => decodeFrame({ linktype: 1, data: d }).tcp?.flags)).toEqual(printed);
  });
});
