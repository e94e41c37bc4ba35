import { useContext, useId, useState } from 'react';
import { SuggestionsContext, type CatalogKind } from './suggestions';
import { asList } from './inputs';

const WHAT: Record<CatalogKind, string> = { audio: 'audio id', queue: 'queue', trunk: 'trunk', flow: 'flow' };

/**
 * A text field with the connected host's ids as suggestions (a combobox): typing filters the
 * list, ↓/↑ move through it, Enter or a click takes one. Any other value can still be typed, since
 * the host may gain it before publishing; when the host checks references of this kind (it has a
 * catalog; for flows, its flow list) a value it would not accept is flagged, not refused.
 */
export function CatalogCombobox({ kind, value, onChange, placeholder, testId, keepEmpty }: { kind: CatalogKind; value: unknown; onChange: (v: string | undefined) => void; placeholder?: string; testId?: string; keepEmpty?: boolean }) {
  const text = typeof value === 'string' ? value : '';
  return <Combobox kind={kind} text={text} setText={(t) => onChange(t === '' && !keepEmpty ? undefined : t)} placeholder={placeholder} testId={testId} />;
}

/** The ids of a comma-separated list (`queue_login.queues`); an empty field is one empty id, which the checker reports. */
const parseList = (t: string) => t.split(',').map((s) => s.trim()).filter((s, i, a) => s !== '' || a.length === 1);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A comma-separated list of ids with the same suggestions, for the id being typed after the last
 * comma. The text is kept as typed while it means the list (a trailing ", " before the next id
 * would otherwise vanish at once, and a second id could not be typed).
 */
export function CatalogListCombobox({ kind, value, onChange, placeholder, testId }: { kind: CatalogKind; value: unknown; onChange: (v: string[]) => void; placeholder?: string; testId?: string }) {
  const ids = asList(value).map((v) => (typeof v === 'string' ? v : String(v)));
  const [held, setHeld] = useState<string | undefined>();
  const text = held !== undefined && sameList(parseList(held), ids) ? held : ids.join(', ');
  return (
    <Combobox
      kind={kind}
      list
      text={text}
      setText={(t) => {
        setHeld(t);
        onChange(parseList(t));
      }}
      placeholder={placeholder}
      testId={testId}
    />
  );
}

function Combobox({ kind, text, setText, list, placeholder, testId }: { kind: CatalogKind; text: string; setText: (t: string) => void; list?: boolean; placeholder?: string; testId?: string }) {
  const { catalog } = useContext(SuggestionsContext);
  const known = catalog[kind];
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  // In a list, the id being typed is the one after the last comma.
  const cut = list ? text.lastIndexOf(',') + 1 : 0;
  const current = text.slice(cut).trim();
  const needle = current.toLowerCase();
  const matches = known.options.filter((o) => o.id.toLowerCase().includes(needle) || o.name?.toLowerCase().includes(needle)).slice(0, 12);
  const take = (id: string) => {
    setText(list && cut > 0 ? `${text.slice(0, cut).trimEnd()} ${id}` : id);
    setOpen(false);
    setActive(-1);
  };
  const typed = list ? parseList(text) : [text];
  const missing = known.accepted === undefined ? [] : typed.filter((t) => t !== '' && !known.accepted!.has(t));
  const shown = open && matches.length > 0 && !(matches.length === 1 && matches[0].id === current);
  return (
    <span className="template-input combobox">
      <input
        type="text"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={missing.length > 0 || undefined}
        value={text}
        placeholder={placeholder ?? (known.options.length ? `a ${WHAT[kind]} on the host (or type one)` : WHAT[kind])}
        data-testid={testId}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          setText(e.target.value);
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
      {missing.length > 0 && (
        <span className="combo-warning" data-testid={testId ? `${testId}-warning` : undefined}>
          {kind === 'flow'
            ? `No flow '${missing[0]}' on the host yet.`
            : `'${missing.join("', '")}' ${missing.length > 1 ? 'are' : 'is'} not in the host's catalog: publishing will report ${missing.length > 1 ? 'them' : 'it'} unless added first.`}
        </span>
      )}
    </span>
  );
}
