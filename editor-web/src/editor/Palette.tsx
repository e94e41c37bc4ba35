import type { DragEvent } from 'react';
import { NODE_TYPES } from '../model/nodeRegistry';

/** The drag data type that carries a node type from the palette to the canvas. */
export const NODE_DRAG_TYPE = 'application/x-callytics-node';

const CATEGORIES = ['Call', 'Input', 'Routing', 'Data', 'End'] as const;

/** Every node type of the language, grouped; drag one onto the canvas. */
export function Palette() {
  const onDragStart = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(NODE_DRAG_TYPE, type);
    e.dataTransfer.setData('text/plain', type);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <aside className="palette" aria-label="Node palette">
      {CATEGORIES.map((cat) => (
        <section key={cat}>
          <h3>{cat}</h3>
          {NODE_TYPES.filter((d) => d.category === cat).map((d) => (
            <div
              key={d.type}
              className={`palette-item cat-${cat}`}
              draggable
              onDragStart={(e) => onDragStart(e, d.type)}
              data-testid={`palette-${d.type}`}
              title={d.terminal ? `${d.type}: terminal` : d.type}
            >
              {d.label}
              {d.terminal && <span className="terminal-mark">end</span>}
            </div>
          ))}
        </section>
      ))}
    </aside>
  );
}
