// `opslab vm build [IMAGE...]` and `opslab vm boot`: the QEMU engine for labs that need kernel
// features the local kernel lacks (ip_vs, ipip).
import { isOpslabError } from '../errors.js';
import { dockerFor, ensureLocalEngine } from '../engine/local.js';
import { engineFacts } from '../engine/probe.js';
import { KERNEL_FEATURES } from '../engine/types.js';
import { ensureDefaultVmImage, ensureVmImage, startVmEngine, type VmEngine } from '../engine/vm.js';
import { parseArgs } from './args.js';

const USAGE = `usage: opslab vm build [IMAGE...]      build (or find cached) the VM image; preloads IMAGEs from the
                                       host engine (default: the lab image, built if needed)
       opslab vm boot [--accel auto|kvm|tcg] [--memory MiB] [--cpus N] [--debug]
                                       boot it, print the guest engine's facts, run until Ctrl-C`;

type Print = (line: string) => void;
const print: Print = (line) => process.stdout.write(`${line}\n`);

export async function vmCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'build') return await vmBuild({ args: rest, print });
    if (sub === 'boot') return await vmBoot({ args: rest, print });
    process.stderr.write(`${USAGE}\n`);
    return 2;
  } catch (e) {
    process.stderr.write(`error: ${isOpslabError(e) ? `${e.message} [${e.code}]` : String(e)}\n`);
    const details = isOpslabError(e) ? (e.details as { console?: string } | undefined) : undefined;
    if (details?.console) process.stderr.write(`console:\n${details.console}\n`);
    return 1;
  }
}

async function buildImage(props: { images: string[]; print: Print }): Promise<string> {
  const { images, print } = props;
  const log = (line: string) => print(line);
  if (images.length === 0) return (await ensureDefaultVmImage({ log })).dir;
  await ensureLocalEngine({ log });
  return (await ensureVmImage({ docker: dockerFor({}), images, log })).dir;
}

async function vmBuild(props: { args: string[]; print: Print }): Promise<number> {
  const { print } = props;
  const started = Date.now();
  const dir = await buildImage({ images: parseArgs(props.args).positional, print });
  print(`vm image: ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

async function vmBoot(props: { args: string[]; print: Print }): Promise<number> {
  const { print } = props;
  const flags = bootFlags(props.args);
  const accel = flags.accel ?? 'auto';
  if (!flags.ok || (accel !== 'auto' && accel !== 'kvm' && accel !== 'tcg')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const dir = await buildImage({ images: [], print });
  const engine = await startVmEngine({
    imageDir: dir,
    log: print,
    accel,
    memoryMiB: numberFlag(flags.memory),
    cpus: numberFlag(flags.cpus),
    append: flags.debug ? 'opslab.dockerd_log=debug' : undefined,
  });
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

/** `--accel X`, `--memory X`, `--cpus X` (or `--name=X`) and `--debug`. */
function bootFlags(argv: string[]): { ok: boolean; accel?: string; memory?: string; cpus?: string; debug?: boolean } {
  const out: { ok: boolean; accel?: string; memory?: string; cpus?: string; debug?: boolean } = { ok: true };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (name === '--debug') out.debug = true;
    else if (name === '--accel' || name === '--memory' || name === '--cpus') out[name.slice(2) as 'accel' | 'memory' | 'cpus'] = inline ?? argv[++i];
    else out.ok = false;
  }
  return out;
}

function numberFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
