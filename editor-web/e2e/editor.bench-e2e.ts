import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';
import { serialize } from '../src/model/flowDocument';
import { openEditor } from './browser';
import { generateFlow } from './generateFlow';
import { LARGE_FLOW, layoutFlow } from '../src/layout/autoLayout';
import { estimatedSize } from '../src/model/nodeSize';
import { validateText } from '../src/rules/validate';

/** CPU time (user + system) of this process for an async piece of work: independent of how busy the machine is. */
async function cpuMs(work: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const NODES = 1000;
const RUNS = 3;
const REPORT = fileURLToPath(new URL('../../docs/benchmarks/editor.md', import.meta.url));

interface Run {
  openAndLayoutMs: number;
  /** CPU time of the page's main thread, and of the whole renderer (main thread + layout and validation workers), during the open. */
  openMainCpuMs: number;
  openRendererCpuMs: number;
  layoutMs: number;
  longestFrameMs: number;
  frames: number;
  /** Main-thread CPU time per mouse move while dragging. */
  dragMainCpuPerMoveMs: number;
}

/** Chromium's own counters (CDP Performance.getMetrics): ThreadTime is the main thread's CPU time, ProcessTime the renderer's, in seconds. */
type Metrics = Record<string, number>;
const cpuDelta = (a: Metrics, b: Metrics, key: 'ThreadTime' | 'ProcessTime') => (b[key] - a[key]) * 1000;

/**
 * Opens a generated 1,000-node flow without positions through the import button (so the editor
 * parses, validates and lays it out with elkjs), then drags a node and records every frame.
 */
async function measureOnce(text: string): Promise<Run> {
  const s = await openEditor(inject('baseUrl'));
  try {
    const { page } = s;
    const cdp = await s.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async (): Promise<Metrics> => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const file = { name: 'generated.flow.json', mimeType: 'application/json', buffer: Buffer.from(text) };
    const runs = async () => Number(await page.locator('.app').getAttribute('data-layout-runs'));
    const waitForLayout = (after: number) =>
      page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-layout-runs')) > n, after, { timeout: 60_000, polling: 'raf' });
    await waitForLayout(0); // the example the page opens with is laid out first
    const before = await runs();
    const m0 = await metrics();
    const t0 = Date.now();
    await page.setInputFiles('[data-testid="import-file"]', file);
    await waitForLayout(before);
    const openAndLayoutMs = Date.now() - t0;
    const m1 = await metrics();
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(0);

    // Layout again from the button, timed alone.
    const before2 = await runs();
    const t1 = Date.now();
    await page.click('[data-testid="auto-layout"]');
    await waitForLayout(before2);
    const layoutMs = Date.now() - t1;

    // Zoom to a readable size around start, then drag it while every animation frame is timed.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.fill('[data-testid="find-node"]', 'start');
    await page.press('[data-testid="find-node"]', 'Enter');
    await page.waitForSelector('.react-flow__node[data-id="start"]');
    await page.waitForTimeout(400);
    const box = (await page.locator('.react-flow__node[data-id="start"]').boundingBox())!;
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__frames = [];
      w.__stop = false;
      let last = performance.now();
      const tick = (t: number) => {
        w.__frames.push(t - last);
        last = t;
        if (!w.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const m2 = await metrics();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) {
      await page.mouse.move(box.x + box.width / 2 + i * 4, box.y + box.height / 2 + i * 2);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    }
    await page.mouse.up();
    const m3 = await metrics();
    const frames = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      return w.__frames.slice(1);
    });
    const moved = (await page.locator('.react-flow__node[data-id="start"]').boundingBox())!;
    expect(moved.x).toBeGreaterThan(box.x + 100);
    expect(s.errors).toEqual([]);
    return {
      openAndLayoutMs,
      openMainCpuMs: cpuDelta(m0, m1, 'ThreadTime'),
      openRendererCpuMs: cpuDelta(m0, m1, 'ProcessTime'),
      layoutMs,
      longestFrameMs: Math.max(...frames),
      frames: frames.length,
      dragMainCpuPerMoveMs: cpuDelta(m2, m3, 'ThreadTime') / 60,
    };
  } finally {
    await s.close();
  }
}

it(`opens, lays out and drags a ${NODES}-node flow`, async () => {
  const doc = generateFlow(NODES);
  const text = serialize(doc);
  // The same work outside the browser, in CPU time: what the page costs on an idle core.
  const loadStart = loadavg();
  await cpuMs(() => layoutFlow(doc.nodes.slice(0, 10).map((n) => ({ id: n.id, width: 200, height: 80 })), [])); // load elkjs, as the page does for its example
  const validateCpu = await cpuMs(() => validateText(text));
  const layoutLarge = () =>
    layoutFlow(doc.nodes.map((n) => ({ id: n.id, ...estimatedSize(n.type, n.config ?? {}) })), doc.edges.map((e, i) => ({ id: `e${i}`, ...e })));
  const layoutCpuFirst = await cpuMs(layoutLarge);
  const layoutCpu = await cpuMs(layoutLarge);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(text));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const row = (name: string, f: (r: Run) => number, target: string) =>
    `| ${name} | ${median(runs.map(f)).toFixed(0)} | ${Math.max(...runs.map(f)).toFixed(0)} | ${runs.map((r) => f(r).toFixed(0)).join(', ')} | ${target} |`;
  const report = [
    '# Editor benchmarks',
    '',
    `Date: ${new Date().toISOString()}  `,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} (shared with other jobs), Debian chromium headless, --disable-gpu  `,
    `Load average (1, 5, 15 min) when the run started: ${loadStart.map((l) => l.toFixed(1)).join(', ')}; when it ended: ${loadavg().map((l) => l.toFixed(1)).join(', ')} (on ${cpus().length} cores: above 2, wall times include waiting for a CPU)  `,
    'Command: `cd editor-web && npm run bench` (script `e2e/editor.bench-e2e.ts`)',
    '',
    `Flow: ${doc.nodes.length} nodes, ${doc.edges.length} edges, generated without positions (\`e2e/generateFlow.ts\`); ${RUNS} runs, each in a fresh browser profile.`,
    '',
    '| measure | median ms | worst ms | runs (ms) | target |',
    '|---|---|---|---|---|',
    row('open (import, parse, render) + elkjs auto-layout + view, wall', (r) => r.openAndLayoutMs, '< 2000'),
    row("… of which CPU on the page's main thread", (r) => r.openMainCpuMs, '—'),
    row('… of which CPU of the whole renderer (main thread + elkjs and validation workers)', (r) => r.openRendererCpuMs, '—'),
    row('auto-layout again (button), wall', (r) => r.layoutMs, '—'),
    row('longest frame while dragging a node (60 moves)', (r) => r.longestFrameMs, '≤ 50'),
    row('main-thread CPU per mouse move while dragging', (r) => r.dragMainCpuPerMoveMs, '—'),
    '',
    `Frames recorded during each drag: ${runs.map((r) => r.frames).join(', ')}. CPU times are Chromium's own counters (CDP \`Performance.getMetrics\`: ThreadTime, ProcessTime).`,
    '',
    'The same work in Node.js, in CPU time (`process.cpuUsage`, so less dependent on the load):',
    '',
    `- validation of the ${doc.nodes.length}-node file (parse, bind, graph, analysis; in the page it runs in a Web Worker): ${validateCpu.toFixed(0)} ms`,
    `- elkjs layout of it with the options the editor uses above ${LARGE_FLOW} nodes: ${layoutCpuFirst.toFixed(0)} ms the first time, ${layoutCpu.toFixed(0)} ms the second`,
    '',
    `Verdict on this run: open + layout ${median(runs.map((r) => r.openAndLayoutMs)) < 2000 ? 'meets' : 'misses'} the 2 s target (median); the longest drag frame ${Math.max(...runs.map((r) => r.longestFrameMs)) <= 50 ? 'meets' : 'misses'} the 50 ms target (worst of all runs). With a load average above the core count, wall times measure the queue for the CPU as much as the editor: the CPU rows are the ones to compare between runs.`,
    '',
    '## What the editor does for large flows',
    '',
    '- A file without positions is laid out before it is drawn (estimated card sizes), so its cards are drawn and measured once, at their final places.',
    '- elkjs runs in a Web Worker; above 300 nodes the layered layout skips crossing minimisation and counts layers from start (`LONGEST_PATH_SOURCE`: a tree-like flow gets no long edges, hence no dummy nodes to place and route). Brandes–Köpf placement is kept: it is a small part of the cost and keeps edges straight.',
    '- The compiler rules run in a second Web Worker, ~120 ms after a change of meaning; moves and layouts do not revalidate.',
    '- A flow too large to read whole (fit zoom under 35 %) opens on its start at 35 %, so a few cards are drawn rather than ~270 illegible ones; the minimap and the fit-view button show the whole.',
    '- While a node is dragged, only React Flow and the canvas minimap work: the side panel and publish panel are memoised on what they show, and the minimap is one canvas (React Flow\'s SVG minimap keeps 1,000 elements, several ms per frame).',
    '- Cards carry an estimated size and estimated handle positions until they are drawn: React Flow draws every card whose handles it does not know yet, just to measure it, so without them all 1,000 cards were drawn, measured and thrown away on open (~0.6 s of main-thread CPU). With them only the cards in view are ever drawn (`onlyRenderVisibleElements` above 300 nodes); a drawn card\'s measured size and handles replace the estimates.',
    '',
    'What remains is mostly elkjs itself: its per-node label and size pass and graph import/export, whose first run in a fresh worker is about twice the later ones (JIT and heap growth).',
    '',
  ].join('\n');
  mkdirSync(fileURLToPath(new URL('../../docs/benchmarks', import.meta.url)), { recursive: true });
  writeFileSync(REPORT, report);
  console.log(report);
}, 300_000);
