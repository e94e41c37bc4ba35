import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditor, type EditorSession } from './browser';
import { edgeEndGaps, node, problems } from './helpers';
import { COMPILING, greetingFlow, startRuntimeHost, type RuntimeHost } from './runtimeHost';

const FLOW_ID = 'e2e-publish';

/** A small valid flow with positions, stored as a draft on the host before the editor opens it. */
const SEED = greetingFlow(FLOW_ID, 'Publish from the editor', 'Hello from version one');

let host: RuntimeHost;
let s: EditorSession | undefined;

/** The admin API, called from the test itself (Node's fetch: no CORS). */
async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const r = await fetch(host.url + path, { ...init, headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', ...init.headers } });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
}

interface Version {
  version: number;
  publishedBy: string;
  publishedAt: string;
  message: string | null;
}

const status = (page: Page) => page.locator('[data-testid="publish-status"]').textContent();
const versionRows = (page: Page) =>
  page.locator('[data-testid="version-row"]').evaluateAll((rows) =>
    rows.map((r) => ({
      version: Number(r.getAttribute('data-version')),
      by: r.querySelector('[data-field="by"]')?.textContent,
      at: r.querySelector('[data-field="at"]')?.getAttribute('title'),
      message: r.querySelector('[data-field="message"]')?.textContent,
    })),
  );

/** A document without its layout: what "means the same" compares. */
const semantic = (doc: Record<string, unknown>) => Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'layout'));

beforeAll(async () => {
  // The editor is served from another origin than the API: the host's CORS policy must let it in.
  host = await startRuntimeHost(new URL(inject('baseUrl')).origin);
}, 90_000);

afterAll(async () => {
  await s?.close();
  await host?.stop();
});

describe('publishing through a running runtime host', () => {
  it('opens a flow from the host, publishes two versions, is refused with diagnostics, diffs and restores v1 as v3', async () => {
    // The API refuses requests without the token.
    expect((await fetch(`${host.url}/api/flows`)).status).toBe(401);
    expect((await api(`/api/flows/${FLOW_ID}/draft`, { method: 'PUT', body: JSON.stringify(SEED) })).status).toBe(200);

    s = await openEditor(inject('baseUrl'));
    const { page } = s;

    // Connect through the publish panel: the API address and the token.
    await page.click('[data-testid="publish"]');
    await page.fill('[data-testid="api-url"]', host.url);
    await page.fill('[data-testid="api-token"]', host.token);

    // Open the flow stored on the host.
    await page.click('[data-testid="list-flows"]');
    await expect.poll(() => status(page)).toBe('1 flow(s) on the host.');
    await page.click(`[data-testid="open-${FLOW_ID}"]`);
    await expect.poll(() => status(page)).toBe(`Opened ${FLOW_ID} (draft).`);
    await expect.poll(() => page.locator('[data-testid="flow-title"]').textContent()).toBe('Publish from the editor');
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello from version one');
    await expect(page.locator('[data-testid="publish-flow-id"]').textContent()).resolves.toBe(FLOW_ID);

    // Save the draft: the host stores the canvas as the editor exports it.
    await page.click('[data-testid="save-draft"]');
    await expect.poll(() => status(page)).toBe('Saved the draft (revision 2).');
    const draft = await api<typeof SEED>(`/api/flows/${FLOW_ID}/draft`);
    expect(semantic(draft.body)).toEqual(semantic(SEED));
    expect(Object.keys(draft.body.layout).sort()).toEqual(['bye', 'start', 'welcome']);

    // Version 1.
    await page.fill('[data-testid="publish-message"]', 'first version');
    await page.click('[data-testid="publish-now"]');
    await page.click('[data-testid="confirm-ok"]'); // publishing goes live: the editor asks first
    await expect.poll(() => status(page), COMPILING).toBe('Published version 1.');

    // Change a node in the side panel (the publish panel stays open above it), then version 2.
    await node(page, 'welcome').click();
    await page.fill('[data-testid="field-prompt-value"]', 'Hello from version two');
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello from version two');
    await page.fill('[data-testid="publish-message"]', 'second version');
    await page.click('[data-testid="publish-now"]');
    await page.click('[data-testid="confirm-ok"]'); // publishing goes live: the editor asks first
    await expect.poll(() => status(page), COMPILING).toBe('Published version 2.');

    // The history: who, when and why, newest first.
    const rows = await versionRows(page);
    expect(rows.map((r) => [r.version, r.by, r.message])).toEqual([
      [2, host.publishedBy, 'second version'],
      [1, host.publishedBy, 'first version'],
    ]);
    for (const r of rows) expect(Date.now() - Date.parse(r.at ?? '')).toBeLessThan(10 * 60_000);

    // A draft with an error: the host's compiler refuses it and its findings fill the problems panel.
    await page.fill('[data-testid="field-prompt-value"]', '');
    await expect.poll(() => problems(page)).toContain('CFL1034 welcome');
    await page.fill('[data-testid="publish-message"]', 'broken');
    await page.click('[data-testid="publish-now"]');
    await page.click('[data-testid="confirm-ok"]'); // publishing goes live: the editor asks first
    await expect.poll(() => status(page), COMPILING).toMatch(/^Publish e2e-publish failed: .*422 flow 'e2e-publish' has errors; nothing was published/);
    const fromHost = await page.locator('[data-testid="problem"][data-source="host"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-id')} ${e.getAttribute('data-node')}`));
    expect(fromHost).toContain('CFL1034 welcome');
    expect((await api<Version[]>(`/api/flows/${FLOW_ID}/versions`)).body).toHaveLength(2);

    // The diff of the canvas (saved as the draft) against the live version, v2.
    await page.click('[data-testid="diff-live"]');
    await expect.poll(() => status(page)).toBe('Saved the draft; diff of live → draft below.');
    const diff = (await page.locator('[data-testid="diff"]').textContent()) ?? '';
    expect(diff).toMatch(/^diff 2 → draft\n/);
    expect(diff).toContain('~ node welcome (play_audio)');
    expect(diff).toContain('Hello from version two');
    expect(diff).not.toContain('no semantic changes');

    // Restore v1, confirmed (it goes live at once): a new version 3, shown on the canvas.
    await page.click('[data-testid="restore-1"]');
    await expect(page.locator('[data-testid="confirm-body"]').textContent()).resolves.toMatch(/goes live at once, replacing version 2/);
    await page.click('[data-testid="confirm-ok"]');
    await expect.poll(() => status(page), COMPILING).toBe('Restored version 1 as version 3.');
    expect((await versionRows(page)).map((r) => [r.version, r.message])).toEqual([
      [3, 'restore version 1'],
      [2, 'second version'],
      [1, 'first version'],
    ]);
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello from version one');
    await expect.poll(() => problems(page)).toEqual([]);
    // The reopened cards were measured again: both edges start and end at the drawn handles.
    await expect.poll(async () => Math.max(...(await edgeEndGaps(page)))).toBeLessThan(8);
    expect(await edgeEndGaps(page)).toHaveLength(4);
    await page.screenshot({ path: fileURLToPath(new URL('../test-results/publish-panel.png', import.meta.url)) });

    // The host agrees: v3 exists, and means the same as v1 (and not v2).
    const versions = (await api<Version[]>(`/api/flows/${FLOW_ID}/versions`)).body;
    expect(versions.map((v) => [v.version, v.publishedBy, v.message])).toEqual([
      [1, host.publishedBy, 'first version'],
      [2, host.publishedBy, 'second version'],
      [3, host.publishedBy, 'restore version 1'],
    ]);
    const [v1, v3] = await Promise.all([1, 3].map((n) => api<Record<string, unknown>>(`/api/flows/${FLOW_ID}/versions/${n}`)));
    expect(semantic(v3.body)).toEqual(semantic(v1.body));
    expect(semantic(v1.body)).toEqual(semantic(SEED));
    expect((await api<{ semanticallyEqual: boolean }>(`/api/flows/${FLOW_ID}/diff?a=1&b=3`)).body.semanticallyEqual).toBe(true);
    expect((await api<{ semanticallyEqual: boolean }>(`/api/flows/${FLOW_ID}/diff?a=2&b=3`)).body.semanticallyEqual).toBe(false);
    expect(s.errors).toEqual([]);
  }, 420_000);
});
