import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { serveFolder } from './staticServer';

/** Serves the built editor (dist/) for the browser tests and stops it afterwards. */
export default async function setup(project: TestProject) {
  const dist = fileURLToPath(new URL('../dist', import.meta.url));
  const server = await serveFolder(dist);
  project.provide('baseUrl', server.url);
  return async () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
