// One lab's collector: a probe per running host (probe.py beside it), one on the engine (its links
// and qdiscs, for cut links and netem), and the hosts' states from the engine's listing once a
// second. Every change of a sample rebuilds the view (build-view.ts); a view that differs from the
// last one is emitted. Nothing here enters a host or changes the lab.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { FaultRecord, HostRunState, LiveView } from '../../shared/lab-view.js';
import { reasonOf } from '../errors.js';
import type { SideStream } from '../lab/runtime.js';
import { LABELS, type Lab } from '../lab/types.js';
import { buildView, macOwners } from './build-view.js';
import { atArrival, type EngineSample, type HostSample, MAX_LINE, parseEngineLine, parseHostLine } from './samples.js';

export const PROBE_SOURCE = readFileSync(new URL('./probe.py', import.meta.url), 'utf8');

/** Host states are polled this often; a view is rebuilt at least this often (VRRP ages). */
const POLL_MS = 1000;
/** Changes within this window make one view. */
const COALESCE_MS = 40;
/** A probe that ended is started again after this long, while its host runs. */
const RETRY_MS = 2000;
/**
 * How often probes read (seconds between readings, and between the ones that fork ipvsadm or tc).
 * Under emulation (the vm engine without KVM) every wake-up of a probe costs many times what it
 * costs natively (bench/view): there the hosts are read twice a second, still within a second of
 * a change, and the engine's links and qdiscs once a second.
 */
export function probePace(kind: string): { host: [number, number]; engine: [number, number] } {
  return kind === 'vm' ? { host: [0.5, 1], engine: [1, 2] } : { host: [0.2, 0.5], engine: [0.5, 1] };
}

/** A probe prints at least every 3 s (probe.py HEARTBEAT): silent this long, it is stuck, and made again. */
const SILENT_MS = 10_000;

export interface CollectorProps {
  lab: Lab;
  instance: string;
  /** The probe image on the lab's engine. */
  image: string;
  /** Faults this process applied, and the lab's recent fault events (faults.ts). */
  applied: () => FaultRecord[];
  events: () => { at: string; text: string }[];
}

/** Splits a stream into lines, dropping any longer than MAX_LINE. */
export function onLines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    if (pending.length > MAX_LINE && !pending.includes('\n')) pending = '';
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) each(line);
  });
}

export class LabCollector extends EventEmitter<{ view: [LiveView] }> {
  private readonly samples: Record<string, HostSample | undefined> = {};
  private readonly unreadable: Record<string, string> = {};
  private readonly probes = new Map<string, SideStream>();
  private readonly over = new WeakSet<SideStream>();
  /** When each host's probe last printed (ms). */
  private readonly heard = new Map<string, number>();
  private engine?: EngineSample;
  private engineProbe?: SideStream;
  private states: Record<string, HostRunState> = {};
  private bridges: Record<string, string> = {};
  private engineMacs: Record<string, string[]> = {};
  private timer?: NodeJS.Timeout;
  private pending?: NodeJS.Timeout;
  private last?: LiveView;
  private lastKey = '';
  private stopped = false;
  /** Resolves once every running host and the engine have reported (or failed to). */
  readonly complete: Promise<void>;
  private markComplete!: () => void;

  constructor(private readonly props: CollectorProps) {
    super();
    this.complete = new Promise((r) => (this.markComplete = r));
  }

  get view(): LiveView | undefined {
    return this.last;
  }

  /** Who has each MAC, from what was read so far (a capture's host names). */
  owners(): Map<string, string> {
    return macOwners({ samples: this.samples, engine: this.engine, bridges: this.bridges, engineMacs: this.engineMacs });
  }

  async start(): Promise<void> {
    const { lab } = this.props;
    const side = lab.runtime.side;
    if (!side) throw new Error('this lab runtime has no probes');
    const names = Object.keys(lab.subnets);
    const bridges = await Promise.all(lab.networkIds.map((id) => side.bridgeOf(id)));
    this.bridges = Object.fromEntries(names.map((n, i) => [n, bridges[i]!]));
    // Each host's MACs as the engine made them: owners even while a host's probe cannot read it.
    const macs = await Promise.all(lab.hosts.map((h) => side.hostMacs(h).catch(() => [] as string[])));
    this.engineMacs = Object.fromEntries(lab.hosts.map((h, i) => [h.name, macs[i]!]));
    await this.poll();
    this.startEngineProbe();
    this.timer = setInterval(() => void this.poll().catch(() => {}), POLL_MS);
    this.timer.unref();
    this.checkComplete();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.pending);
    const all = [...this.probes.values(), ...(this.engineProbe ? [this.engineProbe] : [])];
    this.probes.clear();
    this.engineProbe = undefined;
    await Promise.all(all.map((p) => p.stop().catch(() => {})));
  }

  /** Build now and emit when it changed. */
  refresh(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    if (this.stopped) return;
    const { lab } = this.props;
    const view = buildView({ lab, states: this.states, samples: this.samples, unreadable: this.unreadable, engine: this.engine, bridges: this.bridges, engineMacs: this.engineMacs, applied: this.props.applied(), events: this.props.events(), now: Date.now() });
    const key = JSON.stringify({ ...view, at: '' });
    this.last = view;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.emit('view', view);
  }

  private soon(): void {
    this.pending ??= setTimeout(() => this.refresh(), COALESCE_MS);
  }

  private async poll(): Promise<void> {
    const { lab, instance } = this.props;
    const { containers } = await lab.runtime.listManaged({ instance, lab: lab.id });
    const states: Record<string, HostRunState> = {};
    for (const h of lab.hosts) {
      const c = containers.find((x) => x.Id === h.containerId && !x.Labels[LABELS.role]);
      states[h.name] = !c ? 'missing' : c.State === 'running' ? 'running' : 'stopped';
    }
    this.states = states;
    for (const h of lab.hosts) {
      // A reading older than this is not shown as the host's present: the probe is made again.
      const probe = this.probes.get(h.name);
      const last = this.heard.get(h.name);
      if (probe && last !== undefined && Date.now() - last > SILENT_MS) this.ended(h.name, probe, `its probe said nothing for ${Math.round((Date.now() - last) / 1000)} s`, true);
      if (states[h.name] === 'running' && !this.probes.has(h.name)) this.startProbe(h.name);
      if (states[h.name] !== 'running') this.samples[h.name] = undefined;
    }
    this.checkComplete();
    this.refresh();
  }

  private startProbe(name: string): void {
    const { lab, instance, image } = this.props;
    const host = lab.hosts.find((h) => h.name === name)!;
    const side = lab.runtime.side!;
    const placeholder: SideStream = { stdout: new PassThrough(), stop: async () => {}, ended: new Promise(() => {}) };
    this.probes.set(name, placeholder); // taken while it starts
    const [tick, slow] = probePace(lab.engine.kind).host;
    side.beside({ instance, lab: lab.id, host, image, cmd: ['python3', '-c', PROBE_SOURCE, 'host', '', String(tick), String(slow)] }).then(
      (probe) => {
        if (this.stopped || this.probes.get(name) !== placeholder) return void probe.stop();
        this.probes.set(name, probe);
        onLines(probe.stdout, (line) => {
          const sample = parseHostLine(line);
          if (!sample) return;
          this.samples[name] = atArrival(sample, Date.now());
          this.heard.set(name, Date.now());
          delete this.unreadable[name];
          this.checkComplete();
          this.soon();
        });
        void probe.ended.then(() => this.ended(name, probe, 'its probe ended'));
      },
      (e: unknown) => this.ended(name, placeholder, `its probe could not start: ${reasonOf(e)}`),
    );
  }

  private ended(name: string, probe: SideStream, why: string, stuck = false): void {
    if (this.stopped || this.probes.get(name) !== probe || this.over.has(probe)) return;
    this.over.add(probe); // its end after a stop for silence keeps the first reason
    this.unreadable[name] = why;
    this.samples[name] = undefined;
    this.heard.delete(name);
    if (stuck) void probe.stop().catch(() => {});
    this.checkComplete(name);
    this.soon();
    setTimeout(() => {
      if (this.probes.get(name) === probe) this.probes.delete(name); // the next poll starts it again if the host runs
    }, RETRY_MS).unref();
  }

  private startEngineProbe(): void {
    const { lab, instance, image } = this.props;
    lab.runtime
      .side!.onEngine({ instance, image, cmd: ['python3', '-c', PROBE_SOURCE, 'engine', Object.values(this.bridges).join(','), ...probePace(lab.engine.kind).engine.map(String)] })
      .then(
        (probe) => {
          if (this.stopped) return void probe.stop();
          this.engineProbe = probe;
          onLines(probe.stdout, (line) => {
            const sample = parseEngineLine(line);
            if (!sample) return;
            this.engine = sample;
            this.checkComplete();
            this.soon();
          });
          void probe.ended.then(() => {
            if (this.stopped || this.engineProbe !== probe) return;
            this.engineProbe = undefined;
            setTimeout(() => !this.stopped && this.startEngineProbe(), RETRY_MS).unref();
          });
        },
        () => {
          this.engine = { links: [], tc: '', error: 'the engine agent could not start' };
          this.checkComplete();
        },
      );
  }

  private checkComplete(failed?: string): void {
    const hosts = this.props.lab.hosts.filter((h) => this.states[h.name] === 'running');
    if (hosts.every((h) => this.samples[h.name] || this.unreadable[h.name] || h.name === failed) && this.engine) this.markComplete();
  }
}
