/**
 * The host's semantic diff (GET /api/flows/{id}/diff, the compiler's FlowDiffFormatter JSON) as
 * lines for people, in the order `callyc diff` prints them: + added, - removed, ~ changed,
 * layout moves last.
 */

export interface NodeRefJson {
  id: string;
  type?: string | null;
  label?: string | null;
}
export interface ValueChangeJson {
  key: string;
  old?: string | null;
  new?: string | null;
}
export interface FlowDiffJson {
  from?: string | null;
  to?: string | null;
  semanticallyEqual?: boolean;
  nodesAdded?: NodeRefJson[];
  nodesRemoved?: NodeRefJson[];
  nodesChanged?: (NodeRefJson & { fieldChanges?: ValueChangeJson[]; configChanges?: ValueChangeJson[] })[];
  edgesAdded?: { source: string; sourceHandle?: string | null; target: string }[];
  edgesRemoved?: { source: string; sourceHandle?: string | null; target: string }[];
  flowChanges?: ValueChangeJson[];
  layoutMoves?: { id: string; old?: string | null; new?: string | null }[];
}

const node = (n: NodeRefJson) => `${n.id}${n.type ? ` (${n.type})` : ''}${n.label ? ` "${n.label}"` : ''}`;
const edge = (e: { source: string; sourceHandle?: string | null; target: string }) =>
  e.sourceHandle ? `${e.source} [${e.sourceHandle}] → ${e.target}` : `${e.source} → ${e.target}`;
const change = (c: ValueChangeJson) =>
  c.old == null ? `${c.key}: added ${c.new}` : c.new == null ? `${c.key}: removed (was ${c.old})` : `${c.key}: ${c.old} → ${c.new}`;

/** The diff as text lines; anything that is not a diff object is shown as JSON. */
export function diffLines(diff: unknown): string[] {
  if (!diff || typeof diff !== 'object' || Array.isArray(diff)) return [typeof diff === 'string' ? diff : JSON.stringify(diff)];
  const d = diff as FlowDiffJson;
  const lines: string[] = [];
  if (d.from != null && d.to != null) lines.push(`diff ${d.from} → ${d.to}`);
  for (const c of d.flowChanges ?? []) lines.push(`~ flow ${change(c)}`);
  for (const n of d.nodesAdded ?? []) lines.push(`+ node ${node(n)}`);
  for (const n of d.nodesRemoved ?? []) lines.push(`- node ${node(n)}`);
  for (const n of d.nodesChanged ?? []) {
    lines.push(`~ node ${n.id}${n.type ? ` (${n.type})` : ''}`);
    for (const c of n.fieldChanges ?? []) lines.push(`    ${change(c)}`);
    for (const c of n.configChanges ?? []) lines.push(`    config.${change(c)}`);
  }
  for (const e of d.edgesAdded ?? []) lines.push(`+ edge ${edge(e)}`);
  for (const e of d.edgesRemoved ?? []) lines.push(`- edge ${edge(e)}`);
  if (d.semanticallyEqual) lines.push('no semantic changes');
  if (d.layoutMoves?.length) {
    lines.push('layout (no effect on calls):');
    for (const m of d.layoutMoves) lines.push(`  moved ${m.id}: ${m.old ?? 'none'} → ${m.new ?? 'none'}`);
  }
  return lines;
}
