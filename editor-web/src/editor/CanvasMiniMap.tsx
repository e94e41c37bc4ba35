import { Panel, useReactFlow, useStore, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useEffect, useRef, type PointerEvent, type WheelEvent } from 'react';
import type { EditorNode } from '../model/flowDocument';
import { nodeType } from '../model/nodeRegistry';
import { estimatedSize } from '../model/nodeSize';

const WIDTH = 200;
const HEIGHT = 150;
const MARGIN = 0.05;

interface Frame {
  /** Flow coordinates of the minimap's top-left corner, and minimap pixels per flow unit. */
  x: number;
  y: number;
  scale: number;
}

type Box = { x: number; y: number; width: number; height: number; color: string };

/** Category colours from the page's CSS variables (--call, --input, …), read once. */
function categoryColors(): (category: string | undefined) => string {
  const style = typeof getComputedStyle === 'undefined' ? undefined : getComputedStyle(document.documentElement);
  const cache = new Map<string, string>();
  return (category) => {
    const key = category ?? '';
    let c = cache.get(key);
    if (!c) {
      c = style?.getPropertyValue(`--${key.toLowerCase()}`).trim() || '#999';
      cache.set(key, c);
    }
    return c;
  };
}

/** The frame that shows every box and the current view, with a margin. */
function frameFor(boxes: Box[], view: { x: number; y: number; width: number; height: number }): Frame {
  let [x0, y0, x1, y1] = [view.x, view.y, view.x + view.width, view.y + view.height];
  for (const b of boxes) [x0, y0, x1, y1] = [Math.min(x0, b.x), Math.min(y0, b.y), Math.max(x1, b.x + b.width), Math.max(y1, b.y + b.height)];
  const w = (x1 - x0) * (1 + 2 * MARGIN) || 1;
  const h = (y1 - y0) * (1 + 2 * MARGIN) || 1;
  const scale = Math.min(WIDTH / w, HEIGHT / h);
  // Centre the content in the canvas.
  return { scale, x: (x0 + x1) / 2 - WIDTH / scale / 2, y: (y0 + y1) / 2 - HEIGHT / scale / 2 };
}

// The canvas holds only the editor's own nodes.
const nodesOf = (s: ReactFlowState) => s.nodes as EditorNode[];
const transformOf = (s: ReactFlowState) => s.transform;
const widthOf = (s: ReactFlowState) => s.width;
const heightOf = (s: ReactFlowState) => s.height;

/**
 * The minimap, drawn on a canvas: one rectangle per card in its category's colour, and the view.
 * React Flow's SVG minimap keeps one element per node, which costs several milliseconds on every
 * drag frame of a 1,000-node flow; this one redraws in well under one. Click or drag in it to
 * move the view there; the wheel zooms.
 */
export function CanvasMiniMap() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<Frame>({ x: 0, y: 0, scale: 1 });
  const colors = useRef(categoryColors());
  // A card's colour and estimated size depend only on its data, which a drag leaves alone.
  const looks = useRef(new WeakMap<EditorNode['data'], { color: string; width: number; height: number }>());
  const store = useStoreApi<EditorNode>();
  const rf = useReactFlow<EditorNode>();
  const nodes = useStore(nodesOf);
  const transform = useStore(transformOf);
  const width = useStore(widthOf);
  const height = useStore(heightOf);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const { nodeLookup } = store.getState();
    const boxes: Box[] = [];
    for (const n of nodes) {
      let look = looks.current.get(n.data);
      if (!look) {
        look = { color: colors.current(nodeType(n.data.type)?.category), ...estimatedSize(n.data.type, n.data.config) };
        looks.current.set(n.data, look);
      }
      const internal = nodeLookup.get(n.id);
      const p = internal?.internals.positionAbsolute ?? n.position;
      const measured = internal?.measured;
      boxes.push({ x: p.x, y: p.y, width: measured?.width ?? look.width, height: measured?.height ?? look.height, color: look.color });
    }
    const [tx, ty, zoom] = transform;
    const view = { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
    const f = frameFor(boxes, view);
    frame.current = f;
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    ctx.fillStyle = 'rgba(128, 128, 128, 0.15)'; // over the panel's own background: light or dark theme
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    for (const b of boxes) {
      ctx.fillStyle = b.color;
      // At least one pixel, so that every card of a large flow stays visible.
      ctx.fillRect((b.x - f.x) * f.scale, (b.y - f.y) * f.scale, Math.max(1, b.width * f.scale), Math.max(1, b.height * f.scale));
    }
    ctx.strokeStyle = '#2f6fde';
    ctx.lineWidth = 1;
    ctx.strokeRect((view.x - f.x) * f.scale, (view.y - f.y) * f.scale, view.width * f.scale, view.height * f.scale);
  }, [nodes, transform, width, height, store]);

  /** Centres the view on the flow point under the pointer. */
  const moveTo = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const f = frame.current;
    const x = f.x + (e.clientX - r.left) / f.scale;
    const y = f.y + (e.clientY - r.top) / f.scale;
    const zoom = store.getState().transform[2];
    void rf.setViewport({ x: width / 2 - x * zoom, y: height / 2 - y * zoom, zoom });
  };

  const onWheel = (e: WheelEvent<HTMLCanvasElement>) => {
    const { transform: [, , zoom], minZoom, maxZoom } = store.getState();
    const next = Math.min(maxZoom, Math.max(minZoom, zoom * (e.deltaY < 0 ? 1.2 : 1 / 1.2)));
    const [tx, ty] = store.getState().transform;
    // Zoom around the centre of the view.
    const cx = (width / 2 - tx) / zoom;
    const cy = (height / 2 - ty) / zoom;
    void rf.setViewport({ x: width / 2 - cx * next, y: height / 2 - cy * next, zoom: next });
  };

  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <Panel position="bottom-right" className="canvas-minimap nowheel nopan nodrag">
      <canvas
        ref={canvas}
        width={WIDTH * ratio}
        height={HEIGHT * ratio}
        style={{ width: WIDTH, height: HEIGHT }}
        data-testid="minimap"
        aria-label="Minimap: click or drag to move the view, wheel to zoom"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e);
        }}
        onPointerMove={(e) => e.buttons === 1 && moveTo(e)}
        onWheel={onWheel}
      />
    </Panel>
  );
}
