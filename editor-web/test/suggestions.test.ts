import { describe, expect, it } from 'vitest';
import { openTemplate } from '../src/editor/forms/suggestions';
import { depthOf, layoutFlow } from '../src/layout/autoLayout';

describe('variables inside {{…}}', () => {
  it('knows when the caret is inside an unclosed {{ and what is typed there', () => {
    expect(openTemplate('https://x/{{cal', 15)).toEqual({ start: 12, partial: 'cal' });
    expect(openTemplate('{{call_id}} and ', 16)).toBeUndefined();
    expect(openTemplate('{{a}} {{', 8)).toEqual({ start: 8, partial: '' });
    expect(openTemplate('{{not a name', 12)).toBeUndefined();
  });
});

describe('layout of a long chain', () => {
  it('counts layers, and wraps a chain far deeper than wide into columns, each read top to bottom', async () => {
    const nodes = Array.from({ length: 200 }, (_, i) => ({ id: `n${i}`, width: 200, height: 90 }));
    const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: `n${i}`, target: n.id }));
    expect(depthOf(nodes, edges)).toBe(200);
    // A loop back to an earlier prompt does not make the chain shallow.
    expect(depthOf(nodes, [...edges, { id: 'back', source: 'n199', target: 'n1' }])).toBe(200);
    expect(depthOf(nodes, [...edges, { id: 'back', source: 'n199', target: 'n0' }])).toBe(200);
    const p = await layoutFlow(nodes, edges);
    const columns = new Set([...p.values()].map((q) => q.x)).size;
    expect(columns).toBeGreaterThan(3);
    let down = 0;
    for (let i = 1; i < 200; i++) if (p.get(`n${i}`)!.y > p.get(`n${i - 1}`)!.y) down++;
    expect(down).toBeGreaterThan(200 - columns - 1);
  }, 60_000);
});
