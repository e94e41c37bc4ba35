import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditor, type EditorSession } from './browser';
import { node } from './helpers';
import { queueFlow, startTrafficRig, type TrafficRig } from './trafficRig';

const FLOW = {
  schemaVersion: 1,
  id: 'e2e-traffic',
  name: 'Traffic on the canvas',
  nodes: [
    { id: 'start', type: 'start', config: { input_timeout_ms: 20000 } },
    { id: 'menu', type: 'menu', config: { prompt: { sound: 'demo-menu' }, options: { '1': { label: 'Agent' }, '2': { label: 'Leave' } }, max_retries: 1 } },
    { id: 'agent', type: 'transfer', config: { destination: { type: 'extension', value: '201' }, timeout_ms: 1000 } },
    { id: 'bye', type: 'hangup', config: { prompt: { sound: 'goodbye' } } },
    { id: 'leave', type: 'hangup' },
  ],
  edges: [
    { source: 'start', target: 'menu', sourceHandle: 'next' },
    { source: 'menu', target: 'agent', sourceHandle: 'digit:1' },
    { source: 'menu', target: 'leave', sourceHandle: 'digit:2' },
    { source: 'agent', target: 'bye', sourceHandle: 'completed' },
    { source: 'agent', target: 'bye', sourceHandle: 'no_answer' },
  ],
  layout: { start: { x: 0, y: 0 }, menu: { x: 0, y: 160 }, agent: { x: -200, y: 420 }, leave: { x: 250, y: 420 }, bye: { x: -200, y: 640 } },
};

const QUEUE_FLOW = queueFlow('e2e-queue', 'Queue traffic', 'support');

let rig: TrafficRig;
let s: EditorSession | undefined;
let host: { url: string; token: string };

beforeAll(async () => {
  // The queue flow needs the call-center storage: a folder is enough here (what is counted is the traffic).
  rig = await startTrafficRig(new URL(inject('baseUrl')).origin, [FLOW, QUEUE_FLOW], { routes: ['700=e2e-traffic', '701=e2e-queue'], storageFolder: true });
  host = rig.host;
}, 120_000);

afterAll(async () => {
  await s?.close();
  await rig?.stop();
});

const count = (page: Page, output: string) => page.locator(`[data-testid="traffic-outputs"] tr[data-output="${output}"] [data-field="count"]`).textContent();

describe('live traffic on the canvas, from a host serving simulated calls', () => {
  it('shows per edge the calls that took it, the call in progress and where calls ended', async () => {
    s = await openEditor(inject('baseUrl'));
    const { page } = s;
    // The canvas holds another flow; the panel opens the version the host has published.
    await page.click('[data-testid="traffic"]');
    await page.fill('[data-testid="traffic-api-url"]', host.url);
    await page.fill('[data-testid="traffic-api-token"]', host.token);
    await page.fill('[data-testid="traffic-flow-id"]', 'e2e-traffic');
    await page.click('[data-testid="traffic-open-published"]');
    await expect.poll(() => page.locator('[data-testid="traffic-status"]').textContent()).toContain('published');
    await expect.poll(() => page.locator('[data-testid="flow-title"]').textContent()).toBe('Traffic on the canvas');
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(5);
    await page.click('[data-testid="traffic-toggle"]');
    await expect.poll(() => page.locator('[data-testid="traffic-status"]').textContent()).toBe('Version 1: 0 call(s) in progress.');

    // Three callers take the agent, two leave, one hangs up during the menu, one stays in the menu.
    for (const c of ['1', '1', '1', '2', '2', '!']) rig.send(`call ${c}`);
    await expect.poll(() => rig.ended(), { timeout: 30_000 }).toBe(6);
    rig.send('call');

    await expect.poll(() => count(page, 'menu:digit:1')).toBe('3');
    await expect.poll(() => count(page, 'menu:digit:2')).toBe('2');
    await expect.poll(() => count(page, 'agent:completed')).toBe('3');
    await expect.poll(() => count(page, 'start:next')).toBe('7');
    await expect(page.locator('[data-testid="traffic-outputs"] tr').count()).resolves.toBe(4);
    // On the canvas: the edges taken carry their counts, the unused one none.
    const labels = () => page.locator('.react-flow__edge.live-traffic .react-flow__edge-text').allTextContents();
    await expect.poll(async () => (await labels()).sort()).toEqual(['digit:1 ×3', 'digit:2 ×2', 'completed ×3', '×7'].sort());
    await expect(page.locator('.react-flow__edge.live-traffic').count()).resolves.toBe(4);
    // The waiting call is on the menu; the caller who hung up there is counted there.
    await expect.poll(() => node(page, 'menu').locator('[data-testid="overlay-note"]').textContent()).toBe('7 entered · 1 in progress · 1 ended caller hung up');
    await expect(node(page, 'menu').locator('.node-card').getAttribute('class')).resolves.toContain('live-busy');
    await expect(node(page, 'bye').locator('[data-testid="overlay-note"]').textContent()).resolves.toBe('3 entered · 3 ended completed');
    await expect(node(page, 'leave').locator('[data-testid="overlay-note"]').textContent()).resolves.toBe('2 entered · 2 ended completed');
    // No caller numbers anywhere on the page.
    await expect(page.locator('body').textContent()).resolves.not.toMatch(/55500\d/);
  });

  it('shows a caller who gave up waiting in a queue as abandoned there, not as a hang-up', async () => {
    const page = s!.page;
    await page.fill('[data-testid="traffic-flow-id"]', 'e2e-queue');
    await page.click('[data-testid="traffic-open-published"]');
    await expect.poll(() => page.locator('[data-testid="flow-title"]').textContent()).toBe('Queue traffic');
    const before = rig.ended();
    rig.send('dial 555777 701');
    // The caller is on hold in the queue, then gives up.
    await expect.poll(() => node(page, 'q').locator('[data-testid="overlay-note"]').textContent()).toBe('1 entered · 1 in progress');
    rig.send('hangup 555777');
    await expect.poll(() => rig.ended()).toBe(before + 1);
    await expect.poll(() => node(page, 'q').locator('[data-testid="overlay-note"]').textContent()).toBe('1 entered · 1 abandoned');
    await page.screenshot({ path: fileURLToPath(new URL('../../docs/traffic-abandoned.png', import.meta.url)) });
  });
});
