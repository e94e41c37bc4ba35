import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openEditor, type EditorSession } from './browser';
import { queueFlow, startTrafficRig, type TrafficRig } from './trafficRig';

/**
 * The console with calls: a host serving simulated calls (the ARI simulator, bench traffic-rig) with its
 * call-center storage on a real PostgreSQL and Redis. A caller leaves a voicemail that the inbox plays; an
 * operator added on the page logs in from their phone and the page shows it.
 */
const VOICEMAIL = {
  schemaVersion: 1,
  id: 'e2e-voicemail',
  name: 'Leave a message',
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'vm', type: 'voicemail', config: { prompt: { sound: 'beep' }, mailbox: 'sales', format: 'wav', beep: false, max_duration_s: 30 } },
  ],
  edges: [{ source: 'start', target: 'vm', sourceHandle: 'next' }],
};
const LOGIN = {
  schemaVersion: 1,
  id: 'e2e-login',
  name: 'Operator login',
  nodes: [
    { id: 'start', type: 'start' },
    { id: 'login', type: 'queue_login', config: { queues: ['support'], pin_max_digits: 4, max_attempts: 1, prompt: { sound: 'agent-pass' } } },
  ],
  edges: [{ source: 'start', target: 'login', sourceHandle: 'next' }],
};
const CALLERS = queueFlow('e2e-sales', 'Sales queue', 'sales');

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
let rig: TrafficRig;
let s: EditorSession | undefined;

beforeAll(async () => {
  rig = await startTrafficRig(new URL(inject('baseUrl')).origin, [VOICEMAIL, LOGIN, CALLERS], {
    routes: ['800=e2e-voicemail', '810=e2e-login', '820=e2e-sales'],
    callCenter: true,
  });
  s = await openEditor(inject('baseUrl'));
  await s.page.click('[data-testid="console"]');
  await s.page.fill('[data-testid="console-api"]', rig.host.url);
  await s.page.fill('[data-testid="console-token"]', rig.host.token);
}, 180_000);

afterAll(async () => {
  await s?.close();
  await rig?.stop();
});

describe('the console with simulated calls', () => {
  it('plays a voicemail a caller left', async () => {
    const { page } = s!;
    rig.send('dial 5557000 800 speak 2');
    await expect.poll(() => rig.ended(), { timeout: 30_000 }).toBe(1);

    await page.click('[data-testid="console-tab-voicemail"]');
    await page.locator('[data-testid="mailbox"]').pressSequentially('sales');
    await page.keyboard.press('Enter');
    const row = page.locator('[data-testid="voicemail-row"]');
    await expect.poll(() => row.count()).toBe(1);
    await expect(row.locator('td').nth(0).textContent()).resolves.toBe('5557000');
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('2 s');
    await expect(row.getAttribute('data-heard')).resolves.toBe('false');

    await row.locator('button', { hasText: 'Play' }).click();
    const audio = page.locator('[data-testid="voicemail-audio"]');
    // The recording the host fetched from ARI decodes in the browser to its 2 s and plays past its start.
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => Math.round(a.duration * 10) / 10)).toBe(2);
    await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime > 0.2 && (a.ended || !a.paused)), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => row.getAttribute('data-heard')).toBe('true');
    mkdirSync(docs(''), { recursive: true });
    await page.screenshot({ path: docs('console-voicemail.png') });
  });

  it('adds an operator with a PIN who then logs in from a simulated call, live on the page', async () => {
    const { page } = s!;
    await page.click('[data-testid="console-tab-operators"]');
    await page.locator('[data-testid="op-id"]').pressSequentially('301');
    await page.locator('[data-testid="op-name"]').pressSequentially('Ann');
    await page.locator('[data-testid="op-pin"]').pressSequentially('4821');
    await page.locator('[data-testid="op-queues"]').pressSequentially('support, sales');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="console-status"]').textContent()).toBe('Added operator 301.');
    const ann = page.locator('[data-testid="operator-row"][data-id="301"]');
    await expect.poll(() => ann.getAttribute('data-status')).toBe('logged-out');

    // Ann calls the login number from her phone (caller id 301) and types her PIN at the prompt.
    rig.send('dial 301 810 press 4821#');
    await expect.poll(() => ann.getAttribute('data-status')).toBe('free');
    await expect(ann.locator('[data-field="logged-in"]').textContent()).resolves.toBe('support');
    await page.screenshot({ path: docs('console-operators.png') });

    // Queues live: Ann free in support; a caller waiting in sales (where she is not logged in) shows the longest wait.
    rig.send('dial 5559000 820');
    await page.click('[data-testid="console-tab-queues"]');
    const support = page.locator('[data-testid="queue-row"][data-id="support"]');
    const sales = page.locator('[data-testid="queue-row"][data-id="sales"]');
    await expect.poll(() => support.locator('[data-field="free"]').textContent()).toBe('301');
    await expect.poll(() => sales.locator('[data-field="waiting"]').textContent()).toBe('1');
    await expect.poll(() => sales.locator('[data-field="longest-wait"]').textContent(), { timeout: 20_000 }).toMatch(/^0:0[2-9]$/);
    await page.screenshot({ path: docs('console-queues.png') });

    // Ann hangs up: logged out, live.
    await page.click('[data-testid="console-tab-operators"]');
    rig.send('hangup 301');
    await expect.poll(() => ann.getAttribute('data-status')).toBe('logged-out');
    expect(s!.errors).toEqual([]);
  });
});
