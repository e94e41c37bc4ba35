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
 * Why the language forbids drawing this edge, or undefined when it may be drawn. These are
 * the graph rules (CFL2007, CFL2009, CFL2010, CFL2011) applied before the edge exists.
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
  const name = (n: ConnectionNode) => `'${n.label || n.id}'`;
  if (target.type === 'start') return 'No edge may enter the start node (CFL2011).';
  const same = edges.filter((e) => e.source === c.source && (e.sourceHandle ?? 'next') === handle);
  if (same.some((e) => e.target === c.target)) return `Output '${handle}' of ${name(source)} already leads there.`;
  if (target.type === 'webhook') return undefined;
  const def = nodeType(source.type);
  if (def?.terminal) return `${name(source)} (${source.type}) ends the call; it may lead only to webhook nodes (CFL2009).`;
  if (source.type === 'queue' && handle === 'abandoned')
    return `The caller has hung up on 'abandoned'; only webhook nodes may follow it (CFL2010).`;
  const taken = same.find((e) => nodes.get(e.target)?.type !== 'webhook');
  if (taken) return `Output '${handle}' of ${name(source)} already leads to '${taken.target}'; only webhook nodes may be added beside it (CFL2007).`;
  return undefined;
}
