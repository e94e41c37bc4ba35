import { get } from '../json/jsonAst';
import { reachableFrom } from './analysisRules';
import type { BoundFlow } from './binder';
import { didYouMean } from './bindContext';
import type { Catalog } from './catalog';
import type { DiagnosticBag } from './diagnostic';

/** One flow of a set checked together, with the bag its findings go to. */
export interface CheckedFlow {
  flow?: BoundFlow;
  bag: DiagnosticBag;
  name: string;
}

/**
 * The checks that need more than one flow or the catalog (the compiler's ReferenceChecker):
 * CFL4001 unknown flows, CFL4002 recursive subflows, CFL4003–4005 catalog entries, CFL4006
 * duplicate flow ids, and CFL3007 a reachable return in a flow no flow of the set calls.
 */
export function checkReferences(flows: CheckedFlow[], catalog: Catalog | undefined): void {
  const bound = flows.filter((f): f is CheckedFlow & { flow: BoundFlow } => !!f.flow);
  const byId = new Map<string, CheckedFlow & { flow: BoundFlow }>();
  for (const f of bound) {
    const id = f.flow.flowId;
    if (!id) continue;
    const first = byId.get(id);
    if (first) f.bag.report('CFL4006', `Flow id '${id}' is also defined in ${first.name}`, get(f.flow.root, 'id')!);
    else byId.set(id, f);
  }
  const calledAsSubflow = new Set(bound.flatMap((f) => [...f.flow.nodes].filter((n) => n.type.type === 'subflow').map((n) => String(n.config.flow ?? ''))));
  const flowIds = [...byId.keys()];
  for (const f of bound) {
    for (const node of f.flow.byId.values()) {
      for (const ref of node.facts.references) {
        if (ref.kind === 'flow') {
          if (bound.length > 1 && !byId.has(ref.id)) f.bag.report('CFL4001', `Flow '${ref.id}' is not among the flows being checked${didYouMean(ref.id, flowIds)}`, ref.at, node.id);
          continue;
        }
        if (!catalog) continue;
        const known = ref.kind === 'audio' ? catalog.audio : ref.kind === 'queue' ? catalog.queues : catalog.trunks;
        const id = ref.kind === 'audio' ? 'CFL4003' : ref.kind === 'queue' ? 'CFL4004' : 'CFL4005';
        const what = ref.kind === 'audio' ? 'Audio' : ref.kind === 'queue' ? 'Queue' : 'Trunk';
        if (!known.has(ref.id)) f.bag.report(id, `${what} '${ref.id}' is not in the catalog${didYouMean(ref.id, known)}`, ref.at, node.id);
      }
    }
    if (!calledAsSubflow.has(f.flow.flowId)) {
      const reachable = reachableFrom(f.flow);
      for (const n of f.flow.byId.values())
        if (n.type.type === 'return' && reachable.has(n.id))
          f.bag.report('CFL3007', `'return' node '${n.id}' is reachable but flow '${f.flow.flowId}' is never called as a subflow; at top level it hangs up`, n.at, n.id);
    }
  }
  reportRecursion(byId);
}

function reportRecursion(byId: Map<string, CheckedFlow & { flow: BoundFlow }>): void {
  const state = new Map<string, number>(); // 1 = on the path, 2 = done
  const path: string[] = [];
  const visit = (id: string) => {
    state.set(id, 1);
    path.push(id);
    const f = byId.get(id)!;
    for (const call of f.flow.byId.values()) {
      if (call.type.type !== 'subflow') continue;
      const target = String(call.config.flow ?? '');
      if (!byId.has(target)) continue;
      const s = state.get(target) ?? 0;
      if (s === 1) {
        const cycle = [...path.slice(path.indexOf(target)), target];
        const ref = call.facts.references.find((r) => r.kind === 'flow')!;
        f.bag.report('CFL4002', `Subflow calls recurse: ${cycle.join(' → ')}`, ref.at, call.id);
      } else if (s === 0) visit(target);
    }
    path.pop();
    state.set(id, 2);
  };
  // As the compiler does: every flow is a root, even one already visited.
  for (const id of byId.keys()) visit(id);
}
