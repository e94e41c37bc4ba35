import type { XYPosition } from '@xyflow/react';
import type { EditorNode } from '../model/flowDocument';

const GAP = 24;

const sizeOf = (n: EditorNode) => ({ width: n.measured?.width ?? n.initialWidth ?? 200, height: n.measured?.height ?? n.initialHeight ?? 90 });

/**
 * The nearest place at or below `at` where a card of `size` overlaps no other card: a card
 * dropped or added onto another is put just below it instead of hiding it.
 */
export function freeSpot(at: XYPosition, size: { width: number; height: number }, nodes: readonly EditorNode[]): XYPosition {
  const spot = { ...at };
  for (let tries = 0; tries < 200; tries++) {
    const hit = nodes.find((n) => {
      const s = sizeOf(n);
      return spot.x < n.position.x + s.width + GAP && spot.x + size.width + GAP > n.position.x && spot.y < n.position.y + s.height + GAP && spot.y + size.height + GAP > n.position.y;
    });
    if (!hit) return spot;
    spot.y = hit.position.y + sizeOf(hit).height + GAP;
  }
  return spot;
}
