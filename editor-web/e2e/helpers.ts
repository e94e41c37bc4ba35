import type { Page } from 'playwright-core';

/** The node element on the canvas. */
export const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Drags a node type from the palette onto the canvas (HTML5 drag and drop) at a canvas offset. */
export async function dragFromPalette(page: Page, type: string, x: number, y: number): Promise<void> {
  // In steps, as a hand moves: with the default single jump the drop's dragover could be missed on a
  // loaded machine and the node never appeared (twice in clean-clone runs, editor.e2e.ts).
  await page.dragAndDrop(`[data-testid="palette-${type}"]`, '[data-testid="canvas"]', { targetPosition: { x, y }, steps: 10 });
}

async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`not visible: ${selector}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Draws an edge with the mouse, from a node's output handle to another node's input handle. */
export async function connect(page: Page, source: string, handle: string, target: string): Promise<void> {
  const from = await centre(page, `.react-flow__node[data-id="${source}"] .react-flow__handle.source[data-handleid="${handle}"]`);
  const to = await centre(page, `.react-flow__node[data-id="${target}"] .react-flow__handle.target`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

/** The ids of the problems listed in the problems panel, as "ID node" strings. */
export async function problems(page: Page): Promise<string[]> {
  // Validation runs shortly after the last change, in a worker: wait until it has caught up with the flow.
  await page.waitForTimeout(250);
  await page.waitForFunction(() => {
    const app = document.querySelector('.app');
    return app?.getAttribute('data-version') === app?.getAttribute('data-validated');
  });
  return page.locator('[data-testid="problem"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-id')} ${e.getAttribute('data-node')}`));
}

export async function edgeCount(page: Page): Promise<number> {
  return page.locator('.react-flow__edge').count();
}

/** Clicks auto-layout and waits until the layout has been applied. */
export async function autoLayout(page: Page): Promise<void> {
  const before = Number(await page.locator('.app').getAttribute('data-layout-runs'));
  await page.click('[data-testid="auto-layout"]');
  await page.waitForFunction((n) => Number(document.querySelector('.app')?.getAttribute('data-layout-runs')) > n, before);
}

export async function position(page: Page, id: string): Promise<{ x: number; y: number }> {
  const box = await node(page, id).boundingBox();
  if (!box) throw new Error(`node not visible: ${id}`);
  return { x: box.x, y: box.y };
}

/**
 * How far (screen px) each drawn edge's ends are from the nearest handle: edges must leave from
 * and arrive at the handles drawn on the cards, not at estimated places.
 */
export async function edgeEndGaps(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const centres = [...document.querySelectorAll('.react-flow__handle')].map((h) => {
      const r = h.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    const gaps: number[] = [];
    for (const path of document.querySelectorAll<SVGPathElement>('.react-flow__edge-path')) {
      const ctm = path.getScreenCTM();
      if (!ctm) continue;
      for (const at of [0, path.getTotalLength()]) {
        const p = new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(ctm);
        gaps.push(Math.min(...centres.map((c) => Math.hypot(c.x - p.x, c.y - p.y))));
      }
    }
    return gaps;
  });
}

/** Clicks Export and reads the file the browser downloaded: what the admin would get. */
export async function exportFlow<T = { nodes: { id: string; type: string; label?: string; config?: Record<string, unknown> }[]; edges: { source: string; target: string; sourceHandle?: string }[]; layout: Record<string, unknown> }>(page: Page): Promise<T> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export"]')]);
  const { readFileSync } = await import('node:fs');
  return JSON.parse(readFileSync((await download.path())!, 'utf8')) as T;
}

/** Opens the publish panel, types the host's address and token and lists its flows (which also reads its catalog). */
export async function connectToHost(page: Page, url: string, token: string, flows: number): Promise<void> {
  await page.click('[data-testid="publish"]');
  await page.fill('[data-testid="api-url"]', url);
  await page.fill('[data-testid="api-token"]', token);
  await page.click('[data-testid="list-flows"]');
  await page.waitForFunction((n) => document.querySelector('[data-testid="publish-status"]')?.textContent === `${n} flow(s) on the host.`, flows, { timeout: 15_000 });
}
