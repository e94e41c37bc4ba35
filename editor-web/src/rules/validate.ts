import { DEFAULT_LIMITS, parseJson } from '../json/jsonAst';
import { checkAnalysis, checkReferences } from './analysisRules';
import { bindFlow } from './binder';
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from './diagnostic';
import { checkGraph } from './graphRules';

const START = { pos: { line: 1, column: 1, offset: 0 }, pointer: '' };

/**
 * Validates flow JSON text the way `callyc check` does one file, stage by stage: input
 * (CFL0xxx), schema (CFL1xxx), graph (CFL2xxx), analysis (CFL3xxx) and the single-file
 * reference checks (CFL3007, CFL4002). Sorted by line, column, id and message.
 */
export function validateText(text: string): Diagnostic[] {
  const bag = new DiagnosticBag();
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > DEFAULT_LIMITS.maxFileBytes) {
    bag.report('CFL0005', `The file is ${bytes} bytes; the limit is ${DEFAULT_LIMITS.maxFileBytes}`, START);
    return bag.items;
  }
  if (text.charCodeAt(0) === 0xfeff) {
    // The compiler drops the byte-order mark before parsing: positions start after it.
    bag.report('CFL0006', 'The file starts with a UTF-8 byte-order mark; it is ignored', START);
    text = text.slice(1);
  }
  checkDocument(text, bag);
  return sortDiagnostics(bag.items);
}

/** Validates the bytes of a file: size, UTF-8 (CFL0002 at the first bad byte), then the text. */
export function validateBytes(bytes: Uint8Array): Diagnostic[] {
  if (bytes.length > DEFAULT_LIMITS.maxFileBytes) {
    const bag = new DiagnosticBag();
    bag.report('CFL0005', `The file is ${bytes.length} bytes; the limit is ${DEFAULT_LIMITS.maxFileBytes}`, START);
    return bag.items;
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const prefix = new TextDecoder().decode(body.subarray(0, bad));
    const lines = prefix.split(/\r\n|\r|\n/);
    const bag = new DiagnosticBag();
    const byte = body[bad].toString(16).toUpperCase().padStart(2, '0');
    bag.report('CFL0002', `The file is not valid UTF-8 (byte 0x${byte} at offset ${bad + (hasBom ? 3 : 0)})`, {
      pos: { line: lines.length, column: lines[lines.length - 1].length + 1, offset: prefix.length },
      pointer: '',
    });
    return bag.items;
  }
  const text = new TextDecoder().decode(body);
  return validateText(hasBom ? `\uFEFF${text}` : text);
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

function checkDocument(text: string, bag: DiagnosticBag): void {
  const parsed = parseJson(text);
  for (const p of parsed.problems) bag.report(p.id, p.message, { pos: p.pos, pointer: p.pointer });
  if (!parsed.root) return;
  const flow = bindFlow(parsed.root, bag);
  if (!flow) return;
  const graph = checkGraph(flow, bag);
  checkAnalysis(graph, bag);
  checkReferences(flow, bag);
}
