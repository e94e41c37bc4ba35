import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openEditor, type EditorSession } from './browser';
import { exportFlow, node, problems } from './helpers';

/** callyc as the solution build leaves it (`dotnet build Callytics.Compiler.sln -c Release`). */
const CALLYC = fileURLToPath(new URL('../../compiler/callyc/bin/Release/net10.0/callyc.dll', import.meta.url));
/** A Callytics export with a `group` frame around six nodes (the importer's test corpus). */
const EXPORT = fileURLToPath(new URL('../../tests/Callytics.Compiler.Tests/Importing/Corpus/grouped-support.callytics.json', import.meta.url));
const GROUP = 'group-1714812000000';
const INSIDE = ['main_menu', 'sales_transfer', 'support_hunt', 'account_digits', 'billing_queue', 'conference_room'];

let s: EditorSession;
let dir: string;
beforeEach(async () => {
  s = await openEditor(inject('baseUrl'));
  s.page.setDefaultTimeout(8_000);
  dir = mkdtempSync(join(tmpdir(), 'callytics-groups-'));
});
afterEach(async () => {
  expect(s.errors).toEqual([]);
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `callyc import --from callytics`: the real importer, which writes Callytics group frames to `layout["x-groups"]`. */
function importWithCallyc(): string {
  if (!existsSync(CALLYC)) throw new Error(`${CALLYC} is missing: run dotnet build Callytics.Compiler.sln -c Release first`);
  const out = join(dir, 'grouped.flow.json');
  execFileSync('dotnet', [CALLYC, 'import', '--from', 'callytics', EXPORT, '-o', out], { stdio: 'pipe' });
  return readFileSync(out, 'utf8');
}

const exported = () => exportFlow(s.page);

const drawnEdges = () => s.page.locator('.react-flow__edge').evaluateAll((es) => es.map((e) => e.getAttribute('data-id')));

describe('groups', () => {
  it('a Callytics group frame imported by callyc is a group: named, collapsed to one card with its edges on the card, expanded, dragged with its nodes, kept across a reload and in the export', async () => {
    const { page } = s;
    const text = importWithCallyc();
    const original = JSON.parse(text);
    await page.setInputFiles('[data-testid="import-file"]', { name: 'grouped.flow.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForSelector(`[data-testid="group-${GROUP}"]`);
    await expect(page.locator(`[data-testid="group-name-${GROUP}"]`).inputValue()).resolves.toBe('Daytime');
    // The frame is drawn around its six cards.
    const frame = (await page.locator(`[data-testid="group-${GROUP}"]`).boundingBox())!;
    for (const id of INSIDE) {
      const b = (await node(page, id).boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(frame.x);
      expect(b.y).toBeGreaterThanOrEqual(frame.y);
      expect(b.x + b.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
      expect(b.y + b.height).toBeLessThanOrEqual(frame.y + frame.height + 1);
    }
    const allEdges = await drawnEdges();
    expect(allEdges).toHaveLength(original.edges.length);

    // Rename it as a person does: click the name, select it, type.
    await page.click(`[data-testid="group-name-${GROUP}"]`);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Daytime desk');
    await page.keyboard.press('Enter');
    // Backspace typed in the name did not delete a card.
    await expect(node(page, 'main_menu').count()).resolves.toBe(1);

    await page.click(`[data-testid="group-collapse-${GROUP}"]`);
    await page.waitForSelector(`[data-testid="group-card-${GROUP}"]`);
    for (const id of INSIDE) await expect(node(page, id).isVisible()).resolves.toBe(false);
    await expect(page.locator(`[data-testid="group-card-${GROUP}"]`).textContent()).resolves.toContain('6 nodes');
    // Edges inside the group are not drawn; each edge crossing its border ends on the card.
    const collapsed = await drawnEdges();
    const crossing = original.edges.filter((e: { source: string; target: string }) => INSIDE.includes(e.source) !== INSIDE.includes(e.target));
    expect(collapsed).toHaveLength(original.edges.length - original.edges.filter((e: { source: string; target: string }) => INSIDE.includes(e.source) && INSIDE.includes(e.target)).length);
    const card = (await page.locator(`[data-testid="group-card-${GROUP}"]`).boundingBox())!;
    const ends = await page.evaluate(() =>
      [...document.querySelectorAll<SVGPathElement>('.react-flow__edge')].map((g) => {
        const path = g.querySelector<SVGPathElement>('.react-flow__edge-path')!;
        const ctm = path.getScreenCTM()!;
        const at = (l: number) => new DOMPoint(path.getPointAtLength(l).x, path.getPointAtLength(l).y).matrixTransform(ctm);
        const a = at(0), b = at(path.getTotalLength());
        return { id: g.getAttribute('data-id'), from: { x: a.x, y: a.y }, to: { x: b.x, y: b.y } };
      }),
    );
    const onCard = (p: { x: number; y: number }) => p.x >= card.x - 8 && p.x <= card.x + card.width + 8 && p.y >= card.y - 8 && p.y <= card.y + card.height + 8;
    const touching = ends.filter((e) => onCard(e.from) || onCard(e.to)).map((e) => e.id).sort();
    expect(touching).toHaveLength(crossing.length);

    // A reload brings it back as it was left: collapsed, renamed.
    await page.waitForTimeout(600); // the local draft is written 400 ms after the last change
    await page.reload();
    await page.waitForSelector(`[data-testid="group-card-${GROUP}"]`);
    await expect(page.locator(`[data-testid="group-name-${GROUP}"]`).inputValue()).resolves.toBe('Daytime desk');

    const out1 = await exported();
    const groups1 = out1.layout['x-groups'] as { id: string; label: string; nodes: string[]; 'x-collapsed'?: boolean }[];
    expect(groups1).toEqual([expect.objectContaining({ id: GROUP, label: 'Daytime desk', nodes: INSIDE, 'x-collapsed': true })]);
    // Nothing of the flow itself changed: same nodes and edges as callyc wrote.
    expect(out1.nodes).toEqual(original.nodes);
    expect(out1.edges.length).toBe(original.edges.length);

    await page.click(`[data-testid="group-expand-${GROUP}"]`);
    for (const id of INSIDE) await expect(node(page, id).isVisible()).resolves.toBe(true);
    await expect(drawnEdges()).resolves.toHaveLength(original.edges.length);
    const out2 = await exported();
    expect((out2.layout['x-groups'] as object[])[0]).not.toHaveProperty('x-collapsed');
    // Every node keeps its position (the frame follows the cards, not the other way round).
    for (const n of original.nodes) expect(out2.layout[n.id]).toEqual(original.layout[n.id]);

    // Dragged by its title bar, the group takes its six cards along; nothing else moves.
    const head = (await page.locator(`[data-testid="group-${GROUP}"] .group-head`).boundingBox())!;
    await page.mouse.move(head.x + 3, head.y + head.height / 2);
    await page.mouse.down();
    await page.mouse.move(head.x + 103, head.y + head.height / 2 + 60, { steps: 8 });
    await page.mouse.up();
    const out3 = await exported();
    const at = (doc: { layout: Record<string, unknown> }, id: string) => doc.layout[id] as { x: number; y: number };
    const moves = INSIDE.map((id) => ({ dx: at(out3, id).x - at(out2, id).x, dy: at(out3, id).y - at(out2, id).y }));
    expect(moves[0].dx).toBeGreaterThan(20);
    expect(moves[0].dy).toBeGreaterThan(10);
    for (const m of moves) expect(m).toEqual(moves[0]);
    for (const n of original.nodes) if (!INSIDE.includes(n.id)) expect(at(out3, n.id)).toEqual(at(out2, n.id));
    // One undo puts the whole group back.
    await page.click('[data-testid="undo"]');
    const out4 = await exported();
    for (const n of original.nodes) expect(at(out4, n.id)).toEqual(at(out2, n.id));
  });

  it('groups selected nodes from the keyboard (Ctrl+G), names the group by typing, and Undo takes the group away', async () => {
    const { page } = s;
    await node(page, 'closed').click();
    await node(page, 'message').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+g');
    // The new group's name is selected: typing replaces it.
    await page.waitForSelector('[data-testid="group-group_1"]');
    await page.keyboard.type('After hours');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="group-name-group_1"]').inputValue()).resolves.toBe('After hours');
    // Collapse it from the keyboard: Tab from the name reaches the Collapse button.
    await page.focus('[data-testid="group-name-group_1"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="group-card-group_1"]');
    await expect(node(page, 'closed').isVisible()).resolves.toBe(false);
    const out = await exported();
    expect(out.layout['x-groups']).toEqual([expect.objectContaining({ id: 'group_1', label: 'After hours', nodes: ['closed', 'message'], 'x-collapsed': true })]);
    // A problem on a node hidden in the group: the card says so, and clicking the problem opens the group on it.
    await page.click('[data-testid="group-name-group_1"]');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Expand
    await node(page, 'closed').click();
    await page.fill('[data-testid="field-prompt-value"]', '');
    await expect.poll(() => problems(page)).toContain('CFL1034 closed');
    await page.click('[data-testid="group-collapse-group_1"]');
    await expect(page.locator('[data-testid="group-card-group_1"]').textContent()).resolves.toContain('errors inside');
    await page.click('[data-testid="problem"][data-node="closed"]');
    await expect.poll(() => node(page, 'closed').isVisible()).toBe(true);
    await expect.poll(() => node(page, 'closed').getAttribute('class')).toContain('selected');
    await expect(page.locator('[data-testid="group-card-group_1"]').count()).resolves.toBe(0);
    // Undo (expand, collapse, the name's keys, the group) until the group is gone; the nodes stay.
    for (let i = 0; i < 30 && (await page.locator('[data-testid="group-group_1"], [data-testid="group-card-group_1"]').count()) > 0; i++) await page.click('[data-testid="undo"]');
    await expect(page.locator('[data-testid="group-group_1"]').count()).resolves.toBe(0);
    await expect(node(page, 'closed').isVisible()).resolves.toBe(true);
    await expect(node(page, 'message').isVisible()).resolves.toBe(true);
  });
});
