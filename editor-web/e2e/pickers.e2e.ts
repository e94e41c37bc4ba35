import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditor, type EditorSession } from './browser';
import { connectToHost, exportFlow, node } from './helpers';
import { greetingFlow, startRuntimeHost, type RuntimeHost } from './runtimeHost';

/**
 * The forms' pickers fed by a real runtime host's catalog (GET /api/catalog, /api/audio,
 * /api/flows): free text before connecting; once connected, typing filters the host's ids, the
 * keyboard or a click takes one, and a value the host lacks is still kept, with a warning.
 */
let host: RuntimeHost;
let dir: string;
let s: EditorSession | undefined;

/** Half a second of silence, 8 kHz 16-bit mono: an audio file the library accepts. */
function silenceWav(): Buffer {
  const samples = 4000;
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0); b.writeUInt32LE(36 + samples * 2, 4); b.write('WAVE', 8); b.write('fmt ', 12);
  b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22); b.writeUInt32LE(8000, 24); b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32); b.writeUInt16LE(16, 34); b.write('data', 36); b.writeUInt32LE(samples * 2, 40);
  return b;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'callytics-pickers-'));
  const catalog = join(dir, 'catalog.json');
  writeFileSync(catalog, JSON.stringify({
    audio: { 'welcome-support': { path: 'callytics/en/welcome-support' } },
    queues: { support: { name: 'Customer support' }, billing: { name: 'Billing' } },
    trunks: { main: { dial_format: '{number}' }, intl: { dial_format: '00{e164}' } },
  }));
  host = await startRuntimeHost(new URL(inject('baseUrl')).origin, { Callytics__Catalog: catalog });
  const auth = { Authorization: `Bearer ${host.token}` };
  const upload = await fetch(`${host.url}/api/audio/hold-music`, { method: 'PUT', headers: auth, body: new Uint8Array(silenceWav()) });
  expect(upload.status, await upload.text()).toBe(201);
  const draft = await fetch(`${host.url}/api/flows/other-flow/draft`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(greetingFlow('other-flow', 'Other', 'Hi')) });
  expect(draft.status).toBe(200);
}, 120_000);

afterAll(async () => {
  await s?.close();
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const options = (page: Page, testId: string) => page.locator(`[data-testid="${testId}-options"] [role="option"]`).allTextContents();


describe('pickers fed by the host', () => {
  it('suggests the host\'s queues, audio, trunks and flows, takes one by keyboard or click, and keeps a value the host lacks with a warning', async () => {
    s = await openEditor(inject('baseUrl'));
    const { page } = s;

    // Not connected: free text, no suggestions, no warning.
    await node(page, 'sales').click();
    await page.click('[data-testid="field-queue"]');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('overflow');
    await expect(page.locator('[data-testid="field-queue-options"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid="field-queue-warning"]').count()).resolves.toBe(0);

    // Connect: the publish panel lists the host's flows and reads its catalog.
    await connectToHost(page, host.url, host.token, 1);

    // The queue typed before is kept, now flagged: the host's catalog has no such queue.
    await node(page, 'sales').click();
    await expect(page.locator('[data-testid="field-queue"]').inputValue()).resolves.toBe('overflow');
    await expect(page.locator('[data-testid="field-queue-warning"]').textContent()).resolves.toMatch(/'overflow' is not in the host's catalog/);
    // Type to filter, ↓ and Enter to take.
    await page.click('[data-testid="field-queue"]');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('bil');
    await expect(options(page, 'field-queue')).resolves.toEqual(['billing · Billing']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="field-queue"]').inputValue()).resolves.toBe('billing');
    await expect(page.locator('[data-testid="field-queue-warning"]').count()).resolves.toBe(0);
    await expect.poll(() => node(page, 'sales').textContent()).toContain('queue billing');

    // The prompt's audio id: the catalog's and the library's (uploaded through /api/audio), taken with a click.
    await node(page, 'welcome').click();
    await page.click('[data-testid="field-prompt-value"]');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await expect(options(page, 'field-prompt-value')).resolves.toEqual(['hold-music', 'welcome-support']);
    await page.locator('[data-testid="field-prompt-value-options"] [role="option"]', { hasText: 'hold-music' }).click();
    await expect(page.locator('[data-testid="field-prompt-value"]').inputValue()).resolves.toBe('hold-music');

    // A hunt group destination's trunk.
    await node(page, 'support').click();
    await page.click('[data-testid="destination-0-trunk"]');
    await page.keyboard.type('int');
    await expect(options(page, 'destination-0-trunk')).resolves.toEqual(['intl']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    // A sub-flow's flow: the host's flows; a flow it does not have is kept, with a warning.
    await page.click('[data-testid="palette-subflow"]');
    await page.click('[data-testid="field-flow"]');
    await page.keyboard.type('other');
    await expect(options(page, 'field-flow')).resolves.toEqual(['other-flow']);
    await page.keyboard.type('-two');
    await expect(page.locator('[data-testid="field-flow-warning"]').textContent()).resolves.toMatch(/No flow 'other-two' on the host/);
    await page.keyboard.press('Escape');

    // queue_login's queues, a comma-separated list: the id typed after the last comma is suggested.
    await page.click('[data-testid="palette-queue_login"]');
    await page.click('[data-testid="field-queues"]');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('sup');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.type(', bill');
    await expect(options(page, 'field-queues')).resolves.toEqual(['billing · Billing']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.type(', nope');
    await expect(page.locator('[data-testid="field-queues"]').inputValue()).resolves.toBe('support, billing, nope');
    await expect(page.locator('[data-testid="field-queues-warning"]').textContent()).resolves.toMatch(/^'nope' is not in the host's catalog/);

    // Nothing typed or taken is lost.
    const doc = await exportFlow(page);
    const config = (id: string) => doc.nodes.find((n) => n.id === id)?.config ?? {};
    expect(config('sales').queue).toBe('billing');
    expect(config('welcome').prompt).toEqual({ audio: 'hold-music' });
    expect((config('support').destinations as { trunk?: string }[])[0]).toEqual({ type: 'extension', value: '201', trunk: 'intl' });
    expect(config('subflow_1').flow).toBe('other-two');
    expect(config('queue_login_1').queues).toEqual(['support', 'billing', 'nope']);
    expect(s.errors).toEqual([]);
  }, 240_000);
});
