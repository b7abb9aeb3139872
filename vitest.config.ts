import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/serial/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxConcurrency: 3,
    reporters: ['default'],
  },
});
