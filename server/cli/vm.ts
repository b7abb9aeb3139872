// `opslab vm build [IMAGE...]`, `opslab vm boot` and `opslab vm console`: the QEMU engine for labs
// that need kernel features the local kernel lacks (ip_vs, ipip).
import { isOpslabError } from '../errors.js';
import { ensureDefaultVmImage } from '../engine/connect.js';
import { dockerFor } from '../engine/docker.js';
import { aptInstall, findExecutable } from '../engine/host.js';
import { ensureLocalEngine } from '../engine/local.js';
import { engineFacts } from '../engine/probe.js';
import { KERNEL_FEATURES } from '../engine/types.js';
import { ensureVmImage, listSnapshots, startVmEngine, type VmEngine } from '../engine/vm/index.js';
import { settingKind } from '../config.js';
import { defineCommand, defineGroup, oneOf } from './command.js';
import { ESCAPE_HELP, runConsoleSession } from './vm-console.js';

type Print = (line: string) => void;
const print: Print = (line) => process.stdout.write(`${line}\n`);

const snapshot = defineCommand({
  name: 'vm snapshot',
  summary: 'make the snapshot later VMs resume from (boots once and saves it, or finds it)',
  details: 'Keyed by the image, QEMU and the guest\'s shape (OPSLAB_VM_MEMORY_MIB, OPSLAB_VM_CPUS ...): run it again after changing them. `opslab setup` runs it where the vm engine is needed.',
  options: {},
  run: () => reportErrors(() => vmSnapshot({ print })),
});

const build = defineCommand({
  name: 'vm build',
  summary: "build (or find cached) the vm engine's disk image",
  details: 'The image is cached under OPSLAB_CACHE/vm; a second build with the same inputs finds it.',
  positionals: [{ name: 'IMAGE', description: 'images to preload from the host engine (default: the lab image, built if needed)', optional: true, variadic: true }],
  options: {},
  run: ({ args }) => reportErrors(() => vmBuild({ images: args.positionals, print })),
});

/** How a VM is booted: `vm boot` and `vm console` alike. */
const bootOptions = {
  accel: { type: 'string', value: 'auto|kvm|tcg', kind: oneOf(['auto', 'kvm', 'tcg']), default: 'auto', description: 'KVM, emulation (tcg), or KVM when a probe shows it works' },
  memory: { type: 'string', value: 'MiB', kind: settingKind('vmMemoryMiB'), description: 'guest memory (default: OPSLAB_VM_MEMORY_MIB, else 2048)' },
  cpus: { type: 'string', value: 'N', kind: settingKind('vmCpus'), description: 'guest CPUs (default: OPSLAB_VM_CPUS, else 2, 1 on a one-core host)' },
  debug: { type: 'boolean', description: "the guest's dockerd logs at debug level" },
} as const;

type BootValues = { accel: 'auto' | 'kvm' | 'tcg'; memory?: number; cpus?: number; debug: boolean };
const bootChoices = (values: BootValues, settings: { vmMemoryMiB: number; vmCpus?: number }) => ({
  accel: values.accel,
  memoryMiB: values.memory ?? settings.vmMemoryMiB,
  cpus: values.cpus ?? settings.vmCpus,
  debug: values.debug,
});

const boot = defineCommand({
  name: 'vm boot',
  summary: "boot the vm engine, print the guest engine's facts, run until Ctrl-C",
  details: 'Exit 0 when stopped with Ctrl-C (or SIGTERM), 1 when the VM dies or does not boot.',
  options: bootOptions,
  run: ({ args, settings }) => reportErrors(() => vmBoot({ print, ...bootChoices(args.values, settings) })),
});

const consoleCommand = defineCommand({
  name: 'vm console',
  summary: "boot the vm engine and put this terminal on its guest's serial console",
  details: [
    "The guest's console (ttyS0) shows kernel and guest messages and runs the guest's control loop:",
    '`ping` answers `opslab-vm: pong`, `poweroff` powers the guest off; typed text is not echoed.',
    `The terminal is in raw mode while connected (Ctrl-C goes to the guest). ${ESCAPE_HELP}`,
    'Exit 0 when left (or stopped with SIGTERM), 1 when the VM dies or does not boot; the VM stops either way.',
  ].join('\n'),
  options: bootOptions,
  run: ({ args, settings }) => reportErrors(() => vmConsole({ print, ...bootChoices(args.values, settings) })),
});

export const command = defineGroup({
  name: 'vm',
  summary: 'the QEMU engine for labs that need ip_vs or ipip (build, boot, console)',
  subcommands: [build, snapshot, boot, consoleCommand],
});

/** A failed boot carries the VM's console: printed after the error, which main prints. */
async function reportErrors(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    const details = isOpslabError(e) ? (e.details as { console?: string } | undefined) : undefined;
    if (details?.console) process.stderr.write(`console:\n${details.console}\n`);
    throw e;
  }
}

async function buildImage(props: { images: string[]; print: Print }): Promise<string> {
  const { images, print } = props;
  const log = (line: string) => print(line);
  if (images.length === 0) return (await ensureDefaultVmImage({ log })).dir;
  await ensureLocalEngine({ log });
  return (await ensureVmImage({ docker: dockerFor({}), images, log })).dir;
}

export async function vmBuild(props: { images: string[]; print: Print }): Promise<number> {
  const { print } = props;
  const started = Date.now();
  const dir = await buildImage(props);
  print(`vm image: ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

/**
 * The snapshot later VMs resume from (engine/vm/snapshot.ts): a VM of the platform's settings is
 * started once, which resumes the snapshot when it is there, or boots and saves it, then stopped.
 */
export async function vmSnapshot(props: { print: Print }): Promise<number> {
  const { print } = props;
  const dir = await buildImage({ images: [], print });
  if (!findExecutable('qemu-img')) await aptInstall({ pkg: 'qemu-utils', log: print, code: 'ENGINE_DOWN', fix: "install Debian's qemu-utils package (qemu-img)" });
  const started = Date.now();
  const engine = await startVmEngine({ imageDir: dir, log: (line) => print(`    ${line}`) });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  const saved = listSnapshots(dir).some((s) => s.meta && Date.parse(s.meta.createdAt) >= started);
  if (engine.resumed) print(`snapshot present: the VM resumed in ${took} s`);
  else if (saved) print(`snapshot saved: the VM booted in ${took} s; later ones resume it`);
  else print(`no snapshot: the VM booted in ${took} s but could not be saved (see the lines above); later VMs boot cold`);
  await engine.close();
  return 0;
}

interface BootChoices {
  print: Print;
  accel: 'auto' | 'kvm' | 'tcg';
  memoryMiB: number;
  cpus?: number;
  debug: boolean;
}

async function bootVm(props: BootChoices): Promise<VmEngine> {
  const { print } = props;
  const dir = await buildImage({ images: [], print });
  return startVmEngine({
    imageDir: dir,
    log: print,
    accel: props.accel,
    memoryMiB: props.memoryMiB,
    cpus: props.cpus,
    append: props.debug ? 'opslab.dockerd_log=debug' : undefined,
  });
}

async function vmBoot(props: BootChoices): Promise<number> {
  const { print } = props;
  const engine = await bootVm(props);
  try {
    await printFacts({ engine, print });
    // The guest's Docker API takes only this boot's client certificate (0600 files in a 0700 folder,
    // removed with the VM): the docker CLI and \`--engine remote\` read them from DOCKER_CERT_PATH.
    const certs = await engine.exportClientTls();
    print(`ready: DOCKER_HOST=tcp://127.0.0.1:${engine.port} DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=${certs} docker info   (Ctrl-C stops the VM)`);
    return await runUntilSignal({ engine, print });
  } finally {
    await engine.close();
  }
}

async function vmConsole(props: BootChoices): Promise<number> {
  const { print } = props;
  const engine = await bootVm(props);
  try {
    print(`engine:   ${engine.description}, qemu pid ${engine.pid}, booted in ${(engine.bootMs / 1000).toFixed(1)} s`);
    print(`console:  the guest's ttyS0 (its last lines first). ${ESCAPE_HELP}`);
    return await runConsoleSession({ console: engine, streams: { stdin: process.stdin, stdout: process.stdout }, backlog: 30 });
  } finally {
    print('stopping the VM...');
    await engine.close();
  }
}

async function printFacts(props: { engine: VmEngine; print: Print }): Promise<void> {
  const { engine, print } = props;
  const facts = await engineFacts(engine.docker);
  const images = await engine.docker.listImages();
  print(`engine:   ${engine.description}, qemu pid ${engine.pid}, booted in ${(engine.bootMs / 1000).toFixed(1)} s`);
  print(`kvm:      ${engine.kvm.usable ? 'used' : `unusable here (${engine.kvm.reason})`}`);
  print(`docker:   ${facts.version} (API ${facts.apiVersion}), kernel ${facts.kernel}, ${facts.os}, userns-remap ${facts.userns ? 'on' : 'off'}`);
  print(`security: ${facts.securityOptions.join(' ')}`);
  print(`images:   ${images.flatMap((i) => i.RepoTags ?? []).join(' ') || '(none)'}`);
  const report = await engine.features();
  for (const f of KERNEL_FEATURES) print(`feature ${f.padEnd(9)} ${report[f].ok ? 'yes' : 'no '}  ${report[f].detail}`);
}

function runUntilSignal(props: { engine: VmEngine; print: Print }): Promise<number> {
  const { engine, print } = props;
  return new Promise((resolve) => {
    const done = (code: number) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    const onSignal = () => {
      print('stopping the VM...');
      void engine.close().then(() => done(0));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    engine.onExit((exit) => {
      if (exit.expected) return;
      print(`the VM died (${exit.code ?? exit.signal}); last console lines:\n${exit.console}`);
      done(1);
    });
  });
}
