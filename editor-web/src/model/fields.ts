/**
 * Describes one config field of a node type. The same description drives the side panel form
 * and the schema rules, so a field is declared once.
 */
export type FieldKind =
  | 'int'
  | 'bool'
  | 'text'
  | 'enum'
  | 'variable'
  | 'refId'
  | 'flowId'
  | 'room'
  | 'url'
  | 'template'
  | 'timezone'
  | 'terminator'
  | 'prompt'
  | 'promptOrMoh'
  | 'destination'
  | 'destinations'
  | 'schedule'
  | 'holidays'
  | 'menuOptions'
  | 'rules'
  | 'headers'
  | 'assign'
  | 'extract'
  | 'payload'
  | 'idList';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  required?: boolean;
  /** Default the runtime uses when the field is absent (documentation; overridden by the schema). */
  default?: unknown;
  min?: number;
  max?: number;
  options?: readonly string[];
  description: string;
  /** What the id names, for refId fields (queue, trunk, mailbox, audio). */
  refKind?: string;
  /** Whether null is an accepted value (get_digits.terminator). */
  nullable?: boolean;
}
