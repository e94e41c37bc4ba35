import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateBytes } from '../src/rules/validate';

/**
 * The shared test vectors (tests/vectors): the editor's rules must give exactly the ids and
 * positions the compiler gives, as listed in each invalid file's .expected sibling.
 */
const root = fileURLToPath(new URL('../../tests/vectors', import.meta.url));
const list = (kind: string) => {
  const dir = join(root, kind);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.flow.json')).sort().map((f) => join(dir, f)) : [];
};
const findings = (path: string) => validateBytes(readFileSync(path)).map((d) => `${d.id} ${d.line}:${d.column}`);
const expected = (path: string) =>
  readFileSync(path.replace(/\.flow\.json$/, '.expected'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

describe('shared test vectors', () => {
  it('are present (merge main to get tests/vectors)', () => {
    expect(list('valid').length + list('invalid').length).toBeGreaterThan(0);
  });

  describe.each(list('valid'))('valid %s', (path) => {
    it('has no errors (and exactly its .expected findings when it has that file)', () => {
      const sibling = path.replace(/\.flow\.json$/, '.expected');
      if (existsSync(sibling)) expect(findings(path)).toEqual(expected(path));
      else expect(validateBytes(readFileSync(path)).filter((d) => d.severity === 'error')).toEqual([]);
    });
  });

  describe.each(list('invalid'))('invalid %s', (path) => {
    it('gives the expected ids at the expected positions', () => {
      expect(findings(path)).toEqual(expected(path));
    });
  });
});
