import { defineConfig } from 'vitest/config';

/** The editor's performance measurement (not a test of behaviour): writes docs/benchmarks/editor.md. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.bench-e2e.ts', 'e2e/**/*.docs-e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/globalSetup.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
