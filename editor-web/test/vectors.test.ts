import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFiles, type SourceFile } from '../src/rules/validate';

/**
 * The shared test vectors (tests/vectors, see its README): the editor's rules must give exactly
 * the ids and positions the compiler gives. A file is checked on its own, a folder's flows
 * together; the catalog is the folder's own catalog.json or tests/vectors/catalog.json.
 */
const root = fileURLToPath(new URL('../../tests/vectors', import.meta.url));
const source = (path: string, name = path.split('/').pop()!): SourceFile => ({ name, bytes: readFileSync(path) });

function entries(kind: 'valid' | 'invalid'): string[] {
  const dir = join(root, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.flow.json') || statSync(join(dir, f)).isDirectory())
    .sort()
    .map((f) => join(dir, f));
}

/** Every finding of a vector as the .expected files write them. */
function findings(path: string): string[] {
  const folder = statSync(path).isDirectory();
  const ownCatalog = folder && existsSync(join(path, 'catalog.json'));
  const catalog = source(ownCatalog ? join(path, 'catalog.json') : join(root, 'catalog.json'), 'catalog.json');
  const files = folder
    ? readdirSync(path).filter((f) => f.endsWith('.flow.json')).sort().map((f) => source(join(path, f)))
    : [source(path)];
  const lines: { file: string; line: number; column: number; id: string }[] = [];
  for (const [file, ds] of checkFiles(files, catalog)) for (const d of ds) lines.push({ file, line: d.line, column: d.column, id: d.id });
  lines.sort((a, b) => (folder ? cmp(a.file, b.file) : 0) || a.line - b.line || a.column - b.column || cmp(a.id, b.id));
  return lines.map((l) => `${folder ? `${l.file} ` : ''}${l.id} ${l.line}:${l.column}`);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function expected(path: string): string[] {
  const file = path.replace(/\.flow\.json$/, '') + '.expected';
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

describe('shared test vectors', () => {
  it('are present (merge main to get tests/vectors)', () => {
    expect(entries('valid').length).toBeGreaterThan(0);
    expect(entries('invalid').length).toBeGreaterThan(0);
  });

  describe.each(entries('valid'))('valid %s', (path) => {
    it('has no finding at all', () => expect(findings(path)).toEqual([]));
  });

  describe.each(entries('invalid'))('invalid %s', (path) => {
    it('gives the expected ids at the expected positions', () => expect(findings(path)).toEqual(expected(path)));
  });
});
