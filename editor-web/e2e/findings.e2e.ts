import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openEditor, type EditorSession } from './browser';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeHost } from './fakeHost';
import { generateChain } from './generateFlow';
import { connect, dragFromPalette, node, problems } from './helpers';
import supportLine from '../src/examples/supportLine.json';

/**
 * The findings of issue #15, each driven as an admin would (typing, clicking, keys), each
 * asserting that nothing the admin did is lost. Every test here failed on the editor before its
 * fix (run them against an old build with EDITOR_DIST=<its dist>).
 */
let s: EditorSession;
beforeEach(async () => {
  s = await openEditor(inject('baseUrl'));
  // Fail fast on the old code rather than wait out playwright's 30 s per missing element.
  s.page.setDefaultTimeout(8_000);
});
afterEach(async () => {
  expect(s.errors).toEqual([]);
  await s.close();
});

const handles = (id: string) =>
  node(s.page, id).locator('.react-flow__handle.source').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-handleid')));
const focusedTestId = () => s.page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

describe('issue #15 findings', () => {
  it('1: typing a new menu key over another option\'s key keeps both options, the row and the focus', async () => {
    const { page } = s;
    await node(page, 'main_menu').click();
    await page.click('[data-testid="options-add"]');
    await expect(page.locator('[data-testid="option-key-3"]').inputValue()).resolves.toBe('4');
    await page.click('[data-testid="option-key-3"]');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('2');
    // "2" is Support's key: nothing merged, not applied, and the editor says why.
    await expect(page.locator('[data-testid="option-label-1"]').inputValue()).resolves.toBe('Support');
    await expect(page.locator('[data-testid="option-key-3"]').inputValue()).resolves.toBe('2');
    await expect(page.locator('[data-testid="option-key-problem-3"]').textContent()).resolves.toMatch(/already option 'Support'/);
    await page.keyboard.type('1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Billing');
    await expect(page.locator('[data-testid="option-key-3"]').inputValue()).resolves.toBe('21');
    await expect(page.locator('[data-testid="option-label-3"]').inputValue()).resolves.toBe('Billing');
    await expect(page.locator('[data-testid="option-label-1"]').inputValue()).resolves.toBe('Support');
    await expect(focusedTestId()).resolves.toBe('option-label-3');
    await expect(page.locator('[data-testid="option-key-problem-3"]').count()).resolves.toBe(0);
    const out = await handles('main_menu');
    expect(out).toEqual(expect.arrayContaining(['digit:1', 'digit:2', 'digit:3', 'digit:21']));
    // Option 2's edges (the support desk, the CRM webhook) are still there.
    await expect(page.locator('.react-flow__edge[data-id^="e:main_menu:digit:2:"]').count()).resolves.toBe(2);
  });

  it('2: schedule start and end times read and type as 24-hour HH:MM', async () => {
    const { page } = s;
    await node(page, 'hours').click();
    const start = page.locator('[data-testid="schedule-monday-1-start"]');
    const end = page.locator('[data-testid="schedule-monday-1-end"]');
    await expect(start.inputValue()).resolves.toBe('13:00');
    // What the admin sees in the field is the whole 24-hour time, as in the end field.
    const shown = (l: typeof start) => l.evaluate((e: HTMLInputElement) => ({ type: e.type, clipped: e.scrollWidth > e.clientWidth }));
    await expect(shown(start)).resolves.toEqual({ type: 'text', clipped: false });
    await expect(shown(end)).resolves.toEqual({ type: 'text', clipped: false });
    await start.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('14:30');
    await end.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('19:15');
    await expect(start.inputValue()).resolves.toBe('14:30');
    await expect(end.inputValue()).resolves.toBe('19:15');
  });

  it('4: nothing on the canvas is replaced without a confirmation; every flow keeps its own local draft', async () => {
    const { page } = s;
    await expect(page.locator('[data-testid="unsaved"]').count()).resolves.toBe(0);
    await node(page, 'welcome').click();
    await page.fill('[data-testid="node-label"]', 'Hello there');
    await expect(page.locator('[data-testid="unsaved"]').isVisible()).resolves.toBe(true);
    const asks = async (open: () => Promise<void>) => {
      await open();
      await expect(page.locator('[data-testid="confirm-body"]').textContent()).resolves.toMatch(/'Support line' \(10 nodes\), which has changes that are not exported/);
      await page.keyboard.press('Escape');
      await expect(page.locator('[data-testid="confirm"]').count()).resolves.toBe(0);
      await expect(node(page, 'welcome').textContent()).resolves.toContain('Hello there');
    };
    await asks(() => page.click('[data-testid="new"]'));
    await asks(() => page.click('[data-testid="example"]'));
    await asks(() => page.setInputFiles('[data-testid="import-file"]', { name: 'other.flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ schemaVersion: 1, id: 'other', nodes: [{ id: 'start', type: 'start' }], edges: [] })) }));

    // Replacing, confirmed: the edited flow stays among the drafts; a second new flow does not overwrite the first.
    await page.click('[data-testid="new"]');
    await page.click('[data-testid="confirm-ok"]');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(1);
    await page.fill('[data-testid="flow-name"]', 'First new');
    await page.click('[data-testid="new"]');
    await page.click('[data-testid="confirm-ok"]');
    await expect.poll(() => page.locator('[data-testid="flow-title"]').textContent()).toBe('New flow');
    await page.waitForTimeout(600); // the draft is written shortly after the last change
    await page.click('[data-testid="drafts"]');
    const names = await page.locator('[data-testid="draft"] strong').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['New flow', 'First new', 'Support line']));
    await page.locator('[data-testid="draft"][data-flow="support-line"] .draft-open').click();
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello there');
    // A reload opens the flow last worked on.
    await page.waitForTimeout(600);
    await page.reload();
    await page.waitForSelector('.react-flow__node');
    await expect.poll(() => node(page, 'welcome').textContent()).toContain('Hello there');
  });

  it('4: a local copy that the browser refuses (storage full) is reported when it happens', async () => {
    const { page } = s;
    await page.evaluate(() => {
      // Fill this origin's storage, leaving less than one draft's worth.
      for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 8, 1 << 4, 1]) {
        for (let i = 0; ; i++) {
          try {
            localStorage.setItem(`filler-${size}-${i}`, 'x'.repeat(size));
          } catch {
            break;
          }
        }
      }
    });
    await node(page, 'welcome').click();
    await page.fill('[data-testid="node-label"]', `Changed while full ${'.'.repeat(400)}`);
    await expect(page.locator('[data-testid="storage-error"]').textContent()).resolves.toMatch(/Could not keep a local copy of 'Support line'.*full \(QuotaExceededError\).*Export/);
    // A reload cannot bring the lost change back, but says that the copy it opens is older.
    await page.reload();
    await page.waitForSelector('.react-flow__node');
    await expect(page.locator('[data-testid="storage-error"]').textContent()).resolves.toMatch(/The local copy of 'Support line' is from .*: the changes made after it could not be stored/);
  });

  it('5: an import keeps every node (invalid ones as cards with their findings, placed in the admin\'s own file) and exports them back', async () => {
    const { page } = s;
    const lines = [
      '{',
      '  "schemaVersion": 1,',
      '  "id": "eleven",',
      '  "nodes": [',
      '    { "id": "start", "type": "start" },',
      ...[1, 2, 3].map((i) => `    { "id": "p${i}", "type": "play_audio", "config": { "prompt": { "tts": "hi" } } },`),
      '    { "id": 42, "type": "play_audio", "config": { "prompt": { "tts": "numbered" } } },',
      ...[5, 6].map((i) => `    { "id": "p${i}", "type": "play_audio", "config": { "prompt": { "tts": "hi" } } },`),
      '    { "type": "play_audio", "config": { "prompt": { "tts": "no id" } } },',
      ...[8, 9].map((i) => `    { "id": "p${i}", "type": "play_audio", "config": { "prompt": { "tts": "hi" } } },`),
      '    { "id": "bye", "type": "hangup" }',
      '  ],',
      '  "edges": [',
      '    { "source": "start", "target": "p1" }',
      '  ]',
      '}',
    ];
    const text = lines.join('\n') + '\n';
    await page.setInputFiles('[data-testid="import-file"]', { name: 'eleven.flow.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect.poll(() => page.locator('[data-testid="flow-title"]').textContent()).toBe('eleven');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(11);
    await expect(page.locator('.node-card.invalid').count()).resolves.toBe(2);
    await expect(page.locator('[data-testid="connection-hint"]').textContent()).resolves.toMatch(/11 nodes, 2 of them invalid/);
    // The findings on the numbered node are on its card and at its line in the admin's file (line 9).
    await expect.poll(() => problems(page)).toContain('CFL1001 42');
    const where = await page.locator('[data-testid="problem"][data-node="42"] .where').first().textContent();
    expect(where).toMatch(/^42 · 9:\d+$/);
    expect(lines[8]).toContain('"id": 42');
    // The node without an id (the 8th) is the card "node-8", with its finding at line 12.
    await expect(page.locator('[data-testid="problem"][data-node="node-8"] .where').first().textContent()).resolves.toMatch(/^node-8 · 12:\d+$/);
    // Export writes all eleven back, the invalid ones as they were.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export"]')]);
    const out = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(out.nodes).toHaveLength(11);
    expect(out.nodes[4]).toEqual({ id: 42, type: 'play_audio', config: { prompt: { tts: 'numbered' } } });
    expect(out.nodes[7]).toEqual({ type: 'play_audio', config: { prompt: { tts: 'no id' } } });
  });

  it('6: a file over the compiler\'s 16 MiB limit is refused and the canvas kept', async () => {
    const { page } = s;
    const flow = JSON.stringify({ schemaVersion: 1, id: 'too-big', name: 'Too big', nodes: [{ id: 'start', type: 'start' }], edges: [] });
    // From disk: playwright hands the browser the path (a 17 MiB buffer would be sent through the protocol).
    const dir = mkdtempSync(join(tmpdir(), 'callytics-big-'));
    const file = join(dir, 'big.flow.json');
    writeFileSync(file, Buffer.concat([Buffer.from(flow), Buffer.alloc(17 * 1024 * 1024, ' ')]));
    try {
      await page.setInputFiles('[data-testid="import-file"]', file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect.poll(() => page.locator('[data-testid="connection-hint"]').textContent()).toMatch(/big\.flow\.json was not opened: it is 17\.0 MiB, over the compiler's 16 MiB limit/);
    await expect(page.locator('[data-testid="flow-title"]').textContent()).resolves.toBe('Support line');
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(10);
  });

  it('7: why a connection was refused is shown in full where it was dropped, and goes once it no longer applies', async () => {
    await s.close();
    s = await openEditor(inject('baseUrl'), { width: 1280, height: 800 });
    const { page } = s;
    await connect(page, 'main_menu', 'digit:1', 'closed');
    const reason = page.getByText(/Output 'digit:1' of node 'main_menu' already leads to 'sales'; only webhook nodes may be added beside it \(CFL2007\)/);
    await expect(reason.isVisible()).resolves.toBe(true);
    // Readable in full at 1280 px: not cut short.
    await expect(reason.evaluate((e) => e.scrollWidth <= e.clientWidth + 1 && e.getBoundingClientRect().right <= window.innerWidth)).resolves.toBe(true);
    // The admin goes on: the reason no longer applies and is gone.
    await page.click('[data-testid="canvas"] .react-flow__pane', { position: { x: 30, y: 30 } });
    await expect.poll(() => reason.count()).toBe(0);
  });

  it('8: a new flow opens at 100 % at most, and cards dropped one on another do not overlap', async () => {
    const { page } = s;
    await page.click('[data-testid="new"]');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(1);
    const zoom = () => page.locator('.react-flow__viewport').evaluate((v) => new DOMMatrix(getComputedStyle(v).transform).a);
    await expect.poll(zoom).toBeLessThanOrEqual(1);
    await dragFromPalette(page, 'play_audio', 500, 300);
    await dragFromPalette(page, 'menu', 520, 310);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    const a = (await node(page, 'play_audio_1').boundingBox())!;
    const b = (await node(page, 'menu_1').boundingBox())!;
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap).toBe(false);
    expect(a.width).toBeLessThan(320); // a card at a readable size, not blown up
  });

  it('10: publishing says what is wrong (no address, origin not allowed), places host findings on nodes and confirms Restore and Publish', async () => {
    const { page } = s;
    const host = await startFakeHost(supportLine, { cors: true });
    const closed = await startFakeHost(supportLine, { cors: false });
    try {
      await page.click('[data-testid="publish"]');
      await page.click('[data-testid="list-flows"]');
      await expect.poll(() => page.locator('[data-testid="publish-status"]').textContent()).toMatch(/Type the admin API address first/);
      await page.fill('[data-testid="api-url"]', closed.url);
      await page.fill('[data-testid="api-token"]', 'secret');
      await page.click('[data-testid="list-flows"]');
      await expect.poll(() => page.locator('[data-testid="publish-status"]').textContent()).toMatch(/AllowedOrigins setting lists this page's origin, http:\/\/127\.0\.0\.1:\d+/);

      await page.fill('[data-testid="api-url"]', host.url);
      await page.click('[data-testid="validate"]');
      // Line 1, column 631 of the compact upload means nothing to the admin: the finding is on its node.
      await expect.poll(() => page.locator('[data-testid="problem"][data-source="host"]').getAttribute('data-node')).toBe('welcome');
      await expect(page.locator('[data-testid="problem"][data-source="host"] .where').textContent()).resolves.not.toMatch(/1:631/);

      await page.click('[data-testid="history"]');
      await expect.poll(() => page.locator('[data-testid="version-row"]').count()).toBe(2);
      await page.click('[data-testid="restore-1"]');
      await expect(page.locator('[data-testid="confirm-body"]').textContent()).resolves.toMatch(/goes live at once, replacing version 2/);
      await page.click('[data-testid="confirm-cancel"]');
      await page.click('[data-testid="view-1"]');
      await expect(page.locator('[data-testid="version-preview"]').textContent()).resolves.toMatch(/read-only: 10 nodes/);
      await page.fill('[data-testid="publish-message"]', 'try');
      await page.click('[data-testid="publish-now"]');
      await expect(page.locator('[data-testid="confirm-body"]').textContent()).resolves.toMatch(/calls use it at once/);
      await page.click('[data-testid="confirm-cancel"]');
      expect(host.requests.filter((r) => r.startsWith('POST') && /restore|publish/.test(r))).toEqual([]);
      // Confirmed, the restore happens.
      await page.click('[data-testid="restore-1"]');
      await page.click('[data-testid="confirm-ok"]');
      await expect.poll(() => page.locator('[data-testid="publish-status"]').textContent()).toMatch(/Restored version 1 as version 3/);
      expect(host.requests).toContain('POST /api/flows/support-line/restore/1');
      // The canvas shows what is live; a change marks it as differing from live.
      await expect(page.locator('[data-testid="differs-from-live"]').count()).resolves.toBe(0);
      await node(page, 'welcome').click();
      await page.fill('[data-testid="node-label"]', 'Changed after the restore');
      await expect.poll(() => page.locator('[data-testid="differs-from-live"]').count()).toBe(1);
    } finally {
      await host.stop();
      await closed.stop();
    }
  });

  it('9: a flow is built from the keyboard alone: palette search, Enter to add after the selected node, named handles, cards before edges, problems by key', async () => {
    const { page } = s;
    await page.click('[data-testid="new"]');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(1);
    // Select start with the keyboard (find box), then Tab to the palette.
    await page.focus('[data-testid="find-node"]');
    await page.keyboard.type('start');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('start');
    let reached = false;
    // The palette follows the toolbar: a few presses of Tab from the find box, not a trip round the page.
    for (let i = 0; i < 5 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focusedTestId()) === 'palette-search';
    }
    expect(reached).toBe(true);
    await page.keyboard.type('play');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('hang');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await expect.poll(() => problems(page)).not.toContain('CFL2008 start');
    expect(await problems(page)).not.toContain('CFL2008 play_audio_1');
    // Palette items are buttons with names (Escape clears the search); handles have names.
    await page.focus('[data-testid="palette-search"]');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'Add Menu node' }).count()).resolves.toBe(1);
    await expect(node(page, 'play_audio_1').locator('.react-flow__handle.source').getAttribute('aria-label')).resolves.toBe("Output 'next' of play_audio_1 (required)");
    await expect(node(page, 'play_audio_1').getAttribute('aria-label')).resolves.toMatch(/Play audio.*\(play_audio_1\)/);
    // Tab from the palette reaches the cards before any edge.
    const order: string[] = [];
    await page.focus('[data-testid="find-node"]');
    for (let i = 0; i < 60 && order.length < 2; i++) {
      await page.keyboard.press('Tab');
      const what = await page.evaluate(() => (document.activeElement?.closest('.react-flow__edge') ? 'edge' : document.activeElement?.closest('.react-flow__node') ? 'node' : ''));
      if (what) order.push(what);
    }
    expect(order).toEqual(['node', 'node']);
    // A problem opens its node with Enter.
    await page.locator('[data-testid="problem"][data-node="play_audio_1"]').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('play_audio_1');
  });

  it('3: a 1,000-node chain opens readable, laid out top to bottom in columns, and Fit View shows every card', async () => {
    const { page } = s;
    const runs = async () => Number(await page.locator('.app').getAttribute('data-layout-runs'));
    const before = await runs();
    await page.setInputFiles('[data-testid="import-file"]', { name: 'chain.flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(generateChain(1000))) });
    await page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-layout-runs')) > n, before, { timeout: 60_000 });
    const zoom = () => page.locator('.react-flow__viewport').evaluate((v) => new DOMMatrix(getComputedStyle(v).transform).a);
    // What the admin reads on a card at the opening zoom: at least 11 px on screen.
    const labelPx = () =>
      page.locator('.react-flow__node[data-id="start"]').evaluate((n) => {
        const z = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
        const shown = [...n.querySelectorAll<HTMLElement>('*')].filter((e) => e.childElementCount === 0 && e.textContent?.trim() && e.checkVisibility({ visibilityProperty: true }));
        return Math.min(...shown.map((e) => parseFloat(getComputedStyle(e).fontSize) * z));
      });
    await expect.poll(labelPx).toBeGreaterThanOrEqual(11);

    await page.locator('.react-flow__controls button[aria-label="fit view" i]').click();
    await page.waitForTimeout(300);
    const z = await zoom();
    // Every card is drawn inside the canvas.
    const placed = await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
      const boxes = [...document.querySelectorAll('.react-flow__node')].map((n) => ({ id: n.getAttribute('data-id')!, r: n.getBoundingClientRect() }));
      const inside = boxes.filter(({ r }) => r.left >= canvas.left - 1 && r.right <= canvas.right + 1 && r.top >= canvas.top - 1 && r.bottom <= canvas.bottom + 1).length;
      const y = new Map(boxes.map((b) => [b.id, b.r.top]));
      let down = 0;
      for (let i = 1; i < 998; i++) if (y.get(`say_${i + 1}`)! > y.get(`say_${i}`)!) down++;
      return { count: boxes.length, inside, down };
    });
    expect(placed.count).toBe(1000);
    expect(placed.inside).toBe(1000);
    // Read top to bottom: nearly every prompt is below the one before (a few step to the next column).
    expect(placed.down).toBeGreaterThan(950);
    expect(z).toBeGreaterThan(0.02); // wrapped into columns, not a 160,000 px column at 0.5 %
  });
});

describe('issue #15 build', () => {
  it('suggests the flow\'s variables inside {{…}} and completes the one chosen with the keyboard', async () => {
    const { page } = s;
    await node(page, 'notify').click();
    const url = page.locator('[data-testid="field-url"]');
    await url.click();
    await page.keyboard.press('End');
    await page.keyboard.type('?from={{cal');
    await expect(page.locator('[data-testid="field-url-suggestions"] button').allTextContents()).resolves.toEqual(['call_id', 'caller_id']);
    await page.keyboard.press('Enter');
    await expect(url.inputValue()).resolves.toBe('https://crm.example.com/calls/{{call_id}}?from={{call_id}}');
    await expect(page.locator('[data-testid="field-url-suggestions"]').count()).resolves.toBe(0);
  });
});
