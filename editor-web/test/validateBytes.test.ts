import { describe, expect, it } from 'vitest';
import { validateBytes, validateText } from '../src/rules/validate';

const utf8 = (s: string) => new TextEncoder().encode(s);
const shortFlow = '{"schemaVersion": 1, "id": "f", "nodes": [{"id": "start", "type": "start"}, {"id": "b", "type": "hangup"}], "edges": [{"source": "start", "target": "b"}]}';

describe('input checks on bytes', () => {
  it('accepts a clean file', () => {
    expect(validateBytes(utf8(shortFlow))).toEqual([]);
  });
  it('reports a byte-order mark at 1:1 and counts columns after it', () => {
    const found = validateBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"schemaVersion": 2, "id": "f", "nodes": [], "edges": []}')]));
    expect(found.map((d) => `${d.id} ${d.line}:${d.column}`)).toEqual(['CFL0006 1:1', 'CFL1004 1:19', 'CFL2001 1:42']);
  });
  it('reports invalid UTF-8 at the bad byte, with line and column', () => {
    const bytes = new Uint8Array([...utf8('{\n  "name": "caf'), 0xe9, ...utf8('"\n}')]);
    expect(validateBytes(bytes).map((d) => `${d.id} ${d.line}:${d.column}`)).toEqual(['CFL0002 2:15']);
    expect(validateBytes(new Uint8Array([0x7b, 0xc3])).map((d) => d.id)).toEqual(['CFL0002']);
    expect(validateBytes(new Uint8Array([0xed, 0xa0, 0x80])).map((d) => d.id)).toEqual(['CFL0002']);
  });
  it('counts \\r\\n and a lone \\r as line breaks', () => {
    expect(validateText('{\r\n"a": 1,\r"b": 2\r\n}').map((d) => `${d.id} ${d.line}:${d.column}`)).toContain('CFL1003 2:1');
    expect(validateText('{\r\n"a": 1,\r"b": 2\r\n}').map((d) => `${d.id} ${d.line}:${d.column}`)).toContain('CFL1003 3:1');
  });
  it('reports leading zeros and an empty file where the compiler does', () => {
    expect(validateText('{"a": 012}').map((d) => `${d.id} ${d.line}:${d.column}`)).toEqual(['CFL0001 1:7']);
    expect(validateText('  \n ').map((d) => `${d.id} ${d.line}:${d.column}`)).toEqual(['CFL0001 2:2']);
  });
});
