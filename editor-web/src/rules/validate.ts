import { parseJson } from '../json/jsonAst';
import { checkAnalysis } from './analysisRules';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from './diagnostic';
import { checkGraph } from './graphRules';
import { checkSchema } from './schemaRules';

/** The size limit of a flow file in bytes (the compiler's default for --max-file-size). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Validates flow JSON text the way `callyc check` does, stage by stage: input (CFL0xxx),
 * schema (CFL1xxx), graph (CFL2xxx), analysis (CFL3xxx). Results are sorted by line, column, id.
 */
export function validateText(text: string): Diagnostic[] {
  const bag = new DiagnosticBag();
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_FILE_BYTES) {
    bag.report('CFL0005', `The file is ${bytes} bytes; the limit is ${MAX_FILE_BYTES}`, { pos: { line: 1, column: 1, offset: 0 }, pointer: '' });
    return bag.items;
  }
  const parsed = parseJson(text);
  for (const p of parsed.problems) bag.report(p.id, p.message, { pos: p.pos, pointer: p.pointer });
  if (!parsed.root) return sortDiagnostics(bag.items);
  const flow = checkSchema(parsed.root, bag);
  if (flow) {
    const graph = checkGraph(flow, bag);
    checkAnalysis(graph, bag);
  }
  return sortDiagnostics(bag.items);
}
