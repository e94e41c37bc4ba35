import { createContext, useContext, useRef, useState } from 'react';
import { BUILT_IN_VARIABLES } from '../../rules/identifiers';
import type { EditorNode } from '../../model/flowDocument';

export type CatalogKind = 'audio' | 'queue' | 'trunk' | 'flow';
/**
 * The ids the connected host has of one kind, as suggestions; `accepted`, when the host checks
 * references of this kind, the ids it accepts (a value outside them will be reported on publish).
 */
export interface CatalogList {
  options: readonly { id: string; name?: string }[];
  accepted?: ReadonlySet<string>;
}
export type HostCatalog = Record<CatalogKind, CatalogList>;
const UNKNOWN: CatalogList = { options: [] };
/** No host connected: free text everywhere. */
export const NO_CATALOG: HostCatalog = { audio: UNKNOWN, queue: UNKNOWN, trunk: UNKNOWN, flow: UNKNOWN };

/** What the forms can suggest: the flow's variables, and what the connected host has. */
export interface Suggestions {
  variables: readonly string[];
  catalog: HostCatalog;
}
export const SuggestionsContext = createContext<Suggestions>({ variables: [...BUILT_IN_VARIABLES], catalog: NO_CATALOG });

const keysOf = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);

/** The built-in variables and every variable a node of the flow sets (get_digits, set_variable, http_request, callback). */
export function flowVariables(nodes: readonly EditorNode[]): string[] {
  const found = new Set<string>(BUILT_IN_VARIABLES);
  for (const n of nodes) {
    const c = n.data.config;
    for (const key of ['variable', 'store_response_as']) if (typeof c[key] === 'string' && c[key]) found.add(c[key] as string);
    for (const key of keysOf(c.assign)) found.add(key);
    for (const key of keysOf(c.extract)) found.add(key);
  }
  return [...found].sort();
}

/** The variable name being typed inside an unclosed `{{` before the caret, or undefined. */
export function openTemplate(text: string, caret: number): { start: number; partial: string } | undefined {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return undefined;
  const partial = before.slice(open + 2);
  return /^[A-Za-z0-9_.]*$/.test(partial) ? { start: open + 2, partial } : undefined;
}

/**
 * A text field for templates: inside `{{` it lists the flow's variables that start with what is
 * typed; a click, or Enter / Tab on the first, completes `{{name}}`.
 */
export function TemplateInput({ value, onChange, placeholder, testId, keepEmpty }: { value: unknown; onChange: (v: string | undefined) => void; placeholder?: string; testId?: string; keepEmpty?: boolean }) {
  const { variables } = useContext(SuggestionsContext);
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState<{ start: number; partial: string } | undefined>();
  const text = typeof value === 'string' ? value : '';
  const matches = open ? variables.filter((v) => v.startsWith(open.partial)).slice(0, 8) : [];
  const update = (t: string, caret: number) => {
    onChange(t === '' && !keepEmpty ? undefined : t);
    setOpen(openTemplate(t, caret));
  };
  const complete = (name: string) => {
    if (!open || !input.current) return;
    const caret = input.current.selectionStart ?? text.length;
    const rest = text.slice(caret).replace(/^[A-Za-z0-9_.]*(\}\})?/, '');
    const next = `${text.slice(0, open.start)}${name}}}${rest}`;
    onChange(next);
    setOpen(undefined);
    const at = open.start + name.length + 2;
    requestAnimationFrame(() => input.current?.setSelectionRange(at, at));
  };
  return (
    <span className="template-input">
      <input
        ref={input}
        type="text"
        value={text}
        placeholder={placeholder}
        data-testid={testId}
        aria-autocomplete="list"
        onChange={(e) => update(e.target.value, e.target.selectionStart ?? e.target.value.length)}
        onBlur={() => setTimeout(() => setOpen(undefined), 150)}
        onKeyDown={(e) => {
          if (matches.length && (e.key === 'Enter' || e.key === 'Tab')) {
            e.preventDefault();
            complete(matches[0]);
          } else if (e.key === 'Escape') setOpen(undefined);
        }}
      />
      {matches.length > 0 && (
        <span className="suggestions" role="listbox" aria-label="Variables" data-testid={testId ? `${testId}-suggestions` : undefined}>
          {matches.map((m) => (
            <button type="button" role="option" aria-selected={false} key={m} className="small" onMouseDown={(e) => e.preventDefault()} onClick={() => complete(m)}>
              {m}
            </button>
          ))}
        </span>
      )}
    </span>
  );
}
