/** `{{name}}` templates: the variables a string reads, and whether it parses. */

export const VARIABLE_NAME = /^[a-z_][a-z0-9_]{0,63}$/;

export const BUILT_IN_VARIABLES: ReadonlySet<string> = new Set([
  'caller_id',
  'dialed_number',
  'call_id',
  'channel_id',
  'flow_id',
  'flow_version',
  'now',
]);

export interface TemplateParse {
  variables: string[];
  error?: string;
}

export function parseTemplate(text: string): TemplateParse {
  const variables: string[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    const strayClose = text.indexOf('}}', i);
    if (open < 0) {
      if (strayClose >= 0) return { variables, error: "'}}' without '{{'" };
      return { variables };
    }
    if (strayClose >= 0 && strayClose < open) return { variables, error: "'}}' without '{{'" };
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return { variables, error: "'{{' is not closed by '}}'" };
    const name = text.slice(open + 2, close);
    if (!VARIABLE_NAME.test(name)) return { variables, error: `'{{${name}}}' does not name a variable` };
    variables.push(name);
    i = close + 2;
  }
}
