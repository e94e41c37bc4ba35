import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditor, type EditorSession } from './browser';
import { node } from './helpers';
import { COMPILING, greetingFlow, startRuntimeHost, type RuntimeHost } from './runtimeHost';

/**
 * Two admins, each in their own browser, open the same flow from the real runtime host and both
 * change it. The first saves or publishes; the second is told that the host's draft changed
 * (412: another revision) and chooses Overwrite or Reload. What the host stores is checked, and
 * that nobody's work was dropped: the replaced side is in the local Drafts of the second browser.
 */

const seed = (id: string, text: string) => greetingFlow(id, `Conflict ${id}`, text);

let host: RuntimeHost;
let a: EditorSession | undefined;
let b: EditorSession | undefined;

async function api<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T; etag: string | null }> {
  const r = await fetch(host.url + path, { ...init, headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', ...init.headers } });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T, etag: r.headers.get('ETag') };
}

type Doc = ReturnType<typeof seed>;
const welcomeText = (doc: Doc) => doc.nodes.find((n) => n.id === 'welcome')?.config?.prompt.tts;

const status = (page: Page) => page.locator('[data-testid="publish-status"]').textContent();

/** The welcome prompts of every flow document kept in this browser's local drafts. */
const localPrompts = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('callytics.editor.draft.v2:'))
      .map((k) => JSON.parse(localStorage.getItem(k)!) as { id: string; nodes: { id: string; config?: { prompt?: { tts?: string } } }[] })
      .map((d) => `${d.id}: ${d.nodes.find((n) => n.id === 'welcome')?.config?.prompt?.tts}`),
  );

/** Connects the publish panel to the host and opens the flow's draft, as a person does. */
async function openFromHost(page: Page, flowId: string): Promise<void> {
  if (await page.locator('[data-testid="publish-panel"]').isHidden()) await page.click('[data-testid="publish"]');
  await page.fill('[data-testid="api-url"]', host.url);
  await page.fill('[data-testid="api-token"]', host.token);
  await page.click('[data-testid="list-flows"]');
  await expect.poll(() => status(page)).toMatch(/flow\(s\) on the host\.$/);
  await page.click(`[data-testid="open-${flowId}"]`);
  // The canvas of the previous run was saved to the host: no question before it is replaced.
  await expect.poll(() => status(page)).toBe(`Opened ${flowId} (draft).`);
}

async function editWelcome(page: Page, text: string): Promise<void> {
  await node(page, 'welcome').click();
  await page.fill('[data-testid="field-prompt-value"]', text);
  await expect.poll(() => node(page, 'welcome').textContent()).toContain(text);
}

beforeAll(async () => {
  host = await startRuntimeHost(new URL(inject('baseUrl')).origin);
  a = await openEditor(inject('baseUrl'));
  b = await openEditor(inject('baseUrl'));
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await host?.stop();
});

describe('two editors change the same flow on a running host', () => {
  it('the second is shown the conflict and overwrites; the first one’s draft is kept in its Drafts and its version stays published', async () => {
    const id = 'e2e-conflict-overwrite';
    expect((await api(`/api/flows/${id}/draft`, { method: 'PUT', body: JSON.stringify(seed(id, 'Hello from the seed')) })).status).toBe(200);
    const [pa, pb] = [a!.page, b!.page];
    await openFromHost(pa, id);
    await openFromHost(pb, id);
    await editWelcome(pa, 'Hello from A');
    await editWelcome(pb, 'Hello from B');

    // A publishes first: its draft becomes revision 2 and version 1.
    await pa.fill('[data-testid="publish-message"]', 'from A');
    await pa.click('[data-testid="publish-now"]');
    await pa.click('[data-testid="confirm-ok"]');
    await expect.poll(() => status(pa), COMPILING).toBe('Published version 1.');

    // B saves over revision 1, which it loaded: refused, and shown.
    await pb.click('[data-testid="save-draft"]');
    await expect.poll(() => status(pb)).toBe(`Not saved: the host's draft of ${id} is revision 2, not revision 1 that this editor last read or wrote. Reload it or overwrite it (below).`);
    const conflict = pb.locator('[data-testid="conflict"]');
    await expect(conflict.getAttribute('data-current')).resolves.toBe('2');
    await expect(pb.locator('[data-testid="conflict-host"]').textContent()).resolves.toContain('nodes that differ: welcome');
    expect(welcomeText((await api<Doc>(`/api/flows/${id}/draft`)).body)).toBe('Hello from A');

    // Overwrite: confirmed first, saying what is replaced and where it is kept.
    await pb.click('[data-testid="conflict-overwrite"]');
    await expect(pb.locator('[data-testid="confirm-body"]').textContent()).resolves.toMatch(/Revision 2 of the host's draft .* is replaced by the flow on the canvas\..*kept in this browser's Drafts/);
    await pb.click('[data-testid="confirm-ok"]');
    await expect.poll(() => status(pb)).toBe('Saved the draft (revision 3).');
    await expect(conflict.count()).resolves.toBe(0);

    // The host stores B's canvas; A's work is still version 1, and a copy of the replaced draft is in B's Drafts.
    const draft = await api<Doc>(`/api/flows/${id}/draft`);
    expect(welcomeText(draft.body)).toBe('Hello from B');
    expect(draft.etag).toBe('"3"');
    expect(welcomeText((await api<Doc>(`/api/flows/${id}/versions/1`)).body)).toBe('Hello from A');
    expect(await localPrompts(pb)).toEqual(expect.arrayContaining([`${id}: Hello from A`, `${id}: Hello from B`]));

    // A, which has not reloaded, is now the stale one: its next save is refused too, not silently applied.
    await editWelcome(pa, 'Hello again from A');
    await pa.click('[data-testid="save-draft"]');
    await expect.poll(() => status(pa)).toMatch(/^Not saved: the host's draft of e2e-conflict-overwrite is revision 3, not revision 2/);
    expect(welcomeText((await api<Doc>(`/api/flows/${id}/draft`)).body)).toBe('Hello from B');
    await pa.click('[data-testid="conflict-dismiss"]');
    expect(a!.errors).toEqual([]);
    expect(b!.errors).toEqual([]);
  }, 420_000);

  it('the second is shown the conflict on publish and reloads; its own changes are kept in its Drafts and nothing is published', async () => {
    const id = 'e2e-conflict-reload';
    expect((await api(`/api/flows/${id}/draft`, { method: 'PUT', body: JSON.stringify(seed(id, 'Hello from the seed')) })).status).toBe(200);
    const [pa, pb] = [a!.page, b!.page];
    // A still has unsaved work from the first run on its canvas: opening another flow asks first (and keeps it in Drafts).
    await pa.click(`[data-testid="list-flows"]`);
    await expect.poll(() => status(pa)).toBe('2 flow(s) on the host.');
    await pa.click(`[data-testid="open-${id}"]`);
    await pa.click('[data-testid="confirm-ok"]');
    await expect.poll(() => status(pa)).toBe(`Opened ${id} (draft).`);
    await openFromHost(pb, id);
    await editWelcome(pa, 'Saved by A');
    await editWelcome(pb, 'Unsaved work of B');

    await pa.click('[data-testid="save-draft"]');
    await expect.poll(() => status(pa)).toBe('Saved the draft (revision 2).');

    // B publishes: the save before the publish is refused, nothing is published.
    await pb.fill('[data-testid="publish-message"]', 'from B');
    await pb.click('[data-testid="publish-now"]');
    await pb.click('[data-testid="confirm-ok"]');
    await expect.poll(() => status(pb)).toBe(`Not published: the host's draft of ${id} is revision 2, not revision 1 that this editor last read or wrote. Reload it or overwrite it (below).`);
    await expect(pb.locator('[data-testid="conflict"]').getAttribute('data-current')).resolves.toBe('2');

    // Reload: the editor's own question says what would be replaced and where it stays.
    await pb.click('[data-testid="conflict-reload"]');
    const question = (await pb.locator('[data-testid="confirm-body"]').textContent()) ?? '';
    expect(question).toContain(`The host's draft of ${id} (revision 2) replaces 'Conflict ${id}'`);
    expect(question).toContain('Its local draft stays in Drafts');
    await pb.click('[data-testid="confirm-ok"]');
    await expect.poll(() => status(pb)).toBe(`Reloaded the host's draft (revision 2).`);
    await expect.poll(() => node(pb, 'welcome').textContent()).toContain('Saved by A');
    await expect(pb.locator('[data-testid="conflict"]').count()).resolves.toBe(0);

    // Nothing published, the host keeps A's draft, B's own work is in its Drafts.
    expect((await api<unknown[]>(`/api/flows/${id}/versions`)).body).toEqual([]);
    expect(welcomeText((await api<Doc>(`/api/flows/${id}/draft`)).body)).toBe('Saved by A');
    await expect.poll(() => localPrompts(pb)).toEqual(expect.arrayContaining([`${id}: Unsaved work of B`]));

    // B now works on revision 2: its next publish passes.
    await pb.fill('[data-testid="publish-message"]', 'from B, after reloading');
    await pb.click('[data-testid="publish-now"]');
    await pb.click('[data-testid="confirm-ok"]');
    await expect.poll(() => status(pb), COMPILING).toBe('Published version 1.');
    expect(welcomeText((await api<Doc>(`/api/flows/${id}/versions/1`)).body)).toBe('Saved by A');
    expect(a!.errors).toEqual([]);
    expect(b!.errors).toEqual([]);
  }, 420_000);
});
