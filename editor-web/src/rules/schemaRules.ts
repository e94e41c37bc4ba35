import { get, toPlain, type JObject, type JString, type JValue } from '../json/jsonAst';
import { NODE_TYPES, nodeType, type NodeConfig, type NodeTypeDef } from '../model/nodeRegistry';
import type { DiagnosticBag } from './diagnostic';
import { checkField, FLOW_ID, NODE_ID } from './fieldChecks';
import { suggest, ValueChecker } from './valueChecks';

/** A node as the graph rules see it: typed, with its JSON for positions. */
export interface BoundNode {
  id: string;
  type: string;
  def?: NodeTypeDef;
  json: JObject;
  idValue?: JString;
  config: NodeConfig;
  configJson?: JObject;
}

export interface BoundEdge {
  source: string;
  target: string;
  handle: string;
  json: JObject;
  sourceValue: JString;
  targetValue: JString;
  handleValue?: JString;
}

/** What the schema stage hands to the graph stage. */
export interface BoundFlow {
  flowId?: string;
  root: JObject;
  nodes: BoundNode[];
  edges: BoundEdge[];
  layout?: JObject;
}

const ROOT_KEYS = ['$schema', 'schemaVersion', 'id', 'name', 'description', 'nodes', 'edges', 'layout'];
const NODE_KEYS = ['id', 'type', 'label', 'config'];
const EDGE_KEYS = ['id', 'source', 'target', 'sourceHandle', 'label'];
const TYPE_NAMES = NODE_TYPES.map((d) => d.type);

/** Schema rules (CFL1xxx): shapes, types, ranges and formats. Returns what could be bound. */
export function checkSchema(root: JValue, bag: DiagnosticBag): BoundFlow | undefined {
  const c = new ValueChecker(bag);
  if (!c.object(root, '(root)')) return undefined;
  c.unknownKeys(root, ROOT_KEYS);
  c.requiredKeys(root, '(root)', ['schemaVersion', 'id', 'nodes', 'edges']);
  let flowId: string | undefined;
  c.each(root, {
    $schema: (v) => c.string(v, '$schema'),
    schemaVersion: (v) => {
      if (v.kind !== 'number') return c.wrongType(v, 'schemaVersion', 'integer');
      if (v.value !== 1) c.report('CFL1004', `schemaVersion ${v.raw} is not supported; this compiler reads version 1`, v);
    },
    id: (v) => {
      if (c.pattern(v, 'id', FLOW_ID, 'CFL1005', `Flow id '${v.kind === 'string' ? v.value : ''}' must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit`))
        flowId = (v as JString).value;
    },
    name: (v) => c.string(v, 'name'),
    description: (v) => c.string(v, 'description'),
  });
  const nodes = bindNodes(c, get(root, 'nodes'));
  const edges = bindEdges(c, get(root, 'edges'));
  const layout = checkLayout(c, get(root, 'layout'));
  return { flowId, root, nodes, edges, layout };
}

function bindNodes(c: ValueChecker, v: JValue | undefined): BoundNode[] {
  if (!v) return [];
  if (v.kind !== 'array') {
    c.wrongType(v, 'nodes', 'array');
    return [];
  }
  const out: BoundNode[] = [];
  for (const n of v.items) {
    if (!c.object(n, 'node')) continue;
    const idValue = get(n, 'id');
    const nodeId = idValue?.kind === 'string' ? idValue.value : undefined;
    const nc = c.withNode(nodeId);
    nc.unknownKeys(n, NODE_KEYS);
    nc.requiredKeys(n, 'node', ['id', 'type']);
    let idOk = false;
    if (idValue && nc.string(idValue, 'id')) {
      idOk = NODE_ID.test(idValue.value);
      if (!idOk) nc.report('CFL1006', `Node id '${idValue.value}' must be 1-64 letters, digits, '_' or '-', starting with a letter or '_'`, idValue);
    }
    const label = get(n, 'label');
    if (label) nc.string(label, 'label');
    const typeValue = get(n, 'type');
    let def: NodeTypeDef | undefined;
    if (typeValue && nc.string(typeValue, 'type')) {
      def = nodeType(typeValue.value);
      if (!def) {
        const hint = suggest(typeValue.value, TYPE_NAMES);
        nc.report('CFL1007', `Unknown node type '${typeValue.value}'${hint ? `; did you mean '${hint}'?` : ''}`, typeValue);
      }
    }
    const configValue = get(n, 'config');
    const configJson = configValue && nc.object(configValue, 'config') ? configValue : undefined;
    if (def) checkConfig(nc, def, n, configJson);
    if (idValue?.kind === 'string' && typeValue?.kind === 'string') {
      out.push({
        id: idValue.value,
        type: typeValue.value,
        def,
        json: n,
        idValue,
        config: configJson ? (toPlain(configJson) as NodeConfig) : {},
        configJson,
      });
    }
  }
  return out;
}

function checkConfig(c: ValueChecker, def: NodeTypeDef, node: JObject, config: JObject | undefined): void {
  const required = def.fields.filter((f) => f.required).map((f) => f.key);
  if (!config) {
    if (required.length > 0 && !get(node, 'config')) c.report('CFL1002', `'${def.type}' node is missing required property 'config'`, node);
    return;
  }
  c.unknownKeys(config, def.fields.map((f) => f.key));
  c.requiredKeys(config, 'config', required);
  for (const f of def.fields) {
    const v = get(config, f.key);
    if (v) checkField(c, f, v, config);
  }
  const min = get(config, 'min_digits');
  const max = get(config, 'max_digits');
  if (min?.kind === 'number' && max?.kind === 'number' && min.value > max.value) {
    c.report('CFL1026', `'min_digits' (${min.raw}) is greater than 'max_digits' (${max.raw})`, min);
  }
}

function bindEdges(c: ValueChecker, v: JValue | undefined): BoundEdge[] {
  if (!v) return [];
  if (v.kind !== 'array') {
    c.wrongType(v, 'edges', 'array');
    return [];
  }
  const out: BoundEdge[] = [];
  for (const e of v.items) {
    if (!c.object(e, 'edge')) continue;
    c.unknownKeys(e, EDGE_KEYS);
    c.requiredKeys(e, 'edge', ['source', 'target']);
    const source = get(e, 'source');
    const target = get(e, 'target');
    const handle = get(e, 'sourceHandle');
    const okS = source ? c.text(source, 'source') : false;
    const okT = target ? c.text(target, 'target') : false;
    const okH = handle ? c.text(handle, 'sourceHandle') : true;
    const id = get(e, 'id');
    if (id) c.string(id, 'id');
    const label = get(e, 'label');
    if (label) c.string(label, 'label');
    if (okS && okT && okH) {
      const s = source as JString;
      const t = target as JString;
      const h = handle as JString | undefined;
      out.push({ source: s.value, target: t.value, handle: h?.value ?? 'next', json: e, sourceValue: s, targetValue: t, handleValue: h });
    }
  }
  return out;
}

function checkLayout(c: ValueChecker, v: JValue | undefined): JObject | undefined {
  if (!v || !c.object(v, 'layout')) return undefined;
  for (const m of v.members) {
    const p = m.value;
    if (!c.object(p, m.key)) continue;
    c.unknownKeys(p, ['x', 'y']);
    c.requiredKeys(p, m.key, ['x', 'y']);
    c.each(p, {
      x: (n) => n.kind !== 'number' && c.wrongType(n, 'x', 'number'),
      y: (n) => n.kind !== 'number' && c.wrongType(n, 'y', 'number'),
    });
  }
  return v;
}
