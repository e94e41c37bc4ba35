import { createContext, useContext } from 'react';

/**
 * What the test-call, coverage and traffic views paint over the canvas, without touching the flow:
 * a class per node (the current node of a test call, calls waiting on it), a class and a label per
 * output ("node:output": taken, covered, not covered, a count of calls).
 */
export interface CanvasOverlay {
  nodes: ReadonlyMap<string, string>;
  outputs: ReadonlyMap<string, string>;
  /** Text shown on the edge leaving the output (a count of calls), and on the output itself. */
  labels: ReadonlyMap<string, string>;
  /** Text shown on a node card (calls in progress there, calls that ended there). */
  notes: ReadonlyMap<string, string>;
}

export const EMPTY_OVERLAY: CanvasOverlay = { nodes: new Map(), outputs: new Map(), labels: new Map(), notes: new Map() };

export const CanvasOverlayContext = createContext<CanvasOverlay>(EMPTY_OVERLAY);

export const useCanvasOverlay = () => useContext(CanvasOverlayContext);

/** The key of an output, as callyc test names it. */
export const outputKey = (node: string, output: string | null | undefined) => `${node}:${output ?? 'next'}`;
