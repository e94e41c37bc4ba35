import type { Rect, XYPosition } from '@xyflow/react';
import type { EditorFlow } from '../model/flowDocument';
export { estimatedSize } from '../model/nodeSize';
import { estimatedSize } from '../model/nodeSize';
import { layoutFlow } from '../layout/autoLayout';

type Size = { width?: number; height?: number } | undefined;

/** Auto-layout of the canvas: measured card sizes where known, estimates elsewhere. */
export async function layoutEditorFlow(flow: EditorFlow, measured: (id: string) => Size): Promise<{ positions: Map<string, XYPosition>; bounds: Rect }> {
  const nodes = flow.nodes.map((n) => {
    const m = measured(n.id);
    const e = estimatedSize(n.data.type, n.data.config);
    return { id: n.id, width: m?.width ?? e.width, height: m?.height ?? e.height };
  });
  const positions = await layoutFlow(nodes, flow.edges);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const n of nodes) {
    const p = positions.get(n.id);
    if (!p) continue;
    [x0, y0, x1, y1] = [Math.min(x0, p.x), Math.min(y0, p.y), Math.max(x1, p.x + n.width), Math.max(y1, p.y + n.height)];
  }
  const bounds = nodes.length ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: 0, y: 0, width: 1, height: 1 };
  return { positions, bounds };
}
