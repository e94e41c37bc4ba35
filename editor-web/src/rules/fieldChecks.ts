import { get, member, type JObject, type JValue } from '../json/jsonAst';
import type { FieldSpec } from '../model/fields';
import { atKey } from './diagnostic';
import { parseTemplate } from './templates';
import type { ValueChecker } from './valueChecks';

export const FLOW_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const NODE_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const REF_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const ROOM = /^[A-Za-z0-9_-]{1,64}$/;
const EXTENSION = /^[A-Za-z0-9_-]{1,64}$/;
const PSTN = /^\+?[0-9]{3,20}$/;
const SIP_URI = /^sips?:[^@\s]+@[^@\s]+$/;
const MENU_KEY = /^[0-9*#]{1,2}$/;
const RULE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const JSON_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_-]*|\[[0-9]+\])*$/;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
export const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const RULE_OPS = ['eq', 'ne', 'lt', 'gt', 'contains', 'matches', 'empty', 'not_empty'];
const DESTINATION_TYPES = ['extension', 'pstn', 'sip_uri'];

/** Checks one config value against its field description. */
export function checkField(c: ValueChecker, f: FieldSpec, v: JValue, config: JObject): void {
  const name = f.key;
  switch (f.kind) {
    case 'int':
      c.integer(v, name, f.min, f.max);
      return;
    case 'bool':
      c.boolean(v, name);
      return;
    case 'text':
      c.string(v, name);
      return;
    case 'enum':
      c.enumValue(v, name, f.options ?? []);
      return;
    case 'variable':
      c.variable(v, name);
      return;
    case 'refId':
      refId(c, v, name, f.refKind ?? 'reference');
      return;
    case 'flowId':
      c.pattern(v, name, FLOW_ID, 'CFL1005', `Flow id '${str(v)}' must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit`);
      return;
    case 'room':
      c.pattern(v, name, ROOM, 'CFL1025', `Room '${str(v)}' must be 1-64 letters, digits, '_' or '-'`);
      return;
    case 'url':
      url(c, v, name);
      return;
    case 'template':
      c.template(v, name);
      return;
    case 'timezone':
      if (c.text(v, name) && !isTimeZone(str(v))) c.report('CFL1012', `'${str(v)}' is not an IANA time zone id`, v);
      return;
    case 'terminator':
      if (v.kind === 'null') return;
      if (c.string(v, name) && !/^[0-9*#]$/.test(str(v))) c.report('CFL1009', `'${name}' must be one of 0-9, *, #, not '${str(v)}'`, v);
      return;
    case 'prompt':
      prompt(c, v, name);
      return;
    case 'promptOrMoh':
      if (v.kind === 'string') {
        if (v.value !== 'moh') c.report('CFL1009', `'${name}' must be one of moh, a prompt, not '${v.value}'`, v);
      } else prompt(c, v, name);
      return;
    case 'destination':
      destination(c, v, name, get(config, 'trunk'));
      return;
    case 'destinations':
      if (v.kind !== 'array') return c.wrongType(v, name, 'array');
      if (c.count(v, name, v.items.length, f.min, f.max)) v.items.forEach((d) => destination(c, d, name, undefined));
      return;
    case 'idList':
      if (v.kind !== 'array') return c.wrongType(v, name, 'array');
      c.count(v, name, v.items.length, f.min, f.max);
      v.items.forEach((d) => refId(c, d, name, f.refKind ?? 'reference'));
      return;
    case 'schedule':
      schedule(c, v, name);
      return;
    case 'holidays':
      holidays(c, v, name);
      return;
    case 'menuOptions':
      menuOptions(c, v, name);
      return;
    case 'rules':
      rules(c, v, name);
      return;
    case 'headers':
      headers(c, v, name);
      return;
    case 'assign':
      if (!c.object(v, name)) return;
      for (const m of v.members) {
        if (!variableKey(c, m.key, m)) continue;
        c.template(m.value, m.key);
      }
      return;
    case 'extract':
      if (!c.object(v, name)) return;
      for (const m of v.members) {
        if (!variableKey(c, m.key, m)) continue;
        c.pattern(m.value, m.key, JSON_PATH, 'CFL1024', `'${str(m.value)}' is not a supported JSONPath ($ followed by .name and [index] steps)`);
      }
      return;
    case 'payload':
      payloadTemplates(c, v);
      return;
  }
}

const str = (v: JValue | undefined): string => (v?.kind === 'string' ? v.value : '');

function refId(c: ValueChecker, v: JValue, name: string, kind: string): void {
  c.pattern(v, name, REF_ID, 'CFL1032', `'${str(v)}' is not a valid ${kind} id (1-64 letters, digits, '_', '-' or '.')`);
}

function variableKey(c: ValueChecker, key: string, m: NonNullable<ReturnType<typeof member>>): boolean {
  if (/^[a-z_][a-z0-9_]{0,63}$/.test(key)) return true;
  c.bag.report('CFL1019', `'${key}' is not a variable name`, atKey(m), c.nodeId);
  return false;
}

let zones: Set<string> | undefined;
/** True for an IANA zone id the platform knows (UTC and Etc/* included). */
export function isTimeZone(id: string): boolean {
  if (!id || id !== id.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: id });
  } catch {
    return false;
  }
  // Intl accepts offsets like "+01:00" that are not IANA ids.
  if (!/^[A-Za-z]/.test(id)) return false;
  zones ??= new Set(Intl.supportedValuesOf?.('timeZone') ?? []);
  return zones.size === 0 || zones.has(id) || /^(UTC|Etc\/|GMT)/.test(id) || id.includes('/');
}

function url(c: ValueChecker, v: JValue, name: string): void {
  if (!c.text(v, name)) return;
  const text = str(v);
  const t = parseTemplate(text);
  if (t.error) return c.report('CFL1020', `Invalid template: ${t.error}`, v);
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(text);
  const authority = m ? `${m[1]}://${m[2]}` : text.split(/[/?#]/)[0];
  if (authority.includes('{{')) return c.report('CFL1021', `A template may not form the scheme or host of a URL: '${text}'`, v);
  if (!m || !/^https?$/i.test(m[1]) || m[2].length === 0) return c.report('CFL1014', `'${text}' is not an absolute http or https URL`, v);
  try {
    new URL(text.replace(/\{\{[a-z0-9_]+\}\}/g, 'x'));
  } catch {
    c.report('CFL1014', `'${text}' is not an absolute http or https URL`, v);
  }
}

export function prompt(c: ValueChecker, v: JValue, name: string): void {
  if (!c.object(v, name)) return;
  c.unknownKeys(v, ['audio', 'sound', 'tts', 'voice']);
  const kinds = ['audio', 'sound', 'tts'].filter((k) => member(v, k));
  if (kinds.length !== 1) {
    c.report('CFL1010', `A prompt must have exactly one of 'audio', 'sound' or 'tts'${kinds.length ? ` (it has ${kinds.join(', ')})` : ''}`, v);
    return;
  }
  c.each(v, {
    audio: (a) => refId(c, a, 'audio', 'audio'),
    sound: (s) => c.text(s, 'sound'),
    tts: (s) => c.text(s, 'tts'),
    voice: (s) => c.text(s, 'voice'),
  });
}

function destination(c: ValueChecker, v: JValue, name: string, nodeTrunk: JValue | undefined): void {
  if (!c.object(v, name)) return;
  c.unknownKeys(v, ['type', 'value', 'trunk']);
  if (!c.requiredKeys(v, name, ['type', 'value'])) return;
  const type = get(v, 'type')!;
  const value = get(v, 'value')!;
  const trunk = get(v, 'trunk');
  if (trunk) refId(c, trunk, 'trunk', 'trunk');
  if (!c.enumValue(type, 'type', DESTINATION_TYPES)) return;
  if (!c.text(value, 'value')) return;
  const text = str(value);
  if (str(type) === 'extension' && !EXTENSION.test(text)) c.report('CFL1015', `Extension '${text}' must be 1-64 letters, digits, '_' or '-'`, value);
  if (str(type) === 'sip_uri' && !SIP_URI.test(text)) c.report('CFL1017', `'${text}' is not a SIP URI sip:user@host`, value);
  if (str(type) === 'pstn') {
    if (!PSTN.test(text.replace(/[\s\-.()]/g, ''))) c.report('CFL1016', `'${text}' is not a phone number`, value);
    if (!trunk && !nodeTrunk) c.report('CFL1018', "A pstn destination needs a 'trunk'", v);
  }
}

function time(c: ValueChecker, v: JValue, name: string): void {
  if (c.string(v, name) && !TIME.test(str(v))) c.report('CFL1011', `'${str(v)}' is not a time of day HH:MM between 00:00 and 24:00`, v);
}

function ranges(c: ValueChecker, v: JValue, name: string): void {
  if (v.kind !== 'array') return c.wrongType(v, name, 'array');
  for (const r of v.items) {
    if (!c.object(r, name)) continue;
    c.unknownKeys(r, ['start', 'end']);
    c.requiredKeys(r, 'range', ['start', 'end']);
    c.each(r, { start: (t) => time(c, t, 'start'), end: (t) => time(c, t, 'end') });
  }
}

function schedule(c: ValueChecker, v: JValue, name: string): void {
  if (!c.object(v, name)) return;
  c.unknownKeys(v, DAYS);
  for (const m of v.members) if ((DAYS as readonly string[]).includes(m.key)) ranges(c, m.value, m.key);
}

function isRealDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function holidays(c: ValueChecker, v: JValue, name: string): void {
  if (v.kind !== 'array') return c.wrongType(v, name, 'array');
  const seen = new Set<string>();
  for (const h of v.items) {
    if (!c.object(h, name)) continue;
    c.unknownKeys(h, ['date', 'name', 'ranges']);
    if (!c.requiredKeys(h, 'holiday', ['date'])) continue;
    const date = get(h, 'date')!;
    c.each(h, { name: (n) => c.string(n, 'name'), ranges: (r) => ranges(c, r, 'ranges') });
    if (!c.string(date, 'date')) continue;
    if (!isRealDate(date.value)) c.report('CFL1013', `'${date.value}' is not a date YYYY-MM-DD`, date);
    else if (seen.has(date.value)) c.report('CFL1035', `Holiday ${date.value} is listed twice`, date);
    seen.add(date.value);
  }
}

function menuOptions(c: ValueChecker, v: JValue, name: string): void {
  if (!c.object(v, name)) return;
  c.count(v, name, v.members.length, 1);
  for (const m of v.members) {
    if (!MENU_KEY.test(m.key)) c.bag.report('CFL1022', `Menu key '${m.key}' must be one or two of 0-9, * and #`, atKey(m), c.nodeId);
    if (!c.object(m.value, m.key)) continue;
    c.unknownKeys(m.value, ['label']);
    c.each(m.value, { label: (l) => c.string(l, 'label') });
  }
}

function rules(c: ValueChecker, v: JValue, name: string): void {
  if (v.kind !== 'array') return c.wrongType(v, name, 'array');
  c.count(v, name, v.items.length, 1);
  const names = new Set<string>();
  for (const r of v.items) {
    if (!c.object(r, 'rule')) continue;
    c.unknownKeys(r, ['name', 'when']);
    if (!c.requiredKeys(r, 'rule', ['name', 'when'])) continue;
    const n = get(r, 'name')!;
    if (c.pattern(n, 'name', RULE_NAME, 'CFL1031', `Rule name '${str(n)}' must be 1-64 letters, digits, '_' or '-'`)) {
      if (names.has(str(n))) c.report('CFL1029', `Rule name '${str(n)}' is used twice; output names must be unique`, n);
      names.add(str(n));
    }
    const w = get(r, 'when')!;
    if (!c.object(w, 'when')) continue;
    c.unknownKeys(w, ['variable', 'op', 'value']);
    if (!c.requiredKeys(w, 'when', ['variable', 'op'])) continue;
    c.variable(get(w, 'variable')!, 'variable');
    const op = get(w, 'op')!;
    if (!c.enumValue(op, 'op', RULE_OPS)) continue;
    ruleValue(c, str(op), get(w, 'value'), w);
  }
}

function ruleValue(c: ValueChecker, op: string, value: JValue | undefined, when: JObject): void {
  if (op === 'empty' || op === 'not_empty') {
    if (value) c.report('CFL1030', `Operator '${op}' takes no value`, value);
    return;
  }
  if (!value) return c.report('CFL1030', `Operator '${op}' needs a value`, when);
  if (op === 'lt' || op === 'gt') {
    const numeric = value.kind === 'number' || (value.kind === 'string' && value.value.trim() !== '' && Number.isFinite(Number(value.value)));
    if (!numeric) c.report('CFL1030', `Operator '${op}' compares numbers`, value);
    return;
  }
  if (value.kind !== 'string' && value.kind !== 'number' && value.kind !== 'boolean') return c.wrongType(value, 'value', 'string');
  if (op === 'matches' && value.kind === 'string') {
    try {
      new RegExp(value.value);
    } catch (e) {
      c.report('CFL1023', `Invalid regular expression '${value.value}': ${(e as Error).message}`, value);
    }
  }
}

function headers(c: ValueChecker, v: JValue, name: string): void {
  if (!c.object(v, name)) return;
  for (const m of v.members) {
    if (!HEADER_NAME.test(m.key)) {
      c.bag.report('CFL1033', `'${m.key}' is not a valid HTTP header name`, atKey(m), c.nodeId);
      continue;
    }
    c.template(m.value, m.key);
  }
}

function payloadTemplates(c: ValueChecker, v: JValue): void {
  if (v.kind === 'string') c.template(v, 'payload');
  else if (v.kind === 'array') v.items.forEach((i) => payloadTemplates(c, i));
  else if (v.kind === 'object') v.members.forEach((m) => payloadTemplates(c, m.value));
}
