import type { ELK as ElkApi, ElkNode } from 'elkjs/lib/elk-api';

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}
export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

/** Above this many nodes the layout trades crossing minimisation for speed. */
export const LARGE_FLOW = 300;

let elk: Promise<ElkApi> | undefined;
/**
 * elkjs is large: it is loaded the first time a layout is asked for. In the browser it runs in
 * a Web Worker, so the page keeps drawing frames while a big flow is laid out.
 */
function getElk(): Promise<ElkApi> {
  elk ??=
    typeof Worker === 'undefined'
      ? import('elkjs/lib/elk.bundled.js').then((m) => new m.default())
      : Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]).then(
          ([api, worker]) => new api.default({ workerUrl: worker.default }),
        );
  return elk;
}

/**
 * The number of layers a longest-path layering gives once the edges that close a loop (back
 * edges of a depth-first walk from the sources) are set aside, as elk's cycle breaking does.
 */
export function depthOf(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): number {
  const out = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const indegree = new Map(nodes.map((n) => [n.id, 0]));
  for (const e of edges) {
    if (!out.has(e.source) || !out.has(e.target) || e.source === e.target) continue;
    out.get(e.source)!.push(e.target);
    indegree.set(e.target, indegree.get(e.target)! + 1);
  }
  // Depth-first, without recursion (a chain is 1,000 deep): an edge into a node still on the path is a back edge.
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  const roots = [...nodes.filter((n) => indegree.get(n.id) === 0), ...nodes].map((n) => n.id);
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: [string, number][] = [[root, 0]];
    state.set(root, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1];
      const next = out.get(top[0])![top[1]++];
      if (next === undefined) {
        state.set(top[0], 'done');
        stack.pop();
      } else if (state.get(next) === 'open') back.add(`${top[0]}\n${next}`);
      else if (!state.has(next)) {
        state.set(next, 'open');
        stack.push([next, 0]);
      }
    }
  }
  // Longest path over what is left, in Kahn's order.
  const left = new Map(nodes.map((n) => [n.id, 0]));
  for (const [source, targets] of out) for (const t of targets) if (!back.has(`${source}\n${t}`)) left.set(t, left.get(t)! + 1);
  const depth = new Map<string, number>();
  const queue = [...left].filter(([, d]) => d === 0).map(([id]) => id);
  for (const id of queue) depth.set(id, 1);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const t of out.get(id)!) {
      if (back.has(`${id}\n${t}`)) continue;
      depth.set(t, Math.max(depth.get(t) ?? 1, depth.get(id)! + 1));
      left.set(t, left.get(t)! - 1);
      if (left.get(t) === 0) queue.push(t);
    }
  }
  return Math.max(1, ...depth.values());
}

/**
 * A flow much deeper than wide (a long chain of prompts) would be one column hundreds of cards
 * tall that no zoom can show: elk wraps it into columns read top to bottom, left to right.
 */
const needsWrapping = (nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]) => nodes.length > 40 && depthOf(nodes, edges) ** 2 > 6 * nodes.length;

/** Layered layout, top to bottom (elkjs). Returns the top-left position of every node. */
export async function layoutFlow(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<Map<string, { x: number; y: number }>> {
  const ids = new Set(nodes.map((n) => n.id));
  const graph: ElkNode = {
    id: 'root',
    // Chosen for speed on 1,000 nodes (see docs/benchmarks/editor.md): model-order and greedy
    // crossing passes cost seconds there; React Flow draws its own edges, so routing is plain.
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '60',
      'elk.spacing.nodeNode': '40',
      // Loops back to an earlier prompt are the back edges: the call's own order stays top to bottom.
      'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
      'elk.layered.thoroughness': '1',
      'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
      'elk.edgeRouting': 'POLYLINE',
      // Past a few hundred nodes crossing minimisation dominates (1.6 s of CPU for 1,000 nodes
      // against 0.7 s without): large flows keep their document order within each layer instead.
      // Layers counted from start (longest path from the sources) put every node right below its
      // deepest caller, so a tree-like flow gets no long edges and no dummy nodes to route.
      ...(nodes.length > LARGE_FLOW ? { 'elk.layered.crossingMinimization.strategy': 'NONE', 'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE' } : {}),
      ...(needsWrapping(nodes, edges) ? { 'elk.layered.wrapping.strategy': 'MULTI_EDGE', 'elk.aspectRatio': '1.6' } : {}),
    },
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = await (await getElk()).layout(graph);
  return new Map((out.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
