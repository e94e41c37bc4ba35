/**
 * Deterministic mutations of valid flows, to compare the editor's rules with the compiler's on
 * many broken documents: deleted keys, wrong types, odd strings, unknown keys, rewired edges.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A small seeded PRNG (mulberry32): the same seed gives the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  '', 'start', 'webhook', 'hangup', 'play_audoi', 'Bad Id', '9lives', 'next', 'digit:9', 'rule:nope', 'default', 'timeout', 'abandoned',
  '25:00', '24:00', '9:00', '2026-02-30', '2026-12-25', 'https://{{host}}/x', 'ftp://x', 'https://ok.example.com/{{ var }}', '{{bad',
  '{{Caller}}', 'sip:x', 'sip:desk@pbx', '+1 (555) 010', '12', 'Europe/Paris', 'Mars/Base', 'europe/paris', '$.a[0]', 'a.b', 'moh', '#',
  'x-extra', 'not_empty', 'matches', '(', 'gold', 'Bad Header', 'support-line', 'UPPER', 'a'.repeat(70),
];

function pathsOf(v: Json, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) pathsOf(v[k], [...path, k], out);
  return out;
}

function getAt(v: Json, path: (string | number)[]): Json {
  return path.reduce<Json>((cur, k) => (cur as Record<string, Json>)[k as string], v);
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string, Json> | Json[];
  const key = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else (parent as Record<string | number, Json>)[key] = value;
}

function randomValue(r: () => number, ids: string[]): Json {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  switch (Math.floor(r() * 9)) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick([0, -1, 1, 3, 1.5, 100, 99999999, 600001, 2]);
    case 3:
      return {};
    case 4:
      return [];
    case 5:
      return pick(ids);
    default:
      return pick(STRINGS);
  }
}

/** One to three mutations of a document; returns the new document. */
export function mutate(doc: Json, r: () => number): Json {
  const copy = structuredClone(doc);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const ids = ((copy as { nodes: { id: string }[] }).nodes ?? []).map((n) => n.id);
  const count = 1 + Math.floor(r() * 3);
  for (let m = 0; m < count; m++) {
    const paths = pathsOf(copy).filter((p) => p.length > 0);
    const path = pick(paths);
    const kind = Math.floor(r() * 6);
    try {
      if (kind === 0) setAt(copy, path, undefined);
      else if (kind === 1 || kind === 2) setAt(copy, path, randomValue(r, ids));
      else if (kind === 3) {
        const target = getAt(copy, path);
        if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, Json>)[pick(['colour', 'x-note', 'labels', 'conifg', 'sourcehandle'])] = 1;
        else setAt(copy, path, pick(STRINGS));
      } else if (kind === 4) {
        const edges = (copy as { edges: Json[] }).edges;
        if (Array.isArray(edges) && edges.length) {
          const e = structuredClone(pick(edges)) as Record<string, Json>;
          if (e && typeof e === 'object') {
            e[pick(['source', 'target', 'sourceHandle'])] = r() < 0.6 ? pick(ids) : pick(STRINGS);
            edges.push(e);
          }
        }
      } else {
        const nodes = (copy as { nodes: Json[] }).nodes;
        if (Array.isArray(nodes) && nodes.length) nodes.push(structuredClone(pick(nodes)));
      }
    } catch {
      // A path made stale by an earlier mutation: skip it.
    }
  }
  return copy;
}
