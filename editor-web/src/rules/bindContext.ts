import type { JMember, JObject, JString, JValue } from '../json/jsonAst';
import { atKey, type Anchor, type DiagnosticBag } from './diagnostic';

/** A variable read or written, with the JSON value (or member) the compiler points at. */
export interface VariableUse {
  name: string;
  at: Anchor;
  /** Variables the same node assigned before this read (earlier set_variable entries). */
  earlier?: readonly string[];
}

/** Something a node refers to: an audio id, queue or trunk (checked against a catalog) or a flow. */
export interface Reference {
  kind: 'audio' | 'queue' | 'trunk' | 'flow';
  id: string;
  at: JString;
}

/** What field binders note about a node: variables read and written, what it refers to. */
export interface NodeFacts {
  reads: VariableUse[];
  writes: VariableUse[];
  references: Reference[];
}

/**
 * The binding context of one node (or of the document): where diagnostics go, which node they
 * belong to, and whether anything failed. Mirrors the compiler's BindContext.
 */
export class BindContext {
  hasErrors = false;
  facts: NodeFacts = { reads: [], writes: [], references: [] };

  constructor(
    readonly bag: DiagnosticBag,
    readonly nodeId: string | undefined,
  ) {}

  report(id: string, message: string, at: Anchor): void {
    this.bag.report(id, message, at, this.nodeId);
  }

  reportAtKey(id: string, message: string, m: JMember): void {
    this.bag.report(id, message, atKey(m), this.nodeId);
  }

  /** Reports a wrong JSON type (CFL1001) and marks the node failed; returns undefined. */
  wrongType(v: JValue, name: string, expected: string): undefined {
    this.report('CFL1001', `'${name}' must be ${expected}, not ${kindDescription(v)}`, v);
    this.hasErrors = true;
    return undefined;
  }

  /** Reports a wrong type without failing the node (the compiler's optional strings: label, edge id). */
  reportWrongType(v: JValue, name: string, expected: string): void {
    this.report('CFL1001', `'${name}' must be ${expected}, not ${kindDescription(v)}`, v);
  }

  failed(): undefined {
    this.hasErrors = true;
    return undefined;
  }
}

/** How the compiler names a value's kind in messages. */
export function kindDescription(v: JValue): string {
  switch (v.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return v.value ? 'true' : 'false';
    default:
      return 'null';
  }
}

/** Closest candidate within a third of the word's length (at least 2 edits), as " (did you mean 'x'?)". */
export function didYouMean(actual: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Number.MAX_SAFE_INTEGER;
  const limit = Math.max(2, Math.floor(actual.length / 3));
  for (const c of candidates) {
    if (Math.abs(c.length - actual.length) > limit) continue;
    const d = distance(actual.toLowerCase(), c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? ` (did you mean '${best}'?)` : '';
}

function distance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Number.MAX_SAFE_INTEGER;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(cur[j - 1] + 1, prev[j] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * Reports unknown keys (other than x- ones) at the key and missing required keys at the object.
 * Returns false when something was reported (the compiler's ObjectShape.Check).
 */
export function checkShape(obj: JObject, what: string, required: readonly string[], optional: readonly string[], ctx: BindContext): boolean {
  let ok = true;
  for (const m of obj.members) {
    if (m.key.startsWith('x-') || required.includes(m.key) || optional.includes(m.key)) continue;
    ctx.reportAtKey('CFL1003', `Unknown property '${m.key}'${didYouMean(m.key, [...required, ...optional])}`, m);
    ok = false;
  }
  for (const key of required) {
    if (obj.members.some((m) => m.key === key)) continue;
    ctx.report('CFL1002', `'${what}' is missing required property '${key}'`, obj);
    ok = false;
  }
  if (!ok) ctx.hasErrors = true;
  return ok;
}

/** A string member, or undefined (CFL1001 when present but not a string). */
export function stringMember(obj: JObject, key: string, name: string, ctx: BindContext): string | undefined {
  const v = obj.members.find((m) => m.key === key)?.value;
  if (!v) return undefined;
  if (v.kind === 'string') return v.value;
  ctx.wrongType(v, name, 'a string');
  return undefined;
}
