import { defineConfig } from 'vitest/config';

/** Browser tests: Debian's chromium driven by playwright-core against the built editor. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // The machine is shared: give the page time under load.
    expect: { poll: { timeout: 15_000 } },
  },
});
