import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openEditor, type EditorSession } from './browser';
import { node } from './helpers';

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
});
