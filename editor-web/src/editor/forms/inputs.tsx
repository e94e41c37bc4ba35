import type { ReactNode } from 'react';

/** Small controlled inputs shared by the forms; empty input means "use the default" (undefined). */

export function TextInput(props: { value: unknown; onChange: (v: string | undefined) => void; placeholder?: string; testId?: string; list?: string; keepEmpty?: boolean }) {
  return (
    <input
      type="text"
      value={typeof props.value === 'string' ? props.value : ''}
      placeholder={props.placeholder}
      list={props.list}
      data-testid={props.testId}
      onChange={(e) => props.onChange(e.target.value === '' && !props.keepEmpty ? undefined : e.target.value)}
    />
  );
}

export function NumberInput(props: { value: unknown; onChange: (v: number | undefined) => void; placeholder?: string; min?: number; max?: number; testId?: string }) {
  return (
    <input
      type="number"
      value={typeof props.value === 'number' ? props.value : ''}
      placeholder={props.placeholder}
      min={props.min}
      max={props.max}
      data-testid={props.testId}
      onChange={(e) => props.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
    />
  );
}

export function Select(props: { value: unknown; options: readonly string[]; onChange: (v: string | undefined) => void; defaultLabel?: string; testId?: string }) {
  return (
    <select value={typeof props.value === 'string' ? props.value : ''} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}>
      {props.defaultLabel !== undefined && <option value="">{props.defaultLabel}</option>}
      {props.options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

export function Row({ label, help, children }: { label: string; help?: string; children: ReactNode }) {
  return (
    <label className="form-row">
      <span className="form-label">{label}</span>
      {children}
      {help && <span className="form-help">{help}</span>}
    </label>
  );
}

/** Replaces the item at i, or removes it when value is undefined. */
export function replaceAt<T>(list: readonly T[], i: number, value: T | undefined): T[] {
  return value === undefined ? list.filter((_, k) => k !== i) : list.map((x, k) => (k === i ? value : x));
}

export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
