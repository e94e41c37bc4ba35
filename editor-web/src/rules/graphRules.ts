import { get } from '../json/jsonAst';
import type { BoundEdge, BoundFlow, BoundNode } from './binder';
import { didYouMean } from './bindContext';
import { atKey, type DiagnosticBag } from './diagnostic';
import { nodeType } from '../model/nodeRegistry';

/** Where the call goes from one output: webhooks fired on the way, the one target, or the ambiguous ones. */
export interface Continuation {
  webhooks: BoundNode[];
  target?: BoundNode;
  ambiguous: string[];
}

const isWebhook = (n: BoundNode | undefined) => n?.type.type === 'webhook';

/**
 * The edges indexed by (source, handle), and the rule for following them: webhook targets fire
 * and the call goes on to the one non-webhook target, directly or through a webhook's next
 * (the compiler's FlowGraph).
 */
export class FlowGraph {
  private readonly out = new Map<string, BoundEdge[]>();
  private readonly resolved = new Map<string, Continuation>();

  constructor(readonly flow: BoundFlow) {
    for (const e of flow.edges) {
      if (!flow.byId.has(e.source) || !flow.byId.has(e.target)) continue;
      const key = `${e.source}\n${e.handle}`;
      this.out.set(key, [...(this.out.get(key) ?? []), e]);
    }
  }

  edgesFrom(node: string, handle: string): BoundEdge[] {
    return this.out.get(`${node}\n${handle}`) ?? [];
  }

  resolve(node: string, handle: string): Continuation {
    const key = `${node}\n${handle}`;
    const cached = this.resolved.get(key);
    if (cached) return cached;
    const webhooks: BoundNode[] = [];
    let direct: BoundNode | undefined;
    const viaWebhooks: BoundNode[] = [];
    for (const e of this.edgesFrom(node, handle)) {
      const target = this.flow.byId.get(e.target)!;
      if (isWebhook(target)) this.followWebhook(target, webhooks, viaWebhooks);
      else direct ??= target;
    }
    const distinct = [...new Set(viaWebhooks)].filter((n) => n !== direct);
    const ambiguous = (direct && distinct.length > 0) || distinct.length > 1 ? (direct ? [direct, ...distinct] : distinct).map((n) => n.id) : [];
    const result = { webhooks, target: direct ?? distinct[0], ambiguous };
    this.resolved.set(key, result);
    return result;
  }

  private followWebhook(hook: BoundNode, fired: BoundNode[], targets: BoundNode[]): void {
    if (fired.includes(hook)) return;
    fired.push(hook);
    for (const e of this.edgesFrom(hook.id, 'next')) {
      const next = this.flow.byId.get(e.target)!;
      if (isWebhook(next)) this.followWebhook(next, fired, targets);
      else targets.push(next);
    }
  }

  successors(node: BoundNode): BoundNode[] {
    return node.outputs.map((o) => this.resolve(node.id, o.name).target).filter((n): n is BoundNode => !!n);
  }
}

/** Graph rules (CFL2xxx), in the compiler's order: start, ids, edges, outputs, layout. */
export function checkGraph(flow: BoundFlow, bag: DiagnosticBag): FlowGraph {
  const nodesSyntax = get(flow.root, 'nodes');
  const declaresStart = nodesSyntax?.kind === 'array' && nodesSyntax.items.some((n) => n.kind === 'object' && get(n, 'type')?.kind === 'string' && (get(n, 'type') as { value: string }).value === 'start');
  if (!declaresStart) bag.report('CFL2001', 'The flow has no start node', nodesSyntax ?? flow.root);
  const starts = flow.nodes.filter((n) => n.type.type === 'start');
  for (const extra of starts.slice(1)) bag.report('CFL2002', `Node '${extra.id}' is a second start node (the first is '${starts[0].id}')`, extra.at, extra.id);

  const seen = new Set<string>();
  for (const n of flow.nodes) {
    if (seen.has(n.id)) bag.report('CFL2003', `Node id '${n.id}' is already used`, n.at, n.id);
    seen.add(n.id);
  }

  checkEdges(flow, bag);
  const graph = new FlowGraph(flow);
  // An output whose edge leads to a declared node that could not be bound is connected in the
  // file: that node's own error says what is wrong.
  const toUnbound = new Set(flow.edges.filter((e) => !flow.byId.has(e.target) && flow.declared.has(e.target)).map((e) => `${e.source}\n${e.handle}`));
  for (const n of flow.nodes) {
    if (flow.byId.get(n.id) !== n || isWebhook(n)) continue;
    for (const o of n.outputs) {
      const c = graph.resolve(n.id, o.name);
      if (c.ambiguous.length > 0 && graph.edgesFrom(n.id, o.name).some((e) => isWebhook(flow.byId.get(e.target))))
        bag.report('CFL2012', `Output '${o.name}' of node '${n.id}' continues through several webhooks' 'next' (${c.ambiguous.join(', ')}); the call can only go one way`, n.at, n.id);
      if (o.required && !c.target && !toUnbound.has(`${n.id}\n${o.name}`)) bag.report('CFL2008', `Output '${o.name}' of node '${n.id}' (${n.type.type}) must be connected`, n.at, n.id);
    }
  }
  for (const entry of flow.layout) if (!flow.declared.has(entry.key)) bag.report('CFL2013', `Layout entry '${entry.key}' names no node`, atKey(entry));
  return graph;
}

function checkEdges(flow: BoundFlow, bag: DiagnosticBag): void {
  const firstTarget = new Map<string, string>();
  const ids = [...flow.byId.keys()];
  for (const e of flow.edges) {
    const source = flow.byId.get(e.source);
    const target = flow.byId.get(e.target);
    if (!source && !flow.declared.has(e.source)) bag.report('CFL2004', `Edge source '${e.source}' is not a node${didYouMean(e.source, ids)}`, e.sourceSyntax);
    if (!target && !flow.declared.has(e.target)) bag.report('CFL2005', `Edge target '${e.target}' is not a node${didYouMean(e.target, ids)}`, e.targetSyntax);
    if (!source || !target) continue;
    const intoWebhook = isWebhook(target);
    const ends = { source: { id: source.id, type: source.type.type, terminal: source.type.terminal }, handle: e.handle, target: { id: target.id, type: target.type.type } };
    const terminal = terminalVerdict(ends);
    if (terminal) {
      bag.report(terminal.id, terminal.message, e.targetSyntax, source.id);
      continue;
    }
    const handleExists = source.outputs.some((o) => o.name === e.handle) || (source.type.terminal && intoWebhook && e.handle === 'next');
    const prefix = source.type.type === 'menu' ? 'digit:' : source.type.type === 'branch' ? 'rule:' : undefined;
    const hiddenByConfigError = source.hasErrors && prefix !== undefined && e.handle.startsWith(prefix);
    if (!handleExists) {
      if (!hiddenByConfigError) {
        const outputs = source.outputs.length === 0 ? 'none (it is terminal)' : source.outputs.map((o) => o.name).join(', ');
        bag.report('CFL2006', `Node '${source.id}' (${source.type.type}) has no output '${e.handle}'; its outputs are ${outputs}`, e.handleSyntax, source.id);
      }
      continue;
    }
    const key = `${e.source}\n${e.handle}`;
    const verdicts = edgeVerdicts(ends, firstTarget.get(key));
    for (const v of verdicts) {
      const at = v.id === 'CFL2007' ? e.handleSyntax : e.targetSyntax;
      bag.report(v.id, v.message, at, v.id === 'CFL2011' ? e.target : e.source);
    }
    if (!intoWebhook && !firstTarget.has(key) && !verdicts.some((v) => v.id === 'CFL2010')) firstTarget.set(key, e.target);
  }
}

/** The ends of an edge, as far as the graph rules that allow or forbid it need them. */
export interface EdgeEnds {
  source: { id: string; type: string; terminal: boolean };
  handle: string;
  target: { id: string; type: string };
}
export interface EdgeVerdict {
  id: 'CFL2007' | 'CFL2009' | 'CFL2010' | 'CFL2011';
  message: string;
}

/**
 * CFL2009: a terminal node may lead only to webhook nodes. The compiler checks it before the
 * handle exists (CFL2006), the other edge rules after. Also what the canvas asks while an edge is
 * drawn (model/connectionRules.ts): one copy of the rule.
 */
export function terminalVerdict({ source, target }: EdgeEnds): EdgeVerdict | undefined {
  if (!source.terminal || target.type === 'webhook') return undefined;
  return { id: 'CFL2009', message: `Node '${source.id}' (${source.type}) ends the call; it may lead only to webhook nodes, not to '${target.id}'` };
}

/**
 * CFL2011, CFL2010 and CFL2007 for an edge whose handle exists; `firstTarget` is where an earlier
 * edge from the same output leads (its non-webhook target), if any.
 */
export function edgeVerdicts({ source, handle, target }: EdgeEnds, firstTarget: string | undefined): EdgeVerdict[] {
  const out: EdgeVerdict[] = [];
  if (target.type === 'start') out.push({ id: 'CFL2011', message: `No edge may enter the start node '${target.id}' (this one comes from '${source.id}')` });
  if (target.type === 'webhook') return out;
  if (nodeType(source.type)?.outputs({}).some((o) => o.name === handle && o.webhooksOnly)) {
    out.push({ id: 'CFL2010', message: `The caller has hung up on 'abandoned' of '${source.id}'; it may lead only to webhook nodes, not to '${target.id}'` });
    return out;
  }
  if (firstTarget !== undefined) out.push({ id: 'CFL2007', message: `Output '${handle}' of node '${source.id}' already leads to '${firstTarget}'` });
  return out;
}
