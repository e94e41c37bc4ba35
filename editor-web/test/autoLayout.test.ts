import { describe, expect, it } from 'vitest';
import supportLine from '../src/examples/supportLine.json';
import { layoutFlow } from '../src/layout/autoLayout';
import { estimatedSize, layoutEditorFlow } from '../src/editor/layoutEditorFlow';
import { fromDocument, type FlowDocument } from '../src/model/flowDocument';

describe('auto-layout', () => {
  it('places nodes top to bottom along the call, loops back included', async () => {
    const nodes = ['start', 'play', 'menu', 'bye'].map((id) => ({ id, width: 200, height: 80 }));
    const edges = [
      { id: '1', source: 'start', target: 'play' },
      { id: '2', source: 'play', target: 'menu' },
      { id: '3', source: 'menu', target: 'bye' },
      { id: '4', source: 'menu', target: 'play' },
    ];
    const p = await layoutFlow(nodes, edges);
    expect(p.get('start')!.y).toBeLessThan(p.get('play')!.y);
    expect(p.get('play')!.y).toBeLessThan(p.get('menu')!.y);
    expect(p.get('menu')!.y).toBeLessThan(p.get('bye')!.y);
  }, 60_000); // the first layout loads and compiles elkjs: slow on a busy machine

  it('never overlaps two cards of the example', async () => {
    const flow = fromDocument(supportLine as unknown as FlowDocument);
    const { positions: p, bounds } = await layoutEditorFlow(flow, () => undefined);
    const boxes = flow.nodes.map((n) => ({ ...p.get(n.id)!, ...estimatedSize(n.data.type, n.data.config) }));
    expect(boxes).toHaveLength(flow.nodes.length);
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(bounds.x);
      expect(b.x + b.width).toBeLessThanOrEqual(bounds.x + bounds.width);
      expect(b.y + b.height).toBeLessThanOrEqual(bounds.y + bounds.height);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${flow.nodes[i].id} / ${flow.nodes[j].id}`).toBe(false);
      }
  });

  it('ignores edges to unknown nodes instead of failing', async () => {
    const p = await layoutFlow([{ id: 'a', width: 10, height: 10 }], [{ id: 'x', source: 'a', target: 'ghost' }]);
    expect([...p.keys()]).toEqual(['a']);
  });
});

describe('auto-layout of a large flow', () => {
  it('lays out 1,000 nodes in layers: every edge of the tree points downwards', async () => {
    const { generateFlow } = await import('../e2e/generateFlow');
    const doc = generateFlow(1000);
    const p = await layoutFlow(doc.nodes.map((n) => ({ id: n.id, width: 200, height: 80 })), doc.edges.map((e, i) => ({ id: `e${i}`, ...e })));
    expect(p.size).toBe(doc.nodes.length);
    for (const e of doc.edges) expect(p.get(e.target)!.y, `${e.source} → ${e.target}`).toBeGreaterThan(p.get(e.source)!.y);
  }, 60_000);
});
