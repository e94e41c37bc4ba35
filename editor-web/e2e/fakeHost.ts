import { createServer, type IncomingMessage, type Server } from 'node:http';

/**
 * A stand-in for the runtime host's admin API, for the publish panel's fault tests that need no
 * compiler (e2e/publish.e2e.ts drives the real host). It records every request; `cors` false
 * answers without CORS headers, as a host whose AllowedOrigins does not list the page.
 */
export async function startFakeHost(doc: unknown, options: { cors: boolean }) {
  const requests: string[] = [];
  const versions = [
    { version: 1, publishedBy: 'ana', publishedAt: '2026-11-30T10:00:00Z', message: 'first' },
    { version: 2, publishedBy: 'ana', publishedAt: '2026-12-01T10:00:00Z', message: 'second' },
  ];
  const body = (req: IncomingMessage) => new Promise<string>((ok) => { let t = ''; req.on('data', (c) => (t += c)); req.on('end', () => ok(t)); });
  const server: Server = createServer(async (req, res) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.cors) Object.assign(headers, { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, PUT, POST' });
    if (req.method === 'OPTIONS') return res.writeHead(204, headers).end();
    await body(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path}`);
    const send = (status: number, json: unknown) => res.writeHead(status, headers).end(JSON.stringify(json));
    if (path === '/api/flows') return send(200, [{ id: 'support-line', name: 'Support line', hasDraft: true, liveVersion: 2 }]);
    if (path.endsWith('/draft')) return send(200, req.method === 'GET' ? doc : {});
    // The host compiles the compact JSON it was sent: its positions are in that one line.
    if (path.endsWith('/validate')) return send(200, { diagnostics: [{ id: 'CFL1034', severity: 'error', message: 'The prompt is empty', line: 1, column: 631, pointer: '/nodes/2/config/prompt' }] });
    if (path.endsWith('/versions')) return send(200, versions);
    if (/\/versions\/\d+$/.test(path)) return send(200, doc);
    if (/\/restore\/\d+$/.test(path)) return send(200, { version: 3 });
    if (path.endsWith('/publish')) return send(200, { version: 3 });
    if (path.endsWith('/diff')) return send(200, { semanticallyEqual: true });
    send(404, { message: 'not found' });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    stop: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
