import { get, member, type JObject, type JValue } from '../json/jsonAst';
import { atKey, type DiagnosticBag } from './diagnostic';
import { parseTemplate, VARIABLE_NAME } from './templates';

/** Shared checks on single JSON values; every check reports into the bag and says whether it passed. */
export class ValueChecker {
  constructor(
    readonly bag: DiagnosticBag,
    readonly nodeId?: string,
  ) {}

  withNode(nodeId: string | undefined): ValueChecker {
    return new ValueChecker(this.bag, nodeId);
  }

  report(id: string, message: string, at: JValue): void {
    this.bag.report(id, message, at, this.nodeId);
  }

  typeName(v: JValue): string {
    if (v.kind === 'number') return Number.isInteger(v.value) ? 'integer' : 'number';
    return v.kind;
  }

  wrongType(v: JValue, name: string, expected: string): void {
    this.report('CFL1001', `'${name}' must be ${expected}, not ${this.typeName(v)}`, v);
  }

  object(v: JValue, name: string): v is JObject {
    if (v.kind === 'object') return true;
    this.wrongType(v, name, 'object');
    return false;
  }

  string(v: JValue, name: string): v is Extract<JValue, { kind: 'string' }> {
    if (v.kind === 'string') return true;
    this.wrongType(v, name, 'string');
    return false;
  }

  /** A string that must not be empty. */
  text(v: JValue, name: string): boolean {
    if (!this.string(v, name)) return false;
    if (v.value.length === 0) {
      this.report('CFL1034', `'${name}' must not be empty`, v);
      return false;
    }
    return true;
  }

  pattern(v: JValue, name: string, re: RegExp, id: string, message: string): boolean {
    if (!this.text(v, name)) return false;
    if (v.kind === 'string' && !re.test(v.value)) {
      this.report(id, message, v);
      return false;
    }
    return true;
  }

  integer(v: JValue, name: string, min?: number, max?: number): boolean {
    if (v.kind !== 'number' || !Number.isInteger(v.value)) {
      this.wrongType(v, name, 'integer');
      return false;
    }
    if ((min !== undefined && v.value < min) || (max !== undefined && v.value > max)) {
      const range = max === undefined ? `at least ${min}` : min === undefined ? `at most ${max}` : `between ${min} and ${max}`;
      this.report('CFL1008', `'${name}' must be ${range}, not ${v.raw}`, v);
      return false;
    }
    return true;
  }

  boolean(v: JValue, name: string): boolean {
    if (v.kind === 'boolean') return true;
    this.wrongType(v, name, 'boolean');
    return false;
  }

  enumValue(v: JValue, name: string, options: readonly string[]): boolean {
    if (!this.string(v, name)) return false;
    if (!options.includes(v.value)) {
      this.report('CFL1009', `'${name}' must be one of ${options.join(', ')}, not '${v.value}'`, v);
      return false;
    }
    return true;
  }

  variable(v: JValue, name: string): boolean {
    return this.pattern(v, name, VARIABLE_NAME, 'CFL1019', `'${v.kind === 'string' ? v.value : ''}' is not a variable name`);
  }

  template(v: JValue, name: string): boolean {
    if (!this.string(v, name)) return false;
    const t = parseTemplate(v.value);
    if (t.error) {
      this.report('CFL1020', `Invalid template: ${t.error}`, v);
      return false;
    }
    return true;
  }

  /** Reports keys not in `allowed` (keys starting with x- are always allowed). */
  unknownKeys(o: JObject, allowed: readonly string[]): void {
    for (const m of o.members) {
      if (m.key.startsWith('x-') || allowed.includes(m.key)) continue;
      const hint = suggest(m.key, allowed);
      this.bag.report('CFL1003', `Unknown property '${m.key}'${hint ? `; did you mean '${hint}'?` : ''}`, atKey(m), this.nodeId);
    }
  }

  /** Reports required keys that are missing, at the object. Returns true when all are there. */
  requiredKeys(o: JObject, name: string, keys: readonly string[]): boolean {
    let ok = true;
    for (const k of keys) {
      if (!member(o, k)) {
        this.report('CFL1002', `'${name}' is missing required property '${k}'`, o);
        ok = false;
      }
    }
    return ok;
  }

  /** Checks each present key with its check. */
  each(o: JObject, checks: Record<string, (v: JValue) => void>): void {
    for (const [k, check] of Object.entries(checks)) {
      const v = get(o, k);
      if (v) check(v);
    }
  }

  count(v: JValue, name: string, n: number, min?: number, max?: number): boolean {
    if (min !== undefined && n < min) {
      this.report('CFL1027', `'${name}' needs at least ${min} item(s)`, v);
      return false;
    }
    if (max !== undefined && n > max) {
      this.report('CFL1028', `'${name}' allows at most ${max} item(s), not ${n}`, v);
      return false;
    }
    return true;
  }
}

/** The closest allowed word within two edits, for "did you mean". */
export function suggest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
