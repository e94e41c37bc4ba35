import type { FieldSpec } from '../model/fields';
import { flowSchema, resolve } from './schemaInfo';

type Json = Record<string, unknown>;

/** What schema/flow.schema.json says of one node type: the facts the editor's registry is built from. */
export interface SchemaNodeFacts {
  type: string;
  terminal: boolean;
  /** x-waits: the compiler's NodeType.Waits (a loop through the node is not endless, CFL3002). */
  waits: boolean;
  /** x-sets: variables every node of the type sets (the compiler's NodeType.Sets), its writes for CFL3003. */
  sets: string[];
  /** x-outputs: names, with digit:{key} and rule:{name} as templates. */
  outputs: { name: string; required: boolean; webhooksOnly?: boolean }[];
  fields: (Omit<FieldSpec, 'kind' | 'refKind'> & { jsonType?: string })[];
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

function fieldOf(schema: Json, key: string, raw: unknown, required: boolean): SchemaNodeFacts['fields'][number] {
  const p = resolve(schema, raw) ?? {};
  const types = Array.isArray(p.type) ? (p.type as string[]) : typeof p.type === 'string' ? [p.type] : [];
  const jsonType = types.find((t) => t !== 'null');
  const list = Array.isArray(p.enum) ? (p.enum as unknown[]).filter((v): v is string => typeof v === 'string') : undefined;
  const spec: SchemaNodeFacts['fields'][number] = { key, description: typeof p.description === 'string' ? p.description : '', jsonType };
  if (required) spec.required = true;
  if ('default' in p) spec.default = p.default;
  // Ranges as the forms and rules use them: integer bounds, or how many items a list takes.
  const min = jsonType === 'integer' ? num(p.minimum) : jsonType === 'array' ? num(p.minItems) : undefined;
  const max = jsonType === 'integer' ? num(p.maximum) : jsonType === 'array' ? num(p.maxItems) : undefined;
  if (min !== undefined) spec.min = min;
  if (max !== undefined) spec.max = max;
  if (list?.length) spec.options = list;
  if (types.includes('null')) spec.nullable = true;
  return spec;
}

/** The node types of the schema (definitions node_<type> and config_<type>), in its order. */
export function schemaNodeFacts(schema: Json | undefined = flowSchema): SchemaNodeFacts[] {
  const defs = schema?.definitions as Record<string, Json> | undefined;
  if (!schema || !defs) throw new Error('schema/flow.schema.json is missing: the editor builds its node types from it');
  return Object.keys(defs)
    .filter((k) => k.startsWith('node_'))
    .map((k) => {
      const type = k.slice('node_'.length);
      const node = defs[k];
      const config = resolve(schema, defs[`config_${type}`]) ?? {};
      const required = new Set(Array.isArray(config.required) ? (config.required as string[]) : []);
      const props = (config.properties ?? {}) as Json;
      return {
        type,
        terminal: node['x-terminal'] === true,
        waits: node['x-waits'] === true,
        sets: Array.isArray(node['x-sets']) ? (node['x-sets'] as unknown[]).map(String) : [],
        outputs: (Array.isArray(node['x-outputs']) ? (node['x-outputs'] as Json[]) : []).map((o) => ({ name: String(o.name), required: o.required === true, ...(o.webhooksOnly === true ? { webhooksOnly: true } : {}) })),
        fields: Object.entries(props).map(([key, raw]) => fieldOf(schema, key, raw, required.has(key))),
      };
    });
}
