/**
 * A JSON parser that keeps the position of every token, so that diagnostics can point at the
 * same line and column as the compiler: lines and columns are 1-based, columns count UTF-16
 * code units (JavaScript string indexes), and only "\n" starts a new line.
 */

export interface Pos {
  line: number;
  column: number;
  offset: number;
}

interface Base {
  pos: Pos;
  /** JSON pointer of this value ("" for the root). */
  pointer: string;
}

export interface JObject extends Base {
  kind: 'object';
  members: JMember[];
}
export interface JMember {
  key: string;
  keyPos: Pos;
  value: JValue;
}
export interface JArray extends Base {
  kind: 'array';
  items: JValue[];
}
export interface JString extends Base {
  kind: 'string';
  value: string;
}
export interface JNumber extends Base {
  kind: 'number';
  value: number;
  /** The number as written, to tell 3 from 3.0. */
  raw: string;
}
export interface JBool extends Base {
  kind: 'boolean';
  value: boolean;
}
export interface JNull extends Base {
  kind: 'null';
}
export type JValue = JObject | JArray | JString | JNumber | JBool | JNull;

export interface ParseProblem {
  id: 'CFL0001' | 'CFL0003' | 'CFL0004' | 'CFL0007';
  message: string;
  pos: Pos;
  pointer: string;
}

export interface ParseResult {
  root?: JValue;
  problems: ParseProblem[];
}

export interface ParseLimits {
  maxFileBytes: number;
  maxDepth: number;
  maxStringLength: number;
}

/** The compiler's LoadLimits defaults. */
export const DEFAULT_LIMITS: ParseLimits = { maxFileBytes: 16 * 1024 * 1024, maxDepth: 64, maxStringLength: 64 * 1024 };

class ParseError extends Error {
  constructor(
    message: string,
    readonly pos: Pos,
  ) {
    super(message);
  }
}

export function escapePointerToken(t: string): string {
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Parses JSON text; never throws. Duplicate keys keep the first value (CFL0004 on the second). */
export function parseJson(text: string, limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  const p = new Parser(text, limits);
  return p.run();
}

class Parser {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  readonly problems: ParseProblem[] = [];

  constructor(
    private readonly s: string,
    private readonly limits: ParseLimits,
  ) {}

  run(): ParseResult {
    try {
      this.ws();
      if (this.i >= this.s.length) throw new ParseError('the file is empty; expected a JSON object', this.pos());
      const root = this.value('', 0);
      this.ws();
      if (this.i < this.s.length) throw new ParseError(`unexpected '${this.s[this.i]}' after the end of the document`, this.pos());
      return { root, problems: this.problems };
    } catch (e) {
      if (e instanceof ParseError) {
        const id = e.message.startsWith('nesting') ? 'CFL0003' : 'CFL0001';
        this.problems.push({ id, message: e.message, pos: e.pos, pointer: '' });
        return { problems: this.problems };
      }
      throw e;
    }
  }

  private pos(): Pos {
    return { line: this.line, column: this.i - this.lineStart + 1, offset: this.i };
  }

  private ws(): void {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x0a || c === 0x0d) {
        // "\r\n", "\n" and a lone "\r" each end a line, as in the compiler's SourceText.
        this.i += c === 0x0d && s.charCodeAt(this.i + 1) === 0x0a ? 2 : 1;
        this.line++;
        this.lineStart = this.i;
      } else if (c === 0x20 || c === 0x09) {
        this.i++;
      } else return;
    }
  }

  private value(pointer: string, depth: number): JValue {
    const pos = this.pos();
    const c = this.s[this.i];
    if (c === '{' || c === '[') {
      if (depth + 1 > this.limits.maxDepth) throw new ParseError(`nesting is deeper than ${this.limits.maxDepth} levels`, pos);
      return c === '{' ? this.object(pointer, depth + 1, pos) : this.array(pointer, depth + 1, pos);
    }
    if (c === '"') return { kind: 'string', value: this.string(), pos, pointer };
    if (c === '-' || (c >= '0' && c <= '9')) return this.number(pointer, pos);
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v === null ? { kind: 'null', pos, pointer } : { kind: 'boolean', value: v, pos, pointer };
      }
    }
    if (this.i >= this.s.length) throw new ParseError('unexpected end of the document', pos);
    throw new ParseError(`unexpected '${c}'`, pos);
  }

  private object(pointer: string, depth: number, pos: Pos): JObject {
    this.i++;
    const members: JMember[] = [];
    const seen = new Set<string>();
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { kind: 'object', members, pos, pointer };
    }
    for (;;) {
      this.ws();
      const keyPos = this.pos();
      if (this.s[this.i] !== '"') throw new ParseError('expected a property name in double quotes', keyPos);
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') throw new ParseError("expected ':' after the property name", this.pos());
      this.i++;
      this.ws();
      const value = this.value(`${pointer}/${escapePointerToken(key)}`, depth);
      if (seen.has(key)) {
        this.problems.push({ id: 'CFL0004', message: `Duplicate key '${key}' (the first one is used)`, pos: keyPos, pointer: value.pointer });
      } else {
        seen.add(key);
        members.push({ key, keyPos, value });
      }
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return { kind: 'object', members, pos, pointer };
      }
      throw new ParseError(this.i >= this.s.length ? 'unexpected end of the document' : "expected ',' or '}'", this.pos());
    }
  }

  private array(pointer: string, depth: number, pos: Pos): JArray {
    this.i++;
    const items: JValue[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return { kind: 'array', items, pos, pointer };
    }
    for (;;) {
      this.ws();
      items.push(this.value(`${pointer}/${items.length}`, depth));
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return { kind: 'array', items, pos, pointer };
      }
      throw new ParseError(this.i >= this.s.length ? 'unexpected end of the document' : "expected ',' or ']'", this.pos());
    }
  }

  private string(): string {
    const start = this.pos();
    this.i++;
    let out = '';
    let chunk = this.i;
    const s = this.s;
    for (;;) {
      if (this.i >= s.length) throw new ParseError('unterminated string', start);
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(chunk, this.i);
        this.i++;
        break;
      }
      if (c < 0x20) throw new ParseError('control character in a string', this.pos());
      if (c === 0x5c) {
        out += s.slice(chunk, this.i);
        const e = s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else throw new ParseError('invalid escape in a string', this.pos());
        chunk = this.i;
        continue;
      }
      this.i++;
    }
    if (out.length > this.limits.maxStringLength) {
      this.problems.push({ id: 'CFL0007', message: `A string of ${out.length} characters exceeds the limit of ${this.limits.maxStringLength}`, pos: start, pointer: '' });
    }
    return out;
  }

  /** Strict RFC 8259 numbers; errors point where the compiler's parser points. */
  private number(pointer: string, pos: Pos): JNumber {
    const s = this.s;
    const start = this.i;
    const digit = () => this.i < s.length && s[this.i] >= '0' && s[this.i] <= '9';
    if (s[this.i] === '-') this.i++;
    if (s[this.i] === '0') this.i++;
    else if (digit()) while (digit()) this.i++;
    else throw new ParseError("invalid number; expected a digit after '-'", pos);
    if (s[this.i] === '.') {
      this.i++;
      if (!digit()) throw new ParseError("invalid number; expected a digit after '.'", this.pos());
      while (digit()) this.i++;
    }
    if (s[this.i] === 'e' || s[this.i] === 'E') {
      this.i++;
      if (s[this.i] === '+' || s[this.i] === '-') this.i++;
      if (!digit()) throw new ParseError('invalid number; expected a digit in the exponent', this.pos());
      while (digit()) this.i++;
    }
    if (digit() && (s[start] === '0' || s[start] === '-')) throw new ParseError('invalid number; leading zeros are not allowed', pos);
    const raw = s.slice(start, this.i);
    return { kind: 'number', value: Number(raw), raw, pos, pointer };
  }

}

/** The member of an object with this key. */
export function member(o: JValue | undefined, key: string): JMember | undefined {
  return o?.kind === 'object' ? o.members.find((m) => m.key === key) : undefined;
}

/** The value of an object's member. */
export function get(o: JValue | undefined, key: string): JValue | undefined {
  return member(o, key)?.value;
}

/** Plain JavaScript value of a JSON value. */
export function toPlain(v: JValue): unknown {
  switch (v.kind) {
    case 'object':
      return Object.fromEntries(v.members.map((m) => [m.key, toPlain(m.value)]));
    case 'array':
      return v.items.map(toPlain);
    case 'null':
      return null;
    default:
      return v.value;
  }
}
