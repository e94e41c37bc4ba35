import { get, parseJson, type JObject } from '../json/jsonAst';
import { didYouMean } from './bindContext';
import { atKey, DiagnosticBag } from './diagnostic';

/** What flows may refer to (flow-language.md §5): audio ids, queues and trunks. */
export interface Catalog {
  audio: Set<string>;
  queues: Set<string>;
  trunks: Set<string>;
}

const SECTIONS = ['audio', 'queues', 'trunks', 'endpoints'];
const ENDPOINT_TYPES = ['extension', 'pstn', 'sip_uri'];

/**
 * Reads a catalog the way the compiler's CatalogLoader does: its findings are CFL4007 (and the
 * input ids); a catalog with errors is not used.
 */
export function loadCatalog(text: string, bag: DiagnosticBag): Catalog | undefined {
  const parsed = parseJson(text);
  for (const p of parsed.problems) bag.report(p.id, p.message, { pos: p.pos, pointer: p.pointer });
  const root = parsed.root;
  if (!root) return undefined;
  const invalid = (at: Parameters<DiagnosticBag['report']>[2], problem: string) => bag.report('CFL4007', `Invalid catalog: ${problem}`, at);
  if (root.kind !== 'object') {
    invalid(root, 'the catalog must be an object with audio, queues, trunks and endpoints');
    return undefined;
  }
  for (const m of root.members)
    if (!SECTIONS.includes(m.key) && !m.key.startsWith('x-')) invalid(atKey(m), `unknown section '${m.key}'${didYouMean(m.key, SECTIONS)}`);
  const text_ = (value: JObject['members'][number]['value'], key: string, what: string) => {
    const inner = value.kind === 'object' ? get(value, key) : undefined;
    if (inner?.kind === 'string') return inner.value;
    if (value.kind === 'string') return value.value;
    invalid(value, `${what} needs a string '${key}'`);
    return undefined;
  };
  const entries = (section: string, read?: (id: string, value: JObject['members'][number]['value']) => void) => {
    const ids = new Set<string>();
    const obj = get(root, section);
    if (!obj) return ids;
    if (obj.kind !== 'object') {
      invalid(obj, `'${section}' must be an object keyed by id`);
      return ids;
    }
    for (const m of obj.members) {
      ids.add(m.key);
      read?.(m.key, m.value);
    }
    return ids;
  };
  const audio = entries('audio', (id, v) => void text_(v, 'path', `audio '${id}'`));
  const queues = entries('queues');
  const trunks = entries('trunks', (id, v) => {
    const format = text_(v, 'dial_format', `trunk '${id}'`) ?? '{number}';
    if (!format.includes('{number}') && !format.includes('{e164}')) {
      const at = v.kind === 'object' ? (get(v, 'dial_format') ?? v) : v;
      invalid(at, `dial_format of trunk '${id}' must contain {number} or {e164}`);
    }
  });
  const endpoints = get(root, 'endpoints');
  if (endpoints && endpoints.kind !== 'object') invalid(endpoints, `'endpoints' must be an object keyed by destination type`);
  if (endpoints?.kind === 'object') {
    for (const m of endpoints.members) {
      if (!ENDPOINT_TYPES.includes(m.key)) invalid(atKey(m), `endpoints has no destination type '${m.key}' (extension, pstn, sip_uri)`);
      else if (m.value.kind !== 'string') invalid(m.value, `endpoint '${m.key}' must be a string template`);
    }
  }
  return bag.has('error') ? undefined : { audio, queues, trunks };
}
