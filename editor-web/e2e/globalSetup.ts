import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { serveFolder } from './staticServer';

/**
 * Serves the built editor (dist/) for the browser tests and stops it afterwards. EDITOR_DIST
 * serves another build instead: how a fault test is shown to fail on the code before its fix.
 */
export default async function setup(project: TestProject) {
  const dist = process.env.EDITOR_DIST ?? fileURLToPath(new URL('../dist', import.meta.url));
  const server = await serveFolder(dist);
  project.provide('baseUrl', server.url);
  return async () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
