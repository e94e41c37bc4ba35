import type { JMember, JValue, Pos } from '../json/jsonAst';
import { DESCRIPTORS, type Severity } from './descriptors';

/** One finding, with the position the compiler would give it. */
export interface Diagnostic {
  id: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  pointer: string;
  nodeId?: string;
  /** Set when the finding comes from the runtime host's compiler (a refused publish) rather than the editor's rules. */
  source?: 'host';
}

/** Where a diagnostic points: a value (its first character), or an object member's key. */
export type Anchor = JValue | { member: JMember; pointer: string } | { pos: Pos; pointer: string };

/** Collects diagnostics; one bag per validation run. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  report(id: string, message: string, at: Anchor, nodeId?: string): void {
    const d = DESCRIPTORS[id];
    if (!d) throw new Error(`unknown diagnostic id ${id}`);
    const pos = 'member' in at ? at.member.keyPos : at.pos;
    this.items.push({ id, severity: d.severity, message, line: pos.line, column: pos.column, pointer: at.pointer, nodeId });
  }

  has(severity: Severity): boolean {
    return this.items.some((d) => d.severity === severity);
  }
}

/** Anchor on the key of an object member (unknown properties, menu keys, layout entries). */
export function atKey(member: JMember): Anchor {
  return { member, pointer: member.value.pointer };
}

/** Sorts by line, column, then id: the order of the shared .expected files. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const ordinal = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return [...ds].sort((a, b) => a.line - b.line || a.column - b.column || ordinal(a.id, b.id) || ordinal(a.message, b.message));
}
