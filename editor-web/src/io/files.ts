import { DEFAULT_LIMITS, parseJson, toPlain } from '../json/jsonAst';
import type { FlowDocument } from '../model/flowDocument';
import type { Diagnostic } from '../rules/diagnostic';
import { validateText } from '../rules/validate';

/** The compiler's file size limit (CFL0005): a larger file is refused before it replaces anything. */
export const MAX_FLOW_BYTES = DEFAULT_LIMITS.maxFileBytes;

export type ImportResult = { ok: true; doc: FlowDocument; problems: Diagnostic[] } | { ok: false; problems: Diagnostic[] };

/**
 * Reads flow JSON text. A file that is not JSON, or whose nodes and edges are not lists, is
 * refused with its diagnostics; anything else opens, with its problems listed. With
 * `validate` false the problems of a file that opens are left to the caller (the editor checks
 * them in the background) and `problems` is empty.
 */
export function importFlowText(text: string, validate = true): ImportResult {
  const parsed = parseJson(text);
  const refuse = (): ImportResult => ({ ok: false, problems: validateText(text) });
  if (!parsed.root || parsed.root.kind !== 'object') return refuse();
  const doc = toPlain(parsed.root) as FlowDocument;
  if (!Array.isArray(doc.nodes) || !Array.isArray(doc.edges)) return refuse();
  const problems = validate ? validateText(text) : [];
  // Every node is kept: the canvas shows those it cannot read as invalid cards (fromDocument).
  const layout = doc.layout && typeof doc.layout === 'object' ? doc.layout : undefined;
  return { ok: true, doc: { ...doc, layout }, problems };
}

/** Offers text as a file download. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
