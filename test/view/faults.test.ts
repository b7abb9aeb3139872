// Faults (server/view/faults.ts): netem's and tbf's arguments, requests checked against the lab,
// and a task's drill against a FAKE lab side runtime (probes that print one reading, an engine
// agent that runs nothing and records each command): its steps in order, its waits, its restore
// in reverse, and a failing step that undoes the ones before it.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FaultStep } from '../../shared/lab-view.js';
import { OpslabError } from '../../server/errors.js';
import type { LabSideRuntime, SideStream } from '../../server/lab/runtime.js';
import { LAB_LOG_LINES } from '../../server/lab/types.js';
import { checkFault, drill, FaultBook, netemArgs, qdiscArgs } from '../../server/view/faults.js';
import type { EngineSample } from '../../server/view/samples.js';
import { codeOf, drLab, engineSample, ethLink, hostSample, loLink } from '../helpers/view-lab.js';


describe('netemArgs', () => {
  it('gives tc netem arguments for each field and their combinations', () => {
    expect(netemArgs({ delayMs: 100 })).toEqual(['delay', '100ms']);
    expect(netemArgs({ delayMs: 100, jitterMs: 10 })).toEqual(['delay', '100ms', '10ms']);
    expect(netemArgs({ jitterMs: 10 })).toEqual(['delay', '0ms', '10ms']);
    expect(netemArgs({ delayMs: 100, jitterMs: 0 })).toEqual(['delay', '100ms']);
    expect(netemArgs({ lossPct: 5 })).toEqual(['loss', '5%']);
    expect(netemArgs({ rateKbit: 1000.4 })).toEqual(['rate', '1000kbit']);
    expect(netemArgs({ delayMs: 100, jitterMs: 10, lossPct: 2.5, rateKbit: 512 })).toEqual(['delay', '100ms', '10ms', 'loss', '2.5%', 'rate', '512kbit']);
  });

  it('accepts the ends of each range', () => {
    expect(netemArgs({ delayMs: 0 })).toEqual(['delay', '0ms']);
    expect(netemArgs({ delayMs: 10_000, jitterMs: 5000 })).toEqual(['delay', '10000ms', '5000ms']);
    expect(netemArgs({ lossPct: 0 })).toEqual(['loss', '0%']);
    expect(netemArgs({ lossPct: 100 })).toEqual(['loss', '100%']);
    expect(netemArgs({ rateKbit: 8 })).toEqual(['rate', '8kbit']);
    expect(netemArgs({ rateKbit: 10_000_000 })).toEqual(['rate', '10000000kbit']);
  });

  it('refuses values out of range, not numbers, and a spec without any effect', () => {
    const bad = [{}, { delayMs: -1 }, { delayMs: 10_001 }, { jitterMs: 5001 }, { lossPct: 100.1 }, { lossPct: -0.1 }, { rateKbit: 7 }, { rateKbit: 10_000_001 }, { delayMs: Number.NaN }, { lossPct: Number.POSITIVE_INFINITY }, { delayMs: '100' as unknown as number }, { delayMs: '100ms; reboot' as unknown as number }];
    for (const spec of bad) expect(codeOf(() => netemArgs(spec)), JSON.stringify(spec)).toBe('BAD_REQUEST');
  });
});

describe('qdiscArgs', () => {
  it('uses tbf for a rate limit alone, with a burst of at least 10 ms of the rate', () => {
    expect(qdiscArgs({ rateKbit: 1000 })).toEqual(['tbf', 'rate', '1000kbit', 'burst', '1600', 'latency', '200ms']);
    expect(qdiscArgs({ rateKbit: 100_000 })).toEqual(['tbf', 'rate', '100000kbit', 'burst', '125000', 'latency', '200ms']);
  });

  it('uses netem for delay, jitter or loss, with the rate when given', () => {
    expect(qdiscArgs({ delayMs: 50 })).toEqual(['netem', 'delay', '50ms']);
    expect(qdiscArgs({ lossPct: 1, rateKbit: 1000 })).toEqual(['netem', 'loss', '1%', 'rate', '1000kbit']);
    expect(codeOf(() => qdiscArgs({}))).toBe('BAD_REQUEST');
  });
});

describe('checkFault', () => {
  const lab = drLab();

  it('takes no prototype name for a network (`constructor` passes the route schema; `in` found it on every object)', () => {
    for (const network of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
      for (const action of ['cut', 'heal', 'clear'] as const) expect(codeOf(() => checkFault(lab, { action, host: 'rs1', network })), `${action} ${network}`).toBe('NETWORK_NOT_FOUND');
      expect(codeOf(() => checkFault(lab, { action: 'netem', host: 'rs1', network, netem: { delayMs: 10 } })), network).toBe('NETWORK_NOT_FOUND');
    }
  });

  it('accepts stop and start without a network, and link faults on a network the host is on', () => {
    expect(codeOf(() => checkFault(lab, { action: 'stop', host: 'rs1' }))).toBeUndefined();
    expect(codeOf(() => checkFault(lab, { action: 'start', host: 'rs1' }))).toBeUndefined();
    for (const action of ['cut', 'heal', 'clear'] as const) expect(codeOf(() => checkFault(lab, { action, host: 'rs1', network: 'lan' }))).toBeUndefined();
    expect(codeOf(() => checkFault(lab, { action: 'netem', host: 'rs1', network: 'lan', netem: { delayMs: 100 } }))).toBeUndefined();
  });

  it('refuses an unknown host, an unknown network, a missing network, and a host not on the network', () => {
    expect(codeOf(() => checkFault(lab, { action: 'stop', host: 'rs9' }))).toBe('HOST_NOT_FOUND');
    expect(codeOf(() => checkFault(lab, { action: 'cut', host: 'rs9', network: 'lan' }))).toBe('HOST_NOT_FOUND');
    expect(codeOf(() => checkFault(lab, { action: 'cut', host: 'rs1', network: 'wan' }))).toBe('NETWORK_NOT_FOUND');
    expect(codeOf(() => checkFault(lab, { action: 'cut', host: 'rs1' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => checkFault(lab, { action: 'netem', host: 'rs1', netem: { delayMs: 1 } }))).toBe('BAD_REQUEST');
    const twoNets = { ...lab, subnets: { ...lab.subnets, wan: '10.124.0.0/24' } };
    expect(codeOf(() => checkFault(twoNets, { action: 'cut', host: 'rs1', network: 'wan' }))).toBe('BAD_REQUEST');
  });

  it("checks a netem fault's spec", () => {
    expect(codeOf(() => checkFault(lab, { action: 'netem', host: 'rs1', network: 'lan' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => checkFault(lab, { action: 'netem', host: 'rs1', network: 'lan', netem: { lossPct: 101 } }))).toBe('BAD_REQUEST');
  });
});

// ------------------------------------------------------------------ drill

const PEER: Record<string, number> = { client: 24, director: 21, rs1: 22, rs2: 23 };
const MACS: Record<string, string> = { client: '02:42:0a:7b:00:32', director: '02:42:0a:7b:00:0a', rs1: '02:42:0a:7b:00:0b', rs2: '02:42:0a:7b:00:0c' };
const ADDR: Record<string, string> = { client: '10.123.0.50', director: '10.123.0.10', rs1: '10.123.0.11', rs2: '10.123.0.12' };

/** A stream that prints `out` and ends with `code` once read (a command), or prints `out` and waits for stop (a probe). */
function stream(out: string, code: number | null | 'until-stopped'): SideStream {
  const stdout = new PassThrough();
  let stopped!: () => void;
  const stop = new Promise<void>((r) => (stopped = r));
  const ended = code === 'until-stopped' ? stop.then(() => null) : new Promise<number | null>((r) => stdout.on('end', () => r(code)));
  stdout.write(out);
  if (code !== 'until-stopped') stdout.end();
  return {
    stdout,
    ended,
    stop: async () => {
      stopped();
      stdout.end();
    },
  };
}

/**
 * The FAKE lab side runtime: host probes print one reading of the host (its eth0 with its lab
 * address, the engine end of its link at PEER[host]), the engine's probe prints the bridge and its
 * ports, and every other command (tc, ip link) and power change is recorded in `calls` and answers
 * as `answer` says (exit 0 by default).
 */
function fakeSide(answer: (argv: string[]) => { code: number; output?: string } = () => ({ code: 0 }), engine: (e: EngineSample) => EngineSample = (e) => e) {
  const calls: string[] = [];
  const at: number[] = [];
  const record = (c: string) => {
    calls.push(c);
    at.push(Date.now());
  };
  const FAKE: LabSideRuntime = {
    async prepare() {},
    async hostMacs() {
      return [];
    },
    async beside({ host, cmd }) {
      if (cmd[0] !== 'python3') throw new Error(`the fake runs only the probe beside a host, not ${cmd.join(' ')}`);
      const s = hostSample({ links: [loLink, ethLink(MACS[host.name]!, PEER[host.name]!)], addrs: [[1, '127.0.0.1/8'], [2, `${ADDR[host.name]}/24`]] });
      return stream(`${JSON.stringify(s)}\n`, 'until-stopped');
    },
    async onEngine({ cmd }) {
      if (cmd[0] === 'python3') {
        const e = engineSample({ bridge: 'br-lan', bridgeIndex: 5, bridgeMac: '02:42:9c:00:00:01', ports: Object.entries(PEER).map(([name, index]) => ({ index, name: `veth-${name}` })) });
        return stream(`${JSON.stringify(engine(e))}\n`, 'until-stopped');
      }
      // faults.ts runs argv as: sh -c '"$@" 2>&1' sh ARGV...
      const argv = cmd.slice(4);
      record(argv.join(' '));
      const a = answer(argv);
      return stream(a.output ?? '', a.code);
    },
    async power({ host, on }) {
      record(`power ${host.name} ${on ? 'on' : 'off'}`);
    },
    async bridgeOf(networkId) {
      if (networkId !== 'net-lan') throw new Error(`no network ${networkId}`);
      return 'br-lan';
    },
    async removeAgent() {},
  };
  return { FAKE, calls, at };
}

function drillOn(steps: FaultStep[], answer?: (argv: string[]) => { code: number; output?: string }, engine?: (e: EngineSample) => EngineSample) {
  const { FAKE, calls, at } = fakeSide(answer, engine);
  const lab = drLab(FAKE);
  const book = new FaultBook();
  return { lab, book, calls, at, run: () => drill({ lab, steps, by: 'drill:t1', ctx: { instance: 'test', image: 'opslab-probe', book } }) };
}

describe('drill', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('applies its steps in order on the engine end of each link, and restores in reverse', async () => {
    const d = drillOn([
      { action: 'stop', host: 'rs1' },
      { action: 'cut', host: 'rs2', network: 'lan' },
      { action: 'netem', host: 'client', network: 'lan', netem: { delayMs: 100, lossPct: 5 } },
    ]);
    const { restore } = await d.run();
    expect(d.calls).toEqual(['power rs1 off', 'ip link set dev veth-rs2 down', 'tc qdisc replace dev veth-client root netem delay 100ms loss 5%']);
    expect(d.book.applied('lab-1').map((f) => [f.kind, f.host, f.network, f.by])).toEqual([
      ['stopped', 'rs1', undefined, 'drill:t1'],
      ['cut', 'rs2', 'lan', 'drill:t1'],
      ['netem', 'client', 'lan', 'drill:t1'],
    ]);
    d.calls.length = 0;
    await restore();
    expect(d.calls).toEqual(['tc qdisc del dev veth-client root', 'ip link set dev veth-rs2 up', 'power rs1 on']);
    expect(d.book.applied('lab-1')).toEqual([]);
    // Each fault is in the lab's log and the book's events.
    expect(d.lab.log).toEqual([
      'rs1 powered off (drill:t1)',
      "rs2's link to lan cut (drill:t1)",
      "netem on client's link to lan: +100 ms, 5 % loss (drill:t1)",
      "netem cleared on client's link to lan (drill:t1)",
      "rs2's link to lan restored (drill:t1)",
      'rs1 powered on (drill:t1)',
    ]);
    expect(d.book.events('lab-1')).toHaveLength(6);
    // A second restore has nothing left to undo.
    d.calls.length = 0;
    await restore();
    expect(d.calls).toEqual([]);
  });

  it('uses tbf for a rate limit alone', async () => {
    const d = drillOn([{ action: 'netem', host: 'rs1', network: 'lan', netem: { rateKbit: 1000 } }]);
    await d.run();
    expect(d.calls).toEqual(['tc qdisc replace dev veth-rs1 root tbf rate 1000kbit burst 1600 latency 200ms']);
  });

  it('undoes only the faults it applied: start, heal and clear steps have nothing to undo', async () => {
    const d = drillOn([
      { action: 'start', host: 'rs1' },
      { action: 'heal', host: 'rs2', network: 'lan' },
      { action: 'clear', host: 'client', network: 'lan' },
    ]);
    const { restore } = await d.run();
    d.calls.length = 0;
    await restore();
    expect(d.calls).toEqual([]);
  });

  it('honours a wait between steps', async () => {
    const d = drillOn([{ action: 'stop', host: 'rs1' }, { action: 'wait', seconds: 0.25 }, { action: 'stop', host: 'rs2' }]);
    await d.run();
    expect(d.calls).toEqual(['power rs1 off', 'power rs2 off']);
    expect(d.at[1]! - d.at[0]!).toBeGreaterThanOrEqual(240);
  });

  it('waits at most 60 s, and a negative wait not at all', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const d = drillOn([{ action: 'wait', seconds: -5 }, { action: 'stop', host: 'rs1' }, { action: 'wait', seconds: 3600 }, { action: 'stop', host: 'rs2' }]);
    let done = false;
    const running = d.run().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(d.calls).toEqual(['power rs1 off']);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(d.calls).toEqual(['power rs1 off']);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await running;
    expect(d.calls).toEqual(['power rs1 off', 'power rs2 off']);
  });

  it('undoes the steps before a failing one, in reverse, and throws the failure', async () => {
    const d = drillOn(
      [
        { action: 'stop', host: 'rs1' },
        { action: 'cut', host: 'rs2', network: 'lan' },
        { action: 'netem', host: 'client', network: 'lan', netem: { delayMs: 100 } },
        { action: 'stop', host: 'director' },
      ],
      (argv) => (argv[0] === 'tc' && argv[2] === 'replace' ? { code: 2, output: 'RTNETLINK answers: Operation not permitted\n' } : { code: 0 }),
    );
    const err = await d.run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpslabError);
    expect((err as OpslabError).code).toBe('FAULT_FAILED');
    expect((err as OpslabError).message).toMatch(/Operation not permitted/);
    expect(d.calls).toEqual(['power rs1 off', 'ip link set dev veth-rs2 down', 'tc qdisc replace dev veth-client root netem delay 100ms', 'ip link set dev veth-rs2 up', 'power rs1 on']);
    expect(d.book.applied('lab-1')).toEqual([]);
  });

  it('restores every step even when one fails to undo, and then says what failed', async () => {
    const d = drillOn(
      [
        { action: 'cut', host: 'rs2', network: 'lan' },
        { action: 'stop', host: 'rs1' },
      ],
      (argv) => (argv.join(' ') === 'ip link set dev veth-rs2 up' ? { code: 2, output: 'RTNETLINK answers: No such device\n' } : { code: 0 }),
    );
    const applied = await d.run();
    const err = await applied.restore().then(
      () => undefined,
      (e: unknown) => e,
    );
    // rs1 was powered on although healing rs2's link failed after it; the failure is reported.
    expect(d.calls).toEqual(['ip link set dev veth-rs2 down', 'power rs1 off', 'power rs1 on', 'ip link set dev veth-rs2 up']);
    expect((err as OpslabError).code).toBe('FAULT_FAILED');
    expect((err as OpslabError).message).toMatch(/Undoing the drill failed: .*No such device/);
  });

  it('says so when the engine has no netem, and refuses a step the lab does not have before applying anything', async () => {
    const noNetem = drillOn([{ action: 'netem', host: 'rs1', network: 'lan', netem: { delayMs: 1 } }], () => ({ code: 2, output: 'Error: Specified qdisc kind is unknown.\n' }));
    await expect(noNetem.run()).rejects.toThrow(/no netem \(sch_netem\)/);
    const unknown = drillOn([{ action: 'stop', host: 'rs1' }, { action: 'cut', host: 'rs1', network: 'wan' }]);
    await expect(unknown.run()).rejects.toMatchObject({ code: 'NETWORK_NOT_FOUND' });
    expect(unknown.calls).toEqual(['power rs1 off', 'power rs1 on']);
  });

  it("refuses a link end that is not a port of this lab's bridge, or has a name tc could misread, and touches nothing", async () => {
    // rs1's peer index is a veth on another bridge (another lab's link): it must not be cut.
    const foreign = drillOn([{ action: 'cut', host: 'rs1', network: 'lan' }], undefined, (e) => ({ ...e, links: [...e.links.map((l) => (l[1] === 'veth-rs1' ? ([l[0], l[1], l[2], l[3], 99, l[5]] as typeof l) : l)), [99, 'br-other', 'aa:aa:aa:aa:aa:aa', 1, 0, 0]] }));
    await expect(foreign.run()).rejects.toMatchObject({ code: 'FAULT_FAILED' });
    expect(foreign.calls).toEqual([]);
    const oddName = drillOn([{ action: 'cut', host: 'rs1', network: 'lan' }], undefined, (e) => ({ ...e, links: e.links.map((l) => (l[1] === 'veth-rs1' ? ([l[0], 'veth rs1 up', l[2], l[3], l[4], l[5]] as typeof l) : l)) }));
    await expect(oddName.run()).rejects.toThrow(/Unexpected device name/);
    expect(oddName.calls).toEqual([]);
  });

  it('takes clearing a link without a qdisc as done', async () => {
    const d = drillOn([{ action: 'clear', host: 'rs1', network: 'lan' }], () => ({ code: 2, output: 'Error: Cannot delete qdisc with handle of zero.\n' }));
    await expect(d.run()).resolves.toBeDefined();
    expect(d.lab.log).toEqual(["netem cleared on rs1's link to lan (drill:t1)"]);
  });
});

describe('FaultBook', () => {
  it('keeps one record per kind, host and network, and forgets a lab', () => {
    const book = new FaultBook();
    book.set('l', { kind: 'netem', host: 'a', network: 'lan', netem: { delayMs: 1 }, by: 'x', since: 's' });
    book.set('l', { kind: 'netem', host: 'a', network: 'lan', netem: { delayMs: 2 }, by: 'y', since: 's' });
    book.set('l', { kind: 'cut', host: 'a', network: 'lan', by: 'x', since: 's' });
    expect(book.applied('l').map((f) => [f.kind, f.by])).toEqual([
      ['netem', 'y'],
      ['cut', 'x'],
    ]);
    book.clear('l', { kind: 'cut', host: 'a', network: 'lan' });
    expect(book.applied('l').map((f) => f.kind)).toEqual(['netem']);
    book.forget('l');
    expect(book.applied('l')).toEqual([]);
  });
});

describe("a lab's log under many faults", () => {
  // Every fault from the page (30 a minute) and every step of a drill (each check run of a task
  // with one) is a line in the lab's log, which every GET of the lab sends back: a learner looping
  // faults for a day grew it by tens of thousands of lines. It keeps its newest LAB_LOG_LINES.
  it('keeps only its newest lines, however many faults are applied', async () => {
    const d = drillOn([{ action: 'cut', host: 'rs2', network: 'lan' }]);
    for (let i = 0; i < 400; i++) await (await d.run()).restore();
    expect(d.lab.log).toHaveLength(LAB_LOG_LINES);
    expect(d.lab.log.at(-1)).toBe("rs2's link to lan restored (drill:t1)");
    // The book's events were already capped; they still are.
    expect(d.book.events('lab-1').length).toBeLessThanOrEqual(50);
  });
});
