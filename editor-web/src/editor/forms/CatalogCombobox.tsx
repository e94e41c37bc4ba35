import { useContext, useId, useState } from 'react';
import { SuggestionsContext, type CatalogKind } from './suggestions';

const WHAT: Record<CatalogKind, string> = { audio: 'audio id', queue: 'queue', trunk: 'trunk', flow: 'flow' };

/**
 * A text field with the connected host's ids as suggestions (a combobox): typing filters the
 * list, ↓/↑ move through it, Enter or a click takes one. Any other value can still be typed, since
 * the host may gain it before publishing; when the host checks references of this kind (it has a
 * catalog; for flows, its flow list) a value it would not accept is flagged, not refused.
 */
export function CatalogCombobox({ kind, value, onChange, placeholder, testId, keepEmpty }: { kind: CatalogKind; value: unknown; onChange: (v: string | undefined) => void; placeholder?: string; testId?: string; keepEmpty?: boolean }) {
  const { catalog } = useContext(SuggestionsContext);
  const list = catalog[kind];
  const text = typeof value === 'string' ? value : '';
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const needle = text.toLowerCase();
  const matches = list.options.filter((o) => o.id.toLowerCase().includes(needle) || o.name?.toLowerCase().includes(needle)).slice(0, 12);
  const take = (id: string) => {
    onChange(id);
    setOpen(false);
    setActive(-1);
  };
  const missing = list.accepted !== undefined && text !== '' && !list.accepted.has(text);
  const shown = open && matches.length > 0 && !(matches.length === 1 && matches[0].id === text);
  return (
    <span className="template-input combobox">
      <input
        type="text"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={missing || undefined}
        value={text}
        placeholder={placeholder ?? (list.options.length ? `a ${WHAT[kind]} on the host (or type one)` : WHAT[kind])}
        data-testid={testId}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          onChange(e.target.value === '' && !keepEmpty ? undefined : e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && matches.length) {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, matches.length - 1));
          } else if (e.key === 'ArrowUp' && matches.length) {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && shown && active >= 0) {
            e.preventDefault();
            take(matches[active].id);
          } else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {shown && (
        <span className="suggestions" role="listbox" id={listId} aria-label={`${WHAT[kind]}s on the host`} data-testid={testId ? `${testId}-options` : undefined}>
          {matches.map((m, i) => (
            <button
              type="button"
              role="option"
              id={`${listId}-${i}`}
              aria-selected={i === active}
              key={m.id}
              className={i === active ? 'small active' : 'small'}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => take(m.id)}
            >
              {m.id}
              {m.name && m.name !== m.id ? ` · ${m.name}` : ''}
            </button>
          ))}
        </span>
      )}
      {missing && (
        <span className="combo-warning" data-testid={testId ? `${testId}-warning` : undefined}>
          {kind === 'flow' ? `No flow '${text}' on the host yet.` : `'${text}' is not in the host's catalog: publishing will report it unless it is added first.`}
        </span>
      )}
    </span>
  );
}
