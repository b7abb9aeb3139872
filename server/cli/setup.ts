// `opslab setup [--test] [--vm]`: install and start what the platform needs, idempotently,
// printing each phase and how long it took. `npm start` and `.ci/run` both go through here.
import { existsSync } from 'node:fs';
import { aptInstall, findExecutable } from '../engine/host.js';
import { parseArgs } from './args.js';
import { engineCommand } from './engine.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

async function timed(name: string, fn: () => Promise<number | void>): Promise<number> {
  const t0 = performance.now();
  print(`=== setup: ${name}`);
  const rc = (await fn()) ?? 0;
  print(`=== setup: ${name} ${rc === 0 ? 'done' : `FAILED (exit ${rc})`} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return rc;
}

export async function setupCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const forTests = Boolean(args.flags.test);
  const t0 = performance.now();
  // The host firewall for labs needs ip6tables too (server/engine/firewall.ts); Debian ships it in iptables.
  let rc = await timed('iptables and ip6tables (the host firewall for labs)', async () => {
    if (findExecutable('iptables') && findExecutable('ip6tables')) return;
    await aptInstall({ pkg: 'iptables', log: (l) => print(`    ${l}`), code: 'ENGINE_DOWN', fix: 'install Debian\'s iptables package (iptables and ip6tables)' });
  });
  if (rc !== 0) return rc;
  rc = await timed('docker engine and lab images', () => engineCommand(['up']));
  if (rc !== 0) return rc;
  if (forTests || args.flags.vm || process.env.OPSLAB_ENGINE === 'vm') {
    rc = await timed('vm engine image (QEMU kernel with IPVS)', async () => (await import('./vm.js')).vmCommand(['build']));
    if (rc !== 0) return rc;
  }
  if (forTests) {
    rc = await timed('postgresql on 127.0.0.1:54329 for the store tests', async () => {
      const { execFileSync } = await import('node:child_process');
      print(`    ${execFileSync('bash', ['scripts/test-postgres.sh']).toString().trim()}`);
    });
    if (rc !== 0) return rc;
    rc = await timed('chromium for browser tests', async () => {
      if (existsSync('/usr/bin/chromium')) {
        print('    /usr/bin/chromium present');
        return;
      }
      await aptInstall({ pkg: 'chromium', log: (l) => print(`    ${l}`), code: 'INTERNAL', fix: 'install Debian\'s chromium package' });
    });
    if (rc !== 0) return rc;
  }
  print(`=== setup: all done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
