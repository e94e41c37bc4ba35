import type { Rect, Viewport } from '@xyflow/react';

/** Below this zoom a card's text cannot be read. */
export const READABLE_ZOOM = 0.35;
const PADDING = 0.1;

/**
 * Where the view goes after a flow is opened or laid out: the whole flow when it fits at a
 * readable zoom; otherwise the flow's start, at the top centre, at the readable zoom (the minimap
 * and "fit view" still show the whole). Zoomed out past reading, a 1,000-node flow would draw and
 * measure some 300 illegible cards at once.
 */
/** The view that shows all of `bounds`, never above 100 %. */
export function fitAll(bounds: Rect, canvas: { width: number; height: number }): Viewport {
  const zoom = Math.min(canvas.width / (bounds.width * (1 + 2 * PADDING)), canvas.height / (bounds.height * (1 + 2 * PADDING)), 1);
  return { zoom, x: canvas.width / 2 - (bounds.x + bounds.width / 2) * zoom, y: canvas.height / 2 - (bounds.y + bounds.height / 2) * zoom };
}

/** A minimum zoom at which the whole flow fits, with room to spare (React Flow's fixed 5 % does not show a 1,000-node flow). */
export function minimumZoom(bounds: Rect, canvas: { width: number; height: number }): number {
  return Math.max(0.001, Math.min(0.05, fitAll(bounds, canvas).zoom * 0.7));
}

export function openingView(bounds: Rect, start: Rect | undefined, canvas: { width: number; height: number }, maxZoom = 1): Viewport {
  const fit = Math.min(canvas.width / (bounds.width * (1 + 2 * PADDING)), canvas.height / (bounds.height * (1 + 2 * PADDING)), maxZoom);
  if (fit >= READABLE_ZOOM || !start) return fitAll(bounds, canvas);
  const z = READABLE_ZOOM;
  return { zoom: z, x: canvas.width / 2 - (start.x + start.width / 2) * z, y: canvas.height * PADDING - start.y * z };
}
