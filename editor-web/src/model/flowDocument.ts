import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import { ASYNC_HANDLE, nodeType, type NodeConfig } from './nodeRegistry';
import { estimatedSize } from './nodeSize';
import { GROUPS_KEY, groupBox, readGroups, writeGroup, type FlowGroup } from './groups';

/** The canonical flow JSON (flow-language.md §1). */
export interface FlowDocument {
  $schema?: string;
  schemaVersion: number;
  id: string;
  name?: string;
  description?: string;
  nodes: FlowNodeJson[];
  edges: FlowEdgeJson[];
  /** Positions by node id; `x-` keys (`x-groups`: the frames around nodes) are layout data too. */
  layout?: Record<string, { x: number; y: number }> & { [extra: `x-${string}`]: unknown };
  [extra: `x-${string}`]: unknown;
}

export interface FlowNodeJson {
  id: string;
  type: string;
  label?: string;
  config?: NodeConfig;
  [extra: `x-${string}`]: unknown;
}

export interface FlowEdgeJson {
  id?: string;
  source: string;
  target: string;
  sourceHandle?: string;
  [extra: `x-${string}`]: unknown;
}

/** What a canvas node carries. */
export type FlowNodeData = {
  type: string;
  label?: string;
  config: NodeConfig;
  /** x- keys and anything else kept as-is on export. */
  extra?: Record<string, unknown>;
  /**
   * A node the canvas cannot take as it is (no id, an id that is not a string or is taken, no
   * type): it is drawn as an invalid card, and exported exactly as it was read, until it is given
   * an id.
   */
  invalid?: { reason: string; raw: unknown };
};

export type EditorNode = Node<FlowNodeData, 'flow'>;
/** `raw`: an edge whose ends are not strings, drawn to the invalid cards and exported as it was read. */
export type EditorEdge = Edge<{ generatedId?: boolean; extra?: Record<string, unknown>; raw?: unknown }>;

/** Document-level fields other than nodes, edges and layout. */
export type FlowMeta = Omit<FlowDocument, 'nodes' | 'edges' | 'layout'>;

export interface EditorFlow {
  meta: FlowMeta;
  nodes: EditorNode[];
  edges: EditorEdge[];
  /** The frames around nodes (`layout["x-groups"]`), in file order. */
  groups?: FlowGroup[];
  /**
   * The layout's other `x-` keys, and the `x-groups` entries that are not frames the canvas can
   * draw, written back as they were read.
   */
  layoutExtra?: { keys: Record<string, unknown>; unreadableGroups: unknown[] };
}

const isWebhookTarget = (nodes: Map<string, EditorNode>, id: string) => nodes.get(id)?.data.type === 'webhook';

/** Edge ids for edges the file did not name. */
export function generatedEdgeId(source: string, handle: string, target: string): string {
  return `e:${source}:${handle}:${target}`;
}

/** Whether an edge is drawn dashed: it touches a webhook node. */
export function isAsyncEdge(nodes: Map<string, EditorNode>, e: { source: string; target: string }): boolean {
  return isWebhookTarget(nodes, e.source) || isWebhookTarget(nodes, e.target);
}

function splitExtras<T extends object>(o: T, known: readonly string[]): Record<string, unknown> | undefined {
  const extra = Object.entries(o).filter(([k]) => !known.includes(k));
  return extra.length ? Object.fromEntries(extra) : undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function validPosition(p: unknown): { x: number; y: number } | undefined {
  if (!isPlainObject(p) || typeof p.x !== 'number' || typeof p.y !== 'number') return undefined;
  return Number.isFinite(p.x) && Number.isFinite(p.y) ? { x: p.x, y: p.y } : undefined;
}

/**
 * What React Flow knows of a card before it is drawn: an estimated size and where its handles
 * are (the input centred on top, one output per cell along the bottom, as NodeCard draws them).
 * With both, cards outside the view are never drawn just to be measured: React Flow draws every
 * card whose handles it does not know yet. Once a card is drawn its measured size and handles
 * replace these (`withoutEstimatedHandles`).
 */
export function initialCard(type: string, config: unknown): { initialWidth: number; initialHeight: number; handles: NodeHandle[] } {
  const cfg = isPlainObject(config) ? config : {};
  const { width, height } = estimatedSize(type, cfg);
  const def = nodeType(type);
  const outputs = def ? (def.terminal ? [ASYNC_HANDLE] : def.outputs(cfg).map((o) => o.name)) : [];
  const handles: NodeHandle[] = outputs.map((id, i) => ({ id, type: 'source', position: Position.Bottom, x: ((i + 0.5) * width) / outputs.length - 5, y: height - 5, width: 10, height: 10 }));
  if (type !== 'start') handles.push({ id: 'in', type: 'target', position: Position.Top, x: width / 2 - 6, y: -4, width: 12, height: 8 });
  return { initialWidth: width, initialHeight: height, handles };
}

/** The nodes with the given ids, their estimated handles dropped (they have been drawn and measured). */
export function withoutEstimatedHandles(nodes: EditorNode[], measuredIds: ReadonlySet<string>): EditorNode[] {
  return nodes.map((n) => {
    if (!n.handles || !measuredIds.has(n.id)) return n;
    const { handles: _estimated, ...measured } = n;
    return measured;
  });
}

/** What a screen reader says for a card: type, label and id (the canvas node is the focusable element). */
export function nodeAriaLabel(id: string, data: Pick<FlowNodeData, 'type' | 'label' | 'invalid'>): string {
  const type = nodeType(data.type)?.label ?? (data.type || 'unknown type');
  return `${data.invalid ? 'Invalid node' : type} ${data.label ? `“${data.label}” ` : ''}(${id})`;
}

/** Why a node entry cannot be a card as it is, or undefined when it can. */
function invalidReason(n: unknown, taken: ReadonlySet<string>): string | undefined {
  if (!isPlainObject(n)) return `The node is ${Array.isArray(n) ? 'a list' : JSON.stringify(n)}, not an object.`;
  if (n.id === undefined) return 'The node has no id.';
  if (typeof n.id !== 'string') return `The node's id is ${JSON.stringify(n.id)}, not a string.`;
  if (taken.has(n.id)) return `Another node already has the id '${n.id}'.`;
  if (typeof n.type !== 'string') return 'The node has no type.';
  return undefined;
}

/** The id an invalid card goes by on the canvas: its own id written as text when free, else its place in the file. */
function placeholderId(n: unknown, index: number, taken: ReadonlySet<string>): string {
  const own = isPlainObject(n) && (typeof n.id === 'number' || typeof n.id === 'string') ? String(n.id) : '';
  if (own && !taken.has(own)) return own;
  for (let k = 0; ; k++) {
    const id = `node-${index + 1}${k ? `-${k}` : ''}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * Turns a document into canvas nodes and edges. Missing layout entries are placed in a column.
 * Every node entry becomes a card: one that cannot be read as a node is an invalid card, so an
 * import never drops a node without a word and an export writes it back.
 */
export function fromDocument(doc: FlowDocument): EditorFlow {
  const { nodes, edges, layout, ...meta } = doc;
  const taken = new Set<string>();
  const editorNodes: EditorNode[] = ((nodes ?? []) as unknown[]).map((entry, i) => {
    const reason = invalidReason(entry, taken);
    const n = (isPlainObject(entry) ? entry : {}) as Partial<FlowNodeJson>;
    const id = reason ? placeholderId(entry, i, taken) : (n.id as string);
    taken.add(id);
    const type = typeof n.type === 'string' ? n.type : '';
    const label = typeof n.label === 'string' ? n.label : undefined;
    return {
      id,
      type: 'flow',
      ariaLabel: nodeAriaLabel(id, { type, label, invalid: reason ? { reason, raw: entry } : undefined }),
      position: validPosition(layout?.[id]) ?? { x: 0, y: i * 140 },
      ...initialCard(type, n.config),
      data: {
        type,
        label: typeof n.label === 'string' ? n.label : undefined,
        config: isPlainObject(n.config) ? { ...n.config } : {},
        extra: reason ? undefined : splitExtras(n, ['id', 'type', 'label', 'config']),
        ...(reason ? { invalid: { reason, raw: entry } } : {}),
      },
    };
  });
  const seen = new Set<string>();
  const end = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const editorEdges: EditorEdge[] = ((edges ?? []) as unknown[]).flatMap((entry) => {
    const e = (isPlainObject(entry) ? entry : {}) as Partial<FlowEdgeJson>;
    const source = end(e.source);
    const target = end(e.target);
    if (source === undefined || target === undefined) return [];
    const readable = typeof e.source === 'string' && typeof e.target === 'string';
    const handle = e.sourceHandle ?? 'next';
    let id = e.id ?? generatedEdgeId(source, handle, target);
    while (seen.has(id)) id += "'";
    seen.add(id);
    return [{
      id,
      source,
      target,
      sourceHandle: handle,
      data: { generatedId: e.id === undefined, extra: splitExtras(e, ['id', 'source', 'target', 'sourceHandle']), ...(readable ? {} : { raw: entry }) },
    }];
  });
  const keys = Object.fromEntries(Object.entries(isPlainObject(layout) ? layout : {}).filter(([k, v]) => k.startsWith('x-') && !(k === GROUPS_KEY && Array.isArray(v))));
  const { groups, unreadable } = readGroups(isPlainObject(layout) ? layout[GROUPS_KEY] : undefined);
  const layoutExtra = Object.keys(keys).length || unreadable.length ? { keys, unreadableGroups: unreadable } : undefined;
  return { meta, nodes: editorNodes, edges: editorEdges, ...(groups.length ? { groups } : {}), ...(layoutExtra ? { layoutExtra } : {}) };
}

const round = (v: number) => Math.round(v);

/** The canonical document of what is on the canvas; layout keeps positions only. */
export function toDocument(flow: EditorFlow): FlowDocument {
  const layout: NonNullable<FlowDocument['layout']> = {};
  const nodes: FlowNodeJson[] = flow.nodes.map((n) => {
    // An invalid card's canvas id is not in the file: no layout entry names it.
    if (n.data.invalid) return n.data.invalid.raw as FlowNodeJson;
    layout[n.id] = { x: round(n.position.x), y: round(n.position.y) };
    const out: FlowNodeJson = { id: n.id, type: n.data.type };
    if (n.data.label) out.label = n.data.label;
    const config = cleanConfig(n.data.config);
    if (Object.keys(config).length > 0) out.config = config;
    return { ...out, ...(n.data.extra ?? {}) };
  });
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const edges: FlowEdgeJson[] = flow.edges.map((e) => {
    if (e.data?.raw !== undefined) return e.data.raw as FlowEdgeJson;
    const out: FlowEdgeJson = {} as FlowEdgeJson;
    if (!e.data?.generatedId && e.id) out.id = e.id;
    out.source = e.source;
    out.target = e.target;
    const source = byId.get(e.source);
    const terminal = source ? nodeType(source.data.type)?.terminal : false;
    const handle = e.sourceHandle ?? 'next';
    // A terminal node's only handle is the implicit one that fires webhooks: leave it unnamed.
    if (!(terminal && handle === ASYNC_HANDLE)) out.sourceHandle = handle;
    return { ...out, ...(e.data?.extra ?? {}) };
  });
  Object.assign(layout, flow.layoutExtra?.keys);
  const groups = flow.groups ?? [];
  const unreadable = flow.layoutExtra?.unreadableGroups ?? [];
  if (groups.length || unreadable.length) {
    // A frame is written where it is drawn: around its nodes (they may have moved since it was read).
    const present = new Set(byId.keys());
    const written = groups.map((g) => writeGroup({ ...g, nodes: g.nodes.filter((id) => present.has(id)) }, g.nodes.some((id) => present.has(id)) ? groupBox(g, byId) : undefined));
    // (An `x-groups` that is not a list stays in `keys` as read, until a frame is drawn.)
    layout[GROUPS_KEY] = [...written, ...unreadable];
  }
  return { ...flow.meta, nodes, edges, layout };
}

/** Drops undefined values and empty optional strings the form left behind. */
function cleanConfig(config: NodeConfig): NodeConfig {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
}

/** Serializes a document the way the editor writes files: two-space indent, trailing newline. */
export function serialize(doc: FlowDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

export const EMPTY_DOCUMENT: FlowDocument = {
  schemaVersion: 1,
  id: 'new-flow',
  name: 'New flow',
  nodes: [{ id: 'start', type: 'start' }],
  edges: [],
  layout: { start: { x: 0, y: 0 } },
};
