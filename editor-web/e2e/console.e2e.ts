import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openEditor, type EditorSession } from './browser';
import { node } from './helpers';
import { startRuntimeHost, type RuntimeHost } from './runtimeHost';

/** The call-center console against the real runtime host (directory call-center store, in-process queues). */
let host: RuntimeHost;
let s: EditorSession | undefined;
const work = mkdtempSync(join(tmpdir(), 'callytics-console-'));
const CALLBACK = '6f1c2a1e-8c1b-4f43-9d55-0b7d6c2e9a10';
const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

beforeAll(async () => {
  // A pending callback as the callback node stores it (the directory store's file).
  mkdirSync(join(work, 'storage', 'callbacks'), { recursive: true });
  writeFileSync(join(work, 'storage', 'callbacks', `${CALLBACK.replaceAll('-', '')}.json`), JSON.stringify({
    request: { id: CALLBACK, number: '5551234', queueId: 'support', callerId: '5551234', flowId: 'support-line', requestedAt: new Date().toISOString() },
    status: 'Pending', assignedTo: null, callingSince: null, finishedAt: null, note: null,
  }));
  host = await startRuntimeHost(new URL(inject('baseUrl')).origin, { Storage__Directory: join(work, 'storage'), Callytics__Callbacks__Trunk: 'pstn' });
}, 90_000);

afterAll(async () => {
  await s?.close();
  await host?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the console', () => {
  it('uploads a prompt, lists it with its duration, uses it in a node, adds an operator and calls a pending callback back through them', async () => {
    // 1.5 s of a 440 Hz tone, as a person would pick a file from their disk.
    const wav = join(work, 'greeting.wav');
    execFileSync('sox', ['-n', '-r', '44100', '-b', '16', '-c', '1', wav, 'synth', '1.5', 'sine', '440']);

    s = await openEditor(inject('baseUrl'));
    const { page } = s;
    await page.click('[data-testid="console"]');
    await page.fill('[data-testid="console-api"]', host.url);
    await page.fill('[data-testid="console-token"]', host.token);

    await page.click('[data-testid="console-tab-audio"]');
    await page.locator('[data-testid="audio-id"]').pressSequentially('greeting');
    await page.setInputFiles('[data-testid="audio-file"]', wav);
    await page.click('[data-testid="audio-upload"]');
    await expect.poll(() => page.locator('[data-testid="console-status"]').textContent()).toBe('Uploaded greeting.');
    await expect.poll(() => page.locator('[data-testid="audio-row"][data-id="greeting"] [data-field="duration"]').textContent()).toBe('1.5 s');
    // The preview plays in the browser: the WAV the host serves for it decodes.
    await expect.poll(() => page.locator('[data-testid="preview-greeting"]').evaluate(async (a: HTMLAudioElement) => {
      a.preload = 'auto';
      a.load();
      await new Promise((ok) => setTimeout(ok, 300));
      return Math.round(a.duration * 10) / 10;
    })).toBe(1.5);
    await page.screenshot({ path: docs('console-audio.png') });

    // Use it in the example's welcome prompt.
    await node(page, 'welcome').click();
    await page.click('[data-testid="use-greeting"]');
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('audio: greeting');

    await page.click('[data-testid="console-tab-operators"]');
    await page.locator('[data-testid="op-id"]').pressSequentially('201');
    await page.locator('[data-testid="op-name"]').pressSequentially('Ann');
    await page.locator('[data-testid="op-pin"]').pressSequentially('4821');
    await page.locator('[data-testid="op-queues"]').pressSequentially('support');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="console-status"]').textContent()).toBe('Added operator 201.');
    await expect.poll(() => page.locator('[data-testid="operator-row"][data-id="201"]').getAttribute('data-status')).toBe('logged-out');
    const stored = (await (await fetch(`${host.url}/api/operators`, { headers: { Authorization: `Bearer ${host.token}` } })).json()) as { id: string; name: string; queues: string[] }[];
    expect(stored.map((o) => [o.id, o.name, o.queues])).toEqual([['201', 'Ann', ['support']]]);

    // Call the pending callback back through operator 201. ARI is unreachable in this harness, so the return
    // call itself fails at once ("could not call the operator"); what is checked is that the click claimed the
    // callback for that operator and the row followed its status.
    await page.click('[data-testid="console-tab-callbacks"]');
    await expect.poll(() => page.locator('[data-testid="callback-row"]').getAttribute('data-status')).toBe('pending');
    await page.locator('[data-testid="callback-operator"]').pressSequentially('201');
    await page.click(`[data-testid="call-back-${CALLBACK}"]`);
    await expect.poll(() => page.locator('[data-testid="console-status"]').textContent()).toBe('Calling 5551234 back through 201.');
    await expect.poll(() => page.locator('[data-testid="callback-row"]').getAttribute('data-status')).not.toBe('pending');
    const callback = (await (await fetch(`${host.url}/api/callbacks/${CALLBACK}`, { headers: { Authorization: `Bearer ${host.token}` } })).json()) as { status: string; assignedTo: string };
    expect([callback.assignedTo, ['calling', 'failed'].includes(callback.status)]).toEqual(['201', true]);
    await page.screenshot({ path: docs('console-callbacks.png') });

    await page.click('[data-testid="console-tab-queues"]');
    await expect.poll(() => page.locator('[data-testid="queue-row"][data-id="support"] [data-field="waiting"]').textContent()).toBe('0');
    expect(s.errors).toEqual([]);
  });
});
