import { defineConfig } from 'vitest/config';

/** The editor's rules against the compiler's (`callyc check`) on a mutated corpus. Needs .NET. */
export default defineConfig({
  test: { include: ['parity/**/*.parity.ts'], environment: 'node', testTimeout: 600_000 },
});
