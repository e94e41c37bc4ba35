import { describe, expect, it } from 'vitest';
import { get, parseJson } from '../src/json/jsonAst';

describe('parseJson', () => {
  it('keeps 1-based line and column of values and keys', () => {
    const r = parseJson('{\n  "a": [1, {"b": true}],\n  "c": null\n}');
    expect(r.problems).toEqual([]);
    const root = r.root!;
    expect(root.pos).toMatchObject({ line: 1, column: 1 });
    const a = get(root, 'a')!;
    expect(a.pos).toMatchObject({ line: 2, column: 8 });
    expect(a.kind === 'object' || a.kind === 'array' ? a.pointer : '').toBe('/a');
    const c = root.kind === 'object' ? root.members[1] : undefined;
    expect(c?.keyPos).toMatchObject({ line: 3, column: 3 });
  });

  it('counts columns in UTF-16 code units', () => {
    // "😀" is two UTF-16 code units, "é" one.
    const r = parseJson('{"k": "😀é", "n": 1}');
    const n = get(r.root, 'n')!;
    expect(n.pos.column).toBe(19);
  });

  it('reports duplicate keys at the second key and keeps the first value', () => {
    const r = parseJson('{"a": 1,\n "a": 2}');
    expect(r.problems).toEqual([expect.objectContaining({ id: 'CFL0004', pos: expect.objectContaining({ line: 2, column: 2 }) })]);
    expect(get(r.root, 'a')).toMatchObject({ value: 1 });
  });

  it('reports invalid JSON with its position and never throws', () => {
    for (const bad of ['', '{', '{"a" 1}', '[1,]', '"\\x"', 'tru', '{"a":1} x', '"abc']) {
      const r = parseJson(bad);
      expect(r.root).toBeUndefined();
      expect(r.problems[0].id).toBe('CFL0001');
    }
    expect(parseJson('{"a" 1}').problems[0].pos).toMatchObject({ line: 1, column: 6 });
  });

  it('reports nesting deeper than 64 levels', () => {
    expect(parseJson('['.repeat(64) + ']'.repeat(64)).problems).toEqual([]);
    expect(parseJson('['.repeat(65) + ']'.repeat(65)).problems[0].id).toBe('CFL0003');
  });

  it('decodes escapes', () => {
    const r = parseJson('"a\\n\\u00e9\\"/"');
    expect(r.root).toMatchObject({ kind: 'string', value: 'a\né"/' });
  });
});
