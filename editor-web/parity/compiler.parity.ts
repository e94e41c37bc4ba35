import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import allNodes from '../src/examples/allNodes.json';
import supportLine from '../src/examples/supportLine.json';
import { validateBytes } from '../src/rules/validate';
import { mutate, prng } from './mutate';

/** The newest build of the compiler: tests/run.sh builds Release, a developer's IDE builds Debug. */
const CALLYC = ['Release', 'Debug']
  .map((c) => fileURLToPath(new URL(`../../compiler/callyc/bin/${c}/net10.0/callyc.dll`, import.meta.url)))
  .filter((p) => existsSync(p))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] ?? 'compiler/callyc/bin/Release/net10.0/callyc.dll';
const FILES = Number(process.env.PARITY_FILES ?? 400);
/** Findings that depend on the other files of a multi-file run, which the corpus is checked as. */
const CROSS_FLOW = new Set(['CFL4001', 'CFL4002', 'CFL4006', 'CFL3007']);

it(`finds the same ids at the same positions as callyc check on ${FILES} mutated flows`, () => {
  expect(existsSync(CALLYC), `build the compiler first: dotnet build compiler/callyc/callyc.csproj`).toBe(true);
  const dir = mkdtempSync(join(tmpdir(), 'callytics-parity-'));
  try {
    const r = prng(Number(process.env.PARITY_SEED ?? 20261121));
    const bases = [supportLine, allNodes];
    for (let i = 0; i < FILES; i++) {
      const doc = mutate(structuredClone(bases[i % bases.length]) as never, r) as Record<string, unknown>;
      if (doc && typeof doc === 'object' && typeof doc.id === 'string') doc.id = `${doc.id}-${i}`;
      let text = JSON.stringify(doc, null, i % 3 === 0 ? undefined : 2);
      if (i % 7 === 0) text = text.replace(/\n/g, '\r\n');
      // Some files are broken at the syntax level: cut short, or with a stray character.
      const at = Math.floor(r() * text.length);
      if (i % 10 === 5) text = text.slice(0, at);
      if (i % 10 === 6) text = text.slice(0, at) + ',:{}[]"\\x0-\t\u00e9\ud83d'[Math.floor(r() * 14)] + text.slice(at);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `m${String(i).padStart(4, '0')}.flow.json`), text);
    }
    let out: string;
    try {
      out = execFileSync('dotnet', [CALLYC, 'check', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    } catch (e) {
      out = (e as { stdout: string }).stdout; // exit code 1 when there are errors
    }
    const compiler = new Map<string, string[]>();
    for (const d of JSON.parse(out).diagnostics as { id: string; path: string; line: number; column: number }[]) {
      if (CROSS_FLOW.has(d.id)) continue;
      const file = d.path.split('/').pop()!;
      compiler.set(file, [...(compiler.get(file) ?? []), `${d.id} ${d.line}:${d.column}`]);
    }
    const differences: string[] = [];
    let same = 0;
    let findings = 0;
    for (let i = 0; i < FILES; i++) {
      const file = `m${String(i).padStart(4, '0')}.flow.json`;
      const bytes = readFileSync(join(dir, file));
      const mine = validateBytes(bytes)
        .filter((d) => !CROSS_FLOW.has(d.id))
        .map((d) => `${d.id} ${d.line}:${d.column}`);
      const theirs = compiler.get(file) ?? [];
      findings += theirs.length;
      if (JSON.stringify(mine) === JSON.stringify(theirs)) same++;
      else differences.push(`${file}\n  callyc: ${theirs.join(', ')}\n  editor: ${mine.join(', ')}`);
    }
    if (differences.length) writeFileSync(join(tmpdir(), 'callytics-parity-differences.txt'), differences.join('\n'));
    const ids = new Set([...compiler.values()].flat().map((f) => f.split(' ')[0]));
    console.log(`parity: ${same}/${FILES} files identical; ${findings} compiler findings of ${ids.size} ids: ${[...ids].sort().join(' ')}`);
    expect(findings).toBeGreaterThan(FILES / 2);
    expect(differences.slice(0, 5)).toEqual([]);
  } finally {
    if (!process.env.PARITY_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`parity: files kept in ${dir}`);
  }
}, 600_000);
