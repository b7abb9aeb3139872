// Tests that disturb the shared Docker engine (they stop dockerd): run after the main suite, one
// file at a time, so no other test sees the engine go away.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/serial/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
