// The lab view's entry point for the server and the CLI: one collector per watched lab however many
// pages watch it (stopped LINGER_MS after the last one leaves), faults and drills, captures (the
// latest one of each lab kept for its pcap download). A lab that is reset or destroyed ends its
// collector, its captures and its watchers' streams.
import type { CaptureEvent, CapturePreset, CaptureRequest, FaultRecord, FaultRequest, FaultStep, LiveView } from '../../shared/lab-view.js';
import type { Drill } from '../check/drill.js';
import type { Engine } from '../engine/types.js';
import { OpslabError } from '../errors.js';
import { assertReady } from '../lab/ready.js';
import type { LabSideRuntime } from '../lab/runtime.js';
import type { Lab } from '../lab/types.js';
import { type CaptureHandle, startCapture } from './capture.js';
import { LabCollector } from './collector.js';
import { applyFault, drill, FaultBook } from './faults.js';
import { presetsFor } from './presets.js';

/** A collector nobody watches is stopped after this long (a page reloading comes back within it). */
const LINGER_MS = 3000;
/** A one-shot view waits this long for every host's first reading. */
const SNAPSHOT_MS = 20_000;

export type ViewEvent = { type: 'view'; view: LiveView } | { type: 'gone' };

interface Watched {
  /** Set once the image is known; started resolves when it runs. */
  collector?: LabCollector;
  started: Promise<LabCollector>;
  listeners: Set<(ev: ViewEvent) => void>;
  linger?: NodeJS.Timeout;
}

export interface InspectorOptions {
  instance: string;
  /** The image probes and the agent run (the lab image) on an engine. */
  image: (engine: Engine) => Promise<string>;
  /** Subscribes to labs that are destroyed, reset or failed; returns the unsubscribe function. */
  onGone: (listener: (labId: string) => void) => () => void;
}

export class LabInspector {
  private readonly watched = new Map<string, Watched>();
  private readonly captures = new Map<string, Set<CaptureHandle>>();
  private readonly lastCapture = new Map<string, CaptureHandle>();
  readonly book = new FaultBook();
  private readonly offGone: () => void;
  /** Engines (their side runtimes) whose agent this inspector may have made. */
  private readonly sides = new Set<LabSideRuntime>();

  constructor(private readonly opts: InspectorOptions) {
    this.offGone = opts.onGone((id) => void this.labGone(id));
  }

  /**
   * Makes a ready lab's probes (and its engine's agent) in the background, one after another, so a
   * first look at the view does not wait for containers (minutes under emulation otherwise).
   */
  async prepare(lab: Lab): Promise<void> {
    const side = lab.runtime.side;
    if (!side || lab.state !== 'ready') return;
    this.sides.add(side);
    const image = await this.opts.image(lab.engine);
    for (const host of lab.hosts) await side.prepare({ instance: this.opts.instance, lab: lab.id, host, image }).catch(() => {});
  }

  /** Streams the lab's view to `listener` from now on (the current one first); returns the unsubscribe function. */
  async watch(lab: Lab, listener: (ev: ViewEvent) => void): Promise<() => void> {
    const w = await this.collectorOf(lab);
    // The lab was reset or destroyed while the collector started: its watchers were told; so is this one.
    if (this.watched.get(lab.id) !== w) {
      listener({ type: 'gone' });
      return () => {};
    }
    clearTimeout(w.linger);
    w.linger = undefined;
    w.listeners.add(listener);
    if (w.collector?.view) listener({ type: 'view', view: w.collector.view });
    return () => {
      if (!w.listeners.delete(listener) || w.listeners.size) return;
      w.linger = setTimeout(() => void this.unwatch(lab.id, w), LINGER_MS);
      w.linger.unref();
    };
  }

  /** The view now: the watched one, or one made for this call (every running host read once). */
  async view(lab: Lab): Promise<LiveView> {
    const w = await this.collectorOf(lab);
    const collector = await w.started;
    try {
      await Promise.race([collector.complete, new Promise((r) => setTimeout(r, SNAPSHOT_MS).unref())]);
      collector.refresh();
      return collector.view!;
    } finally {
      if (!w.listeners.size && !w.linger) {
        w.linger = setTimeout(() => void this.unwatch(lab.id, w), LINGER_MS);
        w.linger.unref();
      }
    }
  }

  async fault(lab: Lab, req: FaultRequest, by: string): Promise<FaultRecord[]> {
    const faults = await applyFault({ lab, req, by, ctx: await this.ctx(lab) });
    this.watched.get(lab.id)?.collector?.refresh();
    return faults;
  }

  /** A task's drill (faults.ts drill): returns its restore. */
  async drill(lab: Lab, steps: FaultStep[], by: string): Promise<{ restore(): Promise<void> }> {
    return drill({ lab, steps, by, ctx: await this.ctx(lab) });
  }

  /** The check runner's drill (check/run.ts) for checks in this lab; `by` says who runs them. */
  drillOf(lab: Lab, by: string): Drill {
    return ({ taskId, steps }) => this.drill(lab, steps, `${by}, task ${taskId}`);
  }

  presets(lab: Lab): CapturePreset[] {
    return presetsFor(lab);
  }

  /** Starts a capture; it ends by its limits, by stop(), or when the lab goes. */
  async capture(lab: Lab, req: CaptureRequest, onEvent: (ev: CaptureEvent) => void): Promise<CaptureHandle> {
    this.ready(lab);
    const owners = await this.macOwners(lab);
    const handle = await startCapture({ lab, req, ctx: await this.ctx(lab), macOwner: (mac) => (mac === 'ff:ff:ff:ff:ff:ff' ? 'broadcast' : owners.get(mac)), onEvent });
    const set = this.captures.get(lab.id) ?? new Set();
    set.add(handle);
    this.captures.set(lab.id, set);
    this.lastCapture.set(lab.id, handle);
    void handle.done.then(() => set.delete(handle));
    return handle;
  }

  /** The latest capture of the lab as a pcap file. */
  pcap(lab: Lab): Buffer {
    const last = this.lastCapture.get(lab.id);
    if (!last) throw new OpslabError('NOT_FOUND', 'This lab has no capture yet: start one first.');
    return last.pcap();
  }

  /** Ends every collector and capture, and removes the engine agents this inspector used. */
  async close(): Promise<void> {
    this.offGone();
    await Promise.all([...this.watched.keys()].map((id) => this.labGone(id, false)));
    await Promise.all([...this.sides].map((side) => side.removeAgent({ instance: this.opts.instance })));
    this.sides.clear();
  }

  private ready(lab: Lab): void {
    if (!lab.runtime.side) throw new OpslabError('VIEW_UNAVAILABLE');
    assertReady(lab);
  }

  private async ctx(lab: Lab) {
    if (lab.runtime.side) this.sides.add(lab.runtime.side);
    return { instance: this.opts.instance, image: await this.opts.image(lab.engine), book: this.book };
  }

  /** MACs of the lab's hosts and bridges, from a view (watched or read now). */
  private async macOwners(lab: Lab): Promise<Map<string, string>> {
    if (!this.watched.get(lab.id)?.collector?.view) await this.view(lab); // every host read once
    return this.watched.get(lab.id)?.collector?.owners() ?? new Map();
  }

  private async collectorOf(lab: Lab): Promise<Watched> {
    this.ready(lab);
    let w = this.watched.get(lab.id);
    if (!w) {
      // Made in this tick, so two pages opening at once share one collector.
      const listeners = new Set<(ev: ViewEvent) => void>();
      const made: Watched = {
        listeners,
        started: this.opts.image(lab.engine).then(async (image) => {
          if (lab.runtime.side) this.sides.add(lab.runtime.side);
          const collector = new LabCollector({ lab, instance: this.opts.instance, image, applied: () => this.book.applied(lab.id), events: () => this.book.events(lab.id) });
          collector.on('view', (view) => {
            for (const l of listeners) l({ type: 'view', view });
          });
          made.collector = collector;
          await collector.start();
          return collector;
        }),
      };
      w = made;
      this.watched.set(lab.id, w);
    }
    const watched = w;
    await watched.started.catch(async (e: unknown) => {
      await this.unwatch(lab.id, watched);
      throw e;
    });
    return watched;
  }

  private async unwatch(id: string, w: Watched): Promise<void> {
    if (this.watched.get(id) !== w) return;
    this.watched.delete(id);
    clearTimeout(w.linger);
    await w.started.then((c) => c.stop(), () => {});
  }

  private async labGone(id: string, forget = true): Promise<void> {
    const w = this.watched.get(id);
    if (w) {
      for (const l of w.listeners) l({ type: 'gone' });
      await this.unwatch(id, w);
    }
    await Promise.all([...(this.captures.get(id) ?? [])].map((c) => c.stop('the lab was reset or destroyed')));
    this.captures.delete(id);
    if (forget) {
      this.book.forget(id);
      this.lastCapture.delete(id);
    }
  }
}
