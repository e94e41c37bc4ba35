import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateFlow } from '../e2e/generateFlow';
import supportLine from '../src/examples/supportLine.json';
import { fromDocument, toDocument, type FlowDocument } from '../src/model/flowDocument';
import { NODE_TYPES } from '../src/model/nodeRegistry';
import { schemaProblem } from '../src/schema/schemaCheck';
import { fieldInfo, flowSchema } from '../src/schema/schemaInfo';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schema/flow.schema.json', import.meta.url)), 'utf8')) as Json;
const defs = schema.definitions as Json;

describe('the editor registry against schema/flow.schema.json', () => {
  it('has exactly the schema node types', () => {
    const schemaTypes = Object.keys(defs).filter((k) => k.startsWith('node_')).map((k) => k.slice(5));
    expect(NODE_TYPES.map((t) => t.type)).toEqual(schemaTypes);
  });

  for (const t of NODE_TYPES) {
    it(`declares ${t.type} like the compiler: fields, required, defaults, ranges, enums, outputs, terminal`, () => {
      const config = defs[`config_${t.type}`] as Json;
      const props = config.properties as Json;
      expect(t.fields.map((f) => f.key)).toEqual(Object.keys(props));
      expect(t.fields.filter((f) => f.required).map((f) => f.key).sort()).toEqual([...(config.required ?? [])].sort());
      for (const f of t.fields) {
        const p = props[f.key] as Json;
        expect(f.default, `${t.type}.${f.key} default`).toEqual(p.default);
        if (p.type === 'integer') expect([f.min, f.max], `${t.type}.${f.key} range`).toEqual([p.minimum, p.maximum]);
        if (p.enum) expect(f.options, `${t.type}.${f.key} enum`).toEqual(p.enum);
      }
      const node = defs[`node_${t.type}`] as Json;
      expect(t.terminal).toBe(node['x-terminal']);
      expect(t.waitsForCaller, `${t.type} waits`).toBe(node['x-waits']);
      const sample = t.defaultConfig();
      const outputs = t.outputs(sample).map((o) => `${o.name.replace(/^digit:.*/, 'digit:{key}').replace(/^rule:.*/, 'rule:{name}')} ${o.required} ${o.webhooksOnly === true}`);
      expect(outputs).toEqual((node['x-outputs'] as Json[]).map((o) => `${o.name} ${o.required} ${o.webhooksOnly === true}`));
    });
  }

  it('gives the side panel the schema descriptions and defaults', () => {
    expect(flowSchema).toBeDefined();
    const getDigits = NODE_TYPES.find((t) => t.type === 'get_digits')!;
    const info = fieldInfo('get_digits', getDigits.fields.find((f) => f.key === 'inter_digit_timeout_ms')!);
    expect(info).toEqual({ description: defs.config_get_digits.properties.inter_digit_timeout_ms.description, default: 3000, fromSchema: true });
  });
});

describe('ajv with the compiler schema', () => {
  it('accepts what the editor exports', () => {
    expect(schemaProblem(toDocument(fromDocument(supportLine as unknown as FlowDocument)))).toBeUndefined();
    expect(schemaProblem(generateFlow(200))).toBeUndefined();
  });
  it('reports a document that does not conform', () => {
    expect(schemaProblem({ schemaVersion: 1, id: 'x', nodes: [{ id: 'a', type: 'nope' }], edges: [] })).toMatch(/nodes/);
  });
});
