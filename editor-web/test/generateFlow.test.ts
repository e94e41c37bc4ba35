import { describe, expect, it } from 'vitest';
import { generateFlow } from '../e2e/generateFlow';
import { serialize } from '../src/model/flowDocument';
import { validateText } from '../src/rules/validate';

describe('the benchmark flow generator', () => {
  it('makes a 1,000-node flow with only warnings (variables read from caller_id are built in)', () => {
    const doc = generateFlow(1000);
    expect(doc.nodes.length).toBeGreaterThanOrEqual(1000);
    expect(doc.nodes.length).toBeLessThan(1010);
    const errors = validateText(serialize(doc)).filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
  });
});
