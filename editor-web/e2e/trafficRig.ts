import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The benchmark project's traffic rig: the ARI simulator and a real host process serving flows (bench/Callytics.Benchmarks/Ari/TrafficRig.cs). */
const BENCH = fileURLToPath(new URL('../../bench/Callytics.Benchmarks/bin/Release/net10.0/Callytics.Benchmarks.dll', import.meta.url));

/**
 * A flow that puts every caller in `queue` (hold music, 60 s at most) and hangs up when the wait ends; the
 * abandoned output has no edge (a caller who gave up is gone: only webhooks may follow it).
 */
export const queueFlow = (id: string, name: string, queue: string) => ({
  schemaVersion: 1,
  id,
  name,
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'q', type: 'queue', config: { queue, max_wait_ms: 60000, hold: 'moh' } },
    { id: 'served', type: 'hangup' },
  ],
  edges: [
    { source: 'start', target: 'q', sourceHandle: 'next' },
    { source: 'q', target: 'served', sourceHandle: 'timeout' },
    { source: 'q', target: 'served', sourceHandle: 'completed' },
  ],
  layout: { start: { x: 0, y: 0 }, q: { x: 0, y: 160 }, served: { x: 200, y: 380 } },
});

export interface TrafficRig {
  /** The host's admin API address and token. */
  host: { url: string; token: string };
  /** Sends one command line (`call 1`, `dial 301 810 press 4821#`, `hangup 301`…). */
  send: (command: string) => void;
  /** How many simulated calls have ended so far. */
  ended: () => number;
  /** Hangs up what is left, stops the rig and removes its folder. */
  stop: () => Promise<void>;
}

/**
 * Starts the rig with `flows` published (the first on 700 unless `routes` say otherwise, as NUMBER=FLOW) and,
 * with `callCenter`, the host's storage on a real PostgreSQL and Redis that the rig starts (`storageFolder`: in a folder).
 */
export async function startTrafficRig(origin: string, flows: { id: string }[], options: { routes?: string[]; callCenter?: boolean; storageFolder?: boolean } = {}): Promise<TrafficRig> {
  if (!existsSync(BENCH)) throw new Error(`${BENCH} is missing: build bench/Callytics.Benchmarks -c Release first.`);
  const folder = mkdtempSync(join(tmpdir(), 'callytics-rig-'));
  const args = [BENCH, 'traffic-rig', '--origin', origin];
  for (const flow of flows) {
    writeFileSync(join(folder, `${flow.id}.flow.json`), JSON.stringify(flow));
    args.push('--flow', join(folder, `${flow.id}.flow.json`));
  }
  for (const route of options.routes ?? []) args.push('--route', route);
  if (options.callCenter) args.push('--call-center');
  if (options.storageFolder) args.push('--storage-folder');
  const rig: ChildProcessWithoutNullStreams = spawn('dotnet', args);
  let errors = '';
  rig.stderr.on('data', (d: Buffer) => { errors += d.toString(); });
  const lines = createInterface({ input: rig.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`the traffic rig stopped before starting:\n${errors}`);
  const host = JSON.parse(first.value as string) as { url: string; token: string };
  let ended = 0;
  void (async () => {
    for (let l = await lines.next(); !l.done; l = await lines.next()) if (String(l.value).startsWith('ended ')) ended++;
  })();
  return {
    host,
    send: (command) => void rig.stdin.write(`${command}\n`),
    ended: () => ended,
    stop: async () => {
      rig.stdin.write('end\n');
      await new Promise((ok) => { rig.once('exit', ok); setTimeout(ok, 20_000); });
      rig.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
