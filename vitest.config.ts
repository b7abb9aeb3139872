// The main suite as two projects, one file at a time in each: the files that boot a VM (QEMU under
// emulation: the long pole) and everything else. `npm test` (scripts/test.sh) runs the two as two
// vitest processes side by side; `npx vitest run` runs them one after the other. Two VMs at once
// would slow each other's guests, whose labs the vm tests time, so the vm lane stays one file at a
// time. A file is sorted by its source (VM_USE), so a new test needs no list kept by hand.
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
