import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditor, type EditorSession } from './browser';
import { exportFlow, node } from './helpers';

/**
 * Points of issue #15's Build list that no other browser test drove: the context menu on nodes
 * and edges (mouse and keyboard), the theme (follows the system, switchable, remembered), the
 * 1280×800 layout; and a list field (queue_login's queues) that lost the comma as it was typed.
 */
let s: EditorSession;
afterEach(async () => {
  expect(s.errors).toEqual([]);
  await s.close();
});

const exported = exportFlow;

/** Clicks a field, selects what it holds and types over it, as a person does. */
async function retype(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.keyboard.press('Control+a');
  await page.keyboard.type(text);
}

/** Selects a node and clicks a palette item: the new node goes after it. */
async function addAfter(page: Page, id: string, type: string): Promise<void> {
  await node(page, id).click();
  await page.click(`[data-testid="palette-${type}"]`);
}

const menuItems = (page: Page) => page.locator('[data-testid="context-menu"] [role="menuitem"]').allTextContents();
const edgeKey = (e: { source: string; target: string; sourceHandle?: string }) => `${e.source}:${e.sourceHandle ?? 'next'}:${e.target}`;

describe('issue #15 build list: context menu and theme', () => {
  it('the context menu duplicates, disconnects and deletes, by right-click and by Shift+F10, and touches nothing else', async () => {
    s = await openEditor(inject('baseUrl'));
    const { page } = s;
    const before = await exported(page);

    // Right-click a card: Duplicate makes a copy with a new id and the same settings.
    await node(page, 'sales').click({ button: 'right' });
    await expect(menuItems(page)).resolves.toEqual(expect.arrayContaining(['Duplicate', 'Disconnect timeout → message', 'Disconnect completed → bye', 'Disconnect from main_menu (digit:1)', 'Delete']));
    await page.click('[data-testid="context-menu"] [role="menuitem"]:text-is("Duplicate")');
    await expect(node(page, 'sales_copy').count()).resolves.toBe(1);

    // From the keyboard: focus the card, Shift+F10 opens its menu with focus on the first item; arrows are not needed, Tab walks it.
    await node(page, 'closed').focus();
    await page.keyboard.press('Shift+F10');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Duplicate');
    const items = await menuItems(page);
    const disconnect = items.indexOf('Disconnect next → message');
    expect(disconnect).toBeGreaterThan(0);
    for (let i = 0; i < disconnect; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="context-menu"]').count()).resolves.toBe(0);

    // Right-click an edge: Delete edge.
    const mid = await page.evaluate(() => {
      const path = document.querySelector<SVGPathElement>('.react-flow__edge[data-id="e:sales:completed:bye"] .react-flow__edge-path')!;
      const p = path.getPointAtLength(path.getTotalLength() / 2);
      const q = new DOMPoint(p.x, p.y).matrixTransform(path.getScreenCTM()!);
      return { x: q.x, y: q.y };
    });
    await page.mouse.click(mid.x, mid.y, { button: 'right' });
    await expect(menuItems(page)).resolves.toEqual(['Delete edge']);
    await page.keyboard.press('Enter');

    // Delete from a card's menu; Escape closes a menu without doing anything.
    await node(page, 'notify').click({ button: 'right' });
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid="context-menu"]').count()).resolves.toBe(0);
    await node(page, 'sales_copy').click({ button: 'right' });
    await page.click('[data-testid="context-menu"] [role="menuitem"]:text-is("Delete")');
    await expect(node(page, 'sales_copy').count()).resolves.toBe(0);

    // Exactly the two edges chosen are gone; every node and every other edge is as it was.
    const after = await exported(page);
    expect(after.nodes).toEqual(before.nodes);
    const gone = before.edges.map(edgeKey).filter((k) => !after.edges.map(edgeKey).includes(k));
    expect(gone.sort()).toEqual(['closed:next:message', 'sales:completed:bye']);
    expect(after.edges.length).toBe(before.edges.length - 2);
  });

  it('a list of queues (queue_login) is typed with commas as a person types it, and exported as a list', async () => {
    s = await openEditor(inject('baseUrl'));
    const { page } = s;
    await addAfter(page, 'bye', 'queue_login');
    await retype(page, '[data-testid="field-queues"]', 'sales, support');
    await expect(page.locator('[data-testid="field-queues"]').inputValue()).resolves.toBe('sales, support');
    const doc = await exported(page);
    expect(doc.nodes.find((n) => n.id === 'queue_login_1')?.config).toMatchObject({ queues: ['sales', 'support'] });
  });

  it('renaming a variable to another row\'s name in set_variable holds it in its row instead of merging the two and losing a value', async () => {
    s = await openEditor(inject('baseUrl'));
    const { page } = s;
    await addAfter(page, 'bye', 'set_variable');
    await page.click('[data-testid="field-assign-add"]');
    await page.click('[data-testid="field-assign-add"]');
    await retype(page, '[data-testid="field-assign-key-0"]', 'who');
    await page.click('[data-testid="field-assign-value-0"]');
    await page.keyboard.type('{{caller_id}}');
    await page.keyboard.press('Escape');
    await retype(page, '[data-testid="field-assign-key-1"]', 'who');
    // "who" is row 1's: held in row 2 with the reason, both rows and row 1's value still there.
    await expect(page.locator('[data-testid="field-assign-value-0"]').inputValue()).resolves.toBe('{{caller_id}}');
    await expect(page.locator('[data-testid="field-assign-key-1"]').inputValue()).resolves.toBe('who');
    await expect(page.locator('[data-testid="field-assign-key-problem-1"]').textContent()).resolves.toMatch(/'who' is already another row's/);
    await page.keyboard.type('_else');
    await expect(page.locator('[data-testid="field-assign-key-problem-1"]').count()).resolves.toBe(0);
    const doc = await exported(page);
    expect(doc.nodes.find((n) => n.id === 'set_variable_1')?.config).toEqual({ assign: { who: '{{caller_id}}', who_else: '' } });
  });

  it('renaming a branch rule through another rule\'s name keeps each rule\'s edge on its own rule', async () => {
    s = await openEditor(inject('baseUrl'));
    const { page } = s;
    await addAfter(page, 'bye', 'branch');
    await page.click('[data-testid="rules-add"]');
    // A hang-up after each rule, added by clicks: each is connected from the branch's next free output.
    await addAfter(page, 'branch_1', 'hangup');
    await addAfter(page, 'branch_1', 'hangup');
    await node(page, 'branch_1').click();
    await retype(page, '[data-testid="rule-name-1"]', 'rule1');
    await page.keyboard.type('x');
    await expect(page.locator('[data-testid="rule-name-1"]').inputValue()).resolves.toBe('rule1x');
    const doc = await exported(page);
    const out = doc.edges.filter((e) => e.source === 'branch_1').map((e) => `${e.sourceHandle} → ${e.target}`).sort();
    expect(out).toEqual(['rule:rule1 → hangup_1', 'rule:rule1x → hangup_2']);
  });

  it('follows the system theme, switches to the one chosen, and keeps the choice across a reload', async () => {
    s = await openEditor(inject('baseUrl'));
    const { page } = s;
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
      return r + g + b < 3 * 100;
    };
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(dark(await background())).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(dark(await background())).toBe(false);

    // Chosen: dark, whatever the system says; the canvas follows (React Flow's own colour mode).
    await page.selectOption('[data-testid="theme"]', 'dark');
    expect(dark(await background())).toBe(true);
    await expect(page.locator('.react-flow').getAttribute('class')).resolves.toContain('dark');
    await page.reload();
    await page.waitForSelector('.react-flow__node');
    await expect(page.locator('[data-testid="theme"]').inputValue()).resolves.toBe('dark');
    expect(dark(await background())).toBe(true);

    // Back to the system's.
    await page.selectOption('[data-testid="theme"]', 'system');
    expect(dark(await background())).toBe(false);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(dark(await background())).toBe(true);
  });

  it('at 1280×800 nothing is cut off: no page scrollbar, every toolbar button and the three columns in view', async () => {
    s = await openEditor(inject('baseUrl'), { width: 1280, height: 800 });
    const { page } = s;
    const { scrollW, scrollH } = await page.evaluate(() => ({ scrollW: document.documentElement.scrollWidth, scrollH: document.documentElement.scrollHeight }));
    expect(scrollW).toBeLessThanOrEqual(1280);
    expect(scrollH).toBeLessThanOrEqual(800);
    for (const sel of ['.toolbar button', '.palette', '[data-testid="canvas"]', '[data-testid="side-panel"]']) {
      for (const box of await page.locator(sel).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
        expect(box.right, sel).toBeLessThanOrEqual(1280);
        expect(box.bottom, sel).toBeLessThanOrEqual(800);
        expect(box.width, sel).toBeGreaterThan(0);
      }
    }
  });
});
