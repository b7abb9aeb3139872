// A packet capture of a lab: tcpdump on a lab network's bridge in the engine's agent (every frame
// on that LAN), or on a host's interface in its probe (what that host sends and receives, without
// promiscuous mode). tcpdump writes pcap to its stdout; frames are decoded here (decode.ts) and
// sent on, at most RATE_PER_S a second (the rest counted as dropped), while the raw records stay in
// a ring for the pcap download. Bounded three ways: a frame count, a time limit, and the caller's
// stop (a page that closes).
import type { CaptureEvent, CaptureFrame, CaptureRequest } from '../../shared/lab-view.js';
import { engineDown, OpslabError } from '../errors.js';
import type { SideStream } from '../lab/runtime.js';
import type { Lab } from '../lab/types.js';
import { decodeFrame } from './decode.js';
import { PcapReader, type PcapRecord, writePcap } from './pcap.js';
import { isPresetId, presetFilter } from './presets.js';

export const CAPTURE_LIMITS = {
  /** Frames kept for the pcap download (the newest). */
  ring: 2000,
  /** Frames a second sent on to the page. */
  ratePerS: 100,
  /** A capture ends after this long. */
  maxSeconds: 300,
  /** Bytes kept of each frame: every header LVS uses (Ethernet, two IPv4, TCP with options). */
  snaplen: 192,
  maxCount: 5000,
  defaultCount: 500,
};

const IFACE = /^[A-Za-z0-9_.-]{1,15}$/;
const FLUSH_MS = 200;

export interface CaptureHandle {
  /** Where it runs and with which filter, for people. */
  where: string;
  filter: string;
  /** Resolves when the capture ended (count, time, stop, or failure). */
  done: Promise<void>;
  stop(reason?: string): Promise<void>;
  /** What was captured (the ring) as a pcap file. */
  pcap(): Buffer;
  frames(): number;
}

/** The capture's command and where it runs, from a request checked against the lab. */
export function captureCommand(lab: Lab, req: CaptureRequest, bridge?: string): { argv: string[]; filter: string; on: 'engine' | { host: string }; where: string } {
  if (!isPresetId(req.preset)) throw new OpslabError('BAD_REQUEST', `Unknown capture preset '${String(req.preset)}'.`);
  const count = req.count ?? CAPTURE_LIMITS.defaultCount;
  if (!Number.isInteger(count) || count < 1 || count > CAPTURE_LIMITS.maxCount) throw new OpslabError('BAD_REQUEST', `count must be a whole number from 1 to ${CAPTURE_LIMITS.maxCount}.`);
  const filter = presetFilter(req.preset, lab);
  const base = ['timeout', '-s', 'KILL', String(CAPTURE_LIMITS.maxSeconds), 'tcpdump', '-Z', 'root', '-U', '-w', '-', '-s', String(CAPTURE_LIMITS.snaplen), '-c', String(count)];
  const tail = filter ? [filter] : [];
  if (req.host) {
    if (!lab.hosts.some((h) => h.name === req.host)) throw new OpslabError('HOST_NOT_FOUND', `Lab ${lab.id} has no host '${req.host}'.`);
    const iface = req.iface ?? 'any';
    if (!IFACE.test(iface)) throw new OpslabError('BAD_REQUEST', `Not an interface name: ${JSON.stringify(iface)}.`);
    // -p: no promiscuous mode, so the capture changes nothing in the host.
    return { argv: [...base, '-p', '-i', iface, ...tail], filter, on: { host: req.host }, where: `host ${req.host}, interface ${iface}` };
  }
  if (!req.network) throw new OpslabError('BAD_REQUEST', 'Say where to capture: a network, or a host (and interface).');
  // Own keys only: `in` finds `constructor` (a name the route's schema lets through) on any object.
  if (!Object.hasOwn(lab.subnets, req.network)) throw new OpslabError('NETWORK_NOT_FOUND', `Lab ${lab.id} has no network '${req.network}'.`);
  if (!bridge || !IFACE.test(bridge)) throw new OpslabError('CAPTURE_FAILED', `The engine has no bridge for network ${req.network}.`);
  // The bridge is the engine's (promiscuous there shows frames between hosts; no lab host changes).
  return { argv: [...base, '-i', bridge, ...tail], filter, on: 'engine', where: `network ${req.network}` };
}

export async function startCapture(props: {
  lab: Lab;
  req: CaptureRequest;
  ctx: { instance: string; image: string };
  macOwner: (mac: string) => string | undefined;
  onEvent: (ev: CaptureEvent) => void;
  limits?: Partial<typeof CAPTURE_LIMITS>;
}): Promise<CaptureHandle> {
  const { lab, req, ctx, onEvent } = props;
  const limits = { ...CAPTURE_LIMITS, ...props.limits };
  const side = lab.runtime.side;
  if (!side) throw new OpslabError('VIEW_UNAVAILABLE');
  const bridge = req.network && Object.hasOwn(lab.subnets, req.network) ? await side.bridgeOf(lab.networkIds[Object.keys(lab.subnets).indexOf(req.network)]!) : undefined;
  const cmd = captureCommand(lab, req, bridge);
  const stream: SideStream = await (cmd.on === 'engine'
    ? side.onEngine({ instance: ctx.instance, image: ctx.image, cmd: cmd.argv })
    : side.beside({ instance: ctx.instance, lab: lab.id, host: lab.hosts.find((h) => h.name === (cmd.on as { host: string }).host)!, image: ctx.image, cmd: cmd.argv })
  ).catch((e: unknown) => {
    const known = engineDown(e); // an engine that does not answer: ENGINE_DOWN, its address never told
    throw known instanceof OpslabError ? known : new OpslabError('CAPTURE_FAILED', `The capture could not start: ${(e as Error).message}`, { cause: e });
  });

  const reader = new PcapReader();
  const ring: PcapRecord[] = [];
  let n = 0;
  let first: number | undefined;
  let batch: CaptureFrame[] = [];
  let dropped = 0;
  let windowStart = Date.now();
  let inWindow = 0;
  let started = false;
  let reason = 'the capture ended';
  const flush = () => {
    if (batch.length) onEvent({ type: 'frames', frames: batch });
    if (dropped) onEvent({ type: 'dropped', count: dropped });
    batch = [];
    dropped = 0;
  };
  const flusher = setInterval(flush, FLUSH_MS);
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  let over = false;
  const end = async (why: string) => {
    if (over) return;
    over = true;
    reason = why;
    clearInterval(flusher);
    clearTimeout(timer);
    await stream.stop().catch(() => {});
    flush();
    onEvent({ type: 'stopped', reason, frames: n });
    finish();
  };
  const timer = setTimeout(() => void end(`the time limit (${limits.maxSeconds} s)`), limits.maxSeconds * 1000);

  stream.stdout.on('data', (chunk: Buffer) => {
    if (over) return;
    let records: PcapRecord[];
    try {
      records = reader.push(chunk);
    } catch (e) {
      void end(`the capture's output could not be read: ${(e as Error).message}`);
      return;
    }
    if (!started && reader.linktype !== undefined) {
      started = true;
      onEvent({ type: 'started', linktype: reader.linktype, where: cmd.where, filter: cmd.filter, preset: req.preset });
    }
    for (const rec of records) {
      n++;
      ring.push(rec);
      if (ring.length > limits.ring) ring.shift();
      const at = rec.tsSec + rec.tsNsec / 1e9;
      if (first === undefined) first = at;
      const t0 = first;
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > limits.ratePerS) {
        dropped++;
        continue;
      }
      const fields = decodeFrame({ linktype: reader.linktype ?? 1, data: rec.data, macOwner: props.macOwner });
      batch.push({ n, t: Math.round((at - t0) * 1e6) / 1e6, caplen: rec.caplen, len: rec.len, ...fields });
    }
  });
  void stream.ended.then((code) => end(over ? reason : code === 0 ? `the frame count (${req.count ?? limits.defaultCount}) was reached` : code === 137 ? `the time limit (${limits.maxSeconds} s)` : `tcpdump ended (exit ${code ?? 'unknown'})`));

  return {
    where: cmd.where,
    filter: cmd.filter,
    done,
    stop: (why = 'stopped') => end(why),
    pcap: () => writePcap({ linktype: reader.linktype ?? 1, snaplen: limits.snaplen, records: ring }),
    frames: () => n,
  };
}
