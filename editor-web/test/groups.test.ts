import { describe, expect, it } from 'vitest';
import { fromDocument, toDocument, type FlowDocument } from '../src/model/flowDocument';
import { collapsedMembers, groupNodeId, GROUP_IN, GROUP_OUT, rerouteEdge } from '../src/model/groups';

const doc = (layout: Record<string, unknown>): FlowDocument =>
  ({
    schemaVersion: 1,
    id: 'g',
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'a', type: 'hangup' },
    ],
    edges: [{ source: 'start', target: 'a' }],
    layout: { start: { x: 0, y: 0 }, a: { x: 0, y: 200 }, ...layout },
  }) as FlowDocument;

describe('layout groups', () => {
  it('reads x-groups and writes them back around their nodes, with x-collapsed and unknown x- keys kept', () => {
    const flow = fromDocument(doc({ 'x-groups': [{ id: 'g1', label: 'One', x: 5, y: 5, nodes: ['a', 'gone'], 'x-collapsed': true, 'x-colour': 'red' }], 'x-zoom': 2 }));
    expect(flow.groups).toEqual([expect.objectContaining({ id: 'g1', label: 'One', nodes: ['a', 'gone'], collapsed: true, extra: { 'x-colour': 'red' } })]);
    const out = toDocument(flow).layout!;
    expect(out['x-zoom']).toBe(2);
    const [g] = out['x-groups'] as Record<string, unknown>[];
    // A node no longer on the canvas leaves the group; the frame is drawn around the nodes left.
    expect(g).toMatchObject({ id: 'g1', label: 'One', nodes: ['a'], 'x-collapsed': true, 'x-colour': 'red' });
    expect(g.x).toBeLessThan(0);
    expect(g.y).toBeLessThan(200);
  });

  it('keeps entries that are not frames, and an x-groups that is not a list, exactly as read', () => {
    const odd = [{ id: 7, x: 1 }, 'frame'];
    expect(toDocument(fromDocument(doc({ 'x-groups': [...odd, { id: 'ok', x: 0, y: 0, nodes: [] }] }))).layout!['x-groups']).toEqual([{ id: 'ok', x: 0, y: 0, nodes: [] }, ...odd]);
    expect(toDocument(fromDocument(doc({ 'x-groups': { not: 'a list' } }))).layout!['x-groups']).toEqual({ not: 'a list' });
    expect(toDocument(fromDocument(doc({}))).layout).not.toHaveProperty('x-groups');
  });

  it('reroutes edges that cross a collapsed group to its card and drops the edges inside it', () => {
    const hidden = collapsedMembers([{ id: 'g', x: 0, y: 0, nodes: ['a', 'b'], collapsed: true }, { id: 'h', x: 0, y: 0, nodes: ['c'] }]);
    expect(rerouteEdge({ source: 'a', target: 'b', sourceHandle: 'next' }, hidden)).toBeUndefined();
    expect(rerouteEdge({ source: 'x', target: 'a', sourceHandle: 'next' }, hidden)).toEqual({ source: 'x', target: groupNodeId('g'), sourceHandle: 'next', targetHandle: GROUP_IN });
    expect(rerouteEdge({ source: 'b', target: 'c', sourceHandle: 'digit:1' }, hidden)).toEqual({ source: groupNodeId('g'), sourceHandle: GROUP_OUT, target: 'c' });
    expect(rerouteEdge({ source: 'c', target: 'x' }, hidden)).toEqual({ source: 'c', target: 'x' });
  });
});
