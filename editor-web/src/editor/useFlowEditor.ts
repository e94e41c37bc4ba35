import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type XYPosition } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { fromDocument, generatedEdgeId, initialCard, nodeAriaLabel, toDocument, withoutEstimatedHandles, type EditorEdge, type EditorFlow, type EditorNode, type FlowDocument, type FlowMeta } from '../model/flowDocument';
import { nodeType, type NodeConfig } from '../model/nodeRegistry';
import { addGroup, groupBox } from '../model/groups';
import { pasteNodes, type Clipboard } from './clipboard';
import { History } from './history';

/** Changes that only move, size or select things: they do not change the flow's meaning. */
const VIEW_ONLY = new Set(['position', 'dimensions', 'select']);

/** A node with new data, its accessible name following its label. */
const withData = (n: EditorNode, data: EditorNode['data']): EditorNode => ({ ...n, data, ariaLabel: nodeAriaLabel(n.id, data) });

/** A fresh node id for a type: the type name plus the first free number. */
export function freshNodeId(type: string, taken: ReadonlySet<string>): string {
  if (type === 'start' && !taken.has('start')) return 'start';
  for (let i = 1; ; i++) if (!taken.has(`${type}_${i}`)) return `${type}_${i}`;
}

/**
 * A flow replacing the canvas's (an opened document, an undo, a redo) with its nodes measured
 * afresh where the canvas has drawn a node of that id: React Flow reuses that card, so without
 * this it would keep the new node's estimated handles (or an old measurement) instead of
 * measuring the card.
 */
function measuredAfresh(next: EditorFlow, current: EditorFlow): EditorFlow {
  const drawn = new Set(current.nodes.flatMap((n) => (n.measured?.width !== undefined ? [n.id] : [])));
  if (drawn.size === 0) return next;
  const nodes = withoutEstimatedHandles(next.nodes, drawn).map((n) => {
    if (!drawn.has(n.id) || !n.measured) return n;
    const { measured: _old, ...rest } = n;
    return rest;
  });
  return { ...next, nodes };
}

/** The editor's whole state and its operations (undo/redo, clipboard, renames that keep edges). */
export function useFlowEditor(initial: FlowDocument) {
  const [flow, setFlow] = useState<EditorFlow>(() => fromDocument(initial));
  const [version, setVersion] = useState(0);
  /** The version as of now, for work that must know which version a load produced before React redraws. */
  const versionNow = useRef(0);
  /** Counts opened documents, so that late async work (a layout) for an older one is dropped. */
  const generation = useRef(0);
  const history = useRef(new History<EditorFlow>());
  const [, setHistoryTick] = useState(0);
  /** Counts every undoable change (moves included); `saved` is its value when the flow was last exported, saved to a host or opened. */
  const edits = useRef(0);
  const [saved, setSaved] = useState(0);
  const flowRef = useRef(flow);
  flowRef.current = flow;

  /**
   * Applies a change recorded for undo. A change of meaning also bumps `version`, which is what
   * revalidates; a layout change (positions only) does not.
   */
  const commit = useCallback((change: (f: EditorFlow) => EditorFlow, meaning = true) => {
    history.current.push(flowRef.current);
    setFlow((f) => change(f));
    if (meaning) setVersion(++versionNow.current);
    edits.current++;
    setHistoryTick((t) => t + 1);
  }, []);

  const onNodesChange = useCallback(
    (changes: NodeChange<EditorNode>[]) => {
      const meaningful = changes.some((c) => !VIEW_ONLY.has(c.type));
      const measured = new Set(changes.flatMap((c) => (c.type === 'dimensions' ? [c.id] : [])));
      const apply = (nodes: EditorNode[]) => {
        const next = applyNodeChanges(changes, nodes);
        // Drawn and measured: React Flow's measured handles replace the estimated ones.
        return measured.size ? withoutEstimatedHandles(next, measured) : next;
      };
      if (meaningful) commit((f) => ({ ...f, nodes: apply(f.nodes) }));
      else setFlow((f) => ({ ...f, nodes: apply(f.nodes) }));
    },
    [commit],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<EditorEdge>[]) => {
      const meaningful = changes.some((c) => !VIEW_ONLY.has(c.type));
      if (meaningful) commit((f) => ({ ...f, edges: applyEdgeChanges(changes, f.edges) }));
      else setFlow((f) => ({ ...f, edges: applyEdgeChanges(changes, f.edges) }));
    },
    [commit],
  );

  /** Before a drag: remember where things were, so undo puts them back. */
  const onDragStart = useCallback(() => {
    history.current.push(flowRef.current);
    edits.current++;
    setHistoryTick((t) => t + 1);
  }, []);

  const connect = useCallback(
    (c: Connection) =>
      commit((f) => {
        const handle = c.sourceHandle ?? 'next';
        let id = generatedEdgeId(c.source, handle, c.target);
        while (f.edges.some((e) => e.id === id)) id += "'";
        return { ...f, edges: [...f.edges, { id, source: c.source, target: c.target, sourceHandle: handle, data: { generatedId: true } }] };
      }),
    [commit],
  );

  /** Adds a node, selected; with `from`, also the edge from that output to it (one undo step). */
  const addNode = useCallback(
    (type: string, position: XYPosition, from?: { source: string; sourceHandle: string }) => {
      const def = nodeType(type);
      if (!def) return;
      commit((f) => {
        const id = freshNodeId(type, new Set(f.nodes.map((n) => n.id)));
        const config = def.defaultConfig();
        const node: EditorNode = { id, type: 'flow', position, selected: true, ariaLabel: nodeAriaLabel(id, { type }), ...initialCard(type, config), data: { type, config } };
        const edges = from ? [...f.edges, { id: generatedEdgeId(from.source, from.sourceHandle, id), ...from, target: id, data: { generatedId: true } }] : f.edges;
        return { ...f, nodes: [...f.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node], edges };
      });
    },
    [commit],
  );

  const updateNode = useCallback(
    (id: string, patch: { label?: string; config?: NodeConfig }) =>
      commit((f) => ({ ...f, nodes: f.nodes.map((n) => (n.id === id ? withData(n, { ...n.data, ...patch }) : n)) })),
    [commit],
  );

  /** Renames a node and every edge that names it. */
  const renameNode = useCallback(
    (id: string, newId: string) =>
      commit((f) => ({
        ...f,
        // An invalid card given an id becomes an ordinary node (its type, label and config were read).
        nodes: f.nodes.map((n) => (n.id === id ? withData({ ...n, id: newId }, n.data.invalid ? { ...n.data, invalid: undefined } : n.data) : n)),
        edges: f.edges.map((e) => ({ ...e, source: e.source === id ? newId : e.source, target: e.target === id ? newId : e.target })),
        groups: f.groups?.map((g) => (g.nodes.includes(id) ? { ...g, nodes: g.nodes.map((n) => (n === id ? newId : n)) } : g)),
      })),
    [commit],
  );

  /**
   * Puts the selected nodes in a new group (layout only: nothing to revalidate) and returns its id;
   * a node leaves any group it was in.
   */
  const groupSelection = useCallback((label: string): string | undefined => {
    const selected = flowRef.current.nodes.filter((n) => n.selected && !n.hidden).map((n) => n.id);
    if (selected.length === 0) return undefined;
    const byId = new Map(flowRef.current.nodes.map((n) => [n.id, n]));
    const { groups, id } = addGroup(flowRef.current.groups ?? [], selected, label, groupBox({ id: '', x: 0, y: 0, nodes: selected }, byId));
    commit((f) => ({ ...f, groups }), false);
    return id;
  }, [commit]);

  const renameGroup = useCallback(
    (id: string, label: string) => commit((f) => ({ ...f, groups: f.groups?.map((g) => (g.id === id ? { ...g, label } : g)) }), false),
    [commit],
  );

  /** Collapses (its nodes hidden, deselected) or expands a group. */
  const setGroupCollapsed = useCallback(
    (id: string, collapsed: boolean) =>
      commit((f) => {
        const g = f.groups?.find((x) => x.id === id);
        if (!g) return f;
        const inside = new Set(g.nodes);
        return {
          ...f,
          nodes: collapsed ? f.nodes.map((n) => (n.selected && inside.has(n.id) ? { ...n, selected: false } : n)) : f.nodes,
          groups: f.groups?.map((x) => (x.id === id ? { ...x, collapsed } : x)),
        };
      }, false),
    [commit],
  );

  /**
   * Moves nodes by an offset while a group is dragged: like a card's drag, each frame is not an
   * undo step (the drag start is, `onDragStart`) and nothing is revalidated.
   */
  const moveNodesBy = useCallback((ids: ReadonlySet<string>, dx: number, dy: number) => {
    if (dx === 0 && dy === 0) return;
    setFlow((f) => ({ ...f, nodes: f.nodes.map((n) => (ids.has(n.id) ? { ...n, position: { x: n.position.x + dx, y: n.position.y + dy } } : n)) }));
  }, []);

  /** Removes a group's frame; its nodes stay where they are. */
  const ungroup = useCallback((id: string) => commit((f) => ({ ...f, groups: f.groups?.filter((g) => g.id !== id) }), false), [commit]);

  /** Renames an output handle (a menu key or a rule name) on the node's edges. */
  const renameHandle = useCallback(
    (nodeId: string, from: string, to: string, config: NodeConfig) =>
      commit((f) => ({
        ...f,
        nodes: f.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, config } } : n)),
        edges: f.edges.map((e) => (e.source === nodeId && e.sourceHandle === from ? { ...e, sourceHandle: to } : e)),
      })),
    [commit],
  );

  const updateMeta = useCallback((meta: FlowMeta) => commit((f) => ({ ...f, meta })), [commit]);

  /** Moves nodes (an auto-layout): undoable, but nothing to revalidate. */
  const setPositions = useCallback(
    (positions: Map<string, XYPosition>) =>
      commit((f) => ({ ...f, nodes: f.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) }), false),
    [commit],
  );

  const load = useCallback(
    (doc: FlowDocument) => {
      generation.current++;
      commit((f) => measuredAfresh(fromDocument(doc), f));
      setSaved(edits.current);
    },
    [commit],
  );

  const markSaved = useCallback(() => setSaved(edits.current), []);

  const undo = useCallback(() => {
    const prev = history.current.undo(flowRef.current);
    if (!prev) return;
    setFlow(measuredAfresh(prev, flowRef.current));
    setVersion(++versionNow.current);
    edits.current++;
    setHistoryTick((t) => t + 1);
  }, []);

  const redo = useCallback(() => {
    const next = history.current.redo(flowRef.current);
    if (!next) return;
    setFlow(measuredAfresh(next, flowRef.current));
    setVersion(++versionNow.current);
    edits.current++;
    setHistoryTick((t) => t + 1);
  }, []);

  const copySelection = useCallback((): Clipboard => {
    const f = flowRef.current;
    const nodes = f.nodes.filter((n) => n.selected);
    const ids = new Set(nodes.map((n) => n.id));
    return { nodes, edges: f.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) };
  }, []);

  const paste = useCallback((clip: Clipboard) => {
    if (clip.nodes.length === 0) return;
    commit((f) => pasteNodes(f, clip));
  }, [commit]);

  const selectOnly = useCallback((id: string) => {
    setFlow((f) => ({ ...f, nodes: f.nodes.map((n) => (n.selected === (n.id === id) ? n : { ...n, selected: n.id === id })) }));
  }, []);

  const document = useMemo(() => () => toDocument(flowRef.current), []);

  return {
    flow,
    version,
    canUndo: history.current.canUndo,
    canRedo: history.current.canRedo,
    onNodesChange,
    onEdgesChange,
    onDragStart,
    connect,
    addNode,
    updateNode,
    renameNode,
    renameHandle,
    groupSelection,
    renameGroup,
    setGroupCollapsed,
    ungroup,
    moveNodesBy,
    updateMeta,
    setPositions,
    load,
    undo,
    redo,
    copySelection,
    paste,
    selectOnly,
    document,
    generation,
    /** Changed since it was opened, exported or saved to a host. */
    dirty: edits.current !== saved,
    versionNow,
    markSaved,
  };
}

export type FlowEditor = ReturnType<typeof useFlowEditor>;
