import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The host as tests/run.sh builds it (`dotnet build Callytics.Compiler.sln -c Release`). */
export const HOST_DLL = fileURLToPath(new URL('../../runtime/Callytics.Runtime.Host/bin/Release/net10.0/Callytics.Runtime.Host.dll', import.meta.url));

export interface RuntimeHost {
  /** http://127.0.0.1:<port>, the admin API's address. */
  url: string;
  /** The bearer token the admin API accepts. */
  token: string;
  /** Who publishes, as the host records it. */
  publishedBy: string;
  /** The flow store directory (a fresh temp directory). */
  flowStore: string;
  /** What the host wrote so far (stdout and stderr), for failure messages. */
  output: () => string;
  /** Stops the process (SIGTERM, then SIGKILL) and removes its directory; safe to call twice. */
  stop: () => Promise<void>;
}

/** A loopback port nobody listens on (for ARI: the host keeps retrying it in the background, harmlessly). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((ok) => {
    const timer = setTimeout(() => ok(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      ok(true);
    });
  });
}

/**
 * Starts the real runtime host (`dotnet Callytics.Runtime.Host.dll`) on 127.0.0.1 with a port the
 * system picks, a temp-directory flow store, a random admin token and CORS for `allowedOrigin`.
 * Nothing else is configured, so the host runs on its embedded defaults: no Redis, no PostgreSQL,
 * and ARI unreachable (calls are not needed to publish). Resolves once the admin API answers.
 */
export async function startRuntimeHost(allowedOrigin: string, extraEnv: Record<string, string> = {}): Promise<RuntimeHost> {
  if (!existsSync(HOST_DLL))
    throw new Error(`The runtime host is not built: ${HOST_DLL} is missing. Run \`dotnet build Callytics.Compiler.sln -c Release\` (tests/run.sh does) first.`);
  const dir = mkdtempSync(join(tmpdir(), 'callytics-host-'));
  const token = randomBytes(24).toString('hex');
  const publishedBy = 'editor-e2e';
  const flowStore = join(dir, 'flows');
  let output = '';
  const child = spawn('dotnet', [HOST_DLL, '--urls', 'http://127.0.0.1:0'], {
    // The temp directory as content root: no appsettings.json there, only what is set here.
    cwd: dir,
    env: {
      ...process.env,
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
      Callytics__FlowStore: flowStore,
      Callytics__Ari__BaseUrl: `http://127.0.0.1:${await closedPort()}/ari`,
      Callytics__Admin__Token: token,
      Callytics__Admin__AllowedOrigins__0: allowedOrigin,
      Callytics__Admin__PublishedBy: publishedBy,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Whatever happens to the test run, the host does not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 15_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The runtime host did not start within 60 s:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        // ASP.NET Core's lifetime log line, written once Kestrel is bound.
        const m = /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The runtime host exited (${code ?? signal}) before listening:\n${output}`));
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    const answer = await fetch(`${url}/api/flows`, { headers: { Authorization: `Bearer ${token}` } });
    if (!answer.ok) throw new Error(`The admin API answered ${answer.status}:\n${output}`);
    return { url, token, publishedBy, flowStore, output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Publishing compiles the flow with Roslyn in the host, slow on a loaded 2-core runner (the first time above all). */
export const COMPILING = { timeout: 90_000, interval: 250 };

/** A small valid flow with positions (start → a TTS greeting → hang up), to store as a draft before the editor opens it. */
export const greetingFlow = (id: string, name: string, text: string) => ({
  schemaVersion: 1,
  id,
  name,
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'welcome', type: 'play_audio', label: 'Welcome', config: { prompt: { tts: text } } },
    { id: 'bye', type: 'hangup' },
  ],
  edges: [
    { source: 'start', target: 'welcome', sourceHandle: 'next' },
    { source: 'welcome', target: 'bye', sourceHandle: 'next' },
  ],
  layout: { start: { x: 0, y: 0 }, welcome: { x: 0, y: 160 }, bye: { x: 0, y: 360 } },
});
