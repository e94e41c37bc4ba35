import { asList, asObject, replaceAt, Select, TextInput } from './inputs';

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
      {withTrunk && <TextInput value={d.trunk} placeholder="trunk" testId={`${testId}-trunk`} onChange={(v) => onChange({ ...d, trunk: v })} />}
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

/** Menu options: key → label. Renaming a key moves its edge (digit:<key>). */
export function MenuOptionsEditor({ value, onChange, onRenameKey }: { value: unknown; onChange: (v: unknown) => void; onRenameKey: (from: string, to: string, v: unknown) => void }) {
  const o = asObject(value);
  const entries = Object.entries(o);
  const rebuild = (pairs: [string, unknown][]) => Object.fromEntries(pairs);
  const freeKey = () => ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'].find((k) => !(k in o)) ?? `${entries.length + 1}`;
  return (
    <div className="list" data-testid="field-options">
      {entries.map(([k, v], i) => (
        <div key={i} className="list-row">
          <input
            className="key"
            value={k}
            data-testid={`option-key-${i}`}
            onChange={(e) => onRenameKey(`digit:${k}`, `digit:${e.target.value}`, rebuild(entries.map(([kk, vv], j) => (j === i ? [e.target.value, vv] : [kk, vv]))))}
          />
          <TextInput
            value={asObject(v).label}
            placeholder="label"
            keepEmpty
            testId={`option-label-${i}`}
            onChange={(label) => onChange(rebuild(entries.map(([kk, vv], j) => (j === i ? [kk, { ...asObject(vv), label: label ?? '' }] : [kk, vv]))))}
          />
          <button type="button" className="small" onClick={() => onChange(rebuild(entries.filter((_, j) => j !== i)))} title="Remove">×</button>
        </div>
      ))}
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
  return (
    <div className="list" data-testid="field-rules">
      {list.map((r, i) => (
        <div key={i} className="list-row rule">
          <input
            className="rule-name"
            value={r.name ?? ''}
            placeholder="name"
            data-testid={`rule-name-${i}`}
            onChange={(e) => onRename(`rule:${r.name}`, `rule:${e.target.value}`, replaceAt(list, i, { ...r, name: e.target.value }))}
          />
          <TextInput value={r.when?.variable} keepEmpty placeholder="variable" testId={`rule-variable-${i}`} onChange={(v) => setWhen(i, { variable: v ?? '' })} />
          <Select value={r.when?.op ?? 'eq'} options={OPS} onChange={(op) => setWhen(i, { op })} testId={`rule-op-${i}`} />
          {r.when?.op !== 'empty' && r.when?.op !== 'not_empty' && (
            <TextInput value={r.when?.value === undefined ? '' : String(r.when.value)} keepEmpty placeholder="value" testId={`rule-value-${i}`} onChange={(v) => setWhen(i, { value: v ?? '' })} />
          )}
          <button type="button" className="small" onClick={() => onChange(replaceAt(list, i, undefined))} title="Remove">×</button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        data-testid="rules-add"
        onClick={() => onChange([...list, { name: `rule${list.length + 1}`, when: { variable: '', op: 'eq', value: '' } }])}
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
  return (
    <div className="list" data-testid={testId}>
      {entries.map(([k, v], i) => (
        <div key={i} className="list-row">
          <input className="key" value={k} placeholder={keyHint} data-testid={`${testId}-key-${i}`} onChange={(e) => set(entries.map(([kk, vv], j) => (j === i ? [e.target.value, vv] : [kk, vv])))} />
          <input value={typeof v === 'string' ? v : JSON.stringify(v)} placeholder={valueHint} data-testid={`${testId}-value-${i}`} onChange={(e) => set(entries.map(([kk, vv], j) => (j === i ? [kk, e.target.value] : [kk, vv])))} />
          <button type="button" className="small" onClick={() => set(entries.filter((_, j) => j !== i))} title="Remove">×</button>
        </div>
      ))}
      <button type="button" className="small" data-testid={`${testId}-add`} onClick={() => set([...entries, [`key${entries.length + 1}`, '']])}>
        + entry
      </button>
    </div>
  );
}
