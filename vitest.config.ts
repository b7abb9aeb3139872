import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/serial/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
    pool: "forks",
    // global.gc for tests that measure what the server keeps (terminal-abuse): without it their
    // memory figures include garbage not yet collected.
    execArgv: ['--expose-gc'],
    maxConcurrency: 3,
    reporters: ['default'],
  },
});
