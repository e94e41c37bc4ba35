import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

beforeAll(async () => {
  host = await startRuntimeHost(new URL(inject('baseUrl')).origin, { Storage__Directory: join(work, 'storage') });
}, 90_000);

afterAll(async () => {
  await s?.close();
  await host?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the console', () => {
  it('uploads a prompt, lists it with its duration, uses it in a node, and adds an operator', async () => {
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
    await page.screenshot({ path: docs('console-operators.png') });

    await page.click('[data-testid="console-tab-queues"]');
    await expect.poll(() => page.locator('[data-testid="queue-row"][data-id="support"] [data-field="waiting"]').textContent()).toBe('0');
    await page.screenshot({ path: docs('console-queues.png') });
    expect(s.errors).toEqual([]);
  });
});
