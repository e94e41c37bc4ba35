/** The identifier and template rules of the compiler (Identifiers, VariableNames, Template). */

const ascii = (re: RegExp) => (s: string) => s.length >= 1 && s.length <= 64 && re.test(s);

export const isFlowId = ascii(/^[a-z0-9][a-z0-9_-]*$/);
export const isNodeId = ascii(/^[A-Za-z_][A-Za-z0-9_-]*$/);
/** Rooms, extensions and rule names share this shape. */
export const isRoomName = ascii(/^[A-Za-z0-9_-]+$/);
/** Queue, trunk, audio, voice and mailbox ids. */
export const isReferenceId = ascii(/^[A-Za-z0-9_.-]+$/);
export const isVariableName = ascii(/^[a-z_][a-z0-9_]*$/);

export const BUILT_IN_VARIABLES: ReadonlySet<string> = new Set(['caller_id', 'dialed_number', 'call_id', 'channel_id', 'flow_id', 'flow_version', 'now']);

export interface TemplateParse {
  variables: string[];
  error?: string;
}

/** `{{name}}` placeholders (spaces inside the braces allowed); a stray `}}` is literal text. */
export function parseTemplate(text: string): TemplateParse {
  const variables: string[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return { variables, error: `'{{' at character ${open + 1} is never closed with '}}'` };
    const name = text.slice(open + 2, close).trim();
    if (!isVariableName(name)) return { variables, error: `'{{${name}}}' at character ${open + 1} does not name a variable (lower-case letters, digits and '_')` };
    variables.push(name);
    i = close + 2;
  }
  return { variables };
}
