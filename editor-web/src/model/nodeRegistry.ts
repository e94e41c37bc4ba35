import type { FieldKind, FieldSpec } from './fields';
import { schemaNodeFacts, type SchemaNodeFacts } from '../schema/schemaNodes';

/** Config of one node: the JSON object under `config`. */
export type NodeConfig = Record<string, unknown>;

/** One output handle a node offers, named exactly as in the flow language. */
export interface OutputSpec {
  name: string;
  required: boolean;
  /** Only webhook nodes may follow it (a queue's `abandoned`): the schema's x-outputs flag, which the compiler declares. */
  webhooksOnly?: boolean;
}

/** The hand-written part of a node type (see HAND). */
interface HandNode {
  type: string;
  label: string;
  category: NodeTypeDef['category'];
  /** The form widget of each config field, by key; the fields themselves are the schema's. */
  fields: readonly { key: string; kind: FieldKind; refKind?: string }[];
  defaultConfig(): NodeConfig;
  summary(config: NodeConfig): string[];
}

/** How the editor knows one node type: every layer of the editor reads this one entry. */
export interface NodeTypeDef {
  type: string;
  label: string;
  category: 'Call' | 'Input' | 'Routing' | 'Data' | 'End';
  /** Terminal nodes have no outputs; they may only lead to webhook nodes. */
  terminal: boolean;
  /**
   * Breaks a silent loop (CFL3002), as the compiler's NodeType.Waits: nodes that wait for the
   * caller, and subflow (a called flow normally prompts).
   */
  waitsForCaller: boolean;
  /** Variables every node of the type sets (schema x-sets): its writes for definite assignment (CFL3003). */
  sets: string[];
  fields: readonly FieldSpec[];
  outputs(config: NodeConfig): OutputSpec[];
  defaultConfig(): NodeConfig;
  /** Short lines for the card: the key settings. */
  summary(config: NodeConfig): string[];
}

function promptText(p: unknown): string {
  if (p === 'moh') return 'music on hold';
  if (!p || typeof p !== 'object') return '';
  const o = p as Record<string, unknown>;
  if (typeof o.audio === 'string') return `audio: ${o.audio}`;
  if (typeof o.sound === 'string') return `sound: ${o.sound}`;
  if (typeof o.tts === 'string') return `tts: “${o.tts}”`;
  return '';
}

function destinationText(d: unknown): string {
  if (!d || typeof d !== 'object') return '';
  const o = d as Record<string, unknown>;
  return `${String(o.type ?? '?')}: ${String(o.value ?? '')}`;
}

const lines = (...xs: (string | false | undefined)[]): string[] =>
  xs.filter((x): x is string => typeof x === 'string' && x.length > 0);

/**
 * What only people can say about each node type: its label, category, card summary, default
 * config for a new node, the form widget of each field, and whether it waits for the caller
 * (the compiler's NodeType.Waits, which the schema does not carry). Everything else comes from
 * schema/flow.schema.json (`NODE_TYPES` below).
 */
const HAND: readonly HandNode[] = [
  {
    type: 'start',
    label: 'Start',
    category: 'Call',
    fields: [
      { key: 'input_timeout_ms', kind: 'int' },
    ],
    defaultConfig: () => ({}),
    summary: (c) => lines(c.input_timeout_ms !== undefined && `input timeout ${c.input_timeout_ms} ms`),
  },
  {
    type: 'play_audio',
    label: 'Play audio',
    category: 'Call',
    fields: [
      { key: 'prompt', kind: 'prompt' },
      { key: 'interruptible', kind: 'bool' },
    ],
    defaultConfig: () => ({ prompt: { tts: '' } }),
    summary: (c) => lines(promptText(c.prompt), c.interruptible === true && 'interruptible'),
  },
  {
    type: 'get_digits',
    label: 'Get digits',
    category: 'Input',
    fields: [
      { key: 'variable', kind: 'variable' },
      { key: 'max_digits', kind: 'int' },
      { key: 'min_digits', kind: 'int' },
      { key: 'terminator', kind: 'terminator' },
      { key: 'timeout_ms', kind: 'int' },
      { key: 'inter_digit_timeout_ms', kind: 'int' },
      { key: 'prompt', kind: 'prompt' },
      { key: 'max_retries', kind: 'int' },
    ],
    defaultConfig: () => ({ variable: '' }),
    summary: (c) => lines(c.variable ? `→ ${String(c.variable)}` : '', `${c.min_digits ?? 1}–${c.max_digits ?? 1} digits`),
  },
  {
    type: 'menu',
    label: 'Menu',
    category: 'Input',
    fields: [
      { key: 'prompt', kind: 'prompt' },
      { key: 'options', kind: 'menuOptions' },
      { key: 'timeout_ms', kind: 'int' },
      { key: 'inter_digit_timeout_ms', kind: 'int' },
      { key: 'max_retries', kind: 'int' },
      { key: 'invalid_prompt', kind: 'prompt' },
      { key: 'timeout_prompt', kind: 'prompt' },
      { key: 'final_prompt', kind: 'prompt' },
      { key: 'interruptible', kind: 'bool' },
    ],
    defaultConfig: () => ({ prompt: { tts: '' }, options: { '1': { label: 'Option 1' } } }),
    summary: (c) => lines(promptText(c.prompt), ...menuKeys(c).map((k) => `${k}: ${optionLabel(c, k)}`)),
  },
  {
    type: 'business_hours',
    label: 'Business hours',
    category: 'Routing',
    fields: [
      { key: 'timezone', kind: 'timezone' },
      { key: 'schedule', kind: 'schedule' },
      { key: 'holidays', kind: 'holidays' },
    ],
    defaultConfig: () => ({
      timezone: 'Europe/Paris',
      schedule: Object.fromEntries(
        ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
      ),
    }),
    summary: (c) => lines(typeof c.timezone === 'string' && c.timezone, `${openDays(c)} open day(s)`),
  },
  {
    type: 'transfer',
    label: 'Transfer',
    category: 'Call',
    fields: [
      { key: 'destination', kind: 'destination' },
      { key: 'trunk', kind: 'refId', refKind: 'trunk' },
      { key: 'timeout_ms', kind: 'int' },
      { key: 'record_call', kind: 'bool' },
      { key: 'ringback', kind: 'enum' },
    ],
    defaultConfig: () => ({ destination: { type: 'extension', value: '' } }),
    summary: (c) => lines(destinationText(c.destination), c.record_call === true && 'recorded'),
  },
  {
    type: 'hunt_group',
    label: 'Hunt group',
    category: 'Call',
    fields: [
      { key: 'destinations', kind: 'destinations' },
      { key: 'strategy', kind: 'enum' },
      { key: 'ring_timeout_ms', kind: 'int' },
      { key: 'total_timeout_ms', kind: 'int' },
      { key: 'record_call', kind: 'bool' },
    ],
    defaultConfig: () => ({ destinations: [{ type: 'extension', value: '' }], strategy: 'simultaneous' }),
    summary: (c) => lines(`${Array.isArray(c.destinations) ? c.destinations.length : 0} destination(s)`, String(c.strategy ?? 'simultaneous')),
  },
  {
    type: 'queue',
    label: 'Queue',
    category: 'Call',
    fields: [
      { key: 'queue', kind: 'refId', refKind: 'queue' },
      { key: 'max_wait_ms', kind: 'int' },
      { key: 'hold', kind: 'promptOrMoh' },
      { key: 'record_call', kind: 'bool' },
    ],
    defaultConfig: () => ({ queue: '' }),
    summary: (c) => lines(typeof c.queue === 'string' && c.queue && `queue ${c.queue}`),
  },
  {
    type: 'queue_status',
    label: 'Queue status',
    category: 'Routing',
    fields: [
      { key: 'queue', kind: 'refId', refKind: 'queue' },
      { key: 'busy_when_waiting', kind: 'int' },
      { key: 'busy_when_wait_ms', kind: 'int' },
    ],
    defaultConfig: () => ({ queue: '' }),
    summary: (c) =>
      lines(
        typeof c.queue === 'string' && c.queue && `queue ${c.queue}`,
        typeof c.busy_when_waiting === 'number' && `busy at ${c.busy_when_waiting} waiting`,
        typeof c.busy_when_wait_ms === 'number' && `busy at ${c.busy_when_wait_ms / 1000}s wait`,
      ),
  },
  {
    type: 'queue_login',
    label: 'Queue login',
    category: 'End',
    fields: [
      { key: 'queues', kind: 'idList', refKind: 'queue' },
      { key: 'pin_max_digits', kind: 'int' },
      { key: 'max_attempts', kind: 'int' },
      { key: 'prompt', kind: 'prompt' },
      { key: 'invalid_prompt', kind: 'prompt' },
      { key: 'success_prompt', kind: 'prompt' },
    ],
    defaultConfig: () => ({ queues: [''] }),
    summary: (c) => lines(Array.isArray(c.queues) ? `queues: ${c.queues.join(', ')}` : ''),
  },
  {
    type: 'conference',
    label: 'Conference',
    category: 'Call',
    fields: [
      { key: 'room', kind: 'room' },
      { key: 'max_participants', kind: 'int' },
      { key: 'moh_when_alone', kind: 'bool' },
    ],
    defaultConfig: () => ({ room: '' }),
    summary: (c) => lines(typeof c.room === 'string' && c.room && `room ${c.room}`),
  },
  {
    type: 'callback',
    label: 'Callback',
    category: 'End',
    fields: [
      { key: 'number_source', kind: 'enum' },
      { key: 'max_digits', kind: 'int' },
      { key: 'prompt', kind: 'prompt' },
      { key: 'confirm_prompt', kind: 'prompt' },
      { key: 'queue', kind: 'refId', refKind: 'queue' },
    ],
    defaultConfig: () => ({}),
    summary: (c) => lines(`number from ${String(c.number_source ?? 'caller_id')}`),
  },
  {
    type: 'voicemail',
    label: 'Voicemail',
    category: 'End',
    fields: [
      { key: 'prompt', kind: 'prompt' },
      { key: 'max_duration_s', kind: 'int' },
      { key: 'format', kind: 'enum' },
      { key: 'beep', kind: 'bool' },
      { key: 'mailbox', kind: 'refId', refKind: 'mailbox' },
    ],
    defaultConfig: () => ({ prompt: { tts: '' } }),
    summary: (c) => lines(promptText(c.prompt), `mailbox ${String(c.mailbox ?? 'default')}`),
  },
  {
    type: 'webhook',
    label: 'Webhook',
    category: 'Data',
    fields: [
      { key: 'url', kind: 'url' },
      { key: 'method', kind: 'enum' },
      { key: 'headers', kind: 'headers' },
      { key: 'payload', kind: 'payload' },
      { key: 'timeout_ms', kind: 'int' },
      { key: 'retries', kind: 'int' },
    ],
    defaultConfig: () => ({ url: '' }),
    summary: (c) => lines('async', `${String(c.method ?? 'POST')} ${String(c.url ?? '')}`),
  },
  {
    type: 'http_request',
    label: 'HTTP request',
    category: 'Data',
    fields: [
      { key: 'url', kind: 'url' },
      { key: 'method', kind: 'enum' },
      { key: 'headers', kind: 'headers' },
      { key: 'body', kind: 'template' },
      { key: 'timeout_ms', kind: 'int' },
      { key: 'store_response_as', kind: 'variable' },
      { key: 'extract', kind: 'extract' },
    ],
    defaultConfig: () => ({ url: '' }),
    summary: (c) => lines(`${String(c.method ?? 'GET')} ${String(c.url ?? '')}`),
  },
  {
    type: 'set_variable',
    label: 'Set variable',
    category: 'Data',
    fields: [{ key: 'assign', kind: 'assign' }],
    defaultConfig: () => ({ assign: {} }),
    summary: (c) => lines(...objectKeys(c.assign).map((k) => `${k} = ${String((c.assign as Record<string, unknown>)[k])}`)),
  },
  {
    type: 'branch',
    label: 'Branch',
    category: 'Routing',
    fields: [{ key: 'rules', kind: 'rules' }],
    defaultConfig: () => ({ rules: [{ name: 'rule1', when: { variable: 'tier', op: 'eq', value: 'gold' } }] }),
    summary: (c) => lines(...ruleLines(c)),
  },
  {
    type: 'subflow',
    label: 'Subflow',
    category: 'Routing',
    fields: [{ key: 'flow', kind: 'flowId' }],
    defaultConfig: () => ({ flow: '' }),
    summary: (c) => lines(typeof c.flow === 'string' && c.flow && `calls ${c.flow}`),
  },
  {
    type: 'return',
    label: 'Return',
    category: 'End',
    fields: [],
    defaultConfig: () => ({}),
    summary: () => ['back to the calling flow'],
  },
  {
    type: 'goto_flow',
    label: 'Go to flow',
    category: 'End',
    fields: [{ key: 'flow', kind: 'flowId' }],
    defaultConfig: () => ({ flow: '' }),
    summary: (c) => lines(typeof c.flow === 'string' && c.flow && `continues in ${c.flow}`),
  },
  {
    type: 'hangup',
    label: 'Hang up',
    category: 'End',
    fields: [{ key: 'prompt', kind: 'prompt' }],
    defaultConfig: () => ({}),
    summary: (c) => lines(promptText(c.prompt)),
  },
];


/** A field the hand list gives no widget for (one the compiler added since): a widget from its JSON type. */
function kindOf(p: SchemaNodeFacts['fields'][number]): FieldKind {
  if (p.options) return 'enum';
  if (p.jsonType === 'integer') return 'int';
  if (p.jsonType === 'boolean') return 'bool';
  if (p.jsonType === 'string') return 'text';
  return 'payload';
}

/** The outputs of a node with this config: the schema's, with digit:{key} and rule:{name} expanded. */
function outputsOf(templates: SchemaNodeFacts['outputs'], c: NodeConfig): OutputSpec[] {
  return templates.flatMap((o) =>
    o.name === 'digit:{key}' ? menuKeys(c).map((k) => ({ name: `digit:${k}`, required: o.required }))
    : o.name === 'rule:{name}' ? ruleNames(c).map((n) => ({ name: `rule:${n}`, required: o.required }))
    : [o],
  );
}

/**
 * Every node type of flow-language.md §2, in the schema's order: fields (keys, required,
 * defaults, ranges, enums, descriptions), outputs and terminal flags from the schema (generated by
 * the compiler's node registry), the rest from HAND.
 */
export const NODE_TYPES: readonly NodeTypeDef[] = schemaNodeFacts().map((facts) => {
  const hand = HAND.find((h) => h.type === facts.type);
  if (!hand) throw new Error(`schema/flow.schema.json has a node type the editor does not label: ${facts.type}`);
  const widgets = new Map(hand.fields.map((f) => [f.key, f]));
  // A widget for a field the compiler does not declare would be a form control nothing reads.
  const stray = hand.fields.filter((f) => !facts.fields.some((p) => p.key === f.key)).map((f) => f.key);
  if (stray.length) throw new Error(`the editor has form widgets for ${facts.type} fields the schema does not declare: ${stray.join(', ')}`);
  const fields: FieldSpec[] = facts.fields.map((p) => {
    const w = widgets.get(p.key);
    const { jsonType: _json, ...spec } = p;
    return { ...spec, kind: w?.kind ?? kindOf(p), ...(w?.refKind ? { refKind: w.refKind } : {}) };
  });
  return {
    type: facts.type,
    label: hand.label,
    category: hand.category,
    terminal: facts.terminal,
    waitsForCaller: facts.waits,
    sets: facts.sets,
    fields,
    outputs: (c: NodeConfig) => outputsOf(facts.outputs, c),
    defaultConfig: hand.defaultConfig,
    summary: hand.summary,
  };
});

const BY_TYPE = new Map(NODE_TYPES.map((d) => [d.type, d]));

/** The definition of a node type, or undefined for a type the language does not have. */
export function nodeType(type: string): NodeTypeDef | undefined {
  return BY_TYPE.get(type);
}

/** The handle a terminal node offers: only webhooks may follow it (exported without sourceHandle). */
export const ASYNC_HANDLE = 'next';

export function objectKeys(v: unknown): string[] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

export function menuKeys(c: NodeConfig): string[] {
  return objectKeys(c.options);
}

function optionLabel(c: NodeConfig, key: string): string {
  const o = (c.options as Record<string, unknown>)[key];
  return o && typeof o === 'object' ? String((o as Record<string, unknown>).label ?? '') : '';
}

export function ruleNames(c: NodeConfig): string[] {
  if (!Array.isArray(c.rules)) return [];
  return c.rules.map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>).name : undefined)).filter((n): n is string => typeof n === 'string');
}

function ruleLines(c: NodeConfig): string[] {
  if (!Array.isArray(c.rules)) return [];
  return c.rules.map((r) => {
    const o = (r ?? {}) as Record<string, unknown>;
    const w = (o.when ?? {}) as Record<string, unknown>;
    return `${String(o.name)}: ${String(w.variable)} ${String(w.op)}${w.value !== undefined ? ` ${String(w.value)}` : ''}`;
  });
}

function openDays(c: NodeConfig): number {
  const s = c.schedule;
  if (!s || typeof s !== 'object') return 0;
  return Object.values(s as Record<string, unknown>).filter((r) => Array.isArray(r) && r.length > 0).length;
}
