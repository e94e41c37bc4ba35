import { get, type JMember, type JObject, type JString, type JValue } from '../json/jsonAst';
import type { FieldSpec } from '../model/fields';
import { BindContext, checkShape, stringMember } from './bindContext';
import { isFlowId, isReferenceId, isRoomName, isVariableName, parseTemplate } from './identifiers';
import { isKnownTimeZone, parseDate, parseTime } from './timeRules';

/**
 * One binder per field kind, ported from the compiler's FieldType classes (Binding/Fields): each
 * checks a JSON value, reports located diagnostics with the same ids and positions, notes
 * variables and references, and returns the bound value (undefined when it failed).
 */
export function bindField(f: FieldSpec, v: JValue, ctx: BindContext): unknown {
  const name = f.key;
  switch (f.kind) {
    case 'int':
      return bindInteger(v, name, f.min ?? 0, f.max ?? Number.MAX_SAFE_INTEGER, ctx);
    case 'bool':
      return v.kind === 'boolean' ? v.value : ctx.wrongType(v, name, 'true or false');
    case 'enum':
      return bindEnum(v, name, f.options ?? [], ctx);
    case 'text':
      if (v.kind !== 'string') return ctx.wrongType(v, name, 'a string');
      if (v.value.length === 0) return report(ctx, 'CFL1034', `'${name}' must not be empty`, v);
      return v.value;
    case 'variable':
      return bindWrittenVariable(v, name, ctx);
    case 'refId':
      return bindReferenceId(v, name, f.refKind === 'queue' || f.refKind === 'trunk' ? f.refKind : name, ctx);
    case 'flowId':
      if (v.kind !== 'string') return ctx.wrongType(v, name, 'a string');
      if (!isFlowId(v.value)) return report(ctx, 'CFL1005', `Flow id '${v.value}' must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit`, v);
      ctx.facts.references.push({ kind: 'flow', id: v.value, at: v });
      return v.value;
    case 'room':
      if (v.kind !== 'string') return ctx.wrongType(v, name, 'a string');
      if (!isRoomName(v.value)) return report(ctx, 'CFL1025', `Room '${v.value}' must be 1-64 letters, digits, '_' or '-'`, v);
      return v.value;
    case 'url':
    case 'template':
      return bindTemplateField(v, name, f.kind === 'url', ctx);
    case 'timezone':
      if (v.kind !== 'string') return ctx.wrongType(v, name, 'an IANA time zone id');
      if (!isKnownTimeZone(v.value)) return report(ctx, 'CFL1012', `'${v.value}' is not an IANA time zone id`, v);
      return v.value;
    case 'terminator':
      if (v.kind === 'null') return '';
      if (v.kind !== 'string') return ctx.wrongType(v, name, 'a key (0-9, * or #) or null');
      if (/^[0-9*#]$/.test(v.value)) return v.value;
      return report(ctx, 'CFL1009', `'${name}' must be one of 0-9, *, #, null, not '${v.value}'`, v);
    case 'prompt':
      return bindPrompt(v, name, ctx);
    case 'promptOrMoh':
      if (v.kind === 'string') return v.value === 'moh' ? 'moh' : report(ctx, 'CFL1009', `'${name}' must be one of "moh", a prompt object, not '${v.value}'`, v);
      return v.kind === 'object' ? bindPrompt(v, name, ctx) : ctx.wrongType(v, name, '"moh" or a prompt object');
    case 'destination':
      return bindDestination(v, name, false, ctx);
    case 'destinations':
      if (v.kind !== 'array') return ctx.wrongType(v, name, 'an array of destinations');
      if (v.items.length === 0) return report(ctx, 'CFL1027', `'${name}' needs at least 1 item(s)`, v);
      if (v.items.length > 32) return report(ctx, 'CFL1028', `'${name}' allows at most 32 item(s), not ${v.items.length}`, v);
      return v.items.map((d) => bindDestination(d, name, true, ctx)).filter((d) => d !== undefined);
    case 'idList':
      if (v.kind !== 'array') return ctx.wrongType(v, name, 'an array of queue ids');
      if (v.items.length === 0) return report(ctx, 'CFL1027', `'${name}' needs at least 1 item(s)`, v);
      return v.items.map((i) => bindReferenceId(i, name, 'queue', ctx)).filter((i) => i !== undefined);
    case 'schedule':
      return bindSchedule(v, name, ctx);
    case 'holidays':
      return bindHolidays(v, name, ctx);
    case 'menuOptions':
      return bindMenuOptions(v, name, ctx);
    case 'rules':
      return bindRules(v, name, ctx);
    case 'headers':
      return bindHeaders(v, name, ctx);
    case 'assign':
    case 'extract':
      return bindVariableMap(v, name, f.kind === 'extract', ctx);
    case 'payload':
      return bindPayload(v, ctx) ? v : ctx.failed();
  }
}

function report(ctx: BindContext, id: string, message: string, at: JValue): undefined {
  ctx.report(id, message, at);
  return ctx.failed();
}

/** Integers only: 1.0 and 1e3 are out of range, as the compiler's TryGetInt64 sees them. */
function bindInteger(v: JValue, name: string, min: number, max: number, ctx: BindContext): number | undefined {
  if (v.kind !== 'number') return ctx.wrongType(v, name, 'an integer');
  const integral = isWholeNumber(v.raw);
  if (!integral || v.value < min || v.value > max) return report(ctx, 'CFL1008', `'${name}' must be a whole number from ${min} to ${max}, not ${v.raw}`, v);
  return v.value;
}

/** The compiler's JsonNumber.TryGetInt64: integers, and whole doubles such as 1e3 or 2.0 below 9e15. */
export function isWholeNumber(raw: string): boolean {
  if (/^-?[0-9]+$/.test(raw)) return BigInt(raw) >= -(2n ** 63n) && BigInt(raw) < 2n ** 63n;
  const d = Number(raw);
  return Number.isFinite(d) && Math.abs(d) < 9e15 && Math.floor(d) === d;
}

function bindEnum(v: JValue, name: string, values: readonly string[], ctx: BindContext): string | undefined {
  if (v.kind !== 'string') return ctx.wrongType(v, name, 'a string');
  if (values.includes(v.value)) return v.value;
  return report(ctx, 'CFL1009', `'${name}' must be one of ${values.join(', ')}, not '${v.value}'`, v);
}

function bindWrittenVariable(v: JValue, name: string, ctx: BindContext): string | undefined {
  if (v.kind !== 'string') return ctx.wrongType(v, name, 'a string');
  if (!isVariableName(v.value)) return report(ctx, 'CFL1019', `'${v.value}' is not a variable name`, v);
  ctx.facts.writes.push({ name: v.value, at: v });
  return v.value;
}

function bindReferenceId(v: JValue, name: string, kind: string, ctx: BindContext): string | undefined {
  if (v.kind !== 'string') return ctx.wrongType(v, name, 'a string');
  if (!isReferenceId(v.value)) return report(ctx, 'CFL1032', `'${v.value}' is not a valid ${kind} id (1-64 letters, digits, '_', '-' or '.')`, v);
  // Queues and trunks are checked against the catalog; other ids (mailbox) are not.
  if (kind === 'queue' || kind === 'trunk') ctx.facts.references.push({ kind, id: v.value, at: v });
  return v.value;
}

/** Parses a template and notes the variables it reads; CFL1020 when it does not parse. */
export function bindTemplate(s: JString, ctx: BindContext): string[] | undefined {
  const t = parseTemplate(s.value);
  if (t.error !== undefined) return report(ctx, 'CFL1020', `Invalid template: ${t.error}`, s);
  for (const name of t.variables) ctx.facts.reads.push({ name, at: s });
  return t.variables;
}

function bindTemplateField(v: JValue, name: string, isUrl: boolean, ctx: BindContext): string | undefined {
  if (v.kind !== 'string') return ctx.wrongType(v, name, 'a string');
  const variables = bindTemplate(v, ctx);
  if (!variables) return undefined;
  if (isUrl && !checkUrl(v, variables.length === 0, ctx)) {
    // A URL that is already an error (CFL1014, CFL1021) is not analysed further: no CFL3003 on top.
    ctx.facts.reads = ctx.facts.reads.filter((r) => r.at !== v);
    return ctx.failed();
  }
  return v.value;
}

function checkUrl(s: JString, literal: boolean, ctx: BindContext): boolean {
  const prefix = s.value.split('{{')[0];
  if (!literal && !authorityIsLiteral(prefix)) {
    ctx.report('CFL1021', `A template may not form the scheme or host of a URL: '${s.value}'`, s);
    return false;
  }
  const probe = s.value.replace(/\{\{[^}]*\}\}/g, 'x');
  if (!isAbsoluteHttpUrl(probe)) {
    ctx.report('CFL1014', `'${s.value}' is not an absolute http or https URL`, s);
    return false;
  }
  return true;
}

function authorityIsLiteral(prefix: string): boolean {
  const schemeEnd = prefix.indexOf('://');
  if (schemeEnd < 0) return false;
  const rest = prefix.slice(schemeEnd + 3);
  const end = rest.search(/[/?#]/);
  return end > 0;
}

function isAbsoluteHttpUrl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(text)) return false;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  if (!m || !/^https?$/i.test(m[1])) return false;
  // .NET's Uri refuses these in a host name where the WHATWG URL parser lets them through.
  const authority = /^[A-Za-z]+:\/\/([^/?#]*)/.exec(text)?.[1] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (/[,"<>\\^`{|}]/.test(host)) return false;
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0 && /^https?:\/\//i.test(text);
  } catch {
    return false;
  }
}

const PROMPT_KEYS = ['audio', 'sound', 'tts', 'voice'];

export function bindPrompt(v: JValue, name: string, ctx: BindContext): Record<string, string> | undefined {
  if (v.kind !== 'object') return ctx.wrongType(v, name, 'a prompt object');
  if (!checkShape(v, name, [], PROMPT_KEYS, ctx)) return undefined;
  const kinds = ['audio', 'sound', 'tts'].filter((k) => get(v, k));
  if (kinds.length !== 1) return report(ctx, 'CFL1010', `A prompt must have exactly one of 'audio', 'sound' or 'tts'${kinds.length === 0 ? '' : ` (it has ${kinds.join(' and ')})`}`, v);
  const kind = kinds[0];
  const voiceNode = get(v, 'voice');
  if (voiceNode && kind !== 'tts') return report(ctx, 'CFL1010', "A prompt must have exactly one of 'audio', 'sound' or 'tts' ('voice' goes with 'tts' only)", voiceNode);
  const text = stringMember(v, kind, kind, ctx);
  if (text === undefined) return ctx.failed();
  const valueNode = get(v, kind)!;
  if (text.length === 0) return report(ctx, 'CFL1034', `'${kind}' must not be empty`, valueNode);
  if (kind === 'audio') {
    if (!isReferenceId(text)) return report(ctx, 'CFL1032', `'${text}' is not a valid audio id (1-64 letters, digits, '_', '-' or '.')`, valueNode);
    ctx.facts.references.push({ kind: 'audio', id: text, at: valueNode as JString });
  }
  if (kind === 'tts' && voiceNode) {
    const voice = stringMember(v, 'voice', 'voice', ctx);
    if (voice === undefined) return ctx.failed();
    if (!isReferenceId(voice)) return report(ctx, 'CFL1032', `'${voice}' is not a valid voice id (1-64 letters, digits, '_', '-' or '.')`, voiceNode);
  }
  return { [kind]: text };
}

function isPstn(text: string): boolean {
  const clean = text.replace(/[ \-.()]/g, '');
  const digits = clean.startsWith('+') ? clean.slice(1) : clean;
  return digits.length >= 3 && digits.length <= 20 && /^[0-9]+$/.test(digits);
}

function isSipUri(text: string): boolean {
  if (!text.startsWith('sip:')) return false;
  const rest = text.slice(4);
  const at = rest.indexOf('@');
  if (at <= 0 || at === rest.length - 1 || rest.indexOf('@', at + 1) >= 0) return false;
  return [...rest].every((c) => c > ' ' && c !== '\u007f' && c !== '<' && c !== '>' && c !== '"');
}

export interface BoundDestination {
  type: string;
  value: string;
  trunk?: string;
}

function bindDestination(v: JValue, name: string, trunkRequiredForPstn: boolean, ctx: BindContext): BoundDestination | undefined {
  if (v.kind !== 'object') return ctx.wrongType(v, name, 'a destination object');
  if (!checkShape(v, name, ['type', 'value'], ['trunk'], ctx)) return undefined;
  const type = stringMember(v, 'type', 'type', ctx);
  const text = stringMember(v, 'value', 'value', ctx);
  if (type === undefined || text === undefined) return undefined;
  const valueNode = get(v, 'value')!;
  let trunk: string | undefined;
  const trunkNode = get(v, 'trunk');
  if (trunkNode) {
    trunk = stringMember(v, 'trunk', 'trunk', ctx);
    if (trunk === undefined) return undefined;
    if (!isReferenceId(trunk)) return report(ctx, 'CFL1032', `'${trunk}' is not a valid trunk id (1-64 letters, digits, '_', '-' or '.')`, trunkNode);
    ctx.facts.references.push({ kind: 'trunk', id: trunk, at: trunkNode as JString });
  }
  switch (type) {
    case 'extension':
      if (!isRoomName(text)) return report(ctx, 'CFL1015', `Extension '${text}' must be 1-64 letters, digits, '_' or '-'`, valueNode);
      return { type, value: text, trunk };
    case 'pstn':
      if (!isPstn(text)) return report(ctx, 'CFL1016', `'${text}' is not a phone number (3-20 digits, optional leading '+')`, valueNode);
      if (trunk === undefined && trunkRequiredForPstn) return report(ctx, 'CFL1018', "A pstn destination needs a 'trunk'", v);
      return { type, value: text, trunk };
    case 'sip_uri':
      if (!isSipUri(text)) return report(ctx, 'CFL1017', `'${text}' is not a SIP URI sip:user@host`, valueNode);
      return { type, value: text, trunk };
    default:
      return report(ctx, 'CFL1009', `'type' must be one of extension, pstn, sip_uri, not '${type}'`, get(v, 'type')!);
  }
}

function bindRanges(v: JValue, name: string, ctx: BindContext): { start: number; end: number }[] | undefined {
  if (v.kind !== 'array') return ctx.wrongType(v, name, 'an array of time ranges');
  const out: { start: number; end: number }[] = [];
  for (const item of v.items) {
    if (item.kind !== 'object') {
      ctx.wrongType(item, name, 'a time range object');
      continue;
    }
    if (!checkShape(item, 'time range', ['start', 'end'], [], ctx)) continue;
    const start = time(item, 'start', ctx);
    const end = time(item, 'end', ctx);
    if (start === undefined || end === undefined) continue;
    if (start === 24 * 60) {
      report(ctx, 'CFL1011', `'24:00' is not a time of day HH:MM between 00:00 and 24:00`, get(item, 'start')!);
      continue;
    }
    out.push({ start, end });
  }
  return out;
}

function time(range: JObject, key: string, ctx: BindContext): number | undefined {
  const text = stringMember(range, key, key, ctx);
  if (text === undefined) return undefined;
  const minutes = parseTime(text);
  if (minutes === undefined) return report(ctx, 'CFL1011', `'${text}' is not a time of day HH:MM between 00:00 and 24:00`, get(range, key)!);
  return minutes;
}

export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

function bindSchedule(v: JValue, name: string, ctx: BindContext): unknown[][] | undefined {
  if (v.kind !== 'object') return ctx.wrongType(v, name, 'an object with monday…sunday');
  checkShape(v, name, [], DAYS, ctx);
  return DAYS.map((d) => {
    const list = get(v, d);
    return list ? (bindRanges(list, d, ctx) ?? []) : [];
  });
}

function bindHolidays(v: JValue, name: string, ctx: BindContext): unknown[] | undefined {
  if (v.kind !== 'array') return ctx.wrongType(v, name, 'an array of holidays');
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const item of v.items) {
    if (item.kind !== 'object') {
      ctx.wrongType(item, name, 'a holiday object');
      continue;
    }
    if (!checkShape(item, 'holiday', ['date', 'name'], ['ranges'], ctx)) continue;
    const date = stringMember(item, 'date', 'date', ctx);
    const holidayName = stringMember(item, 'name', 'name', ctx);
    if (date === undefined || holidayName === undefined) continue;
    if (!parseDate(date)) {
      report(ctx, 'CFL1013', `'${date}' is not a date YYYY-MM-DD`, get(item, 'date')!);
      continue;
    }
    if (seen.has(date)) {
      report(ctx, 'CFL1035', `Holiday ${date} is listed twice`, get(item, 'date')!);
      continue;
    }
    seen.add(date);
    const r = get(item, 'ranges');
    out.push({ date, name: holidayName, ranges: r ? bindRanges(r, 'ranges', ctx) : undefined });
  }
  return out;
}

function bindMenuOptions(v: JValue, name: string, ctx: BindContext): Record<string, { label: string }> | undefined {
  if (v.kind !== 'object') return ctx.wrongType(v, name, 'an object of options keyed by digits');
  if (v.members.length === 0) return report(ctx, 'CFL1027', `'${name}' needs at least 1 item(s)`, v);
  const options: Record<string, { label: string }> = {};
  for (const m of v.members) {
    if (!/^[0-9*#]{1,2}$/.test(m.key)) {
      ctx.reportAtKey('CFL1022', `Menu key '${m.key}' must be one or two of 0-9, * and #`, m);
      ctx.failed();
      continue;
    }
    if (m.value.kind !== 'object') {
      ctx.wrongType(m.value, m.key, 'an object { "label": … }');
      continue;
    }
    if (!checkShape(m.value, `option ${m.key}`, [], ['label'], ctx)) continue;
    const label = get(m.value, 'label') ? stringMember(m.value, 'label', 'label', ctx) : '';
    if (label === undefined) continue;
    options[m.key] = { label };
  }
  return options;
}

const OPS = ['eq', 'ne', 'lt', 'gt', 'contains', 'matches', 'empty', 'not_empty'];
const DECIMAL = /^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$/;

function bindRules(v: JValue, name: string, ctx: BindContext): { name: string }[] | undefined {
  if (v.kind !== 'array') return ctx.wrongType(v, name, 'an array of rules');
  const rules: { name: string }[] = [];
  const names = new Set<string>();
  for (const item of v.items) {
    if (item.kind !== 'object') {
      ctx.wrongType(item, name, 'a rule object');
      continue;
    }
    if (!checkShape(item, 'rule', ['name', 'when'], [], ctx)) continue;
    const ruleName = stringMember(item, 'name', 'name', ctx);
    if (ruleName === undefined) continue;
    if (!isRoomName(ruleName)) {
      report(ctx, 'CFL1031', `Rule name '${ruleName}' must be 1-64 letters, digits, '_' or '-'`, get(item, 'name')!);
      continue;
    }
    if (names.has(ruleName)) {
      report(ctx, 'CFL1029', `Rule name '${ruleName}' is used twice; output names must be unique`, get(item, 'name')!);
      continue;
    }
    names.add(ruleName);
    if (bindCondition(get(item, 'when')!, ctx)) rules.push({ name: ruleName });
  }
  return rules;
}

function bindCondition(node: JValue, ctx: BindContext): boolean {
  if (node.kind !== 'object') return !!ctx.wrongType(node, 'when', 'a condition object');
  if (!checkShape(node, 'when', ['variable', 'op'], ['value'], ctx)) return false;
  const variable = stringMember(node, 'variable', 'variable', ctx);
  const op = stringMember(node, 'op', 'op', ctx);
  if (variable === undefined || op === undefined) return false;
  if (!isVariableName(variable)) return !!report(ctx, 'CFL1019', `'${variable}' is not a variable name`, get(node, 'variable')!);
  if (!OPS.includes(op)) return !!report(ctx, 'CFL1009', `'op' must be one of ${OPS.join(', ')}, not '${op}'`, get(node, 'op')!);
  ctx.facts.reads.push({ name: variable, at: get(node, 'variable')! });
  const valueNode = get(node, 'value');
  const text = valueNode?.kind === 'string' ? valueNode.value : valueNode?.kind === 'number' ? valueNode.raw : undefined;
  if (valueNode && text === undefined) return !!ctx.wrongType(valueNode, 'value', 'a string or a number');
  if (op === 'empty' || op === 'not_empty') {
    if (valueNode) return !!report(ctx, 'CFL1030', `Operator '${op}' takes no value`, valueNode);
    return true;
  }
  if (op === 'lt' || op === 'gt') {
    if (text === undefined || !DECIMAL.test(text)) return !!report(ctx, 'CFL1030', `Operator '${op}' needs a numeric value`, valueNode ?? node);
    return true;
  }
  if (text === undefined) return !!report(ctx, 'CFL1030', `Operator '${op}' needs a value`, node);
  if (op === 'matches') {
    try {
      new RegExp(text);
    } catch (e) {
      return !!report(ctx, 'CFL1023', `Invalid regular expression '${text}': ${(e as Error).message}`, valueNode!);
    }
  }
  return true;
}

function bindHeaders(v: JValue, name: string, ctx: BindContext): unknown {
  if (v.kind !== 'object') return ctx.wrongType(v, name, 'an object of header names and values');
  for (const m of v.members) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$/.test(m.key)) {
      ctx.reportAtKey('CFL1033', `'${m.key}' is not a valid HTTP header name`, m);
      ctx.failed();
      continue;
    }
    if (m.value.kind !== 'string') {
      ctx.wrongType(m.value, m.key, 'a string');
      continue;
    }
    bindTemplate(m.value, ctx);
  }
  return v;
}

function bindVariableMap(v: JValue, name: string, extract: boolean, ctx: BindContext): unknown {
  if (v.kind !== 'object') return ctx.wrongType(v, name, 'an object of variable names and values');
  for (const m of v.members) {
    if (!isVariableName(m.key)) {
      ctx.reportAtKey('CFL1019', `'${m.key}' is not a variable name`, m);
      ctx.failed();
      continue;
    }
    if (m.value.kind !== 'string') {
      ctx.wrongType(m.value, m.key, 'a string');
      continue;
    }
    if (extract) {
      if (!isJsonPath(m.value.value)) {
        report(ctx, 'CFL1024', `'${m.value.value}' is not a supported JSONPath ($ followed by .name and [index] steps)`, m.value);
        continue;
      }
    } else {
      // An entry may read what an earlier entry of the same node assigned.
      const earlier = ctx.facts.writes.map((w) => w.name);
      const readsBefore = ctx.facts.reads.length;
      if (!bindTemplate(m.value, ctx)) continue;
      for (const r of ctx.facts.reads.slice(readsBefore)) r.earlier = earlier;
    }
    ctx.facts.writes.push({ name: m.key, at: memberAnchor(m) });
  }
  return v;
}

const memberAnchor = (m: JMember) => m.value;

/** The JSONPath subset of the runtime: $ then .name, ['name'] and [index] steps. */
export function isJsonPath(text: string): boolean {
  if (text.length === 0 || text[0] !== '$') return false;
  let i = 1;
  while (i < text.length) {
    if (text[i] === '.') {
      const start = ++i;
      while (i < text.length && /[\p{L}\p{Nd}_\-$]/u.test(text[i])) i++;
      if (i === start) return false;
    } else if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return false;
      const inner = text.slice(i + 1, close);
      const quoted = inner.length >= 2 && inner[0] === "'" && inner[inner.length - 1] === "'";
      if (!quoted && !/^[0-9]+$/.test(inner)) return false;
      if (!quoted && !Number.isSafeInteger(Number(inner))) return false;
      i = close + 1;
    } else return false;
  }
  return true;
}

function bindPayload(v: JValue, ctx: BindContext): boolean {
  switch (v.kind) {
    // Every string is checked, not only up to the first bad one.
    case 'object':
      return v.members.map((m) => bindPayload(m.value, ctx)).every(Boolean);
    case 'array':
      return v.items.map((i) => bindPayload(i, ctx)).every(Boolean);
    case 'string':
      return bindTemplate(v, ctx) !== undefined;
    default:
      return true;
  }
}
