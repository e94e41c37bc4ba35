import { useState, type DragEvent } from 'react';
import { NODE_TYPES } from '../model/nodeRegistry';

/** The drag data type that carries a node type from the palette to the canvas. */
export const NODE_DRAG_TYPE = 'application/x-callytics-node';

const CATEGORIES = ['Call', 'Input', 'Routing', 'Data', 'End'] as const;

/**
 * Every node type of the language, grouped. Drag one onto the canvas, or click it (or press Enter
 * on it, or type part of its name in the search and press Enter): `onAdd` puts it after the
 * selected node. Items are buttons, so the keyboard reaches them.
 */
export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const shown = NODE_TYPES.filter((d) => !q || d.label.toLowerCase().includes(q) || d.type.includes(q.replace(/\s+/g, '_')));
  const onDragStart = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(NODE_DRAG_TYPE, type);
    e.dataTransfer.setData('text/plain', type);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <aside className="palette" aria-label="Node palette">
      <input
        type="search"
        className="palette-search"
        placeholder="Add node: type, Enter"
        aria-label="Find a node type; Enter adds the first match after the selected node"
        data-testid="palette-search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && shown[0]) {
            e.preventDefault();
            onAdd(shown[0].type);
          } else if (e.key === 'Escape') setQuery('');
        }}
      />
      {CATEGORIES.map((cat) => {
        const items = shown.filter((d) => d.category === cat);
        if (items.length === 0) return null;
        return (
          <section key={cat}>
            <h3>{cat}</h3>
            {items.map((d) => (
              <button
                type="button"
                key={d.type}
                className={`palette-item cat-${cat}`}
                draggable
                onDragStart={(e) => onDragStart(e, d.type)}
                onClick={() => onAdd(d.type)}
                data-testid={`palette-${d.type}`}
                aria-label={`Add ${d.label} node${d.terminal ? ' (ends the call)' : ''}`}
                title={`${d.type}${d.terminal ? ': terminal' : ''}. Click or Enter: add after the selected node; or drag onto the canvas.`}
              >
                {d.label}
                {d.terminal && <span className="terminal-mark">end</span>}
              </button>
            ))}
          </section>
        );
      })}
      {shown.length === 0 && <p className="hint">No node type matches.</p>}
    </aside>
  );
}
