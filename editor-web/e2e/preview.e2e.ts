import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openEditor, type EditorSession } from './browser';
import { connectToHost, node } from './helpers';
import { greetingFlow, startRuntimeHost, type RuntimeHost } from './runtimeHost';

/**
 * An old version previewed on the canvas before a restore, against a real runtime host: the
 * preview is read-only (typing, dragging, Delete, the palette and undo change nothing), clearly
 * marked, and "Back to the draft" brings back the draft with the admin's unsaved changes; any two
 * versions compare; Restore asks first and a Cancel changes nothing.
 */
const FLOW_ID = 'e2e-preview';
let host: RuntimeHost;
let s: EditorSession | undefined;

async function api(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const r = await fetch(host.url + path, { ...init, headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', 'If-Match': '*', ...init.headers } });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

async function publish(text: string, message: string): Promise<void> {
  expect((await api(`/api/flows/${FLOW_ID}/draft`, { method: 'PUT', body: JSON.stringify(greetingFlow(FLOW_ID, 'Preview me', text)) })).status).toBe(200);
  const r = await api(`/api/flows/${FLOW_ID}/publish`, { method: 'POST', body: JSON.stringify({ message }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}


beforeAll(async () => {
  host = await startRuntimeHost(new URL(inject('baseUrl')).origin);
  await publish('Hello from version one', 'first');
  await publish('Hello from version two', 'second');
}, 300_000);

afterAll(async () => {
  await s?.close();
  await host?.stop();
});

describe('an old version on the canvas, read-only', () => {
  it('previews v1 read-only over an unsaved draft, refuses every edit, goes back to the draft with nothing lost, compares v1 with v2, and asks before restoring', async () => {
    s = await openEditor(inject('baseUrl'));
    const { page } = s;
    await connectToHost(page, host.url, host.token, 1);
    await page.click(`[data-testid="open-${FLOW_ID}"]`);
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello from version two');

    // The admin's own work, not saved anywhere but the local draft.
    await node(page, 'welcome').click();
    await page.fill('[data-testid="field-prompt-value"]', '');
    await page.keyboard.type('Hello from my unsaved draft');
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello from my unsaved draft');
    await expect(page.locator('[data-testid="unsaved"]').count()).resolves.toBe(1);
    const byeBefore = (await node(page, 'bye').boundingBox())!;

    await page.click('[data-testid="history"]');
    await page.click('[data-testid="view-1"]');
    await page.waitForSelector('[data-testid="readonly-banner"]');
    await expect(page.locator('[data-testid="readonly-banner"]').textContent()).resolves.toMatch(/Version 1 of e2e-preview, read-only/);
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello from version one');
    await expect(page.locator('[data-testid="side-panel-readonly"]').count()).resolves.toBe(1);

    // Try to change it as a person would: click and Delete, drag a card, add from the palette, undo.
    const w = (await node(page, 'welcome').boundingBox())!;
    await page.mouse.click(w.x + w.width / 2, w.y + w.height / 2);
    await page.keyboard.press('Delete');
    await page.keyboard.press('Backspace');
    const gap = async () => {
      const [a, b] = [(await node(page, 'welcome').boundingBox())!, (await node(page, 'bye').boundingBox())!];
      return { x: b.x - a.x, y: b.y - a.y };
    };
    const gapBefore = await gap();
    const box = (await node(page, 'bye').boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 230, box.y + 120, { steps: 8 });
    await page.mouse.up();
    await page.click('[data-testid="palette-hangup"]');
    await page.keyboard.press('Control+z');
    await expect(node(page, 'welcome').count()).resolves.toBe(1);
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(3);
    // The drag at most moved the view: the cards are where they were relative to each other.
    const gapAfter = await gap();
    expect(Math.abs(gapAfter.x - gapBefore.x) + Math.abs(gapAfter.y - gapBefore.y)).toBeLessThan(2);
    await expect(page.locator('[data-testid="connection-hint"]').textContent()).resolves.toMatch(/read-only/);

    // Compare any two versions: v1 against v2.
    await page.selectOption('[data-testid="compare-a"]', '1');
    await page.selectOption('[data-testid="compare-b"]', '2');
    await page.click('[data-testid="compare"]');
    await expect.poll(() => page.locator('[data-testid="diff"]').textContent()).toMatch(/^diff 1 → 2\n/);
    const diff = (await page.locator('[data-testid="diff"]').textContent()) ?? '';
    expect(diff).toContain('Hello from version two');

    // Restore asks first; Cancel changes nothing on the host or on the canvas.
    await page.click('[data-testid="banner-restore"]');
    await expect(page.locator('[data-testid="confirm-body"]').textContent()).resolves.toMatch(/Version 1 of e2e-preview is published again as a new version and goes live at once, replacing version 2/);
    await page.click('[data-testid="confirm-cancel"]');
    expect(((await api(`/api/flows/${FLOW_ID}/versions`)).body as unknown[]).length).toBe(2);
    await expect(page.locator('[data-testid="readonly-banner"]').count()).resolves.toBe(1);

    // Back to the draft: the admin's unsaved change, the positions and the undo history are all there.
    await page.click('[data-testid="back-to-draft"]');
    await expect(page.locator('[data-testid="readonly-banner"]').count()).resolves.toBe(0);
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello from my unsaved draft');
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(3);
    const byeAfter = (await node(page, 'bye').boundingBox())!;
    expect(Math.abs(byeAfter.x - byeBefore.x) + Math.abs(byeAfter.y - byeBefore.y)).toBeLessThan(2);
    await expect(page.locator('[data-testid="unsaved"]').count()).resolves.toBe(1);
    await page.click('[data-testid="undo"]');
    await expect.poll(() => node(page, 'welcome').textContent()).not.toContain('Hello from my unsaved draft');
    await page.click('[data-testid="redo"]');
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello from my unsaved draft');
    expect(s.errors).toEqual([]);
  }, 300_000);
});
