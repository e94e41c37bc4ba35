import { useRef, useState } from 'react';
import { asList, asObject, replaceAt, Select, TextInput } from './inputs';
import { TemplateInput } from './suggestions';
import { CatalogCombobox } from './CatalogCombobox';

type Dest = { type?: string; value?: string; trunk?: string };
const DEST_TYPES = ['extension', 'pstn', 'sip_uri'];
const DEST_HINT: Record<string, string> = { extension: '201', pstn: '+33 1 23 45 67 89', sip_uri: 'sip:desk@pbx.example.com' };

/** One transfer destination: extension, pstn number (with trunk) or SIP URI. */
export function DestinationEditor({ value, onChange, withTrunk, testId }: { value: unknown; onChange: (v: Dest) => void; withTrunk: boolean; testId: string }) {
  const d = asObject(value) as Dest;
  return (
    <span className="destination" data-testid={testId}>
      <Select value={d.type ?? 'extension'} options={DEST_TYPES} onChange={(t) => onChange({ ...d, type: t })} testId={`${testId}-type`} />
      <TextInput value={d.value} keepEmpty placeholder={DEST_HINT[d.type ?? 'extension']} testId={`${testId}-value`} onChange={(v) => onChange({ ...d, value: v ?? '' })} />
      {withTrunk && <CatalogCombobox kind="trunk" value={d.trunk} placeholder="trunk" testId={`${testId}-trunk`} onChange={(v) => onChange({ ...d, trunk: v })} />}
    </span>
  );
}

/** The destinations of a hunt group, in ringing order. */
export function DestinationsEditor({ value, onChange }: { value: unknown; onChange: (v: unknown) => void }) {
  const list = asList(value);
  const move = (i: number, by: number) => {
    const next = [...list];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  return (
    <div className="list" data-testid="field-destinations">
      {list.map((d, i) => (
        <div key={i} className="list-row">
          <DestinationEditor value={d} withTrunk testId={`destination-${i}`} onChange={(v) => onChange(replaceAt(list, i, v))} />
          <button type="button" className="small" disabled={i === 0} onClick={() => move(i, -1)} title="Up">↑</button>
          <button type="button" className="small" disabled={i === list.length - 1} onClick={() => move(i, 1)} title="Down">↓</button>
          <button type="button" className="small" onClick={() => onChange(replaceAt(list, i, undefined))} title="Remove">×</button>
        </div>
      ))}
      <button type="button" className="small" data-testid="destinations-add" onClick={() => onChange([...list, { type: 'extension', value: '' }])}>
        + destination
      </button>
    </div>
  );
}

const MENU_KEY = /^[0-9*#]{1,2}$/;

/**
 * Menu options: key → label. Renaming a key moves its edge (digit:<key>).
 *
 * The options are a JSON object, whose digit keys JavaScript always orders numerically; the rows
 * keep their own order and identity instead, so a row does not jump or lose focus while its key
 * is typed. A key that is not (yet) valid or is another option's stays in the row as a draft with
 * the reason beside it: committing it would merge two options and lose one.
 */
export function MenuOptionsEditor({ value, onChange, onRenameKey }: { value: unknown; onChange: (v: unknown) => void; onRenameKey: (from: string, to: string, v: unknown) => void }) {
  const o = asObject(value);
  const rows = useRef<{ order: string[]; ids: Map<string, number>; next: number }>({ order: [], ids: new Map(), next: 0 });
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  const r = rows.current;
  r.order = [...r.order.filter((k) => k in o), ...Object.keys(o).filter((k) => !r.order.includes(k))];
  for (const k of r.order) if (!r.ids.has(k)) r.ids.set(k, r.next++);
  const rebuild = (order: string[], value: (k: string) => unknown) => Object.fromEntries(order.map((k) => [k, value(k)]));
  const freeKey = () => ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'].find((k) => !(k in o)) ?? `${r.order.length + 1}`;
  const keyProblem = (own: string, typed: string) => {
    if (!MENU_KEY.test(typed)) return 'A key is one or two of 0–9, * and #.';
    if (typed !== own && typed in o) return `Key ${typed} is already option '${asObject(o[typed]).label || typed}'.`;
    return undefined;
  };
  const typeKey = (own: string, id: number, typed: string) => {
    if (keyProblem(own, typed)) return setDrafts((d) => ({ ...d, [id]: typed }));
    setDrafts(({ [id]: _done, ...d }) => d);
    if (typed === own) return;
    r.ids.delete(own);
    r.ids.set(typed, id);
    r.order = r.order.map((k) => (k === own ? typed : k));
    onRenameKey(`digit:${own}`, `digit:${typed}`, rebuild(r.order, (k) => (k === typed ? o[own] : o[k])));
  };
  return (
    <div className="list" data-testid="field-options">
      {r.order.map((k, i) => {
        const id = r.ids.get(k)!;
        const draft = drafts[id];
        const problem = draft === undefined ? undefined : keyProblem(k, draft);
        return (
          <div key={id} className="list-row">
            <input
              className="key"
              value={draft ?? k}
              aria-label={`Key of option ${i + 1}`}
              aria-invalid={problem ? true : undefined}
              data-testid={`option-key-${i}`}
              onChange={(e) => typeKey(k, id, e.target.value)}
            />
            <TextInput
              value={asObject(o[k]).label}
              placeholder="label"
              keepEmpty
              testId={`option-label-${i}`}
              onChange={(label) => onChange(rebuild(r.order, (kk) => (kk === k ? { ...asObject(o[kk]), label: label ?? '' } : o[kk])))}
            />
            <button type="button" className="small" onClick={() => onChange(rebuild(r.order.filter((kk) => kk !== k), (kk) => o[kk]))} title="Remove" aria-label={`Remove option ${k}`}>×</button>
            {problem && <span className="form-error" role="alert" data-testid={`option-key-problem-${i}`}>{problem} Not applied yet.</span>}
          </div>
        );
      })}
      <button type="button" className="small" data-testid="options-add" onClick={() => onChange({ ...o, [freeKey()]: { label: '' } })}>
        + option
      </button>
    </div>
  );
}

type Rule = { name?: string; when?: { variable?: string; op?: string; value?: unknown } };
const OPS = ['eq', 'ne', 'lt', 'gt', 'contains', 'matches', 'empty', 'not_empty'];

/** Branch rules in order (first match wins). Renaming a rule moves its edge (rule:<name>). */
export function RulesEditor({ value, onChange, onRename }: { value: unknown; onChange: (v: unknown) => void; onRename: (from: string, to: string, v: unknown) => void }) {
  const list = asList(value) as Rule[];
  const setWhen = (i: number, patch: Partial<NonNullable<Rule['when']>>) => {
    const r = list[i];
    const when = { ...(r.when ?? {}), ...patch };
    if (when.op === 'empty' || when.op === 'not_empty') delete when.value;
    onChange(replaceAt(list, i, { ...r, when }));
  };
  /**
   * A name typed that is empty or another rule's is held in its row, not applied: renaming moves the
   * rule's edges, so applying it would put two rules' edges on one output, and the next key typed
   * would carry both away (one rule losing its edge).
   */
  const [held, setHeld] = useState<Map<number, string>>(new Map());
  const typeName = (i: number, text: string) => {
    const r = list[i];
    const clash = text === '' || list.some((o, j) => j !== i && o.name === text);
    setHeld((h) => {
      const next = new Map(h);
      if (clash) next.set(i, text);
      else next.delete(i);
      return next;
    });
    if (!clash) onRename(`rule:${r.name}`, `rule:${text}`, replaceAt(list, i, { ...r, name: text }));
  };
  return (
    <div className="list" data-testid="field-rules">
      {list.map((r, i) => (
        <div key={i} className="list-row rule">
          <input
            className="rule-name"
            value={held.get(i) ?? r.name ?? ''}
            placeholder="name"
            data-testid={`rule-name-${i}`}
            aria-invalid={held.has(i) || undefined}
            onChange={(e) => typeName(i, e.target.value)}
          />
          {held.has(i) && (
            <span className="form-error" role="alert" data-testid={`rule-name-problem-${i}`}>
              {held.get(i) === '' ? 'Type a name.' : `'${held.get(i)}' is already another rule's.`} Not applied yet.
            </span>
          )}
          <TextInput value={r.when?.variable} keepEmpty placeholder="variable" testId={`rule-variable-${i}`} onChange={(v) => setWhen(i, { variable: v ?? '' })} />
          <Select value={r.when?.op ?? 'eq'} options={OPS} onChange={(op) => setWhen(i, { op })} testId={`rule-op-${i}`} />
          {r.when?.op !== 'empty' && r.when?.op !== 'not_empty' && (
            <TextInput value={r.when?.value === undefined ? '' : String(r.when.value)} keepEmpty placeholder="value" testId={`rule-value-${i}`} onChange={(v) => setWhen(i, { value: v ?? '' })} />
          )}
          <button type="button" className="small" onClick={() => { setHeld(new Map()); onChange(replaceAt(list, i, undefined)); }} title="Remove">×</button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        data-testid="rules-add"
        onClick={() => {
          // A name no rule has: a taken one would give two rules one output.
          let n = list.length + 1;
          while (list.some((r) => r.name === `rule${n}`)) n++;
          onChange([...list, { name: `rule${n}`, when: { variable: '', op: 'eq', value: '' } }]);
        }}
      >
        + rule
      </button>
    </div>
  );
}

/** An object of string → string (headers, assignments, extracts). */
export function MapEditor({ value, onChange, keyHint, valueHint, testId }: { value: unknown; onChange: (v: unknown) => void; keyHint: string; valueHint: string; testId: string }) {
  const entries = Object.entries(asObject(value));
  const set = (pairs: [string, unknown][]) => onChange(pairs.length ? Object.fromEntries(pairs) : undefined);
  /**
   * Keys typed that cannot be applied yet (empty, or another row's key), held in their row with the
   * reason: applying one would merge two rows into one and lose a value, as menu keys once did.
   */
  const [held, setHeld] = useState<Map<number, string>>(new Map());
  const hold = (i: number, text: string | undefined) =>
    setHeld((h) => {
      const next = new Map(h);
      if (text === undefined) next.delete(i);
      else next.set(i, text);
      return next;
    });
  const typeKey = (i: number, text: string) => {
    if (text === '' || entries.some(([k], j) => j !== i && k === text)) return hold(i, text);
    hold(i, undefined);
    set(entries.map(([kk, vv], j) => (j === i ? [text, vv] : [kk, vv])));
  };
  const freeKey = () => {
    for (let n = entries.length + 1; ; n++) if (!entries.some(([k]) => k === `key${n}`)) return `key${n}`;
  };
  return (
    <div className="list" data-testid={testId}>
      {entries.map(([k, v], i) => {
        const typed = held.get(i);
        const problem = typed === undefined ? '' : typed === '' ? 'Type a name.' : `'${typed}' is already another row's.`;
        return (
          <div key={i} className="list-row">
            <input className="key" value={typed ?? k} placeholder={keyHint} data-testid={`${testId}-key-${i}`} aria-invalid={problem ? true : undefined} onChange={(e) => typeKey(i, e.target.value)} />
            <TemplateInput value={typeof v === 'string' ? v : JSON.stringify(v)} keepEmpty placeholder={valueHint} testId={`${testId}-value-${i}`} onChange={(t) => set(entries.map(([kk, vv], j) => (j === i ? [kk, t ?? ''] : [kk, vv])))} />
            <button type="button" className="small" onClick={() => { setHeld(new Map()); set(entries.filter((_, j) => j !== i)); }} title="Remove">×</button>
            {problem && <span className="form-error" role="alert" data-testid={`${testId}-key-problem-${i}`}>{problem} Not applied yet.</span>}
          </div>
        );
      })}
      <button type="button" className="small" data-testid={`${testId}-add`} onClick={() => set([...entries, [freeKey(), '']])}>
        + entry
      </button>
    </div>
  );
}
