import { Position, type NodeHandle } from '@xyflow/react';

/**
 * A frame drawn around nodes: `layout["x-groups"]` of the flow document (schema:
 * `definitions/layout_groups`; docs/flow-language-notes.md "Layout"). `callyc import` writes one
 * for every Callytics `group` frame. Groups are layout only: neither the checker nor the semantic
 * hash reads them, so grouping, naming or collapsing never changes what the flow means.
 */
export interface FlowGroup {
  id: string;
  label?: string;
  /** The frame's top-left corner and size as last written (imported, or computed from its nodes). */
  x: number;
  y: number;
  width?: number;
  height?: number;
  /** Ids of the nodes inside. */
  nodes: string[];
  /** Drawn as one card (kept in the file as `x-collapsed`, an `x-` key the schema allows). */
  collapsed?: boolean;
  /** Other `x-` keys of the frame, written back unchanged. */
  extra?: Record<string, unknown>;
}

export const GROUPS_KEY = 'x-groups';
/**
 * Canvas ids of frames and collapsed cards, apart from node ids (a node id is an identifier; even
 * an invalid card's id, read from a file, holds no control character).
 */
export const groupNodeId = (id: string) => `\u0001group:${id}`;
export const GROUP_IN = 'group-in';
export const GROUP_OUT = 'group-out';
/** Room between the frame and the cards inside, and the frame's title bar. */
export const FRAME_PAD = 24;
export const FRAME_HEAD = 36;
export const COLLAPSED_SIZE = { width: 220, height: 84 };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The groups of a layout. An entry that is not a frame (no string id, no x/y, no node list) is not
 * drawn; `raw` keeps every entry as read so that the document can be written back without losing it.
 */
export function readGroups(value: unknown): { groups: FlowGroup[]; unreadable: unknown[] } {
  const groups: FlowGroup[] = [];
  const unreadable: unknown[] = [];
  if (!Array.isArray(value)) return { groups, unreadable };
  const seen = new Set<string>();
  for (const g of value) {
    if (!isObject(g) || typeof g.id !== 'string' || seen.has(g.id) || !finite(g.x) || !finite(g.y) || !Array.isArray(g.nodes)) {
      unreadable.push(g);
      continue;
    }
    seen.add(g.id);
    const { id, label, x, y, width, height, nodes, 'x-collapsed': collapsed, ...rest } = g;
    groups.push({
      id,
      label: typeof label === 'string' ? label : undefined,
      x,
      y,
      width: finite(width) ? width : undefined,
      height: finite(height) ? height : undefined,
      nodes: nodes.filter((n): n is string => typeof n === 'string'),
      collapsed: collapsed === true,
      extra: Object.keys(rest).length ? rest : undefined,
    });
  }
  return { groups, unreadable };
}

/** A group as `layout["x-groups"]` holds it. */
export function writeGroup(g: FlowGroup, box: Box | undefined): Record<string, unknown> {
  const at = box ?? { x: g.x, y: g.y, width: g.width, height: g.height };
  const out: Record<string, unknown> = { id: g.id };
  if (g.label !== undefined) out.label = g.label;
  out.x = Math.round(at.x);
  out.y = Math.round(at.y);
  if (at.width !== undefined) out.width = Math.round(at.width);
  if (at.height !== undefined) out.height = Math.round(at.height);
  out.nodes = g.nodes;
  if (g.collapsed) out['x-collapsed'] = true;
  return { ...out, ...(g.extra ?? {}) };
}

export interface Box {
  x: number;
  y: number;
  width?: number;
  height?: number;
}

interface Placed {
  id: string;
  position: { x: number; y: number };
  measured?: { width?: number; height?: number };
  initialWidth?: number;
  initialHeight?: number;
}

/**
 * The frame around a group's nodes (with room for its title), or where it was when none of its
 * nodes is on the canvas any more. The frame follows its nodes: moving a card moves the frame.
 */
export function groupBox(g: FlowGroup, byId: ReadonlyMap<string, Placed>): Required<Box> {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const id of g.nodes) {
    const n = byId.get(id);
    if (!n) continue;
    const w = n.measured?.width ?? n.initialWidth ?? 200;
    const h = n.measured?.height ?? n.initialHeight ?? 90;
    x0 = Math.min(x0, n.position.x);
    y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + w);
    y1 = Math.max(y1, n.position.y + h);
  }
  if (x0 === Infinity) return { x: g.x, y: g.y, width: g.width ?? COLLAPSED_SIZE.width, height: g.height ?? COLLAPSED_SIZE.height };
  return { x: x0 - FRAME_PAD, y: y0 - FRAME_PAD - FRAME_HEAD, width: x1 - x0 + 2 * FRAME_PAD, height: y1 - y0 + 2 * FRAME_PAD + FRAME_HEAD };
}

/** Where a collapsed card's edges meet it: in on top, out at the bottom (it cannot be connected by hand). */
export function collapsedHandles(): NodeHandle[] {
  const { width, height } = COLLAPSED_SIZE;
  return [
    { id: GROUP_IN, type: 'target', position: Position.Top, x: width / 2 - 5, y: -5, width: 10, height: 10 },
    { id: GROUP_OUT, type: 'source', position: Position.Bottom, x: width / 2 - 5, y: height - 5, width: 10, height: 10 },
  ];
}

/** A fresh group id: group_1, group_2, … */
export function freshGroupId(groups: readonly FlowGroup[]): string {
  const taken = new Set(groups.map((g) => g.id));
  for (let i = 1; ; i++) if (!taken.has(`group_${i}`)) return `group_${i}`;
}

/**
 * The groups after nodes are grouped: a node is in one group at most, so the selected nodes leave
 * the groups they were in (a group left empty is dropped).
 */
export function addGroup(groups: readonly FlowGroup[], nodeIds: readonly string[], label: string, at: Box): { groups: FlowGroup[]; id: string } {
  const moving = new Set(nodeIds);
  const kept = groups.map((g) => ({ ...g, nodes: g.nodes.filter((n) => !moving.has(n)) })).filter((g) => g.nodes.length > 0);
  const id = freshGroupId(groups);
  return { groups: [...kept, { id, label, x: at.x, y: at.y, width: at.width, height: at.height, nodes: [...nodeIds] }], id };
}

/** The group a node is in, by node id, for the groups drawn collapsed. */
export function collapsedMembers(groups: readonly FlowGroup[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const g of groups) if (g.collapsed) for (const n of g.nodes) if (!m.has(n)) m.set(n, g.id);
  return m;
}

/**
 * An edge as drawn when its ends are hidden in collapsed groups: the end moves to the group's
 * card (its border); an edge with both ends inside one collapsed group is not drawn. The edge's id
 * stays the edge's own, so selecting or deleting it acts on the real edge.
 */
export function rerouteEdge<E extends { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null }>(
  e: E,
  hidden: ReadonlyMap<string, string>,
): E | undefined {
  const from = hidden.get(e.source);
  const to = hidden.get(e.target);
  if (!from && !to) return e;
  if (from && from === to) return undefined;
  return {
    ...e,
    ...(from ? { source: groupNodeId(from), sourceHandle: GROUP_OUT } : {}),
    ...(to ? { target: groupNodeId(to), targetHandle: GROUP_IN } : {}),
  };
}
