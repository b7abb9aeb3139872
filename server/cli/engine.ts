// `opslab engine up [--engine local|remote|vm]` and `opslab engine status`.
import { isOpslabError } from '../errors.js';
import { BASE_IMAGE, ensureBaseImage, ensureLabImage, imageExists, LAB_IMAGE_LATEST, labImageTag } from '../engine/images.js';
import { connectEngine, createLocalEngine } from '../engine/local.js';
import { derivedImageNames, ensureDerivedImage } from '../engine/derived-images.js';
import { engineFacts } from '../engine/probe.js';
import { KERNEL_FEATURES, type Engine, type EngineKind } from '../engine/types.js';

const USAGE = `usage: opslab engine up [--engine local|remote|vm]   start the engine, make the base and lab images
       opslab engine status                             what the local engine has`;

type Print = (line: string) => void;
const print: Print = (line) => process.stdout.write(`${line}\n`);

export async function engineCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'up') {
      const kind = parseEngineFlag(rest);
      if (!kind) return usage();
      return await engineUp({ kind, print });
    }
    if (sub === 'status' && rest.length === 0) return await engineStatus({ print });
    return usage();
  } catch (e) {
    process.stderr.write(`error: ${isOpslabError(e) ? `${e.message} [${e.code}]` : String(e)}\n`);
    return 1;
  }
}

function usage(): number {
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

/** `--engine KIND` / `--engine=KIND`; undefined when the arguments are wrong. */
export function parseEngineFlag(args: string[]): EngineKind | undefined {
  let kind = 'local';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--engine' && i + 1 < args.length) kind = args[++i];
    else if (arg.startsWith('--engine=')) kind = arg.slice('--engine='.length);
    else return undefined;
  }
  return kind === 'local' || kind === 'remote' || kind === 'vm' ? kind : undefined;
}

/** Runs one named phase, printing its progress lines indented and its duration in seconds. */
async function phase<T>(props: { name: string; print: Print }, fn: (log: Print) => Promise<T>, summary: (r: T) => string): Promise<T> {
  const { name, print } = props;
  print(`==> ${name}`);
  const started = performance.now();
  const result = await fn((line) => print(`    ${line}`));
  print(`<== ${name}: ${summary(result)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

async function engineUp(props: { kind: EngineKind; print: Print }): Promise<number> {
  const { kind, print } = props;
  const total = performance.now();
  const engine = await phase({ name: 'engine', print }, (log) => connectEngine(kind, { log }), (e) => `${e.description} answers`);
  try {
    const { docker } = engine;
    // The vm engine's images are baked into its disk image (images/vm): nothing to build in it.
    if (kind !== 'vm') await buildImages({ docker, print });
    await phase({ name: 'kernel features', print }, () => engine.features(), (report) =>
      KERNEL_FEATURES.map((f) => `${f} ${report[f].ok ? 'ok' : 'missing'}`).join(', '));
    print(`engine up in ${((performance.now() - total) / 1000).toFixed(1)} s; \`opslab doctor\` explains missing features`);
    return 0;
  } finally {
    await engine.close();
  }
}

async function buildImages(props: { docker: Engine['docker']; print: Print }): Promise<void> {
  const { docker, print } = props;
  await phase({ name: 'base image', print }, (log) => ensureBaseImage({ docker, log }), (r) => `${r.tag} ${r.built ? 'made' : 'present'}`);
  await phase({ name: 'lab image', print }, (log) => ensureLabImage({ docker, log }), (r) => `${r.tag} ${r.built ? 'built' : 'present'} (also ${LAB_IMAGE_LATEST})`);
  for (const name of derivedImageNames()) {
    await phase({ name: `${name} image`, print }, (log) => ensureDerivedImage({ docker, name, log }), (r) => `${r.tag} ${r.built ? 'built' : 'present'}`);
  }
}

async function engineStatus(props: { print: Print }): Promise<number> {
  const { print } = props;
  const engine: Engine = createLocalEngine();
  if (!(await engine.ping())) {
    print(`${engine.description}: does not answer (run \`opslab engine up\`)`);
    return 1;
  }
  const facts = await engineFacts(engine.docker);
  print(`${engine.description}: answers, Docker ${facts.version} (API ${facts.apiVersion}), kernel ${facts.kernel}, userns-remap ${facts.userns ? 'on' : 'off'}`);
  const labTag = labImageTag();
  let ready = true;
  for (const image of [BASE_IMAGE, labTag]) {
    const present = await imageExists(engine.docker, image);
    ready &&= present;
    print(`${image}: ${present ? 'present' : 'missing (run `opslab engine up`)'}`);
  }
  return ready ? 0 : 1;
}
