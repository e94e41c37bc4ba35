import { get } from '../json/jsonAst';
import type { BoundFlow, BoundNode } from './binder';
import type { DiagnosticBag } from './diagnostic';
import type { FlowGraph } from './graphRules';
import { BUILT_IN_VARIABLES } from './identifiers';

/** Analysis rules (CFL3xxx), as the compiler's FlowAnalyzer runs them. */
export function checkAnalysis(graph: FlowGraph, bag: DiagnosticBag): void {
  const flow = graph.flow;
  const reachable = reachableFrom(flow);
  // Without a start, CFL2001 already explains the flow; calling every node unreachable would bury it.
  if (flow.start)
    for (const n of flow.nodes)
      if (!reachable.has(n.id) && flow.byId.get(n.id) === n) bag.report('CFL3001', `Node '${n.id}' (${n.type.type}) cannot be reached from start`, n.at, n.id);
  silentCycles(graph, bag);
  definiteAssignment(graph, reachable, bag);
  for (const n of flow.byId.values()) {
    if (n.type.type === 'http_request' && graph.edgesFrom(n.id, 'failure').length === 0)
      bag.report('CFL3004', `'failure' of http_request '${n.id}' is not connected; a failed request hangs up the call`, n.at, n.id);
    if (n.type.type === 'menu') menuPrefixes(n, bag);
    if (n.type.type === 'business_hours' && !n.hasErrors && neverOpen(n))
      bag.report('CFL3006', `Business hours '${n.id}' have no open time at all; every call goes to out_of_hours`, n.at, n.id);
  }
}

/** Nodes reached from start over every edge (webhooks included). */
export function reachableFrom(flow: BoundFlow): Set<string> {
  const seen = new Set<string>();
  if (!flow.start) return seen;
  const successors = new Map<string, string[]>();
  for (const e of flow.edges) successors.set(e.source, [...(successors.get(e.source) ?? []), e.target]);
  const stack = [flow.start.id];
  seen.add(flow.start.id);
  while (stack.length) {
    for (const next of successors.get(stack.pop()!) ?? []) {
      if (flow.byId.has(next) && !seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** CFL3002: strongly connected components of nodes that never wait for the caller (iterative Tarjan). */
function silentCycles(graph: FlowGraph, bag: DiagnosticBag): void {
  const nodes = [...graph.flow.byId.values()].filter((n) => !n.type.waitsForCaller);
  const silent = new Set(nodes.map((n) => n.id));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: BoundNode[] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root.id)) continue;
    const work: { node: BoundNode; next: BoundNode[]; i: number }[] = [];
    const visit = (v: BoundNode) => {
      index.set(v.id, counter);
      low.set(v.id, counter++);
      stack.push(v);
      onStack.add(v.id);
      work.push({ node: v, next: graph.successors(v), i: 0 });
    };
    visit(root);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.next.length) {
        const w = top.next[top.i++];
        if (!silent.has(w.id)) continue;
        if (!index.has(w.id)) visit(w);
        else if (onStack.has(w.id)) low.set(top.node.id, Math.min(low.get(top.node.id)!, index.get(w.id)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node.id;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node.id)!));
      }
      if (low.get(top.node.id) !== index.get(top.node.id)) continue;
      const component: BoundNode[] = [];
      let member: BoundNode;
      do {
        member = stack.pop()!;
        onStack.delete(member.id);
        component.push(member);
      } while (member !== top.node);
      const selfLoop = component.length === 1 && graph.successors(top.node).includes(top.node);
      if (component.length > 1 || selfLoop) {
        const ordered = [...component].sort((a, b) => a.index - b.index);
        const cycle = [...ordered.map((n) => n.id), ordered[0].id].join(' → ');
        bag.report('CFL3002', `These nodes can loop forever without waiting for the caller: ${cycle}`, ordered[0].at, ordered[0].id);
      }
    }
  }
}

/**
 * CFL3003, "definitely assigned": a variable is assigned at a node when every path from start
 * passes a node that writes it; a subflow call may assign anything. Webhooks are left out.
 */
function definiteAssignment(graph: FlowGraph, reachable: Set<string>, bag: DiagnosticBag): void {
  const flow = graph.flow;
  if (!flow.start) return;
  const nodes = [...flow.byId.values()].filter((n) => reachable.has(n.id) && n.type.type !== 'webhook');
  // Every variable the flow names, webhooks' reads included: what a subflow call may assign.
  const all = new Set(
    [...flow.byId.values()].filter((n) => reachable.has(n.id)).flatMap((n) => [...n.facts.writes, ...n.facts.reads].map((u) => u.name)),
  );
  const inSets = new Map<string, Set<string> | null>();
  const predecessors = new Map<string, BoundNode[]>();
  for (const n of nodes) {
    inSets.set(n.id, null);
    for (const next of new Set(graph.successors(n))) predecessors.set(next.id, [...(predecessors.get(next.id) ?? []), n]);
  }
  inSets.set(flow.start.id, new Set(BUILT_IN_VARIABLES));
  const out = (n: BoundNode, inSet: Set<string> | null | undefined): Set<string> | null => {
    if (!inSet) return null;
    // A call may assign anything and unassigns nothing (built-ins included).
    if (n.type.type === 'subflow') return new Set([...inSet, ...all]);
    return n.facts.writes.length === 0 ? inSet : new Set([...inSet, ...n.facts.writes.map((w) => w.name)]);
  };
  const work = [...nodes];
  const queued = new Set(nodes.map((n) => n.id));
  while (work.length) {
    const n = work.shift()!;
    queued.delete(n.id);
    if (n.id !== flow.start.id) {
      let meet: Set<string> | null = null;
      for (const p of predecessors.get(n.id) ?? []) {
        const o = out(p, inSets.get(p.id));
        if (o) meet = intersect(meet, o);
      }
      const old = inSets.get(n.id);
      if (meet === null || (old && sameSet(old, meet))) continue;
      inSets.set(n.id, meet);
    }
    for (const next of graph.successors(n)) {
      // Start's in-set is fixed: re-queuing it through an edge into start would loop forever.
      if (next.id !== flow.start.id && inSets.has(next.id) && !queued.has(next.id)) {
        queued.add(next.id);
        work.push(next);
      }
    }
  }
  const reportReads = (n: BoundNode, assigned: Set<string>) => {
    const reported = new Set<string>();
    for (const read of n.facts.reads) {
      if (assigned.has(read.name) || read.earlier?.includes(read.name) || reported.has(read.name)) continue;
      reported.add(read.name);
      bag.report('CFL3003', `Variable '${read.name}' is read here but no path from start assigns it first; it may be empty`, read.at, n.id);
    }
  };
  for (const n of [...nodes].sort((a, b) => a.index - b.index)) {
    const assigned = inSets.get(n.id);
    if (assigned) reportReads(n, assigned);
  }
  // A webhook's reads are checked against what is assigned when each node that fires it
  // finishes, over any output (terminal nodes: their implicit next), webhook chains included.
  const reported = new Set<string>();
  for (const n of [...nodes].sort((a, b) => a.index - b.index)) {
    const assigned = out(n, inSets.get(n.id));
    if (!assigned) continue;
    const handles = n.type.terminal ? ['next'] : n.outputs.map((o) => o.name);
    for (const handle of handles)
      for (const hook of graph.resolve(n.id, handle).webhooks)
        for (const read of hook.facts.reads) {
          const key = `${hook.id}\n${read.name}`;
          if (assigned.has(read.name) || reported.has(key)) continue;
          reported.add(key);
          bag.report('CFL3003', `Variable '${read.name}' is read here but no path from start assigns it first; it may be empty`, read.at, hook.id);
        }
  }
}

/** The meet of the analysis: null stands for "every variable". */
function intersect(a: Set<string> | null, b: Set<string>): Set<string> {
  if (a === null) return new Set(b);
  const result = new Set<string>();
  for (const x of a) if (b.has(x)) result.add(x);
  return result;
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function menuPrefixes(menu: BoundNode, bag: DiagnosticBag): void {
  const options = get(get(menu.syntax, 'config'), 'options');
  if (options?.kind !== 'object') return;
  const keys = Object.keys((menu.config.options ?? {}) as object);
  const wait = typeof menu.config.inter_digit_timeout_ms === 'number' ? menu.config.inter_digit_timeout_ms : 2000;
  for (const short of keys.filter((k) => k.length === 1)) {
    const longer = keys.find((k) => k.length === 2 && k[0] === short[0]);
    const at = options.members.find((m) => m.key === short);
    if (longer && at)
      bag.report('CFL3005', `Option '${short}' of menu '${menu.id}' is a prefix of '${longer}': callers pressing ${short} wait ${wait} ms for a second digit`, { member: at, pointer: at.value.pointer }, menu.id);
  }
}

function neverOpen(n: BoundNode): boolean {
  const week = n.config.schedule as unknown[][] | undefined;
  return !week || week.every((d) => d.length === 0);
}
