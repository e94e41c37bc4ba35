import type { FlowDocument, FlowEdgeJson, FlowNodeJson } from '../src/model/flowDocument';
import { nodeType } from '../src/model/nodeRegistry';

const KINDS = ['play_audio', 'menu', 'set_variable', 'get_digits', 'branch', 'business_hours'] as const;

function config(type: string, i: number): Record<string, unknown> {
  switch (type) {
    case 'play_audio':
      return { prompt: { tts: `Prompt ${i}` } };
    case 'menu':
      return { prompt: { tts: `Menu ${i}` }, options: { '1': { label: 'One' }, '2': { label: 'Two' } } };
    case 'set_variable':
      return { assign: { [`v${i}`]: '{{caller_id}}' } };
    case 'get_digits':
      return { variable: `d${i}`, max_digits: 4 };
    case 'branch':
      return { rules: [{ name: 'gold', when: { variable: 'caller_id', op: 'eq', value: '100' } }] };
    case 'business_hours':
      return { timezone: 'Europe/Paris', schedule: { monday: [{ start: '09:00', end: '17:00' }] } };
    default:
      return {};
  }
}

/**
 * A valid flow of `count` nodes without layout: a tree grown breadth first from start, every
 * required output connected, the last outputs ending in hang-ups.
 */
export function generateFlow(count: number): FlowDocument {
  const nodes: FlowNodeJson[] = [{ id: 'start', type: 'start' }];
  const edges: FlowEdgeJson[] = [];
  const open: { source: string; handle: string }[] = [{ source: 'start', handle: 'next' }];
  let i = 0;
  while (open.length > 0) {
    const { source, handle } = open.shift()!;
    const remaining = count - nodes.length;
    const type = remaining > open.length + 1 ? KINDS[i % KINDS.length] : 'hangup';
    const id = `${type}_${++i}`;
    const c = config(type, i);
    nodes.push({ id, type, label: `${type} ${i}`, ...(Object.keys(c).length ? { config: c } : {}) });
    edges.push({ source, target: id, sourceHandle: handle });
    for (const o of nodeType(type)!.outputs(c)) if (o.required) open.push({ source: id, handle: o.name });
  }
  return { schemaVersion: 1, id: 'generated', name: `Generated ${nodes.length} nodes`, nodes, edges };
}

/** A valid flow of `count` nodes in one line: start, prompts one after another, a hang-up (no layout). */
export function generateChain(count: number): FlowDocument {
  const nodes: FlowNodeJson[] = [{ id: 'start', type: 'start' }];
  const edges: FlowEdgeJson[] = [];
  for (let i = 1; i < count - 1; i++) {
    nodes.push({ id: `say_${i}`, type: 'play_audio', label: `Prompt ${i}`, config: { prompt: { tts: `Prompt ${i}` } } });
    edges.push({ source: nodes[i - 1].id, target: `say_${i}`, sourceHandle: 'next' });
  }
  nodes.push({ id: 'bye', type: 'hangup' });
  edges.push({ source: nodes[count - 2].id, target: 'bye', sourceHandle: 'next' });
  return { schemaVersion: 1, id: 'chain', name: `Chain of ${count} nodes`, nodes, edges };
}
