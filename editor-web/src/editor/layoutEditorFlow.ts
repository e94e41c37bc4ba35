import type { Rect, XYPosition } from '@xyflow/react';
import type { EditorFlow } from '../model/flowDocument';
export { estimatedSize } from '../model/nodeSize';
import { estimatedSize } from '../model/nodeSize';
import { layoutFlow } from '../layout/autoLayout';

type Size = { width?: number; height?: number } | undefined;

/** Where the flow's cards are, and where its start card is (the view opens on it when the whole is too large to read). */
export interface FlowFrame {
  bounds: Rect;
  start?: Rect;
}

/** The boxes of the cards at the given positions: measured sizes where known, estimates elsewhere. */
function boxes(flow: EditorFlow, position: (id: string) => XYPosition | undefined, measured: (id: string) => Size) {
  return flow.nodes.flatMap((n) => {
    const p = position(n.id);
    if (!p) return [];
    const m = measured(n.id);
    const e = estimatedSize(n.data.type, n.data.config);
    return [{ id: n.id, type: n.data.type, x: p.x, y: p.y, width: m?.width ?? e.width, height: m?.height ?? e.height }];
  });
}

/** The frame of a flow whose cards are at `position`. */
export function frameOf(flow: EditorFlow, position?: (id: string) => XYPosition | undefined, measured: (id: string) => Size = () => undefined): FlowFrame {
  const placed = new Map(flow.nodes.map((n) => [n.id, n.position]));
  const bs = boxes(flow, position ?? ((id) => placed.get(id)), measured);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of bs) [x0, y0, x1, y1] = [Math.min(x0, b.x), Math.min(y0, b.y), Math.max(x1, b.x + b.width), Math.max(y1, b.y + b.height)];
  const bounds = bs.length ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: 0, y: 0, width: 1, height: 1 };
  const start = bs.find((b) => b.type === 'start');
  return { bounds, start: start && { x: start.x, y: start.y, width: start.width, height: start.height } };
}

/** Auto-layout of the canvas: measured card sizes where known, estimates elsewhere. */
export async function layoutEditorFlow(flow: EditorFlow, measured: (id: string) => Size): Promise<{ positions: Map<string, XYPosition> } & FlowFrame> {
  const nodes = flow.nodes.map((n) => {
    const m = measured(n.id);
    const e = estimatedSize(n.data.type, n.data.config);
    return { id: n.id, width: m?.width ?? e.width, height: m?.height ?? e.height };
  });
  const positions = await layoutFlow(nodes, flow.edges);
  return { positions, ...frameOf(flow, (id) => positions.get(id), measured) };
}
