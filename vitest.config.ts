// The main suite as two projects, one file at a time: the files that boot a VM (QEMU under
// emulation: the long pole) and everything else. A file is sorted by its source (VM_USE), so a
// new test needs no list kept by hand, and `npx vitest run --project vm` runs the VM files alone.
// Run as two vitest processes side by side (vitest's projects share one worker count, so one
// process runs them one after the other), the suite took 1081 s instead of 1405 s here; but the
// guest under emulation then shares the two cores with the other lane, and a View-tab wait in
// test/e2e/lab-view.test.ts ran out. Until the vm tests' waits are measured under that load,
// `npm test` runs them one after the other.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** What a test file that boots a VM says: the vm engine's entry points, or a server or engine set told to use it. */
const VM_USE = /\bstartVmEngine\b|\bensureDefaultVmImage\b|createEngines\(\{ mode: 'auto'|OPSLAB_ENGINE: 'vm'/;

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' || name === 'serial' ? [] : testFiles(p);
    return name.endsWith('.test.ts') ? [p] : [];
  });
}

export const vmTests = testFiles('test').filter((f) => VM_USE.test(readFileSync(f, 'utf8')));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // global.gc for tests that measure what the server keeps (terminal-abuse): without it their
    // memory figures include garbage not yet collected.
    execArgv: ['--expose-gc'],
    maxConcurrency: 3,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'vm', include: vmTests, fileParallelism: false } },
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...vmTests, 'test/serial/**', 'node_modules/**'], fileParallelism: false } },
    ],
  },
});
