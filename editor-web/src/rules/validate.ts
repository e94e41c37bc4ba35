import { DEFAULT_LIMITS, parseJson } from '../json/jsonAst';
import { checkAnalysis } from './analysisRules';
import { bindFlow } from './binder';
import { loadCatalog, type Catalog } from './catalog';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from './diagnostic';
import { checkGraph } from './graphRules';
import { checkReferences, type CheckedFlow } from './references';

const START = { pos: { line: 1, column: 1, offset: 0 }, pointer: '' };

export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

/** Findings of a set of files checked together, by file name (the catalog's under its own name). */
export type FileFindings = Map<string, Diagnostic[]>;

/**
 * Checks flows the way `callyc check` does: each file through input (CFL0xxx), schema
 * (CFL1xxx), graph (CFL2xxx) and analysis (CFL3xxx), then the set's references (CFL3007,
 * CFL4xxx) against the catalog when one is given. Each file's findings are sorted by line,
 * column, id and message.
 */
export function checkFiles(files: SourceFile[], catalogFile?: SourceFile): FileFindings {
  const result: FileFindings = new Map();
  let catalog: Catalog | undefined;
  if (catalogFile) {
    const bag = new DiagnosticBag();
    const text = decode(catalogFile.bytes, bag);
    if (text !== undefined) catalog = loadCatalog(text, bag);
    result.set(catalogFile.name, sortDiagnostics(bag.items));
  }
  const checked: CheckedFlow[] = files.map((f) => {
    const bag = new DiagnosticBag();
    const text = decode(f.bytes, bag);
    return { name: f.name, bag, flow: text === undefined ? undefined : checkDocument(text, bag) };
  });
  checkReferences(checked, catalog);
  for (const c of checked) result.set(c.name, sortDiagnostics(c.bag.items));
  return result;
}

/** Checks one file's bytes on its own, without a catalog. */
export function validateBytes(bytes: Uint8Array): Diagnostic[] {
  return checkFiles([{ name: 'flow', bytes }]).get('flow')!;
}

/** Checks text (what the editor has in memory) on its own, without a catalog. */
export function validateText(text: string): Diagnostic[] {
  return validateBytes(new TextEncoder().encode(text));
}

/** Size, byte-order mark and UTF-8 (CFL0005, CFL0006, CFL0002): the text, or undefined. */
function decode(bytes: Uint8Array, bag: DiagnosticBag): string | undefined {
  if (bytes.length > DEFAULT_LIMITS.maxFileBytes) {
    bag.report('CFL0005', `The file is ${bytes.length} bytes; the limit is ${DEFAULT_LIMITS.maxFileBytes}`, START);
    return undefined;
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const prefix = new TextDecoder().decode(body.subarray(0, bad));
    const lines = prefix.split(/\r\n|\r|\n/);
    const byte = body[bad].toString(16).toUpperCase().padStart(2, '0');
    bag.report('CFL0002', `The file is not valid UTF-8 (byte 0x${byte} at offset ${bad + (hasBom ? 3 : 0)})`, {
      pos: { line: lines.length, column: lines[lines.length - 1].length + 1, offset: prefix.length },
      pointer: '',
    });
    return undefined;
  }
  // The byte-order mark is dropped before parsing: positions start after it.
  if (hasBom) bag.report('CFL0006', 'The file starts with a UTF-8 byte-order mark; it is ignored', START);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
}

/** Index of the first byte that starts an invalid UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const [n, min] = c < 0x80 ? [0, 0] : c >= 0xc2 && c <= 0xdf ? [1, 0x80] : c >= 0xe0 && c <= 0xef ? [2, 0x800] : c >= 0xf0 && c <= 0xf4 ? [3, 0x10000] : [-1, 0];
    if (n < 0 || i + n >= b.length) return i; // not a lead byte, or a sequence cut short
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      if ((b[i + k] & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (b[i + k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function checkDocument(text: string, bag: DiagnosticBag) {
  const parsed = parseJson(text);
  for (const p of parsed.problems) bag.report(p.id, p.message, { pos: p.pos, pointer: p.pointer });
  if (!parsed.root) return undefined;
  const flow = bindFlow(parsed.root, bag);
  if (!flow) return undefined;
  const graph = checkGraph(flow, bag);
  checkAnalysis(graph, bag);
  return flow;
}
