// A task's drill: the faults the platform applies before the task's checks (power a host off,
// pull a cable, slow a link) and undoes after them. The YAML form (one key per step) and the
// rules a schema cannot express (the hosts and networks exist, the host is on the network).
import { z } from 'zod';
import type { FaultRequest, FaultStep } from '../../shared/lab-view.js';
import { didYouMean, type PathPart, type Problem, type YamlFile } from './yaml.js';

// The same rule as a host or network name of the topology (schema.ts), kept here so that this
// file and schema.ts do not import each other.
const labName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, 'names start with a letter and use lower-case letters, digits and dashes (max 31)');

const host = labName.describe('A host of the lab topology.');
const network = labName.describe('A network of the lab topology that the host is on: the link is the host\'s cable to it.');

const link = z.strictObject({ host, network });

const netem = z
  .strictObject({
    host,
    network,
    delayMs: z.number().int().min(0).max(10_000).optional().describe('Delay added to the packets on the link, in ms (0-10000).'),
    jitterMs: z.number().int().min(0).max(5_000).optional().describe('Random variation of the delay, in ms (0-5000); needs delayMs.'),
    lossPct: z.number().min(0).max(100).optional().describe('Packets lost at random, in percent (0-100).'),
    rateKbit: z.number().int().min(8).max(10_000_000).optional().describe('Bandwidth of the link, in kbit/s (8-10000000).'),
  })
  .superRefine((v, ctx) => {
    if (v.delayMs === undefined && v.lossPct === undefined && v.rateKbit === undefined && v.jitterMs === undefined) {
      ctx.addIssue({ code: 'custom', message: 'netem needs at least one of delayMs, jitterMs, lossPct, rateKbit' });
    } else if (v.jitterMs !== undefined && v.delayMs === undefined) {
      ctx.addIssue({ code: 'custom', path: ['jitterMs'], message: 'jitterMs varies a delay: give delayMs too' });
    }
  });

const STEP_KEYS = ['stop', 'start', 'cut', 'heal', 'netem', 'clear', 'wait'] as const;

const faultStepObject = z
  .strictObject({
    stop: host
      .optional()
      .describe('Power the host off, as pulling its plug does: every process on it ends and it answers nothing. After the checks the platform starts it again, as a fresh machine: nothing the learner started by hand runs on it.'),
    start: host.optional().describe('Power a host on again (one that an earlier step stopped): it boots as a fresh machine.'),
    cut: link.optional().describe('Pull the host\'s cable to the network (from the engine\'s side): nothing passes either way, whatever the host does. Healed after the checks.'),
    heal: link.optional().describe('Plug a cable that an earlier step cut back in.'),
    netem: netem
      .optional()
      .describe('Make the host\'s link to the network slow or lossy (tc netem on the engine\'s side): delayMs, jitterMs, lossPct, rateKbit (at least one). Cleared after the checks.'),
    clear: link.optional().describe('Remove the netem of an earlier step from the link.'),
    wait: z
      .number()
      .positive()
      .max(60)
      .optional()
      .describe('Pause, in seconds (more than 0, at most 60): let the lab react (a VRRP backup take over, a health check notice) before the next step or the checks.'),
  })
  .superRefine((v, ctx) => {
    const given = STEP_KEYS.filter((k) => v[k] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: 'custom', message: `a drill step is one of ${STEP_KEYS.join(', ')} (e.g. \`- stop: lb1\`)` });
    if (given.length > 1) ctx.addIssue({ code: 'custom', message: `one action per step (this one has ${given.join(' and ')}): make it ${given.length} items of the list` });
  })
  .meta({
    minProperties: 1,
    maxProperties: 1,
    description: 'One step of the drill, one key: stop: HOST, start: HOST, cut/heal/clear: {host, network}, netem: {host, network, delayMs, jitterMs, lossPct, rateKbit}, wait: SECONDS.',
  });

export const faultStepSchema = faultStepObject.transform((v): FaultStep => {
  if (v.stop !== undefined) return { action: 'stop', host: v.stop };
  if (v.start !== undefined) return { action: 'start', host: v.start };
  if (v.cut) return { action: 'cut', host: v.cut.host, network: v.cut.network };
  if (v.heal) return { action: 'heal', host: v.heal.host, network: v.heal.network };
  if (v.clear) return { action: 'clear', host: v.clear.host, network: v.clear.network };
  if (v.netem) {
    const { host: h, network: n, ...spec } = v.netem;
    return { action: 'netem', host: h, network: n, netem: spec };
  }
  return { action: 'wait', seconds: v.wait! };
});

export const faultsSchema = z
  .array(faultStepSchema)
  .min(1)
  .describe(
    "A drill: faults the platform applies, in order, before this task's checks (e.g. [{stop: lb1}, {wait: 5}]), and undoes after them whatever they say: stopped hosts are started again (as fresh machines), cut links healed, netem cleared. The task needs checks; the hosts and networks are the lab's.",
  );

/** Where each step names a host and a network in the YAML (the keys of the one-key form). */
function refsOf(step: FaultRequest): { host: PathPart[]; network?: PathPart[] } {
  if (step.action === 'stop' || step.action === 'start') return { host: [step.action] };
  return { host: [step.action, 'host'], network: [step.action, 'network'] };
}

/**
 * The rules of one task's drill: it has checks to run after it, the exercise has a lab, every host
 * and network is the lab's and the host is on the network, and no check runs on a host the drill
 * leaves powered off.
 */
export function checkDrill(props: {
  file: YamlFile;
  /** The exercise's lab (schema.ts LabSpec), as much of it as a drill's rules read. */
  lab: { hosts: { name: string; networks: Record<string, number> }[]; networks: { name: string }[] } | undefined;
  task: { id: string; faults: FaultStep[]; checks?: { host: string }[] };
  at: PathPart[];
  problems: Problem[];
}): void {
  const { file, lab, task, at, problems } = props;
  const fp: PathPart[] = [...at, 'faults'];
  if (!lab) {
    problems.push(file.problem(fp, `task '${task.id}' has faults but the exercise has no lab to apply them to`, { key: true }));
    return;
  }
  if (!task.checks) {
    problems.push(file.problem(fp, `task '${task.id}' has faults but no checks: a drill runs before a task's checks and is undone after them`, { key: true }));
  }
  const hosts = new Map(lab.hosts.map((h) => [h.name, Object.keys(h.networks)]));
  const networks = lab.networks.map((n) => n.name);
  const off = new Map<string, PathPart[]>();
  task.faults.forEach((step, si) => {
    if (step.action === 'wait') return;
    const refs = refsOf(step);
    const sp: PathPart[] = [...fp, si];
    const on = hosts.get(step.host);
    if (!on) {
      const guess = didYouMean(step.host, [...hosts.keys()]);
      problems.push(file.problem([...sp, ...refs.host], `host '${step.host}' is not in the lab topology${guess ? ` (did you mean '${guess}'?)` : ` (hosts: ${[...hosts.keys()].join(', ')})`}`));
    }
    if (step.action === 'stop') off.set(step.host, [...sp, ...refs.host]);
    if (step.action === 'start') off.delete(step.host);
    if (!refs.network || step.network === undefined) return;
    if (!networks.includes(step.network)) {
      const guess = didYouMean(step.network, networks);
      problems.push(file.problem([...sp, ...refs.network], `network '${step.network}' is not in lab.networks${guess ? ` (did you mean '${guess}'?)` : ` (networks: ${networks.join(', ')})`}`));
    } else if (on && !on.includes(step.network)) {
      problems.push(file.problem([...sp, ...refs.network], `host '${step.host}' is not on network '${step.network}' (its networks: ${on.join(', ')}), so it has no link there to ${step.action}`));
    }
  });
  task.checks?.forEach((c, ci) => {
    const stopped = off.get(c.host);
    if (!stopped) return;
    const p = file.position(stopped);
    problems.push(file.problem([...at, 'checks', ci, 'host'], `this check runs on ${c.host}, which the task's drill powers off (stop: ${c.host} at ${p.line}:${p.col}): run it on another host, or start ${c.host} again in the drill`));
  });
}
