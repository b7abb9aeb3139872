// Faults on demand: power a host off and on (the engine stops and starts its container), pull its
// cable to a network and plug it back (the engine's end of its link set down and up: the host sees
// its carrier go, and nothing it can do in its own namespace undoes it), and netem on that link
// (delay, jitter, loss, rate on what the host receives, as a qdisc at the engine's end). Each is
// logged in the lab's log and kept with who did it; a task's drill (drill()) applies several and
// undoes them afterwards.
import type { FaultRecord, FaultRequest, FaultStep, NetemSpec } from '../../shared/lab-view.js';
import { engineDown, OpslabError } from '../errors.js';
import { assertReady } from '../lab/ready.js';
import type { SideStream } from '../lab/runtime.js';
import { appendLabLog, type Lab } from '../lab/types.js';
import { onLines, PROBE_SOURCE } from './collector.js';
import { type EngineSample, type HostSample, parseEngineLine, parseHostLine } from './samples.js';

/** A device name as the kernel allows them, nothing a shell could read otherwise (argv is used anyway). */
const DEVICE = /^[A-Za-z0-9_.-]{1,15}$/;

/** Faults applied by this process, per lab, and the lab's fault events. */
export class FaultBook {
  private readonly records = new Map<string, FaultRecord[]>();
  private readonly history = new Map<string, { at: string; text: string }[]>();

  applied(lab: string): FaultRecord[] {
    return this.records.get(lab) ?? [];
  }

  events(lab: string): { at: string; text: string }[] {
    return this.history.get(lab) ?? [];
  }

  note(lab: Lab, text: string): void {
    const list = this.history.get(lab.id) ?? [];
    list.push({ at: new Date().toISOString(), text });
    this.history.set(lab.id, list.slice(-50));
    appendLabLog(lab, text);
  }

  set(lab: string, f: FaultRecord): void {
    this.records.set(lab, [...this.applied(lab).filter((r) => !same(r, f)), f]);
  }

  clear(lab: string, f: Pick<FaultRecord, 'kind' | 'host' | 'network'>): void {
    this.records.set(lab, this.applied(lab).filter((r) => !same(r, f)));
  }

  forget(lab: string): void {
    this.records.delete(lab);
    this.history.delete(lab);
  }
}

const same = (a: Pick<FaultRecord, 'kind' | 'host' | 'network'>, b: Pick<FaultRecord, 'kind' | 'host' | 'network'>) => a.kind === b.kind && a.host === b.host && a.network === b.network;

export interface FaultContext {
  instance: string;
  image: string;
  book: FaultBook;
}

/** Checks a request against the lab: the host and network exist and the host is on the network. */
export function checkFault(lab: Lab, req: FaultRequest): void {
  const host = lab.hosts.find((h) => h.name === req.host);
  if (!host) throw new OpslabError('HOST_NOT_FOUND', `Lab ${lab.id} has no host '${req.host}'.`);
  if (req.action === 'stop' || req.action === 'start') return;
  if (!req.network) throw new OpslabError('BAD_REQUEST', `A ${req.action} fault needs the network whose link it is (one of: ${Object.keys(host.addresses).join(', ')}).`);
  // Own keys only: `in` finds `constructor` (a name the route's schema lets through) on any object.
  if (!Object.hasOwn(lab.subnets, req.network)) throw new OpslabError('NETWORK_NOT_FOUND', `Lab ${lab.id} has no network '${req.network}'.`);
  if (!Object.hasOwn(host.addresses, req.network)) throw new OpslabError('BAD_REQUEST', `${req.host} is not on network ${req.network} (it is on ${Object.keys(host.addresses).join(', ')}).`);
  if (req.action === 'netem') netemArgs(req.netem ?? {});
}

/** tc's arguments for a netem spec; a spec without any effect, or out of range, is a BAD_REQUEST. */
export function netemArgs(spec: NetemSpec): string[] {
  const args: string[] = [];
  const range = (v: number | undefined, name: string, min: number, max: number) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new OpslabError('BAD_REQUEST', `netem ${name} must be a number from ${min} to ${max}.`);
    return v;
  };
  const delay = range(spec.delayMs, 'delayMs', 0, 10_000);
  const jitter = range(spec.jitterMs, 'jitterMs', 0, 5000);
  const loss = range(spec.lossPct, 'lossPct', 0, 100);
  const rate = range(spec.rateKbit, 'rateKbit', 8, 10_000_000);
  if (delay !== undefined || jitter !== undefined) args.push('delay', `${delay ?? 0}ms`, ...(jitter ? [`${jitter}ms`] : []));
  if (loss !== undefined) args.push('loss', `${loss}%`);
  if (rate !== undefined) args.push('rate', `${Math.round(rate)}kbit`);
  if (!args.length) throw new OpslabError('BAD_REQUEST', 'A netem fault needs at least one of delayMs, jitterMs, lossPct, rateKbit.');
  return args;
}

/**
 * The qdisc for a spec: netem for delay, jitter or loss (with its rate when given); a rate limit
 * alone is tbf, which every kernel has (netem is a module some engines lack).
 */
export function qdiscArgs(spec: NetemSpec): string[] {
  const args = netemArgs(spec);
  if (args[0] !== 'rate') return ['netem', ...args];
  const kbit = Math.round(spec.rateKbit!);
  // A burst of at least 10 ms of the rate (and one MTU), a queue of 200 ms.
  return ['tbf', 'rate', `${kbit}kbit`, 'burst', `${Math.max(1600, Math.ceil((kbit * 1000) / 8 / 100))}`, 'latency', '200ms'];
}

const describe = (req: FaultRequest): string => {
  switch (req.action) {
    case 'stop':
      return `${req.host} powered off`;
    case 'start':
      return `${req.host} powered on`;
    case 'cut':
      return `${req.host}'s link to ${req.network} cut`;
    case 'heal':
      return `${req.host}'s link to ${req.network} restored`;
    case 'clear':
      return `netem cleared on ${req.host}'s link to ${req.network}`;
    case 'netem': {
      const n = req.netem ?? {};
      const parts = [n.delayMs !== undefined && `+${n.delayMs} ms${n.jitterMs ? ` ±${n.jitterMs}` : ''}`, n.lossPct !== undefined && `${n.lossPct} % loss`, n.rateKbit !== undefined && `${n.rateKbit} kbit/s`].filter(Boolean);
      return `netem on ${req.host}'s link to ${req.network}: ${parts.join(', ')}`;
    }
  }
};

/** Applies one fault; returns the faults this process has in force on the lab. */
export async function applyFault(props: { lab: Lab; req: FaultRequest; by: string; ctx: FaultContext }): Promise<FaultRecord[]> {
  const { lab, req, by, ctx } = props;
  checkFault(lab, req);
  assertReady(lab);
  const side = lab.runtime.side;
  if (!side) throw new OpslabError('VIEW_UNAVAILABLE');
  const host = lab.hosts.find((h) => h.name === req.host)!;
  const since = new Date().toISOString();
  const fail = (e: unknown): never => {
    const known = engineDown(e); // an engine that does not answer: ENGINE_DOWN, its address never told
    throw known instanceof OpslabError ? known : new OpslabError('FAULT_FAILED', `${describe(req)}: failed: ${(e as Error).message}`, { cause: e });
  };
  if (req.action === 'stop' || req.action === 'start') {
    await side.power({ instance: ctx.instance, lab: lab.id, host, on: req.action === 'start' }).catch(fail);
    if (req.action === 'stop') ctx.book.set(lab.id, { kind: 'stopped', host: host.name, by, since });
    else ctx.book.clear(lab.id, { kind: 'stopped', host: host.name });
  } else {
    const network = req.network!;
    const dev = await engineEnd({ lab, host: host.name, network, ctx }).catch(fail);
    const argv =
      req.action === 'cut' ? ['ip', 'link', 'set', 'dev', dev, 'down']
      : req.action === 'heal' ? ['ip', 'link', 'set', 'dev', dev, 'up']
      : req.action === 'netem' ? ['tc', 'qdisc', 'replace', 'dev', dev, 'root', ...qdiscArgs(req.netem ?? {})]
      : ['tc', 'qdisc', 'del', 'dev', dev, 'root'];
    const res = await onEngine({ lab, ctx, argv }).catch(fail);
    // Clearing a link without a qdisc is not an error: it is clear.
    if (res.code !== 0 && /qdisc kind is unknown/i.test(res.output)) {
      throw new OpslabError('FAULT_FAILED', `The ${lab.engine.kind} engine's kernel has no netem (sch_netem), so it cannot add delay or loss; a rate limit alone works (tbf). The vm engine's kernel has netem.`);
    }
    if (res.code !== 0 && !(req.action === 'clear' && /No such file|Cannot delete qdisc with handle of zero|Invalid handle/i.test(res.output))) fail(new Error(res.output.trim() || `exit ${res.code}`));
    if (req.action === 'cut') ctx.book.set(lab.id, { kind: 'cut', host: host.name, network, by, since });
    if (req.action === 'heal') ctx.book.clear(lab.id, { kind: 'cut', host: host.name, network });
    if (req.action === 'netem') ctx.book.set(lab.id, { kind: 'netem', host: host.name, network, netem: req.netem, by, since });
    if (req.action === 'clear') ctx.book.clear(lab.id, { kind: 'netem', host: host.name, network });
  }
  ctx.book.note(lab, `${describe(req)} (${by})`);
  return ctx.book.applied(lab.id);
}

/**
 * A task's drill: its faults in order (with waits), then `restore` undoes what was applied, in
 * reverse: stopped hosts started, cut links healed, netem cleared. A step that fails undoes the
 * steps before it and throws.
 */
export async function drill(props: { lab: Lab; steps: FaultStep[]; by: string; ctx: FaultContext }): Promise<{ restore(): Promise<void> }> {
  const undo: FaultRequest[] = [];
  /** Undoes every applied step, even after one fails; then throws what failed. */
  const restore = async () => {
    const failed: string[] = [];
    for (const req of undo.reverse()) await applyFault({ lab: props.lab, req, by: props.by, ctx: props.ctx }).catch((e: unknown) => failed.push((e as Error).message));
    undo.length = 0;
    if (failed.length) throw new OpslabError('FAULT_FAILED', `Undoing the drill failed: ${failed.join('; ')}`);
  };
  try {
    for (const step of props.steps) {
      if (step.action === 'wait') {
        await new Promise((r) => setTimeout(r, Math.min(60, Math.max(0, step.seconds)) * 1000));
        continue;
      }
      await applyFault({ lab: props.lab, req: step, by: props.by, ctx: props.ctx });
      const back = inverse(step);
      if (back) undo.push(back);
    }
  } catch (e) {
    await restore().catch(() => {}); // the step's own failure is the one to report
    throw e;
  }
  return { restore };
}

function inverse(req: FaultRequest): FaultRequest | undefined {
  switch (req.action) {
    case 'stop':
      return { action: 'start', host: req.host };
    case 'cut':
      return { action: 'heal', host: req.host, network: req.network };
    case 'netem':
      return { action: 'clear', host: req.host, network: req.network };
    default:
      return undefined;
  }
}

/** Runs argv in the engine's agent and returns its exit code and output (stdout and stderr). */
async function onEngine(props: { lab: Lab; ctx: FaultContext; argv: string[] }): Promise<{ code: number | null; output: string }> {
  const s = await props.lab.runtime.side!.onEngine({ instance: props.ctx.instance, image: props.ctx.image, cmd: ['sh', '-c', '"$@" 2>&1', 'sh', ...props.argv] });
  const chunks: Buffer[] = [];
  s.stdout.on('data', (c: Buffer) => chunks.push(c));
  const code = await withTimeout(s.ended, 20_000, s);
  return { code, output: Buffer.concat(chunks).toString('utf8').slice(0, 4000) };
}

async function withTimeout<T>(p: Promise<T>, ms: number, s: SideStream): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)))]);
  } catch (e) {
    await s.stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** The first line a probe prints, then it is stopped. */
async function firstLine<T>(open: Promise<SideStream>, parse: (line: string) => T | undefined): Promise<T> {
  const s = await open;
  const got = new Promise<T>((resolve, reject) => {
    onLines(s.stdout, (line) => {
      const v = parse(line);
      if (v) resolve(v);
    });
    void s.ended.then(() => reject(new Error('the probe ended without a reading')));
  });
  try {
    return await withTimeout(got, 30_000, s);
  } finally {
    await s.stop();
  }
}

/** One reading of a host and of the engine (the CLI's `lab view`, and finding a link's engine end). */
export async function readOnce(props: { lab: Lab; host: string; ctx: Pick<FaultContext, 'instance' | 'image'>; bridges?: string[] }): Promise<{ host: HostSample; engine?: EngineSample }> {
  const { lab, ctx } = props;
  const side = lab.runtime.side!;
  const hostRef = lab.hosts.find((h) => h.name === props.host)!;
  const [host, engine] = await Promise.all([
    firstLine(side.beside({ instance: ctx.instance, lab: lab.id, host: hostRef, image: ctx.image, cmd: ['python3', '-c', PROBE_SOURCE, 'host'] }), parseHostLine),
    props.bridges ? firstLine(side.onEngine({ instance: ctx.instance, image: ctx.image, cmd: ['python3', '-c', PROBE_SOURCE, 'engine', props.bridges.join(',')] }), parseEngineLine) : undefined,
  ]);
  return { host, engine };
}

/**
 * The engine's end of a host's link to a network: the host's interface with an address in the
 * network's subnet (or, when the learner took it away, the one Docker made for the network, by
 * topology order), its peer's index, and the bridge port with that index.
 */
async function engineEnd(props: { lab: Lab; host: string; network: string; ctx: FaultContext }): Promise<string> {
  const { lab, host, network, ctx } = props;
  const side = lab.runtime.side!;
  const index = Object.keys(lab.subnets).indexOf(network);
  const bridge = await side.bridgeOf(lab.networkIds[index]!);
  const { host: s, engine } = await readOnce({ lab, host, ctx, bridges: [bridge] });
  const address = lab.hosts.find((h) => h.name === host)!.addresses[network];
  const withAddress = s.addrs.find((a) => a[1].split('/')[0] === address)?.[0];
  const order = Object.keys(lab.hosts.find((h) => h.name === host)!.addresses).indexOf(network);
  const link = s.links.find((l) => l[0] === withAddress) ?? s.links.find((l) => l[1] === `eth${order}`);
  const br = engine?.links.find((l) => l[1] === bridge);
  const end = engine?.links.find((l) => link && l[0] === link[5] && br && l[4] === br[0]);
  if (!link || !end) throw new OpslabError('FAULT_FAILED', `Could not find ${host}'s link to ${network} on the engine (is ${host} running?).`);
  if (!DEVICE.test(end[1])) throw new OpslabError('FAULT_FAILED', `Unexpected device name on the engine: ${JSON.stringify(end[1])}.`);
  return end[1];
}
