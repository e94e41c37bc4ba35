import { asObject, Select, TextInput } from './inputs';
import { CatalogCombobox } from './CatalogCombobox';

const KINDS = ['audio', 'sound', 'tts'] as const;
const PLACEHOLDER: Record<string, string> = { audio: 'audio id in the library, e.g. welcome', sound: 'Asterisk sound, e.g. hello-world', tts: 'Text to speak' };

/** A prompt: exactly one of an audio id, an Asterisk sound or TTS text (with a voice). */
export function PromptPicker({ value, onChange, optional, testId }: { value: unknown; onChange: (v: unknown) => void; optional: boolean; testId: string }) {
  const o = asObject(value);
  const kind = KINDS.find((k) => k in o) ?? (value === undefined ? '' : 'tts');
  const setKind = (k: string | undefined) => onChange(k ? { [k]: '' } : undefined);
  return (
    <div className="prompt-picker" data-testid={testId}>
      <Select value={kind} options={KINDS} onChange={setKind} defaultLabel={optional ? '(none)' : undefined} testId={`${testId}-kind`} />
      {kind === 'audio' && (
        <CatalogCombobox kind="audio" value={o.audio} placeholder={PLACEHOLDER.audio} keepEmpty testId={`${testId}-value`} onChange={(v) => onChange({ audio: v ?? '' })} />
      )}
      {kind && kind !== 'audio' && (
        <TextInput
          value={o[kind]}
          placeholder={PLACEHOLDER[kind]}
          keepEmpty
          testId={`${testId}-value`}
          onChange={(v) => onChange({ ...(kind === 'tts' && o.voice ? { voice: o.voice } : {}), [kind]: v ?? '' })}
        />
      )}
      {kind === 'tts' && <TextInput value={o.voice} placeholder="voice, e.g. en-us" testId={`${testId}-voice`} onChange={(v) => onChange({ tts: o.tts ?? '', ...(v ? { voice: v } : {}) })} />}
    </div>
  );
}
