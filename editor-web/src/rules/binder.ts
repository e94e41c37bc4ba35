import { get, type JMember, type JObject, type JString, type JValue } from '../json/jsonAst';
import { NODE_TYPES, nodeType, type NodeConfig, type NodeTypeDef, type OutputSpec } from '../model/nodeRegistry';
import { BindContext, checkShape, didYouMean, type NodeFacts } from './bindContext';
import type { DiagnosticBag } from './diagnostic';
import { bindField, isWholeNumber, type BoundDestination } from './fieldBinders';
import { isFlowId, isNodeId } from './identifiers';

/** A node that bound (valid id, known type), even when its config has errors. */
export interface BoundNode {
  id: string;
  type: NodeTypeDef;
  syntax: JObject;
  /** Where node-level diagnostics point: the node's "id" value. */
  at: JValue;
  index: number;
  facts: NodeFacts;
  hasErrors: boolean;
  /** Config values that bound (menu options and rules that bound decide the outputs). */
  config: NodeConfig;
  outputs: OutputSpec[];
}

export interface BoundEdge {
  source: string;
  target: string;
  handle: string;
  syntax: JObject;
  sourceSyntax: JValue;
  targetSyntax: JValue;
  handleSyntax: JValue;
}

/** What the schema stage hands to the graph stage (the compiler's BoundFlow). */
export interface BoundFlow {
  root: JObject;
  flowId: string;
  nodes: BoundNode[];
  /** The first node of each id. */
  byId: Map<string, BoundNode>;
  edges: BoundEdge[];
  layout: JMember[];
  /** Every id a node declared as a string, valid or not: edges naming them are not "unknown". */
  declared: Set<string>;
  start?: BoundNode;
}

const TYPE_NAMES = NODE_TYPES.map((t) => t.type);

/** Binds a document, reporting schema diagnostics (CFL1xxx). Undefined when the root is not an object. */
export function bindFlow(root: JValue, bag: DiagnosticBag): BoundFlow | undefined {
  const ctx = new BindContext(bag, undefined);
  if (root.kind !== 'object') {
    ctx.wrongType(root, 'the document', 'a flow object');
    return undefined;
  }
  checkShape(root, 'the flow', ['schemaVersion', 'id', 'nodes', 'edges'], ['$schema', 'name', 'description', 'layout'], ctx);
  const version = get(root, 'schemaVersion');
  if (version) {
    if (version.kind !== 'number') ctx.wrongType(version, 'schemaVersion', 'the number 1');
    else if (!isWholeNumber(version.raw) || version.value !== 1)
      ctx.report('CFL1004', `schemaVersion ${version.raw} is not supported; this compiler reads version 1`, version);
  }
  let flowId = '';
  const idNode = get(root, 'id');
  if (idNode) {
    if (idNode.kind !== 'string') ctx.wrongType(idNode, 'id', 'a string');
    else if (!isFlowId(idNode.value)) ctx.report('CFL1005', `Flow id '${idNode.value}' must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit`, idNode);
    else flowId = idNode.value;
  }
  for (const key of ['name', 'description', '$schema']) {
    const v = get(root, key);
    if (v && v.kind !== 'string') ctx.reportWrongType(v, key, 'a string');
  }
  const declared = new Set<string>();
  const nodes = bindNodes(get(root, 'nodes'), bag, declared);
  const edges = bindEdges(get(root, 'edges'), bag);
  const layout = bindLayout(get(root, 'layout'), bag);
  const byId = new Map<string, BoundNode>();
  for (const n of nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  return { root, flowId, nodes, byId, edges, layout, declared, start: nodes.find((n) => n.type.type === 'start') };
}

function bindNodes(syntax: JValue | undefined, bag: DiagnosticBag, declared: Set<string>): BoundNode[] {
  if (!syntax) return [];
  if (syntax.kind !== 'array') {
    new BindContext(bag, undefined).wrongType(syntax, 'nodes', 'an array of nodes');
    return [];
  }
  const nodes: BoundNode[] = [];
  syntax.items.forEach((item, i) => {
    if (item.kind !== 'object') {
      new BindContext(bag, undefined).wrongType(item, 'a node', 'an object');
      return;
    }
    const node = bindNode(item, i, bag, declared);
    if (node) nodes.push(node);
  });
  return nodes;
}

function bindNode(obj: JObject, index: number, bag: DiagnosticBag, declared: Set<string>): BoundNode | undefined {
  let id: string | undefined;
  const idNode = get(obj, 'id');
  if (idNode?.kind === 'string') {
    id = idNode.value;
    declared.add(id);
    if (!isNodeId(id)) {
      bag.report('CFL1006', `Node id '${id}' must be 1-64 letters, digits, '_' or '-', starting with a letter or '_'`, idNode);
      id = undefined;
    }
  } else if (idNode) new BindContext(bag, undefined).reportWrongType(idNode, 'id', 'a string');

  const ctx = new BindContext(bag, id);
  const shapeOk = checkShape(obj, id === undefined ? 'a node' : `node '${id}'`, ['id', 'type'], ['label', 'config'], ctx);
  const label = get(obj, 'label');
  if (label && label.kind !== 'string') ctx.reportWrongType(label, 'label', 'a string');

  let type: NodeTypeDef | undefined;
  const typeNode = get(obj, 'type');
  if (typeNode?.kind === 'string') {
    type = nodeType(typeNode.value);
    if (!type) ctx.report('CFL1007', `Unknown node type '${typeNode.value}'${didYouMean(typeNode.value, TYPE_NAMES)}`, typeNode);
  } else if (typeNode) ctx.wrongType(typeNode, 'type', 'a node type name');
  if (id === undefined || !type) return undefined;

  const config = bindConfig(obj, type, ctx);
  for (const variable of type.sets) ctx.facts.writes.push({ name: variable, at: obj });
  checkNodeRules(type, config, obj, ctx);
  return {
    id,
    type,
    syntax: obj,
    at: idNode!,
    index,
    facts: ctx.facts,
    hasErrors: ctx.hasErrors || !shapeOk,
    config: config.values,
    outputs: type.outputs(config.values),
  };
}

interface BoundConfig {
  values: NodeConfig;
  syntax?: JObject;
}

function bindConfig(node: JObject, type: NodeTypeDef, ctx: BindContext): BoundConfig {
  const values: NodeConfig = {};
  const configSyntax = get(node, 'config');
  let config: JObject | undefined;
  if (configSyntax?.kind === 'object') config = configSyntax;
  else if (configSyntax) ctx.wrongType(configSyntax, 'config', 'an object');
  if (config) {
    for (const m of config.members) {
      if (m.key.startsWith('x-')) continue;
      const field = type.fields.find((f) => f.key === m.key);
      if (!field) {
        ctx.reportAtKey('CFL1003', `Unknown property '${m.key}'${didYouMean(m.key, type.fields.map((f) => f.key))}`, m);
        ctx.failed();
        continue;
      }
      values[m.key] = bindField(field, m.value, ctx);
    }
  }
  for (const f of type.fields) {
    if (!f.required || (config && get(config, f.key))) continue;
    ctx.report('CFL1002', `'config of ${type.type} '${ctx.nodeId}'' is missing required property '${f.key}'`, config ?? node);
    ctx.failed();
  }
  return { values, syntax: config };
}

const intOr = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

/** Rules that span several fields of one node type (the compiler's NodeType.Bind checks). */
function checkNodeRules(type: NodeTypeDef, config: BoundConfig, node: JObject, ctx: BindContext): void {
  const v = config.values;
  const fieldDefault = (key: string) => type.fields.find((f) => f.key === key)?.default as number;
  switch (type.type) {
    case 'get_digits': {
      const max = intOr(v.max_digits, fieldDefault('max_digits'));
      const min = intOr(v.min_digits, fieldDefault('min_digits'));
      const minNode = config.syntax && get(config.syntax, 'min_digits');
      if (min > max && minNode) {
        ctx.report('CFL1026', `'min_digits' (${min}) is greater than 'max_digits' (${max})`, minNode);
        ctx.failed();
      }
      return;
    }
    case 'transfer': {
      const d = v.destination as BoundDestination | undefined;
      const at = config.syntax && get(config.syntax, 'destination');
      // A trunk that is written but malformed was reported already (CFL1032): it is not missing.
      const trunkWritten = d?.trunk !== undefined || !!(config.syntax && get(config.syntax, 'trunk'));
      if (d?.type === 'pstn' && !trunkWritten && at) {
        ctx.report('CFL1018', "A pstn destination needs a 'trunk'", at);
        ctx.failed();
      }
      return;
    }
    case 'callback':
      if (v.number_source === 'dtmf' && v.prompt === undefined) {
        ctx.report('CFL1002', `'callback with number_source dtmf' is missing required property 'prompt'`, config.syntax ?? node);
        ctx.failed();
      }
      return;
  }
}

function bindEdges(syntax: JValue | undefined, bag: DiagnosticBag): BoundEdge[] {
  if (!syntax) return [];
  if (syntax.kind !== 'array') {
    new BindContext(bag, undefined).wrongType(syntax, 'edges', 'an array of edges');
    return [];
  }
  const edges: BoundEdge[] = [];
  for (const item of syntax.items) {
    const ctx = new BindContext(bag, undefined);
    if (item.kind !== 'object') {
      ctx.wrongType(item, 'an edge', 'an object');
      continue;
    }
    if (!checkShape(item, 'an edge', ['source', 'target'], ['id', 'sourceHandle', 'targetHandle'], ctx)) continue;
    const source = get(item, 'source');
    const target = get(item, 'target');
    if (source && source.kind !== 'string') ctx.wrongType(source, 'source', 'a string');
    if (target && target.kind !== 'string') ctx.wrongType(target, 'target', 'a string');
    const id = get(item, 'id');
    if (id && id.kind !== 'string') ctx.reportWrongType(id, 'id', 'a string');
    const handle = nullableString(item, 'sourceHandle', ctx) ?? 'next';
    nullableString(item, 'targetHandle', ctx);
    if (source?.kind !== 'string' || target?.kind !== 'string' || ctx.hasErrors) continue;
    const handleNode = get(item, 'sourceHandle');
    edges.push({
      source: source.value,
      target: target.value,
      handle,
      syntax: item,
      sourceSyntax: source,
      targetSyntax: target,
      handleSyntax: handleNode?.kind === 'string' ? handleNode : item,
    });
  }
  return edges;
}

function nullableString(obj: JObject, key: string, ctx: BindContext): string | undefined {
  const v = get(obj, key);
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'string') return (v as JString).value;
  ctx.wrongType(v, key, 'a string or null');
  return undefined;
}

function bindLayout(syntax: JValue | undefined, bag: DiagnosticBag): JMember[] {
  if (!syntax) return [];
  const ctx = new BindContext(bag, undefined);
  if (syntax.kind !== 'object') {
    ctx.wrongType(syntax, 'layout', 'an object of node positions');
    return [];
  }
  const layout: JMember[] = [];
  for (const entry of syntax.members) {
    if (entry.key.startsWith('x-')) continue;
    const point = entry.value;
    if (point.kind !== 'object') {
      ctx.wrongType(point, entry.key, 'a position { "x": …, "y": … }');
      continue;
    }
    if (!checkShape(point, `layout of '${entry.key}'`, ['x', 'y'], [], new BindContext(bag, undefined))) continue;
    for (const axis of ['x', 'y']) {
      const n = get(point, axis)!;
      if (n.kind !== 'number') ctx.wrongType(n, axis, 'a number');
    }
    layout.push(entry);
  }
  return layout;
}
