import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditor, type EditorSession } from './browser';
import { connect, dragFromPalette, edgeCount, node, problems } from './helpers';
import { COMPILING, startRuntimeHost, type RuntimeHost } from './runtimeHost';

/** callyc as the solution build leaves it (`dotnet build Callytics.Compiler.sln -c Release`). */
const CALLYC = fileURLToPath(new URL('../../compiler/callyc/bin/Release/net10.0/callyc.dll', import.meta.url));

let host: RuntimeHost;
let s: EditorSession | undefined;
let folder: string;

beforeAll(async () => {
  host = await startRuntimeHost(new URL(inject('baseUrl')).origin);
  folder = mkdtempSync(join(tmpdir(), 'callytics-testcall-'));
}, 90_000);

afterAll(async () => {
  await s?.close();
  await host?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const status = (page: Page) => page.locator('[data-testid="tc-status"]').textContent();
const outputsMarked = (page: Page, cls: string) =>
  page.locator(`.react-flow__node .output.${cls}`).evaluateAll((els) =>
    els.map((e) => `${e.closest('.react-flow__node')!.getAttribute('data-id')}:${e.getAttribute('data-output')}`).sort(),
  );

describe('test calls from the editor, against a running host', () => {
  it('draws a flow, calls it with the keypad, shows path and variables, saves a scenario that callyc test runs the same, and marks coverage as callyc test reports it', async () => {
    s = await openEditor(inject('baseUrl'));
    const { page } = s;
    await page.click('[data-testid="new"]');
    await page.fill('[data-testid="flow-id"]', 'e2e-testcall');
    await page.fill('[data-testid="flow-name"]', 'Test call drawn in the browser');

    // Draw: start → get_digits (account) → menu (1) → hangup.
    await dragFromPalette(page, 'get_digits', 500, 230);
    await dragFromPalette(page, 'menu', 500, 430);
    await dragFromPalette(page, 'hangup', 500, 700);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);
    await connect(page, 'start', 'next', 'get_digits_1');
    await connect(page, 'get_digits_1', 'next', 'menu_1');
    await connect(page, 'menu_1', 'digit:1', 'hangup_1');
    await expect.poll(() => edgeCount(page)).toBe(3);
    await node(page, 'get_digits_1').click();
    await page.fill('[data-testid="field-variable"]', 'account');
    await node(page, 'menu_1').click();
    await page.fill('[data-testid="field-prompt-value"]', 'Press 1 to leave');
    await expect.poll(() => problems(page)).toEqual([]);

    // A test call: the keypad types 7, the next input, then 1.
    await page.click('[data-testid="test-call"]');
    await page.fill('[data-testid="tc-api-url"]', host.url);
    await page.fill('[data-testid="tc-api-token"]', host.token);
    for (const k of ['key-7', 'key-next', 'key-1']) await page.click(`[data-testid="${k}"]`);
    await expect(page.inputValue('[data-testid="tc-digits"]')).resolves.toBe('7,1');
    await page.click('[data-testid="tc-call"]');
    await expect.poll(() => status(page), COMPILING).toBe('Call ended: completed at hangup_1.');

    // The path, the prompts as text, the variables and the end.
    const entered = () => page.locator('[data-testid="tc-steps"] li[data-kind="enter"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
    await expect(entered()).resolves.toEqual(['start', 'get_digits_1', 'menu_1', 'hangup_1']);
    await expect(page.locator('[data-testid="tc-prompt"]').allTextContents()).resolves.toEqual(['🔊 “Press 1 to leave”']);
    await expect(page.locator('[data-testid="tc-variables"] tr[data-name="account"] [data-field="value"]').textContent()).resolves.toBe('7');
    await expect(page.locator('[data-testid="tc-steps"] li[data-kind="end"]').textContent()).resolves.toContain('call ended: completed');
    // The canvas: the last node lit, the edges taken marked.
    await expect(node(page, 'hangup_1').locator('.node-card').getAttribute('class')).resolves.toContain('tc-current');
    await expect(page.locator('.react-flow__edge.tc-taken').count()).resolves.toBe(3);

    // Step back to the start: the menu is not lit yet, the account not yet set.
    // A click re-renders after it returns: the checks after one wait for the page (a one-shot read raced it in CI).
    await page.click('[data-testid="tc-first"]');
    await expect.poll(() => node(page, 'start').locator('.node-card').getAttribute('class')).toContain('tc-current');
    await expect.poll(() => page.locator('.react-flow__edge.tc-taken').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="tc-variables"] tr[data-name="account"]').count()).toBe(0);
    for (let i = 0; i < 40 && !(await node(page, 'menu_1').locator('.node-card').getAttribute('class'))?.includes('tc-current'); i++) await page.click('[data-testid="tc-next"]');
    await expect.poll(() => page.locator('[data-testid="tc-variables"] tr[data-name="account"] [data-field="value"]').textContent()).toBe('7');
    await expect.poll(() => page.locator('.react-flow__edge.tc-taken').count()).toBe(2);

    // Save it as a scenario, and a second call that waits in silence at the account prompt.
    await page.fill('[data-testid="tc-scenario-name"]', 'account then leave');
    await page.click('[data-testid="tc-save-scenario"]');
    await page.click('[data-testid="key-clear"]');
    await page.fill('[data-testid="tc-digits"]', ',1');
    await page.click('[data-testid="tc-call"]');
    await expect.poll(() => status(page), COMPILING).toBe('Call ended: completed at hangup_1.');
    await page.fill('[data-testid="tc-scenario-name"]', 'silence then leave');
    await page.click('[data-testid="tc-save-scenario"]');
    await expect(page.locator('[data-testid="tc-scenario"]').count()).resolves.toBe(2);

    // Run all on the host: pass, and the coverage numbers.
    await page.click('[data-testid="tc-run-all"]');
    await expect.poll(() => status(page), COMPILING).toBe('2 passed, 0 failed.');
    const summary = await page.locator('[data-testid="tc-coverage-summary"]').textContent();

    // Export the flow and its scenarios; callyc test runs them with the same result.
    for (const [button, name] of [['export', 'e2e-testcall.flow.json'], ['tc-export-scenarios', 'e2e-testcall.scenarios.json']]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${button}"]`)]);
      expect(download.suggestedFilename()).toBe(name);
      await download.saveAs(join(folder, name));
    }
    const scenarios = JSON.parse(readFileSync(join(folder, 'e2e-testcall.scenarios.json'), 'utf8'));
    expect(scenarios.scenarios[0]).toMatchObject({ name: 'account then leave', digits: ['7', '1'], expect: { path: ['start', 'get_digits_1', 'menu_1', 'hangup_1'], end: 'completed', variables: { account: '7' } } });
    const cli = spawnSync('dotnet', [CALLYC, 'test', folder], { encoding: 'utf8' });
    expect(cli.stdout).toContain('PASS  e2e-testcall.scenarios.json: account then leave');
    expect(cli.stdout).toContain('PASS  e2e-testcall.scenarios.json: silence then leave');
    expect(cli.stdout).toContain('2 passed, 0 failed');
    expect(cli.stdout).toContain(`${summary}\n`);

    // The coverage overlay marks exactly the outputs callyc test reports as exercised, and highlights the rest.
    const notExercised = /not exercised: (.*)\n/.exec(cli.stdout)![1].split(', ').sort();
    await expect(outputsMarked(page, 'cov-uncovered')).resolves.toEqual(notExercised);
    const covered = await outputsMarked(page, 'cov-covered');
    const [, n, total] = /: (\d+)\/(\d+) outputs/.exec(summary!)!;
    expect(covered.length).toBe(Number(n));
    expect(covered.length + notExercised.length).toBe(Number(total));
    // An unconnected get_digits timeout continues on next (flow-language.md), so silence covers next, not timeout.
    expect(covered).toEqual(['get_digits_1:next', 'menu_1:digit:1', 'start:next']);
  });

  it('plays a script with key timings in milliseconds, shows them in words and in the virtual time, and callyc test runs them the same', async () => {
    const { page } = s!;
    const endMs = () => page.locator('[data-testid="tc-steps"] li[data-kind="end"]').getAttribute('data-ms');
    // Untimed: 7 at once after the account prompt, 1 half-way through the menu prompt.
    await page.click('[data-testid="key-clear"]');
    for (const k of ['key-7', 'key-next', 'key-during', 'key-1']) await page.click(`[data-testid="${k}"]`);
    await expect(page.inputValue('[data-testid="tc-digits"]')).resolves.toBe('7,^1');
    await page.click('[data-testid="tc-call"]');
    await expect.poll(() => status(page), COMPILING).toBe('Call ended: completed at hangup_1.');
    const untimed = Number(await endMs());

    // Timed: 7 pressed 1500 ms after the prompt, 1 pressed 300 ms into the menu prompt.
    await page.click('[data-testid="key-clear"]');
    await page.click('[data-testid="key-7"]');
    await page.locator('[data-testid="tc-ms"]').pressSequentially('1500');
    await page.click('[data-testid="key-at"]');
    for (const k of ['key-next', 'key-during', 'key-1']) await page.click(`[data-testid="${k}"]`);
    await page.locator('[data-testid="tc-ms"]').fill('');
    await page.locator('[data-testid="tc-ms"]').pressSequentially('300');
    await page.click('[data-testid="key-at"]');
    await expect(page.inputValue('[data-testid="tc-digits"]')).resolves.toBe('7@1500,^1@300');
    await expect(page.locator('[data-testid="tc-inputs"] li').allTextContents()).resolves.toEqual(['7 after 1500 ms', '1 during the prompt at 300 ms']);
    await page.click('[data-testid="tc-call"]');
    await expect.poll(async () => Number(await endMs()), COMPILING).not.toBe(untimed);
    await expect(status(page)).resolves.toBe('Call ended: completed at hangup_1.');
    // 1500 ms more waiting for the 7; the 1 comes at 300 ms instead of half-way (1000 ms) into the 2 s prompt.
    expect(Number(await endMs()) - untimed).toBe(1500 + 300 - 1000);
    await page.screenshot({ path: fileURLToPath(new URL('../../docs/testcall-timed.png', import.meta.url)) });

    await page.fill('[data-testid="tc-scenario-name"]', 'timed keys');
    await page.click('[data-testid="tc-save-scenario"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="tc-export-scenarios"]')]);
    await download.saveAs(join(folder, 'e2e-testcall.scenarios.json'));
    const file = JSON.parse(readFileSync(join(folder, 'e2e-testcall.scenarios.json'), 'utf8'));
    expect(file.scenarios.find((x: { name: string }) => x.name === 'timed keys')).toMatchObject({ digits: ['7@1500', '^1@300'], expect: { end: 'completed', variables: { account: '7' } } });
    const cli = spawnSync('dotnet', [CALLYC, 'test', folder], { encoding: 'utf8' });
    expect(cli.stdout).toContain('PASS  e2e-testcall.scenarios.json: timed keys');
    expect(cli.stdout).toContain('3 passed, 0 failed');
  });

  it('stores the scenarios on the host beside the flow, loads them back, and never overwrites a newer save there', async () => {
    const { page } = s!;
    const url = `${host.url}/api/flows/e2e-testcall/scenarios`;
    const auth = { Authorization: `Bearer ${host.token}` };
    await expect(page.locator('[data-testid="tc-scenario"]').count()).resolves.toBe(3);
    await page.click('[data-testid="tc-save-host"]');
    await expect.poll(() => status(page)).toBe('Saved 3 scenario(s) to the host (revision 1).');
    const stored = await (await fetch(url, { headers: auth })).json();
    expect(stored.scenarios.map((x: { name: string }) => x.name)).toEqual(['account then leave', 'silence then leave', 'timed keys']);

    // Someone else saves other scenarios on the host meanwhile.
    const theirs = { flow: 'e2e-testcall', scenarios: [{ name: 'from elsewhere', digits: ['7@200', '1'], expect: { end: 'completed' } }] };
    const put = await fetch(url, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': '"1"' }, body: JSON.stringify(theirs) });
    expect(put.status).toBe(200);

    // This editor's save names revision 1: refused, nothing lost on either side.
    await page.click('[data-testid="tc-scenario"][data-name="silence then leave"] button');
    await expect(page.locator('[data-testid="tc-scenario"]').count()).resolves.toBe(2);
    await page.click('[data-testid="tc-save-host"]');
    await expect.poll(() => status(page)).toContain('Not saved: someone saved other scenarios on the host meanwhile.');
    expect((await (await fetch(url, { headers: auth })).json()).scenarios).toEqual(theirs.scenarios);
    await expect(page.locator('[data-testid="tc-scenario"]').count()).resolves.toBe(2);

    // Loading takes the host's; saving again then goes through.
    await page.click('[data-testid="tc-load-host"]');
    await expect.poll(() => status(page)).toBe('Loaded 1 scenario(s) from the host (revision 2).');
    await expect(page.locator('[data-testid="tc-scenario"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).resolves.toEqual(['from elsewhere']);
    await page.click('[data-testid="tc-run-all"]');
    await expect.poll(() => status(page), COMPILING).toBe('1 passed, 0 failed.');
    await page.click('[data-testid="tc-save-host"]');
    await expect.poll(() => status(page)).toBe('Saved 1 scenario(s) to the host (revision 3).');
    expect(s!.errors).toEqual([]);
  });
});
