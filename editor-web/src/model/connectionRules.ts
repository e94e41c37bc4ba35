import { edgeVerdicts, terminalVerdict } from '../rules/graphRules';
import { nodeType } from './nodeRegistry';

export interface ConnectionNode {
  id: string;
  type: string;
  label?: string;
}

export interface ConnectionEdge {
  source: string;
  target: string;
  sourceHandle?: string | null;
}

/**
 * Why the language forbids drawing this edge, or undefined when it may be drawn: the graph rules
 * of the problems panel (CFL2007, CFL2009, CFL2010, CFL2011, rules/graphRules.ts) applied before
 * the edge exists, with their messages and ids.
 */
export function connectionProblem(
  nodes: ReadonlyMap<string, ConnectionNode>,
  edges: readonly ConnectionEdge[],
  c: ConnectionEdge,
): string | undefined {
  const source = nodes.get(c.source);
  const target = nodes.get(c.target);
  if (!source || !target) return 'Connect two nodes.';
  const handle = c.sourceHandle ?? 'next';
  const same = edges.filter((e) => e.source === c.source && (e.sourceHandle ?? 'next') === handle);
  // Not a rule of the language (the compiler accepts a second edge into a webhook): a copy of an edge that exists adds nothing.
  if (same.some((e) => e.target === c.target)) return `Output '${handle}' of '${source.label || source.id}' already leads there.`;
  const ends = { source: { id: source.id, type: source.type, terminal: nodeType(source.type)?.terminal ?? false }, handle, target: { id: target.id, type: target.type } };
  const first = same.find((e) => nodes.get(e.target)?.type !== 'webhook')?.target;
  const v = terminalVerdict(ends) ?? edgeVerdicts(ends, first)[0];
  if (!v) return undefined;
  return `${v.message}${v.id === 'CFL2007' ? '; only webhook nodes may be added beside it' : ''} (${v.id}).`;
}
