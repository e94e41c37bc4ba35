import { useState } from 'react';
import { TemplateInput } from './suggestions';
import { CatalogCombobox, CatalogListCombobox } from './CatalogCombobox';
import type { FieldSpec } from '../../model/fields';
import { fieldInfo } from '../../schema/schemaInfo';
import { DestinationsEditor, MapEditor, MenuOptionsEditor, RulesEditor, DestinationEditor } from './ListEditors';
import { NumberInput, Row, Select, TextInput } from './inputs';
import { PromptPicker } from './PromptPicker';
import { HolidaysEditor, ScheduleEditor } from './ScheduleEditor';

const TIME_ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/Paris', 'America/New_York'];
  }
})();

export interface FieldEditorProps {
  nodeType: string;
  field: FieldSpec;
  value: unknown;
  onChange: (v: unknown) => void;
  /** Changes the config and renames an output handle on the node's edges (menu keys, rule names). */
  onRenameHandle: (from: string, to: string, v: unknown) => void;
}

const fmt = (v: unknown) => (v === undefined ? '' : v === null ? 'none' : String(v));

/** The input for one config field, labelled with the schema's description and default. */
export function FieldEditor({ nodeType, field, value, onChange, onRenameHandle }: FieldEditorProps) {
  const info = fieldInfo(nodeType, field);
  const def = info.default;
  const help = `${info.description}${def !== undefined && typeof def !== 'object' ? ` Default: ${fmt(def)}.` : ''}`;
  const label = `${field.key}${field.required ? ' *' : ''}`;
  const testId = `field-${field.key}`;
  const input = (() => {
    switch (field.kind) {
      case 'int':
        return <NumberInput value={value} onChange={onChange} placeholder={fmt(def)} min={field.min} max={field.max} testId={testId} />;
      case 'bool':
        return (
          <input type="checkbox" checked={typeof value === 'boolean' ? value : def === true} data-testid={testId} onChange={(e) => onChange(e.target.checked === def ? undefined : e.target.checked)} />
        );
      case 'enum':
        return <Select value={value} options={field.options ?? []} onChange={onChange} defaultLabel={def !== undefined ? `(default: ${fmt(def)})` : '(choose)'} testId={testId} />;
      case 'terminator':
        return (
          <select data-testid={testId} value={value === null ? 'none' : typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'none' ? null : e.target.value)}>
            <option value="">(default: {fmt(def)})</option>
            <option value="none">none</option>
            {['#', '*', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        );
      case 'timezone':
        return (
          <>
            <TextInput value={value} onChange={onChange} keepEmpty={field.required} list="time-zones" placeholder="Europe/Paris" testId={testId} />
            <datalist id="time-zones">
              {TIME_ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        );
      case 'prompt':
        return <PromptPicker value={value} onChange={onChange} optional={!field.required} testId={testId} />;
      case 'promptOrMoh':
        return (
          <div>
            <label className="inline">
              <input type="checkbox" checked={value === undefined || value === 'moh'} data-testid={`${testId}-moh`} onChange={(e) => onChange(e.target.checked ? undefined : { tts: '' })} /> music on hold
            </label>
            {value !== undefined && value !== 'moh' && <PromptPicker value={value} onChange={onChange} optional={false} testId={testId} />}
          </div>
        );
      case 'destination':
        return <DestinationEditor value={value} onChange={onChange} withTrunk={false} testId={testId} />;
      case 'destinations':
        return <DestinationsEditor value={value} onChange={onChange} />;
      case 'schedule':
        return <ScheduleEditor value={value} onChange={onChange} />;
      case 'holidays':
        return <HolidaysEditor value={value} onChange={onChange} />;
      case 'menuOptions':
        return <MenuOptionsEditor value={value} onChange={onChange} onRenameKey={onRenameHandle} />;
      case 'rules':
        return <RulesEditor value={value} onChange={onChange} onRename={onRenameHandle} />;
      case 'headers':
        return <MapEditor value={value} onChange={onChange} keyHint="Header-Name" valueHint="value template" testId={testId} />;
      case 'assign':
        return <MapEditor value={value} onChange={(v) => onChange(v ?? {})} keyHint="variable" valueHint="value template, e.g. {{caller_id}}" testId={testId} />;
      case 'extract':
        return <MapEditor value={value} onChange={onChange} keyHint="variable" valueHint="$.path.to[0].value" testId={testId} />;
      case 'template':
      case 'url':
        return <TemplateInput value={value} onChange={onChange} keepEmpty={field.required} placeholder={fmt(def)} testId={testId} />;
      case 'flowId':
        // The host's flows when the publish panel has listed them; any id otherwise.
        return <CatalogCombobox kind="flow" value={value} onChange={onChange} keepEmpty={field.required} testId={testId} />;
      case 'refId':
        return field.refKind === 'queue' || field.refKind === 'trunk' ? (
          <CatalogCombobox kind={field.refKind} value={value} onChange={onChange} keepEmpty={field.required} testId={testId} />
        ) : (
          <TextInput value={value} onChange={onChange} keepEmpty={field.required} placeholder={fmt(def)} testId={testId} />
        );
      case 'payload':
        return <JsonEditor value={value} onChange={onChange} testId={testId} />;
      case 'idList':
        return <CatalogListCombobox kind="queue" value={value} onChange={onChange} placeholder="sales, support" testId={testId} />;
      default:
        return <TextInput value={value} onChange={onChange} keepEmpty={field.required} placeholder={fmt(def)} testId={testId} />;
    }
  })();
  return (
    <Row label={label} help={help}>
      {input}
    </Row>
  );
}

/** Any JSON value, edited as text; applied when it parses. */
function JsonEditor({ value, onChange, testId }: { value: unknown; onChange: (v: unknown) => void; testId: string }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const [error, setError] = useState('');
  return (
    <>
      <textarea
        rows={4}
        value={text}
        placeholder="(default: the standard call event)"
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setError('');
            return onChange(undefined);
          }
          try {
            onChange(JSON.parse(e.target.value));
            setError('');
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error && <span className="form-error">{error}</span>}
    </>
  );
}
