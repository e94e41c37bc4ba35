import type { FieldSpec } from './fields';

/** Config of one node: the JSON object under `config`. */
export type NodeConfig = Record<string, unknown>;

/** One output handle a node offers, named exactly as in the flow language. */
export interface OutputSpec {
  name: string;
  required: boolean;
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
  fields: readonly FieldSpec[];
  outputs(config: NodeConfig): OutputSpec[];
  defaultConfig(): NodeConfig;
  /** Short lines for the card: the key settings. */
  summary(config: NodeConfig): string[];
}

const req = (name: string): OutputSpec => ({ name, required: true });
const opt = (name: string): OutputSpec => ({ name, required: false });

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

const prompt = (key: string, required: boolean, description: string): FieldSpec => ({
  key,
  kind: 'prompt',
  required,
  description,
});

const timeoutFlowDefault: FieldSpec = {
  key: 'timeout_ms',
  kind: 'int',
  min: 500,
  max: 600000,
  description: 'Wait for the first digit (default: the flow default of the start node).',
};

const recordCall: FieldSpec = {
  key: 'record_call',
  kind: 'bool',
  default: false,
  description: 'Record the bridged call.',
};

const dialOutputs = (): OutputSpec[] => [opt('completed'), opt('no_answer')];

/** Every node type of flow-language.md §2, in catalogue order. */
export const NODE_TYPES: readonly NodeTypeDef[] = [
  {
    type: 'start',
    label: 'Start',
    category: 'Call',
    terminal: false,
    waitsForCaller: false,
    fields: [
      { key: 'input_timeout_ms', kind: 'int', default: 10000, min: 500, max: 600000, description: 'Default wait for input in this flow.' },
    ],
    outputs: () => [req('next')],
    defaultConfig: () => ({}),
    summary: (c) => lines(c.input_timeout_ms !== undefined && `input timeout ${c.input_timeout_ms} ms`),
  },
  {
    type: 'play_audio',
    label: 'Play audio',
    category: 'Call',
    terminal: false,
    waitsForCaller: true,
    fields: [
      prompt('prompt', true, 'What to play.'),
      { key: 'interruptible', kind: 'bool', default: false, description: 'A key press stops playback and is kept as type-ahead for the next input node.' },
    ],
    outputs: () => [req('next')],
    defaultConfig: () => ({ prompt: { tts: '' } }),
    summary: (c) => lines(promptText(c.prompt), c.interruptible === true && 'interruptible'),
  },
  {
    type: 'get_digits',
    label: 'Get digits',
    category: 'Input',
    terminal: false,
    waitsForCaller: true,
    fields: [
      { key: 'variable', kind: 'variable', required: true, description: 'Variable that receives the digits.' },
      { key: 'max_digits', kind: 'int', default: 1, min: 1, max: 32, description: 'Most digits to collect.' },
      { key: 'min_digits', kind: 'int', default: 1, min: 0, max: 32, description: 'Fewest digits accepted.' },
      { key: 'terminator', kind: 'terminator', default: '#', nullable: true, description: 'Key that ends input early, or none.' },
      timeoutFlowDefault,
      { key: 'inter_digit_timeout_ms', kind: 'int', default: 3000, min: 100, max: 600000, description: 'Wait between digits.' },
      prompt('prompt', false, 'Played before collecting.'),
      { key: 'max_retries', kind: 'int', default: 0, min: 0, max: 10, description: 'Re-prompts when fewer than min_digits arrive.' },
    ],
    outputs: () => [req('next'), opt('timeout')],
    defaultConfig: () => ({ variable: '' }),
    summary: (c) => lines(c.variable ? `→ ${String(c.variable)}` : '', `${c.min_digits ?? 1}–${c.max_digits ?? 1} digits`),
  },
  {
    type: 'menu',
    label: 'Menu',
    category: 'Input',
    terminal: false,
    waitsForCaller: true,
    fields: [
      prompt('prompt', true, 'The menu prompt.'),
      { key: 'options', kind: 'menuOptions', required: true, description: 'Keys (one or two of 0-9, *, #) and their labels.' },
      timeoutFlowDefault,
      { key: 'inter_digit_timeout_ms', kind: 'int', default: 2000, min: 100, max: 600000, description: 'Used after a digit that is a prefix of a longer option.' },
      { key: 'max_retries', kind: 'int', default: 3, min: 0, max: 10, description: 'Retries before max_retries / final prompt.' },
      prompt('invalid_prompt', false, 'Played on invalid input when invalid is not connected.'),
      prompt('timeout_prompt', false, 'Played on no input when timeout is not connected.'),
      prompt('final_prompt', false, 'Played before hanging up when retries are used up.'),
      { key: 'interruptible', kind: 'bool', default: true, description: 'A key press stops the prompt.' },
    ],
    outputs: (c) => [
      ...menuKeys(c).map((k) => req(`digit:${k}`)),
      opt('invalid'),
      opt('timeout'),
      opt('max_retries'),
    ],
    defaultConfig: () => ({ prompt: { tts: '' }, options: { '1': { label: 'Option 1' } } }),
    summary: (c) => lines(promptText(c.prompt), ...menuKeys(c).map((k) => `${k}: ${optionLabel(c, k)}`)),
  },
  {
    type: 'business_hours',
    label: 'Business hours',
    category: 'Routing',
    terminal: false,
    waitsForCaller: false,
    fields: [
      { key: 'timezone', kind: 'timezone', required: true, description: 'IANA time zone id, e.g. Europe/Paris.' },
      { key: 'schedule', kind: 'schedule', description: 'Open ranges per day; an end at or before its start crosses midnight.' },
      { key: 'holidays', kind: 'holidays', description: 'Dates closed all day, or open only in their ranges.' },
    ],
    outputs: () => [req('in_hours'), req('out_of_hours'), opt('holiday')],
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
    terminal: false,
    waitsForCaller: true,
    fields: [
      { key: 'destination', kind: 'destination', required: true, description: 'Extension, PSTN number or SIP URI to dial.' },
      { key: 'trunk', kind: 'refId', refKind: 'trunk', description: 'Trunk that dials out (required for pstn).' },
      { key: 'timeout_ms', kind: 'int', default: 30000, min: 1000, max: 600000, description: 'Ring time.' },
      recordCall,
      { key: 'ringback', kind: 'enum', options: ['ring', 'moh'], default: 'ring', description: 'What the caller hears while it rings.' },
    ],
    outputs: dialOutputs,
    defaultConfig: () => ({ destination: { type: 'extension', value: '' } }),
    summary: (c) => lines(destinationText(c.destination), c.record_call === true && 'recorded'),
  },
  {
    type: 'hunt_group',
    label: 'Hunt group',
    category: 'Call',
    terminal: false,
    waitsForCaller: true,
    fields: [
      { key: 'destinations', kind: 'destinations', required: true, min: 1, max: 32, description: 'Destinations to ring (each may name a trunk).' },
      { key: 'strategy', kind: 'enum', options: ['simultaneous', 'ordered', 'random'], required: true, description: 'Ring all at once, in order, or in a shuffled order.' },
      { key: 'ring_timeout_ms', kind: 'int', default: 20000, min: 1000, max: 600000, description: 'Ring time per attempt.' },
      { key: 'total_timeout_ms', kind: 'int', default: 60000, min: 1000, max: 3600000, description: 'Total time before no_answer.' },
      recordCall,
    ],
    outputs: dialOutputs,
    defaultConfig: () => ({ destinations: [{ type: 'extension', value: '' }], strategy: 'simultaneous' }),
    summary: (c) => lines(`${Array.isArray(c.destinations) ? c.destinations.length : 0} destination(s)`, String(c.strategy ?? 'simultaneous')),
  },
  {
    type: 'queue',
    label: 'Queue',
    category: 'Call',
    terminal: false,
    waitsForCaller: true,
    fields: [
      { key: 'queue', kind: 'refId', refKind: 'queue', required: true, description: 'Queue id.' },
      { key: 'max_wait_ms', kind: 'int', default: 300000, min: 1000, max: 86400000, description: 'Longest wait before timeout.' },
      { key: 'hold', kind: 'promptOrMoh', default: 'moh', description: 'What the caller hears while waiting: a prompt or music on hold.' },
      recordCall,
    ],
    outputs: () => [opt('completed'), opt('timeout'), opt('abandoned')],
    defaultConfig: () => ({ queue: '' }),
    summary: (c) => lines(typeof c.queue === 'string' && c.queue && `queue ${c.queue}`),
  },
  {
    type: 'queue_login',
    label: 'Queue login',
    category: 'End',
    terminal: true,
    waitsForCaller: true,
    fields: [
      { key: 'queues', kind: 'idList', refKind: 'queue', required: true, min: 1, description: 'Queues the operator logs into.' },
      { key: 'pin_max_digits', kind: 'int', default: 6, min: 4, max: 12, description: 'Longest PIN.' },
      { key: 'max_attempts', kind: 'int', default: 3, min: 1, max: 10, description: 'PIN attempts before hanging up.' },
      prompt('prompt', false, 'Asks for the PIN.'),
      prompt('invalid_prompt', false, 'Played after a wrong PIN.'),
      prompt('success_prompt', false, 'Played after login.'),
    ],
    outputs: () => [],
    defaultConfig: () => ({ queues: [''] }),
    summary: (c) => lines(Array.isArray(c.queues) ? `queues: ${c.queues.join(', ')}` : ''),
  },
  {
    type: 'conference',
    label: 'Conference',
    category: 'Call',
    terminal: false,
    waitsForCaller: true,
    fields: [
      { key: 'room', kind: 'room', required: true, description: 'Room name (letters, digits, _ and -).' },
      { key: 'max_participants', kind: 'int', default: 0, min: 0, max: 1000, description: '0 means no limit.' },
      { key: 'moh_when_alone', kind: 'bool', default: true, description: 'Music on hold while alone in the room.' },
    ],
    outputs: () => [opt('next')],
    defaultConfig: () => ({ room: '' }),
    summary: (c) => lines(typeof c.room === 'string' && c.room && `room ${c.room}`),
  },
  {
    type: 'callback',
    label: 'Callback',
    category: 'End',
    terminal: true,
    waitsForCaller: true,
    fields: [
      { key: 'number_source', kind: 'enum', options: ['caller_id', 'dtmf'], default: 'caller_id', description: 'Call back the caller id, or a number typed in.' },
      { key: 'max_digits', kind: 'int', default: 15, min: 3, max: 20, description: 'Longest number typed in.' },
      prompt('prompt', false, 'Asks for the number (dtmf entry).'),
      prompt('confirm_prompt', false, 'Press 1 to confirm, 2 to re-enter.'),
      { key: 'queue', kind: 'refId', refKind: 'queue', description: 'Who should call back.' },
    ],
    outputs: () => [],
    defaultConfig: () => ({}),
    summary: (c) => lines(`number from ${String(c.number_source ?? 'caller_id')}`),
  },
  {
    type: 'voicemail',
    label: 'Voicemail',
    category: 'End',
    terminal: true,
    waitsForCaller: true,
    fields: [
      prompt('prompt', true, 'Played before the beep.'),
      { key: 'max_duration_s', kind: 'int', default: 120, min: 1, max: 3600, description: 'Longest recording in seconds.' },
      { key: 'format', kind: 'enum', options: ['ulaw', 'wav'], default: 'ulaw', description: 'Recording format.' },
      { key: 'beep', kind: 'bool', default: true, description: 'Beep before recording.' },
      { key: 'mailbox', kind: 'refId', refKind: 'mailbox', default: 'default', description: 'Mailbox that keeps the message.' },
    ],
    outputs: () => [],
    defaultConfig: () => ({ prompt: { tts: '' } }),
    summary: (c) => lines(promptText(c.prompt), `mailbox ${String(c.mailbox ?? 'default')}`),
  },
  {
    type: 'webhook',
    label: 'Webhook',
    category: 'Data',
    terminal: false,
    waitsForCaller: false,
    fields: [
      { key: 'url', kind: 'url', required: true, description: 'http or https URL; templates allowed in path and query.' },
      { key: 'method', kind: 'enum', options: ['POST', 'PUT', 'GET'], default: 'POST', description: 'HTTP method.' },
      { key: 'headers', kind: 'headers', description: 'Header name → template.' },
      { key: 'payload', kind: 'payload', description: 'JSON template (default: the standard call event).' },
      { key: 'timeout_ms', kind: 'int', default: 5000, min: 100, max: 30000, description: 'Request timeout.' },
      { key: 'retries', kind: 'int', default: 2, min: 0, max: 10, description: 'Retries on failure.' },
    ],
    outputs: () => [opt('next')],
    defaultConfig: () => ({ url: '' }),
    summary: (c) => lines('async', `${String(c.method ?? 'POST')} ${String(c.url ?? '')}`),
  },
  {
    type: 'http_request',
    label: 'HTTP request',
    category: 'Data',
    terminal: false,
    waitsForCaller: true,
    fields: [
      { key: 'url', kind: 'url', required: true, description: 'http or https URL; templates allowed in path and query.' },
      { key: 'method', kind: 'enum', options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], default: 'GET', description: 'HTTP method.' },
      { key: 'headers', kind: 'headers', description: 'Header name → template.' },
      { key: 'body', kind: 'template', description: 'Request body template.' },
      { key: 'timeout_ms', kind: 'int', default: 5000, min: 100, max: 30000, description: 'Request timeout (at most 30000).' },
      { key: 'store_response_as', kind: 'variable', description: 'Variable that receives the raw body (at most 64 KiB).' },
      { key: 'extract', kind: 'extract', description: 'Variable → JSONPath ($.a.b[0]).' },
    ],
    outputs: () => [req('success'), opt('failure')],
    defaultConfig: () => ({ url: '' }),
    summary: (c) => lines(`${String(c.method ?? 'GET')} ${String(c.url ?? '')}`),
  },
  {
    type: 'set_variable',
    label: 'Set variable',
    category: 'Data',
    terminal: false,
    waitsForCaller: false,
    fields: [{ key: 'assign', kind: 'assign', required: true, description: 'Variable → template.' }],
    outputs: () => [req('next')],
    defaultConfig: () => ({ assign: {} }),
    summary: (c) => lines(...objectKeys(c.assign).map((k) => `${k} = ${String((c.assign as Record<string, unknown>)[k])}`)),
  },
  {
    type: 'branch',
    label: 'Branch',
    category: 'Routing',
    terminal: false,
    waitsForCaller: false,
    fields: [{ key: 'rules', kind: 'rules', required: true, description: 'Rules in order; the first match wins.' }],
    outputs: (c) => [...ruleNames(c).map((n) => req(`rule:${n}`)), req('default')],
    defaultConfig: () => ({ rules: [{ name: 'rule1', when: { variable: 'tier', op: 'eq', value: 'gold' } }] }),
    summary: (c) => lines(...ruleLines(c)),
  },
  {
    type: 'subflow',
    label: 'Subflow',
    category: 'Routing',
    terminal: false,
    waitsForCaller: true,
    fields: [{ key: 'flow', kind: 'flowId', required: true, description: 'Flow to call; its return nodes come back to next.' }],
    outputs: () => [req('next')],
    defaultConfig: () => ({ flow: '' }),
    summary: (c) => lines(typeof c.flow === 'string' && c.flow && `calls ${c.flow}`),
  },
  {
    type: 'return',
    label: 'Return',
    category: 'End',
    terminal: true,
    waitsForCaller: false,
    fields: [],
    outputs: () => [],
    defaultConfig: () => ({}),
    summary: () => ['back to the calling flow'],
  },
  {
    type: 'goto_flow',
    label: 'Go to flow',
    category: 'End',
    terminal: true,
    waitsForCaller: false,
    fields: [{ key: 'flow', kind: 'flowId', required: true, description: 'Flow that continues the call.' }],
    outputs: () => [],
    defaultConfig: () => ({ flow: '' }),
    summary: (c) => lines(typeof c.flow === 'string' && c.flow && `continues in ${c.flow}`),
  },
  {
    type: 'hangup',
    label: 'Hang up',
    category: 'End',
    terminal: true,
    waitsForCaller: true,
    fields: [prompt('prompt', false, 'Optional goodbye.')],
    outputs: () => [],
    defaultConfig: () => ({}),
    summary: (c) => lines(promptText(c.prompt)),
  },
];

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
