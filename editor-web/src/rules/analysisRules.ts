import { get, type JValue } from '../json/jsonAst';
import { menuKeys } from '../model/nodeRegistry';
import { atKey, type DiagnosticBag } from './diagnostic';
import { DAYS } from './fieldChecks';
import type { FlowGraph } from './graphRules';
import type { BoundNode } from './schemaRules';
import { BUILT_IN_VARIABLES, parseTemplate } from './templates';

/** Analysis rules (CFL3xxx): reachability, silent loops, variables, unhandled failures, menus, hours. */
export function checkAnalysis(graph: FlowGraph, bag: DiagnosticBag): void {
  const reachable = reachableFrom(graph);
  for (const n of graph.byId.values()) {
    if (graph.start && !reachable.has(n.id)) bag.report('CFL3001', `Node '${n.id}' (${n.type}) cannot be reached from start`, n.json, n.id);
  }
  silentCycles(graph, bag);
  unassignedVariables(graph, reachable, bag);
  for (const n of graph.byId.values()) {
    const handles = new Set((graph.outgoing.get(n.id) ?? []).map((e) => e.handle));
    if (n.type === 'http_request' && !handles.has('failure'))
      bag.report('CFL3004', `'failure' of http_request '${n.id}' is not connected; a failed request hangs up the call`, n.json, n.id);
    if (n.type === 'menu') menuPrefixes(n, bag);
    if (n.type === 'business_hours' && !hasOpenTime(n)) bag.report('CFL3006', `Business hours '${n.id}' have no open time at all; every call goes to out_of_hours`, n.json, n.id);
    if (n.type === 'return' && reachable.has(n.id))
      bag.report('CFL3007', `'return' node '${n.id}' is reachable but flow '${graph.flow.flowId ?? ''}' is never called as a subflow; at top level it hangs up`, n.json, n.id);
  }
}

function reachableFrom(graph: FlowGraph): Set<string> {
  const seen = new Set<string>();
  if (!graph.start) return seen;
  const stack = [graph.start.id];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of graph.outgoing.get(id) ?? []) stack.push(e.target);
  }
  return seen;
}

/** Strongly connected components of nodes that never wait for the caller (Tarjan, iterative). */
function silentCycles(graph: FlowGraph, bag: DiagnosticBag): void {
  const silent = (id: string) => {
    const n = graph.byId.get(id);
    return !!n?.def && !n.def.waitsForCaller;
  };
  const order = [...graph.byId.keys()].filter(silent);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  let counter = 0;
  const next = (id: string) => (graph.outgoing.get(id) ?? []).map((e) => e.target).filter(silent);
  for (const root of order) {
    if (index.has(root)) continue;
    const work: { id: string; succ: string[]; i: number }[] = [];
    const push = (id: string) => {
      index.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, succ: next(id), i: 0 });
    };
    push(root);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.succ.length) {
        const w = top.succ[top.i++];
        if (!index.has(w)) push(w);
        else if (onStack.has(w)) low.set(top.id, Math.min(low.get(top.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.id)!));
      }
      if (low.get(top.id) !== index.get(top.id)) continue;
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== top.id);
      const selfLoop = scc.length === 1 && next(scc[0]).includes(scc[0]);
      if (scc.length > 1 || selfLoop) {
        const members = order.filter((id) => scc.includes(id));
        const first = graph.byId.get(members[0])!;
        bag.report('CFL3002', `These nodes can loop forever without waiting for the caller: ${members.join(' → ')}`, first.json, first.id);
      }
    }
  }
}

/** Template strings and branch variables a node reads, with the JSON value that reads each. */
function reads(n: BoundNode): { name: string; at: JValue }[] {
  const out: { name: string; at: JValue }[] = [];
  const fromTemplates = (v: JValue | undefined) => {
    if (!v) return;
    if (v.kind === 'string') parseTemplate(v.value).variables.forEach((name) => out.push({ name, at: v }));
    else if (v.kind === 'array') v.items.forEach(fromTemplates);
    else if (v.kind === 'object') v.members.forEach((m) => fromTemplates(m.value));
  };
  const c = n.configJson;
  if (!c || !n.def) return out;
  for (const f of n.def.fields) {
    if (['url', 'template', 'headers', 'assign', 'payload'].includes(f.kind)) fromTemplates(get(c, f.key));
  }
  const rules = get(c, 'rules');
  if (rules?.kind === 'array') {
    for (const r of rules.items) {
      const v = get(get(r, 'when'), 'variable');
      if (v?.kind === 'string') out.push({ name: v.value, at: v });
    }
  }
  return out;
}

/** Variables a node assigns on the way out through `handle`. */
function assigns(n: BoundNode, handle: string): string[] {
  const c = n.config;
  const keys = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);
  switch (n.type) {
    case 'set_variable':
      return keys(c.assign);
    case 'get_digits':
      return typeof c.variable === 'string' ? [c.variable] : [];
    case 'http_request':
      return [
        ...(typeof c.store_response_as === 'string' ? [c.store_response_as] : []),
        ...(handle === 'success' ? keys(c.extract) : []),
      ];
    default:
      return [];
  }
}

/** Must-assigned analysis: a read warns when some path from start reaches it without an assignment. */
function unassignedVariables(graph: FlowGraph, reachable: Set<string>, bag: DiagnosticBag): void {
  if (!graph.start) return;
  const ALL = null; // "every variable": the top of the lattice before a node is first reached
  const inSets = new Map<string, Set<string> | null>();
  for (const id of reachable) inSets.set(id, ALL);
  inSets.set(graph.start.id, new Set());
  const work = [graph.start.id];
  const intersect = (a: Set<string> | null, b: Set<string>) => (a === null ? new Set(b) : new Set([...a].filter((x) => b.has(x))));
  while (work.length) {
    const id = work.pop()!;
    const n = graph.byId.get(id)!;
    const cur = inSets.get(id) ?? new Set<string>();
    for (const e of graph.outgoing.get(id) ?? []) {
      const out = new Set([...(cur ?? []), ...assigns(n, e.handle)]);
      const old = inSets.get(e.target) ?? ALL;
      const merged = e.target === graph.start.id ? new Set<string>() : intersect(old, out);
      if (old === null || merged.size !== old.size) {
        inSets.set(e.target, merged);
        work.push(e.target);
      }
    }
  }
  for (const id of reachable) {
    const n = graph.byId.get(id)!;
    const known = inSets.get(id) ?? new Set<string>();
    for (const r of reads(n)) {
      if (BUILT_IN_VARIABLES.has(r.name) || known.has(r.name)) continue;
      bag.report('CFL3003', `Variable '${r.name}' is read here but no path from start assigns it first; it may be empty`, r.at, n.id);
    }
  }
}

function menuPrefixes(n: BoundNode, bag: DiagnosticBag): void {
  const keys = menuKeys(n.config);
  const options = get(n.configJson, 'options');
  if (options?.kind !== 'object') return;
  for (const m of options.members) {
    const longer = keys.find((k) => k.length === 2 && k.startsWith(m.key) && m.key.length === 1);
    if (!longer) continue;
    const wait = typeof n.config.inter_digit_timeout_ms === 'number' ? n.config.inter_digit_timeout_ms : 2000;
    bag.report('CFL3005', `Option '${m.key}' of menu '${n.id}' is a prefix of '${longer}': callers pressing ${m.key} wait ${wait} ms for a second digit`, atKey(m), n.id);
  }
}

function hasOpenTime(n: BoundNode): boolean {
  const s = n.config.schedule as Record<string, unknown> | undefined;
  if (!s || typeof s !== 'object') return false;
  return DAYS.some((d) => Array.isArray(s[d]) && (s[d] as unknown[]).length > 0);
}
