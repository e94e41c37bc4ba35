import { describe, expect, it } from 'vitest';
import { BackgroundValidator } from '../src/editor/backgroundValidator';
import { validateText } from '../src/rules/validate';

describe('background validation', () => {
  it('without Worker (Node) checks at once and hands back the tag with the same findings as the rules', () => {
    const got: [string[], number][] = [];
    const v = new BackgroundValidator((problems, tag) => got.push([problems.map((p) => p.id), tag]));
    const text = '{"schemaVersion": 1, "id": "f", "nodes": [{"id": "start", "type": "start"}], "edges": []}';
    v.validate(text, 7);
    v.validate('[1, 2', 8);
    expect(got).toEqual([
      [validateText(text).map((p) => p.id), 7],
      [validateText('[1, 2').map((p) => p.id), 8],
    ]);
    expect(got[0][0]).toContain('CFL2008'); // start leads nowhere
    expect(got[1][0].length).toBeGreaterThan(0);
  });
});
