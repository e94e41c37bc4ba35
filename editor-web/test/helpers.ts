import { validateText } from '../src/rules/validate';

/** A flow document with the given nodes and edges, pretty-printed like the editor writes it. */
export function flowText(nodes: unknown[], edges: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ schemaVersion: 1, id: 'test-flow', name: 'Test', nodes, edges, ...extra }, null, 2);
}

/** Findings as "ID line:column" lines, the shape of the shared .expected files. */
export function findings(text: string): string[] {
  return validateText(text).map((d) => `${d.id} ${d.line}:${d.column}`);
}

export function ids(text: string): string[] {
  return validateText(text).map((d) => d.id);
}

/** Line and column (1-based) of the n-th occurrence of a snippet in the text. */
export function at(text: string, snippet: string, occurrence = 0): string {
  let i = -1;
  for (let k = 0; k <= occurrence; k++) i = text.indexOf(snippet, i + 1);
  if (i < 0) throw new Error(`snippet not found: ${snippet}`);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

export const start = { id: 'start', type: 'start' };
export const hangup = (id = 'bye') => ({ id, type: 'hangup' });
export const play = (id: string, tts = 'Hello') => ({ id, type: 'play_audio', config: { prompt: { tts } } });

/** Position of a node's "id" value, where the compiler points node-level findings. */
export function nodeAt(text: string, id: string, occurrence = 0): string {
  let i = -1;
  for (let k = 0; k <= occurrence; k++) i = text.indexOf(`"id": "${id}"`, i + 1);
  if (i < 0) throw new Error(`node not found: ${id}`);
  const before = text.slice(0, i + '"id": '.length).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}
