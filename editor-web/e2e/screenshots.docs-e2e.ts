import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';
import { openEditor } from './browser';
import { connect, dragFromPalette, node, problems } from './helpers';
import { generateFlow } from './generateFlow';
import { startFakeHost } from './fakeHost';
import supportLine from '../src/examples/supportLine.json';

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

/** Pictures for the README and docs/editor.md, taken in Debian's headless chromium. */
it('takes screenshots of the editor with the example flow', async () => {
  mkdirSync(docs(''), { recursive: true });
  const s = await openEditor(inject('baseUrl'), { width: 1600, height: 1000 });
  try {
    const { page } = s;
    await node(page, 'main_menu').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: docs('editor.png') });

    // A problem: a new play node left unconnected and without a prompt.
    await dragFromPalette(page, 'play_audio', 980, 140);
    await connect(page, 'closed', 'next', 'play_audio_1');
    expect(await problems(page)).toEqual(expect.arrayContaining(['CFL1034 play_audio_1', 'CFL2008 play_audio_1']));
    await page.waitForTimeout(300);
    await page.screenshot({ path: docs('editor-problems.png') });
    expect(s.errors).toEqual([]);
  } finally {
    await s.close();
  }
});

it('takes screenshots of a 1,000-node flow after layout (fit view and opening view) and of the dark theme', async () => {
  const s = await openEditor(inject('baseUrl'), { width: 1600, height: 1000 });
  try {
    const { page } = s;
    const before = Number(await page.locator('.app').getAttribute('data-layout-runs'));
    await page.setInputFiles('[data-testid="import-file"]', { name: 'generated.flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(generateFlow(1000))) });
    await page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-layout-runs')) > n, before, { timeout: 120_000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: docs('editor-1000-nodes-open.png') });
    await page.click('[data-testid="fit-view"]');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: docs('editor-1000-nodes.png') });

    await page.selectOption('[data-testid="theme"]', 'dark');
    await page.click('[data-testid="example"]');
    await page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-layout-runs')) > n, before + 1, { timeout: 60_000 });
    await page.click('.react-flow__controls-zoomin');
    await page.click('.react-flow__controls-zoomin');
    await node(page, 'main_menu').click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: docs('editor-dark.png') });
    expect(s.errors).toEqual([]);
  } finally {
    await s.close();
  }
});

it('takes screenshots of groups (one open, one collapsed) and of an old version previewed read-only', async () => {
  const s = await openEditor(inject('baseUrl'), { width: 1600, height: 1000 });
  const host = await startFakeHost(supportLineV1(), { cors: true });
  try {
    const { page } = s;
    await node(page, 'sales').click();
    await node(page, 'support').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+g');
    await page.keyboard.type('Desks');
    await page.keyboard.press('Enter');
    await node(page, 'closed').click();
    await node(page, 'message').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+g');
    await page.keyboard.type('After hours');
    await page.keyboard.press('Enter');
    await page.click('[data-testid="group-collapse-group_2"]');
    await page.click('.react-flow__pane', { position: { x: 5, y: 5 } });
    await page.waitForTimeout(400);
    await page.screenshot({ path: docs('editor-groups.png') });

    await page.click('[data-testid="publish"]');
    await page.fill('[data-testid="api-url"]', host.url);
    await page.fill('[data-testid="api-token"]', 'token');
    await page.click('[data-testid="history"]');
    await page.click('[data-testid="view-1"]');
    await page.waitForSelector('[data-testid="readonly-banner"]');
    await page.waitForTimeout(600);
    await page.screenshot({ path: docs('editor-preview.png') });
    expect(s.errors).toEqual([]);
  } finally {
    await s.close();
    await host.stop();
  }
});

/** The example as an older version: a shorter menu, no webhook. */
function supportLineV1() {
  const doc = structuredClone(supportLine) as { nodes: { id: string }[]; edges: { source: string; target: string }[] };
  doc.nodes = doc.nodes.filter((n) => n.id !== 'notify');
  doc.edges = doc.edges.filter((e) => e.source !== 'notify' && e.target !== 'notify');
  return doc;
}
