import { generatedEdgeId, type EditorEdge, type EditorFlow, type EditorNode } from '../model/flowDocument';

/** Copied nodes and the edges between them. */
export interface Clipboard {
  nodes: EditorNode[];
  edges: EditorEdge[];
}

/** A free id based on an existing one: "welcome" → "welcome_copy", "welcome_copy2", … */
function copyId(id: string, taken: Set<string>): string {
  const base = `${id.replace(/_copy\d*$/, '')}_copy`.slice(0, 58);
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}${i}`;
  taken.add(candidate);
  return candidate;
}

/** Adds copies of the clipboard's nodes with new ids (edges re-pointed), offset and selected. */
export function pasteNodes(flow: EditorFlow, clip: Clipboard, offset = 40): EditorFlow {
  const taken = new Set(flow.nodes.map((n) => n.id));
  const ids = new Map<string, string>();
  // A second start node is never wanted: copies of start are left out.
  const nodes = clip.nodes.filter((n) => n.data.type !== 'start');
  for (const n of nodes) ids.set(n.id, copyId(n.id, taken));
  const newNodes: EditorNode[] = nodes.map((n) => ({
    ...n,
    id: ids.get(n.id)!,
    position: { x: n.position.x + offset, y: n.position.y + offset },
    selected: true,
    data: structuredClone(n.data),
  }));
  const newEdges: EditorEdge[] = clip.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => {
      const source = ids.get(e.source)!;
      const target = ids.get(e.target)!;
      return { id: generatedEdgeId(source, e.sourceHandle ?? 'next', target), source, target, sourceHandle: e.sourceHandle, data: { generatedId: true } };
    });
  return {
    ...flow,
    nodes: [...flow.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...newNodes],
    edges: [...flow.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...newEdges],
  };
}
