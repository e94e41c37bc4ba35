import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The schema lives at the repository root (../schema); allow Vite to read it.
export default defineConfig({
  plugins: [react()],
  base: './',
  server: { fs: { allow: ['..'] } },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
