import { DEFAULT_LIMITS, parseJson } from '../json/jsonAst';
import { checkAnalysis, checkReferences } from './analysisRules';
import { bindFlow } from './binder';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from './diagnostic';
import { checkGraph } from './graphRules';

/**
 * Validates flow JSON text the way `callyc check` does one file, stage by stage: input
 * (CFL0xxx), schema (CFL1xxx), graph (CFL2xxx), analysis (CFL3xxx) and the single-file
 * reference checks (CFL3007, CFL4002). Sorted by line, column, id and message.
 */
export function validateText(text: string): Diagnostic[] {
  const bag = new DiagnosticBag();
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > DEFAULT_LIMITS.maxFileBytes) {
    bag.report('CFL0005', `The file is ${bytes} bytes; the limit is ${DEFAULT_LIMITS.maxFileBytes}`, { pos: { line: 1, column: 1, offset: 0 }, pointer: '' });
    return bag.items;
  }
  const parsed = parseJson(text);
  for (const p of parsed.problems) bag.report(p.id, p.message, { pos: p.pos, pointer: p.pointer });
  if (parsed.root) {
    const flow = bindFlow(parsed.root, bag);
    if (flow) {
      const graph = checkGraph(flow, bag);
      checkAnalysis(graph, bag);
      checkReferences(flow, bag);
    }
  }
  return sortDiagnostics(bag.items);
}
