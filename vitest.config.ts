import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file copies the migrated template into a database of its own; two workers fit the 2-core machines.
    maxWorkers: 2,
  },
});
