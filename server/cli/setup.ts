// `opslab setup [--test] [--vm]`: install and start what the platform needs, idempotently,
// printing each phase and how long it took. `npm start` and `.ci/run` both go through here.
import { existsSync } from 'node:fs';
import { aptInstall, findExecutable } from '../engine/host.js';
import { defineCommand } from './command.js';
import { engineUp } from './engine.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

/** Why the vm engine is needed here: exercises that require kernel features the local engine lacks; undefined when none do. */
async function vmNeededFor(curriculumDir: string): Promise<string | undefined> {
  const { loadCurriculum } = await import('../curriculum/index.js');
  const { createLocalEngine } = await import('../engine/local.js');
  const needed = new Set([...loadCurriculum(curriculumDir).curriculum.exercises.values()].flatMap((ex) => (ex.lab ? (ex.requires ?? []) : [])));
  if (needed.size === 0) return undefined;
  const report = await createLocalEngine().features();
  const missing = [...needed].filter((f) => !report[f]?.ok);
  return missing.length ? `the curriculum needs ${missing.join(', ')}, which this kernel lacks` : undefined;
}

/** Runs one phase between two lines that name it; the second says how it went and how long it took. */
async function timed(name: string, fn: () => Promise<number>): Promise<number> {
  const t0 = performance.now();
  const took = () => `in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  print(`=== setup: ${name}`);
  let rc: number;
  try {
    rc = await fn();
  } catch (e) {
    print(`=== setup: ${name} FAILED ${took()}`);
    throw e;
  }
  print(`=== setup: ${name} ${rc === 0 ? 'done' : `FAILED (exit ${rc})`} ${took()}`);
  return rc;
}

export const command = defineCommand({
  name: 'setup',
  summary: 'install and start what the platform needs (engine, images; --test: browser too)',
  details: [
    'Idempotent: what is there is kept. It installs Debian packages (iptables, debootstrap, qemu,',
    'chromium) with apt-get when missing, starts dockerd and builds images: run it as root.',
    'Exit 0 when everything is up; else the failing phase is named and the exit is 1.',
  ].join('\n'),
  options: {
    test: { type: 'boolean', description: 'also what the tests need: the vm image, PostgreSQL on 127.0.0.1:54329, a second Docker engine, nginx, promtool, Chromium' },
    vm: { type: 'boolean', description: 'also the vm engine image (implied by OPSLAB_ENGINE=vm)' },
  },
  run: ({ args, settings }) => setup({ forTests: args.values.test, vm: args.values.vm || settings.engine === 'vm', mode: settings.engine, curriculumDir: settings.curriculumDir }),
});

async function setup(props: { forTests: boolean; vm: boolean; mode: 'auto' | 'local' | 'vm'; curriculumDir: string }): Promise<number> {
  const { forTests } = props;
  const t0 = performance.now();
  // The host firewall for labs needs ip6tables too (server/engine/firewall.ts); Debian ships it in iptables.
  let rc = await timed('iptables and ip6tables (the host firewall for labs)', async () => {
    if (findExecutable('iptables') && findExecutable('ip6tables')) return 0;
    await aptInstall({ pkg: 'iptables', log: (l) => print(`    ${l}`), code: 'ENGINE_DOWN', fix: 'install Debian\'s iptables package (iptables and ip6tables)' });
    return 0;
  });
  if (rc !== 0) return rc;
  rc = await timed('docker engine and lab images', () => engineUp({ kind: 'local', print }));
  if (rc !== 0) return rc;
  // Nothing is built on a learner's click: where the curriculum needs what this kernel lacks, the
  // vm engine's image and its snapshot (the guest saved once Docker is up) are made here.
  const why = forTests ? 'for the tests' : props.vm ? 'asked for' : props.mode === 'auto' ? await vmNeededFor(props.curriculumDir) : undefined;
  if (why) {
    print(`    vm engine: ${why}`);
    rc = await timed('vm engine image (QEMU kernel with IPVS)', async () => (await import('./vm.js')).vmBuild({ images: [], print }));
    if (rc !== 0) return rc;
    rc = await timed('vm engine snapshot (the guest saved once Docker is up: later starts resume it)', async () => (await import('./vm.js')).vmSnapshot({ print }));
    if (rc !== 0) return rc;
  }
  if (forTests) {
    // What only the tests need: each a script of ours that starts it, or a Debian package.
    const script = (file: string) => async () => {
      const { execFileSync } = await import('node:child_process');
      print(`    ${execFileSync('bash', [file]).toString().trim()}`);
      return 0;
    };
    /** Debian's package `name`, unless `present` says what it brings is there (named `what`). */
    const apt = (what: string, present: () => boolean, name: string) => async () => {
      if (present()) {
        print(`    ${what} present`);
        return 0;
      }
      await aptInstall({ pkg: name, log: (l) => print(`    ${l}`), code: 'INTERNAL', fix: `install Debian's ${name} package` });
      return 0;
    };
    const pkg = (bin: string, name: string) => apt(bin, () => Boolean(findExecutable(bin)), name);
    const font = (file: string, name: string) => apt(name, () => existsSync(file), name);
    const phases: [string, () => Promise<number>][] = [
      ['postgresql on 127.0.0.1:54329 for the store tests', script('scripts/test-postgres.sh')],
      ['a second Docker engine for the scale-out tests (engine pool of two)', script('scripts/test-engine-b.sh')],
      // test/deploy checks deploy/nginx/opslab.conf with `nginx -t` (only checked, never started by the tests).
      ['nginx for the deployment tests', pkg('nginx', 'nginx-light')],
      ['chromium for browser tests', pkg('chromium', 'chromium')],
      // The Chinese browser test's screenshots: without a CJK font Chromium draws boxes.
      ['a Chinese font for the browser tests', font('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'fonts-wqy-microhei')],
      // test/deploy/monitoring.test.ts runs deploy/monitoring's alert rules through `promtool test rules`.
      ['promtool for the alert rules tests', pkg('promtool', 'prometheus')],
    ];
    for (const [name, run] of phases) {
      rc = await timed(name, run);
      if (rc !== 0) return rc;
    }
  }
  print(`=== setup: all done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
