import { describe, expect, it } from 'vitest';
import supportLine from '../src/examples/supportLine.json';
import { fromDocument, serialize, toDocument, type FlowDocument } from '../src/model/flowDocument';
import { validateText } from '../src/rules/validate';

describe('import and export', () => {
  it('round-trips the example: same meaning, layout added', () => {
    const doc = supportLine as unknown as FlowDocument;
    const out = toDocument(fromDocument(doc));
    const { layout, ...rest } = out;
    expect(rest).toEqual({
      ...doc,
      edges: doc.edges.map((e) => ({ source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? (e.source === 'message' ? undefined : 'next') })).map((e) =>
        e.sourceHandle === undefined ? { source: e.source, target: e.target } : e,
      ),
    });
    expect(Object.keys(layout!)).toEqual(doc.nodes.map((n) => n.id));
    expect(validateText(serialize(out))).toEqual([]);
  });

  it('keeps x- keys, named edge ids and given positions', () => {
    const doc: FlowDocument = {
      schemaVersion: 1,
      id: 'f',
      'x-owner': 'ops',
      nodes: [{ id: 'start', type: 'start', 'x-color': 'red' }, { id: 'bye', type: 'hangup' }],
      edges: [{ id: 'e1', source: 'start', target: 'bye', 'x-w': 2 }],
      layout: { start: { x: 10, y: 20 }, bye: { x: 10.4, y: 160.6 } },
    };
    const flow = fromDocument(doc);
    expect(flow.nodes[0].position).toEqual({ x: 10, y: 20 });
    const out = toDocument(flow);
    expect(out['x-owner']).toBe('ops');
    expect(out.nodes[0]).toEqual({ id: 'start', type: 'start', 'x-color': 'red' });
    expect(out.edges[0]).toEqual({ id: 'e1', source: 'start', target: 'bye', sourceHandle: 'next', 'x-w': 2 });
    expect(out.layout).toEqual({ start: { x: 10, y: 20 }, bye: { x: 10, y: 161 } });
  });
});
