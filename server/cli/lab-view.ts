// `opslab lab exec | view | capture | fault`: the lab view from the command line, on the CLI's labs,
// with the same data the page gets (server/view). --json prints what the API answers.
import { writeFile } from 'node:fs/promises';
import { CAPTURE_PRESET_IDS, type CaptureFrame, type FaultRequest, type NetemSpec } from '../../shared/lab-view.js';
import { OpslabError } from '../errors.js';
import type { Lab } from '../lab/types.js';
import { createInspector } from '../platform.js';
import { frameText, viewText } from '../view/text.js';
import type { LabInspector } from '../view/inspector.js';
import { defineCommand, oneOf, text, type ValueKind, wholeNumber } from './command.js';
import { CLI_INSTANCE, cliLabs, labOptions } from './cli-labs.js';

type Open = Awaited<ReturnType<typeof cliLabs>>;

/** A decimal number in a range (netem's loss percentage). */
const decimal = (min: number, max: number): ValueKind<number> => ({
  expected: `a number ${min}-${max}`,
  parse: (raw) => {
    if (!/^\d{1,7}(\.\d{1,3})?$/.test(raw)) return undefined;
    const n = Number(raw);
    return n >= min && n <= max ? n : undefined;
  },
});

/** The CLI's labs and an inspector on them; `fn` gets the lab asked for. Closes all whatever happens. */
async function withLab(props: { settings: Parameters<typeof cliLabs>[0]['settings']; values: { engine?: string; curriculum?: string }; id: string }, fn: (lab: Lab, inspector: LabInspector, open: Open) => Promise<number>): Promise<number> {
  const open = await cliLabs({ settings: props.settings, engine: props.values.engine as never, curriculum: props.values.curriculum });
  const inspector = createInspector({ labs: open.labs, instance: CLI_INSTANCE });
  try {
    const lab = open.labs.get(props.id);
    return await fn(lab, inspector, open);
  } finally {
    await inspector.close();
    await open.labs.close();
    await open.engines.close();
  }
}

const json = { type: 'boolean', description: 'print it as JSON' } as const;
const lab = { name: 'LAB', description: 'a lab id, as `opslab lab ls` prints it' } as const;

export const exec = defineCommand({
  name: 'lab exec',
  summary: "run a command in a lab host as root, with the lab's variables set (as in its terminal)",
  details: 'Exits with the command\'s exit code (124 when it ran out of time). With --json: {"lab", "host", "exitCode", "timedOut", "stdout", "output"}.',
  positionals: [lab, { name: 'HOST', description: 'a host of the lab' }, { name: 'COMMAND', description: 'the command and its arguments (after --)', variadic: true }],
  options: { ...labOptions, json, timeout: { type: 'string', value: 'SECONDS', description: 'give up after this long', kind: wholeNumber(1, 3600), default: '120' } },
  run: ({ args, settings }) =>
    withLab({ settings, values: args.values, id: args.positionals[0]! }, async (l, _i, { labs }) => {
      const [, host, ...cmd] = args.positionals;
      // Each argument quoted for bash, so `lab exec L h -- echo "a b"` runs what it says.
      const script = cmd.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
      const res = await labs.run({ lab: l, host: host!, script, timeoutMs: args.values.timeout * 1000 });
      if (args.values.json) process.stdout.write(`${JSON.stringify({ lab: l.id, host, exitCode: res.exitCode, timedOut: res.timedOut, stdout: res.stdout, output: res.output }, null, 2)}\n`);
      else process.stdout.write(res.output);
      return res.timedOut ? 124 : (res.exitCode ?? 1);
    }),
});

export const view = defineCommand({
  name: 'lab view',
  summary: "what the lab view shows: hosts, interfaces, the VIP's holders, neighbour caches, IPVS, VRRP, faults",
  details: 'Reads every running host once (nothing in the lab changes). With --json: the LiveView of GET /api/labs/:id/view.',
  positionals: [lab],
  options: { ...labOptions, json },
  run: ({ args, settings }) =>
    withLab({ settings, values: args.values, id: args.positionals[0]! }, async (l, inspector) => {
      const v = await inspector.view(l);
      process.stdout.write(args.values.json ? `${JSON.stringify(v, null, 2)}\n` : viewText(v));
      return 0;
    }),
});

export const capture = defineCommand({
  name: 'lab capture',
  summary: 'capture packets on a lab network (or a host interface), decoded, as JSON, or to a pcap file',
  details: 'Ends after --count frames or --seconds. With --json: {"lab", "where", "filter", "frames": [...], "stopped"}; with --pcap FILE the frames are written there (tcpdump -r / Wireshark read it).',
  positionals: [lab],
  options: {
    ...labOptions,
    network: { type: 'string', value: 'NET', description: 'capture every frame on this lab network (at the engine)' },
    host: { type: 'string', value: 'HOST', description: 'capture what this host sends and receives instead' },
    iface: { type: 'string', value: 'IFACE', description: 'with --host: its interface (default any)', kind: text },
    preset: { type: 'string', value: 'PRESET', description: 'the filter', kind: oneOf(CAPTURE_PRESET_IDS), default: 'all' },
    count: { type: 'string', value: 'N', description: 'stop after N frames', kind: wholeNumber(1, 5000), default: '50' },
    seconds: { type: 'string', value: 'S', description: 'stop after S seconds', kind: wholeNumber(1, 300), default: '30' },
    json,
    pcap: { type: 'string', value: 'FILE', description: 'write the frames to FILE as pcap', kind: text },
  },
  check: ({ values }) => (!values.network && !values.host ? 'say where: --network NET or --host HOST' : values.network && values.host ? '--network and --host: one of them' : undefined),
  run: ({ args, settings }) =>
    withLab({ settings, values: args.values, id: args.positionals[0]! }, async (l, inspector) => {
      const v = args.values;
      const frames: CaptureFrame[] = [];
      let stopped = '';
      const handle = await inspector.capture(l, { preset: v.preset, count: v.count, ...(v.network ? { network: v.network } : { host: v.host, iface: v.iface }) }, (ev) => {
        if (ev.type === 'frames') {
          frames.push(...ev.frames);
          if (!v.json && !v.pcap) for (const f of ev.frames) process.stdout.write(`${frameText(f)}\n`);
        }
        if (ev.type === 'stopped') stopped = ev.reason;
        if (ev.type === 'started' && !v.json) process.stderr.write(`capturing on ${ev.where}${ev.filter ? ` (${ev.filter})` : ''}\n`);
      });
      const timer = setTimeout(() => void handle.stop(`${v.seconds} s passed`), v.seconds * 1000);
      await handle.done;
      clearTimeout(timer);
      if (v.pcap) await writeFile(v.pcap, handle.pcap());
      if (v.json) process.stdout.write(`${JSON.stringify({ lab: l.id, where: handle.where, filter: handle.filter, frames, stopped }, null, 2)}\n`);
      else process.stderr.write(`${handle.frames()} frame(s); ${stopped}${v.pcap ? `; written to ${v.pcap}` : ''}\n`);
      return 0;
    }),
});

const ACTIONS = ['stop', 'start', 'cut', 'heal', 'netem', 'clear'] as const;

export const fault = defineCommand({
  name: 'lab fault',
  summary: 'power a host off or on, cut or heal its link to a network, add or clear netem on it',
  forms: ['lab fault LAB stop|start HOST', 'lab fault LAB cut|heal|clear HOST NETWORK', 'lab fault LAB netem HOST NETWORK [--delay MS] [--jitter MS] [--loss PCT] [--rate KBIT]'],
  details: 'Logged in the lab\'s log. With --json: {"lab", "faults"} (the faults this command applied).',
  positionals: [lab, { name: 'ACTION', description: ACTIONS.join('|') }, { name: 'HOST', description: 'a host of the lab' }, { name: 'NETWORK', description: 'the network of the link (cut, heal, netem, clear)', optional: true }],
  options: {
    ...labOptions,
    delay: { type: 'string', value: 'MS', description: 'netem: added delay', kind: wholeNumber(0, 10_000) },
    jitter: { type: 'string', value: 'MS', description: 'netem: jitter on the delay', kind: wholeNumber(0, 5000) },
    loss: { type: 'string', value: 'PCT', description: 'netem: lost packets, percent', kind: decimal(0, 100) },
    rate: { type: 'string', value: 'KBIT', description: 'netem: rate limit, kbit/s', kind: wholeNumber(8, 10_000_000) },
    json,
  },
  check: ({ positionals, values }) => {
    const action = positionals[1] as (typeof ACTIONS)[number];
    if (!ACTIONS.includes(action)) return `ACTION must be one of ${ACTIONS.join(', ')}`;
    if ((action === 'stop' || action === 'start') && positionals[3]) return `${action} takes no NETWORK`;
    if (action !== 'stop' && action !== 'start' && !positionals[3]) return `${action} needs the NETWORK of the link`;
    const netem = values.delay !== undefined || values.jitter !== undefined || values.loss !== undefined || values.rate !== undefined;
    if (action === 'netem' && !netem) return 'netem needs --delay, --jitter, --loss or --rate';
    if (action !== 'netem' && netem) return `--delay, --jitter, --loss and --rate go with netem, not ${action}`;
    return undefined;
  },
  run: ({ args, settings }) =>
    withLab({ settings, values: args.values, id: args.positionals[0]! }, async (l, inspector) => {
      const [, action, host, network] = args.positionals as [string, FaultRequest['action'], string, string | undefined];
      const v = args.values;
      const netem: NetemSpec = { ...(v.delay !== undefined ? { delayMs: v.delay } : {}), ...(v.jitter !== undefined ? { jitterMs: v.jitter } : {}), ...(v.loss !== undefined ? { lossPct: v.loss } : {}), ...(v.rate !== undefined ? { rateKbit: v.rate } : {}) };
      const faults = await inspector.fault(l, { action, host, ...(network ? { network } : {}), ...(action === 'netem' ? { netem } : {}) }, 'from the command line');
      if (v.json) process.stdout.write(`${JSON.stringify({ lab: l.id, faults }, null, 2)}\n`);
      else process.stdout.write(`${l.log.at(-1) ?? 'done'}\n`);
      return 0;
    }),
});

/** A lab of `opslab lab up --solve`: the solve scripts of its tasks, in order, up to `upto`. */
export async function solveUpTo(props: { open: Open; lab: Lab; steps: { taskId: string; host: string; script: string; name: string }[]; tasks: string[]; upto?: string; log: (line: string) => void }): Promise<void> {
  const { open, lab, steps, upto } = props;
  if (upto && !props.tasks.includes(upto)) throw new OpslabError('TASK_NOT_FOUND', `Exercise '${lab.exercise}' has no task '${upto}' (its tasks: ${props.tasks.join(', ')}).`);
  const last = upto ? props.tasks.indexOf(upto) : props.tasks.length - 1;
  for (const step of steps.filter((s) => props.tasks.indexOf(s.taskId) <= last)) {
    props.log(`solve ${step.taskId}: ${step.name} on ${step.host}`);
    const res = await open.labs.run({ lab, host: step.host, script: step.script, timeoutMs: 180_000 });
    if (res.exitCode !== 0) throw new OpslabError('LAB_SETUP_FAILED', `The solve script ${step.name} of task ${step.taskId} failed on ${step.host} (exit ${res.exitCode ?? 'timeout'}): ${res.output.trim().slice(-500)}`);
  }
}
