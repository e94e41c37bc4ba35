import { describe, expect, it } from 'vitest';
import { pasteNodes } from '../src/editor/clipboard';
import { History } from '../src/editor/history';
import { freshNodeId } from '../src/editor/useFlowEditor';
import { DRAFT_INDEX_KEY, DRAFT_KEY, LocalDrafts } from '../src/io/drafts';
import { importFlowText } from '../src/io/files';
import { connectionProblem, type ConnectionNode } from '../src/model/connectionRules';
import { EMPTY_DOCUMENT, fromDocument } from '../src/model/flowDocument';

const nodes = new Map<string, ConnectionNode>(
  [
    ['start', 'start'],
    ['play', 'play_audio'],
    ['bye', 'hangup'],
    ['hook', 'webhook'],
    ['q', 'queue'],
    ['play2', 'play_audio'],
  ].map(([id, type]) => [id, { id, type }]),
);

describe('connection rules', () => {
  it('allows ordinary edges and edges into webhooks from anywhere', () => {
    expect(connectionProblem(nodes, [], { source: 'start', target: 'play', sourceHandle: 'next' })).toBeUndefined();
    expect(connectionProblem(nodes, [], { source: 'bye', target: 'hook', sourceHandle: 'next' })).toBeUndefined();
    expect(connectionProblem(nodes, [], { source: 'q', target: 'hook', sourceHandle: 'abandoned' })).toBeUndefined();
  });
  it('refuses what the language forbids, saying why', () => {
    expect(connectionProblem(nodes, [], { source: 'play', target: 'start' })).toMatch(/enter the start node/);
    expect(connectionProblem(nodes, [], { source: 'bye', target: 'play' })).toMatch(/ends the call/);
    expect(connectionProblem(nodes, [], { source: 'q', target: 'play', sourceHandle: 'abandoned' })).toMatch(/hung up/);
    const edges = [{ source: 'play', target: 'bye', sourceHandle: 'next' }];
    expect(connectionProblem(nodes, edges, { source: 'play', target: 'play2', sourceHandle: 'next' })).toMatch(/already leads to 'bye'/);
    expect(connectionProblem(nodes, edges, { source: 'play', target: 'hook', sourceHandle: 'next' })).toBeUndefined();
    expect(connectionProblem(nodes, edges, { source: 'play', target: 'bye', sourceHandle: 'next' })).toMatch(/already leads there/);
  });
});

describe('undo history', () => {
  it('undoes and redoes, and a new change clears redo', () => {
    const h = new History<number>();
    h.push(1);
    h.push(2);
    expect(h.undo(3)).toBe(2);
    expect(h.undo(2)).toBe(1);
    expect(h.redo(1)).toBe(2);
    h.push(2);
    expect(h.canRedo).toBe(false);
    expect(h.undo(5)).toBe(2);
  });
});

describe('copy and paste', () => {
  it('gives copies new ids, keeps the edges between them, and never copies start', () => {
    const flow = fromDocument({
      schemaVersion: 1,
      id: 'f',
      nodes: [{ id: 'start', type: 'start' }, { id: 'a', type: 'play_audio', config: { prompt: { tts: 'x' } } }, { id: 'b', type: 'hangup' }],
      edges: [{ source: 'start', target: 'a' }, { source: 'a', target: 'b' }],
    });
    const out = pasteNodes(flow, { nodes: flow.nodes, edges: flow.edges });
    expect(out.nodes.map((n) => n.id)).toEqual(['start', 'a', 'b', 'a_copy', 'b_copy']);
    expect(out.edges.slice(2).map((e) => `${e.source}>${e.target}`)).toEqual(['a_copy>b_copy']);
    const again = pasteNodes(out, { nodes: flow.nodes.slice(1, 2), edges: [] });
    expect(again.nodes.at(-1)!.id).toBe('a_copy2');
    expect(again.nodes.at(-1)!.data).not.toBe(flow.nodes[1].data);
  });
  it('numbers new nodes by type', () => {
    expect(freshNodeId('menu', new Set(['menu_1', 'menu_3']))).toBe('menu_2');
    expect(freshNodeId('start', new Set())).toBe('start');
  });
});

describe('drafts and import', () => {
  it('keeps several drafts, one per flow opened, and says when storage refuses one', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    store.set(DRAFT_KEY, JSON.stringify({ ...EMPTY_DOCUMENT, id: 'old' }));
    const drafts = new LocalDrafts(storage);
    expect(drafts.list().map((d) => d.key)).toEqual(['old']); // the single draft of earlier versions is kept
    expect(store.has(DRAFT_KEY)).toBe(false);
    expect(drafts.save('a', { ...EMPTY_DOCUMENT, id: 'a' })).toEqual({ ok: true });
    expect(drafts.save(drafts.freeId('a'), { ...EMPTY_DOCUMENT, id: 'a', name: 'second' })).toEqual({ ok: true });
    expect(drafts.list().map((d) => d.key)).toEqual(['a-2', 'a', 'old']);
    expect(drafts.latest()?.doc.name).toBe('second');
    expect(drafts.find({ ...EMPTY_DOCUMENT, id: 'a' })).toBe('a');
    store.set(DRAFT_INDEX_KEY, '{not json');
    expect(drafts.list()).toEqual([]);
    const full = new LocalDrafts({ ...storage, setItem: (k: string, v: string) => { if (k !== DRAFT_INDEX_KEY) { const e = new Error('exceeded'); e.name = 'QuotaExceededError'; throw e; } store.set(k, v); } });
    const r = full.save('a', EMPTY_DOCUMENT);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/full \(QuotaExceededError\)/) });
    expect(full.list()[0].failed?.reason).toMatch(/QuotaExceededError/);
  });
  it('opens a file with problems but refuses one that is not a flow', () => {
    const ok = importFlowText('{"schemaVersion": 1, "id": "f", "nodes": [{"id": "start", "type": "start"}, "junk"], "edges": [{"source": 3}]}');
    expect(ok.ok).toBe(true);
    // Nothing is dropped: the canvas shows "junk" as an invalid card (fromDocument).
    if (ok.ok) expect(ok.doc.nodes).toEqual([{ id: 'start', type: 'start' }, 'junk']);
    expect(ok.problems.map((p) => p.id)).toContain('CFL1001');
    const bad = importFlowText('[1, 2');
    expect(bad).toMatchObject({ ok: false, problems: [expect.objectContaining({ id: 'CFL0001' })] });
  });
});

describe('cards before they are drawn', () => {
  it('know their size and where their handles are, so React Flow need not draw them to place edges', async () => {
    const { initialCard } = await import('../src/model/flowDocument');
    const menu = initialCard('menu', { options: { '1': { label: 'A' }, '2': { label: 'B' } } });
    const sources = menu.handles.filter((h) => h.type === 'source');
    expect(sources.map((h) => h.id)).toEqual(['digit:1', 'digit:2', 'invalid', 'timeout', 'max_retries']);
    for (const h of sources) {
      expect(h.x).toBeGreaterThan(0);
      expect(h.x + (h.width ?? 0)).toBeLessThan(menu.initialWidth);
      expect(h.y).toBeGreaterThan(menu.initialHeight / 2);
    }
    expect(sources.map((h) => h.x)).toEqual([...sources.map((h) => h.x)].sort((a, b) => a - b)); // left to right, as drawn
    expect(menu.handles.filter((h) => h.type === 'target').map((h) => h.id)).toEqual(['in']);
    expect(initialCard('start', {}).handles.map((h) => `${h.type}:${h.id}`)).toEqual(['source:next']);
    expect(initialCard('hangup', {}).handles.map((h) => `${h.type}:${h.id}`)).toEqual(['source:next', 'target:in']);
  });

  it('drop the estimated handles once drawn and measured, and only those', async () => {
    const { fromDocument, withoutEstimatedHandles } = await import('../src/model/flowDocument');
    const flow = fromDocument({ schemaVersion: 1, id: 'f', nodes: [{ id: 'start', type: 'start' }, { id: 'bye', type: 'hangup' }], edges: [] });
    expect(flow.nodes.every((n) => n.handles?.length)).toBe(true);
    const after = withoutEstimatedHandles(flow.nodes, new Set(['bye']));
    expect(after[0]).toBe(flow.nodes[0]);
    expect(after[1].handles).toBeUndefined();
    expect(after[1].data).toBe(flow.nodes[1].data);
  });
});

describe('nodes the canvas cannot read', () => {
  it('become invalid cards and are written back as they were read', async () => {
    const { fromDocument, toDocument } = await import('../src/model/flowDocument');
    const doc = {
      schemaVersion: 1,
      id: 'f',
      nodes: [{ id: 'start', type: 'start' }, { id: 7, type: 'hangup' }, { type: 'hangup', label: 'no id' }, { id: 'start', type: 'hangup' }, 'junk'],
      edges: [{ source: 'start', target: 7 }],
    } as never;
    const flow = fromDocument(doc);
    expect(flow.nodes.map((n) => [n.id, n.data.invalid?.reason ?? ''])).toEqual([
      ['start', ''],
      ['7', "The node's id is 7, not a string."],
      ['node-3', 'The node has no id.'],
      ['node-4', "Another node already has the id 'start'."],
      ['node-5', 'The node is "junk", not an object.'],
    ]);
    expect(flow.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['start>7']);
    const out = toDocument(flow);
    expect(out.nodes).toEqual((doc as { nodes: unknown[] }).nodes);
    expect(out.edges).toEqual([{ source: 'start', target: 7 }]);
    expect(Object.keys(out.layout!)).toEqual(['start']);
  });
});

describe('one copy of the edge rules', () => {
  it('refuses a connection exactly when the problems panel would report CFL2007, CFL2009, CFL2010 or CFL2011 for it', async () => {
    const { validateText } = await import('../src/rules/validate');
    const { default: allNodes } = await import('../src/examples/allNodes.json');
    const { nodeType } = await import('../src/model/nodeRegistry');
    const doc = allNodes as unknown as { nodes: { id: string; type: string; config?: Record<string, unknown> }[]; edges: { source: string; target: string; sourceHandle?: string }[] };
    const nodes = new Map(doc.nodes.map((n) => [n.id, { id: n.id, type: n.type }]));
    const ids = (text: string) => validateText(text).filter((d) => ['CFL2007', 'CFL2009', 'CFL2010', 'CFL2011'].includes(d.id)).map((d) => d.id);
    const before = ids(JSON.stringify(doc)).length;
    let checked = 0;
    for (const s of doc.nodes)
      for (const t of doc.nodes) {
        const def = nodeType(s.type)!;
        for (const handle of def.terminal ? ['next'] : def.outputs(s.config ?? {}).map((o) => o.name)) {
          const edge = { source: s.id, target: t.id, sourceHandle: handle };
          if (s.id === t.id || doc.edges.some((e) => e.source === s.id && e.target === t.id && (e.sourceHandle ?? 'next') === handle)) continue;
          const refused = connectionProblem(nodes, doc.edges, edge) !== undefined;
          const reported = ids(JSON.stringify({ ...doc, edges: [...doc.edges, edge] })).length > before;
          expect(refused, `${s.id} ${handle} → ${t.id}`).toBe(reported);
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(100);
  }, 60_000); // a few hundred validations: slow on a busy machine
});
