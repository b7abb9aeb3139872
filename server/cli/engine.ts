// `opslab engine up [--engine local|remote|vm]` and `opslab engine status [--json]`.
import { connectEngine } from '../engine/connect.js';
import { imageExists } from '../engine/docker.js';
import { BASE_IMAGE, ensureBaseImage, ensureLabImage, LAB_IMAGE_LATEST, labImageTag } from '../engine/images.js';
import { createLocalEngine } from '../engine/local.js';
import { derivedImageNames, ensureDerivedImage } from '../engine/derived-images.js';
import { engineFacts } from '../engine/probe.js';
import { KERNEL_FEATURES, type Engine, type EngineKind } from '../engine/types.js';
import { defineCommand, defineGroup, oneOf, UsageError } from './command.js';
import { openStore } from '../store/index.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineHealth } from '../engine/bring-up.js';
import { listSnapshots, readVmManifest } from '../engine/vm/index.js';
import type { PoolStatus } from '../lab/pool.js';

type Print = (line: string) => void;
const print: Print = (line) => process.stdout.write(`${line}\n`);

const up = defineCommand({
  name: 'engine up',
  summary: 'start the engine, make the base and lab images, probe its kernel features',
  details: 'It starts and builds what is missing and leaves what is there; each phase prints its time.',
  options: {
    engine: { type: 'string', value: 'local|remote|vm', kind: oneOf(['local', 'remote', 'vm']), default: 'local', description: 'the engine: this machine\'s Docker, DOCKER_HOST\'s, or the QEMU vm' },
  },
  run: ({ args }) => engineUp({ kind: args.values.engine, print }),
});

const status = defineCommand({
  name: 'engine status',
  summary: 'whether the local engine answers and has its images; the vm image, its snapshots, and the warm labs of a running server',
  details: [
    'It starts nothing. Exit 0 when the engine answers and has both images, else 1.',
    'With --json: {"engine": {"kind", "description"}, "answers", "docker": {"version", "apiVersion", "kernel",',
    '"os", "userns"} (null when it does not answer), "images": [{"image", "present"}], "ready",',
    '"vm": {"image", "builtAt", "snapshots": [{"key", "createdAt", "mib", "coldBootMs"}]} (null without one),',
    '"server": {"url", "engines", "warmLabs"} (null when no server answers at OPSLAB_SERVER)}.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'print it as JSON' },
  },
  run: ({ args, settings }) => engineStatus({ print, json: args.values.json, cacheDir: settings.cacheDir, server: settings.server }),
});

/** `opslab engine drain|undrain NAME`: the flag is in the store, so every server sharing it obeys. */
const drainCommand = (drain: boolean) =>
  defineCommand({
    name: drain ? 'engine drain' : 'engine undrain',
    summary: drain ? 'start no new labs on an engine of the pool (its labs stay)' : 'let an engine of the pool take new labs again',
    details: 'NAME is the engine\'s name in OPSLAB_ENGINES. The flag is kept in the store (OPSLAB_DATABASE_URL, else the SQLite file in OPSLAB_DATA), which every server sharing it reads at each placement.',
    options: {},
    positionals: [{ name: 'NAME', description: "the engine's name in OPSLAB_ENGINES" }],
    run: async ({ args, settings }) => {
      const name = args.positionals[0]!;
      if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(name)) throw new UsageError(`'${name}' is not an engine name (lowercase letters, digits, -)`);
      const store = await openStore({ dataDir: settings.dataDir, url: settings.databaseUrl });
      try {
        await store.setDrained({ id: name, drained: drain });
      } finally {
        await store.close();
      }
      print(drain ? `engine ${name}: drained (no new labs; its labs stay until they end)` : `engine ${name}: takes new labs`);
      return 0;
    },
  });

export const command = defineGroup({
  name: 'engine',
  summary: 'bring up the engine and its lab images, drain one of the pool, or say how they are (up, drain, undrain, status)',
  subcommands: [up, drainCommand(true), drainCommand(false), status],
});

/** Runs one named phase, printing its progress lines indented and its duration in seconds. */
async function phase<T>(props: { name: string; print: Print }, fn: (log: Print) => Promise<T>, summary: (r: T) => string): Promise<T> {
  const { name, print } = props;
  print(`==> ${name}`);
  const started = performance.now();
  const result = await fn((line) => print(`    ${line}`));
  print(`<== ${name}: ${summary(result)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

export async function engineUp(props: { kind: EngineKind; print: Print }): Promise<number> {
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

async function engineStatus(props: { print: Print; json: boolean; cacheDir: string; server: string }): Promise<number> {
  const engine: Engine = createLocalEngine();
  const answers = await engine.ping();
  const facts = answers ? await engineFacts(engine.docker) : undefined;
  const images = answers ? await Promise.all([BASE_IMAGE, labImageTag()].map(async (image) => ({ image, present: await imageExists(engine.docker, image) }))) : [];
  const ready = answers && images.every((i) => i.present);
  const vm = vmStatus(props.cacheDir);
  const server = await serverStatus(props.server);
  if (props.json) {
    const docker = facts ? { version: facts.version, apiVersion: facts.apiVersion, kernel: facts.kernel, os: facts.os, userns: facts.userns } : null;
    props.print(JSON.stringify({ engine: { kind: engine.kind, description: engine.description }, answers, docker, images, ready, vm, server: server ?? null }, null, 2));
    return ready ? 0 : 1;
  }
  const { print } = props;
  if (!facts) print(`${engine.description}: does not answer (run \`opslab engine up\`)`);
  else {
    print(`${engine.description}: answers, Docker ${facts.version} (API ${facts.apiVersion}), kernel ${facts.kernel}, userns-remap ${facts.userns ? 'on' : 'off'}`);
    for (const { image, present } of images) print(`${image}: ${present ? 'present' : 'missing (run `opslab engine up`)'}`);
  }
  if (vm.length === 0) print('vm engine: no image (made by `opslab setup` where the curriculum needs it, or `opslab vm build`)');
  for (const image of vm) {
    print(`vm engine: image ${image.image} (built ${image.builtAt})`);
    if (image.snapshots.length === 0) print('  no snapshot: its next VM boots cold and saves one (`opslab vm snapshot`)');
    for (const s of image.snapshots) print(`  snapshot ${s.key}: saved ${s.createdAt}, ${s.mib} MiB; resumes instead of a ${(s.coldBootMs / 1000).toFixed(1)} s boot`);
  }
  if (!server) print(`server: none answers at ${props.server} (OPSLAB_SERVER)`);
  else {
    for (const e of server.engines) {
      const load = e.load ? `; ${e.load.labs} lab(s)${e.capacity?.labs ? ` of ${e.capacity.labs}` : ''} (${e.load.warm} warm), ${e.load.memoryMiB}${e.capacity?.memoryMiB ? ` of ${e.capacity.memoryMiB}` : ''} MiB` : '';
      print(`server ${server.url}: engine ${e.id ?? e.kind} (${e.kind}) ${e.up ? 'up' : 'DOWN'}${e.drained ? ', DRAINED' : ''}${load}${e.start ? ` (${e.start.resumed ? 'resumed' : 'booted'} in ${(e.start.ms / 1000).toFixed(1)} s)` : ''}`);
    }
    const w = server.warmLabs;
    const each = Object.entries(w?.exercises ?? {}).map(([ex, n]) => `${ex} ${n.ready}/${n.want}${n.building ? ` (+${n.building} building)` : ''}`);
    print(`server ${server.url}: warm labs ${each.length ? each.join(', ') : 'none'}; ${w?.memoryMiB.used ?? 0} of ${w?.memoryMiB.budget ?? 0} MiB; handed out ${w?.handedOut ?? 0}`);
  }
  return ready ? 0 : 1;
}

/** The vm images in the cache, newest first, each with its snapshots. */
function vmStatus(cacheDir: string): { image: string; builtAt: string; snapshots: { key: string; createdAt: string; mib: number; coldBootMs: number }[] }[] {
  const root = join(cacheDir, 'vm');
  const dirs = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'manifest.json'))) : [];
  return dirs
    .map((d) => {
      const image = join(root, d);
      let builtAt = 'unknown';
      try {
        builtAt = readVmManifest(image).builtAt;
      } catch {
        // an image of an older recipe: listed all the same
      }
      const snapshots = listSnapshots(image).flatMap((s) => (s.meta ? [{ key: s.key, createdAt: s.meta.createdAt, mib: Math.round(s.bytes / 2 ** 20), coldBootMs: s.meta.coldBootMs + s.meta.warmUpMs }] : []));
      return { image, builtAt, snapshots };
    })
    .sort((a, b) => b.builtAt.localeCompare(a.builtAt));
}

/** What a running server says at /api/health (its engines and warm labs); undefined when none answers. */
async function serverStatus(url: string): Promise<{ url: string; engines: EngineHealth[]; warmLabs?: PoolStatus } | undefined> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { engines?: EngineHealth[]; warmLabs?: PoolStatus };
    return { url, engines: body.engines ?? [], warmLabs: body.warmLabs };
  } catch {
    return undefined;
  }
}
