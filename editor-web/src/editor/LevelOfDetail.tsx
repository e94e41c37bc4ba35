import { useStore } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';

/** Below this zoom a card's own text is under ~7 screen px: cards show only their colour and label, enlarged. */
export const DETAIL_ZOOM = 0.5;

/**
 * Puts the zoom on the canvas element (a CSS variable and a class) rather than in React state,
 * so zooming a 1,000-node flow restyles the cards without redrawing them.
 */
export function LevelOfDetail({ canvas }: { canvas: RefObject<HTMLDivElement | null> }) {
  const zoom = useStore((s) => s.transform[2]);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    el.style.setProperty('--zoom', String(zoom));
    el.classList.toggle('lod-far', zoom < DETAIL_ZOOM);
  }, [zoom, canvas]);
  return null;
}
