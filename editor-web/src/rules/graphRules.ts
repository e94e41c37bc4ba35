import { type DiagnosticBag, atKey } from './diagnostic';
import type { BoundEdge, BoundFlow, BoundNode } from './schemaRules';
import { ASYNC_HANDLE } from '../model/nodeRegistry';
import { get } from '../json/jsonAst';

/** The graph as the graph and analysis rules use it: first node per id, edges grouped by source. */
export interface FlowGraph {
  flow: BoundFlow;
  byId: Map<string, BoundNode>;
  start?: BoundNode;
  /** Edges whose endpoints and handle are valid. */
  edges: BoundEdge[];
  outgoing: Map<string, BoundEdge[]>;
}

const isWebhook = (n: BoundNode | undefined) => n?.type === 'webhook';

/** Graph rules (CFL2xxx): start, ids, endpoints, handles, required outputs, terminal nodes. */
export function checkGraph(flow: BoundFlow, bag: DiagnosticBag): FlowGraph {
  const byId = new Map<string, BoundNode>();
  let start: BoundNode | undefined;
  for (const n of flow.nodes) {
    if (byId.has(n.id)) bag.report('CFL2003', `Node id '${n.id}' is already used`, n.idValue ?? n.json, n.id);
    else byId.set(n.id, n);
    if (n.type !== 'start') continue;
    if (start) bag.report('CFL2002', `Node '${n.id}' is a second start node (the first is '${start.id}')`, n.json, n.id);
    else start = n;
  }
  if (!start) bag.report('CFL2001', 'The flow has no start node', get(flow.root, 'nodes') ?? flow.root);

  const edges: BoundEdge[] = [];
  for (const e of flow.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s) bag.report('CFL2004', `Edge source '${e.source}' is not a node`, e.sourceValue);
    if (!t) bag.report('CFL2005', `Edge target '${e.target}' is not a node`, e.targetValue);
    if (!s || !t || !s.def) continue;
    const outputs = s.def.outputs(s.config).map((o) => o.name);
    const asyncFromTerminal = s.def.terminal && e.handle === ASYNC_HANDLE;
    if (!outputs.includes(e.handle) && !asyncFromTerminal) {
      bag.report('CFL2006', `Node '${s.id}' (${s.type}) has no output '${e.handle}'; its outputs are ${outputs.join(', ') || 'none'}`, e.handleValue ?? e.json, s.id);
      continue;
    }
    if (t.type === 'start') bag.report('CFL2011', `No edge may enter the start node '${t.id}' (this one comes from '${s.id}')`, e.json, s.id);
    if (!isWebhook(t)) {
      if (s.def.terminal) bag.report('CFL2009', `Node '${s.id}' (${s.type}) ends the call; it may lead only to webhook nodes, not to '${t.id}'`, e.json, s.id);
      else if (s.type === 'queue' && e.handle === 'abandoned')
        bag.report('CFL2010', `The caller has hung up on 'abandoned' of '${s.id}'; it may lead only to webhook nodes, not to '${t.id}'`, e.json, s.id);
    }
    edges.push(e);
  }

  const outgoing = new Map<string, BoundEdge[]>();
  for (const e of edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e]);
  const graph: FlowGraph = { flow, byId, start, edges, outgoing };
  checkOutputs(graph, bag);
  checkLayoutEntries(flow, byId, bag);
  return graph;
}

/** Whether a webhook continues the call (its next leads somewhere). */
function continues(graph: FlowGraph, webhookId: string): boolean {
  return (graph.outgoing.get(webhookId) ?? []).some((e) => e.handle === 'next' && !isWebhook(graph.byId.get(e.target)));
}

function checkOutputs(graph: FlowGraph, bag: DiagnosticBag): void {
  for (const n of graph.byId.values()) {
    if (!n.def) continue;
    const out = graph.outgoing.get(n.id) ?? [];
    for (const o of n.def.outputs(n.config)) {
      const fromHandle = out.filter((e) => e.handle === o.name);
      const direct = fromHandle.filter((e) => !isWebhook(graph.byId.get(e.target)));
      direct.slice(1).forEach((e) =>
        bag.report('CFL2007', `Output '${o.name}' of node '${n.id}' already leads to '${direct[0].target}'`, e.json, n.id),
      );
      const viaWebhooks = fromHandle.filter((e) => isWebhook(graph.byId.get(e.target)) && continues(graph, e.target));
      if (viaWebhooks.length > 0 && direct.length + viaWebhooks.length > 1) {
        const names = viaWebhooks.map((e) => `'${e.target}'`).join(', ');
        bag.report('CFL2012', `Output '${o.name}' of node '${n.id}' continues through several webhooks' 'next' (${names}); the call can only go one way`, n.json, n.id);
      }
      if (o.required && direct.length === 0 && viaWebhooks.length === 0)
        bag.report('CFL2008', `Output '${o.name}' of node '${n.id}' (${n.type}) must be connected`, n.json, n.id);
    }
  }
}

function checkLayoutEntries(flow: BoundFlow, byId: Map<string, BoundNode>, bag: DiagnosticBag): void {
  for (const m of flow.layout?.members ?? []) {
    if (!byId.has(m.key)) bag.report('CFL2013', `Layout entry '${m.key}' names no node`, atKey(m));
  }
}
