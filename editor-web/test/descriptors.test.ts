import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DESCRIPTORS } from '../src/rules/descriptors';

const csPath = fileURLToPath(new URL('../../compiler/Callytics.Compiler/Diagnostics/DiagnosticDescriptors.cs', import.meta.url));

describe('diagnostic descriptors', () => {
  it('has the same ids and severities as the compiler', () => {
    const cs = readFileSync(csPath, 'utf8');
    const sev: Record<string, string> = { E: 'error', W: 'warning', I: 'info' };
    const compiler = [...cs.matchAll(/new\("(CFL\d+)", "[^"]*", "(?:[^"\\]|\\.)*", ([EWI]),/g)].map((m) => `${m[1]} ${sev[m[2]]}`);
    expect(compiler.length).toBeGreaterThan(50);
    expect(Object.values(DESCRIPTORS).map((d) => `${d.id} ${d.severity}`).sort()).toEqual(compiler.sort());
  });
});
