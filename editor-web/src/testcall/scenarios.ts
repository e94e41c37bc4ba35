import type { TestCallResult } from './testCallClient';

/**
 * One scenario of a `*.scenarios.json` file (compiler/Callytics.Tooling/Testing/Scenario.cs):
 * the test call's script, and what it should do. The panel writes exactly this format, so the
 * exported file runs in `callyc test` unchanged.
 */
export interface Scenario {
  name: string;
  /** Caller inputs in order: digits, "" silence, "!" hang up, "^12" pressed during the prompt; "@ms" after the digits says when ("2@1500", "^1@300"). */
  digits?: string[];
  /** When the call happens (ISO 8601): business hours are evaluated on this clock. */
  at?: string;
  caller_id?: string;
  dial?: string[];
  queue?: string[];
  http?: unknown[];
  expect?: { path?: string[]; final_node?: string; end?: string; variables?: Record<string, string>; webhooks?: string[] };
}

export interface ScenarioFileText {
  flow: string;
  scenarios: Scenario[];
}

/** Variables every call has, whose values differ from run to run or host to host: not expected. */
const BUILT_IN = new Set(['caller_id', 'dialed_number', 'call_id', 'channel_id', 'flow_id', 'flow_version', 'now']);

/**
 * One caller input of a script in words, as the panel lists them: "2 after 1500 ms", "1 during the prompt at
 * 300 ms", "silence", "hang up". The format is the scenario file's (CallerInput.Parse in the runtime).
 */
export function describeInput(entry: string): string {
  const e = entry.trim();
  if (e === '') return 'silence';
  if (e === '!') return 'hang up';
  const m = /^(\^?)([0-9*#]+)(?:@(\d+))?$/.exec(e);
  if (!m) return `“${e}” is not an input (digits, ^ during the prompt, @ms for when, ! or empty)`;
  const [, during, keys, ms] = m;
  if (during) return ms ? `${keys} during the prompt at ${ms} ms` : `${keys} during the prompt`;
  return ms ? `${keys} after ${ms} ms` : keys;
}

/** A scenario that expects what the test call did: its path, end, final node and the flow's own variables. */
export function scenarioFrom(name: string, script: Omit<Scenario, 'name' | 'expect'>, result: TestCallResult): Scenario {
  const variables = Object.fromEntries(Object.entries(result.variables).filter(([k]) => !BUILT_IN.has(k)));
  return { name, ...script, expect: { path: result.path, final_node: result.finalNode, end: result.end, variables } };
}

const KEY = (flowId: string) => `callytics.editor.scenarios.${flowId}`;

/** The scenarios kept for a flow in this browser (localStorage), by flow id. */
export function loadScenarios(flowId: string): Scenario[] {
  try {
    const text = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY(flowId));
    const parsed = text ? (JSON.parse(text) as unknown) : [];
    return Array.isArray(parsed) ? (parsed as Scenario[]) : [];
  } catch {
    return [];
  }
}

/** Stores the scenarios; false (and nothing changed) when the browser refuses (storage full). */
export function saveScenarios(flowId: string, scenarios: Scenario[]): boolean {
  try {
    localStorage.setItem(KEY(flowId), JSON.stringify(scenarios));
    return true;
  } catch {
    return false;
  }
}

/** The `<flow>.scenarios.json` file `callyc test` reads. */
export const scenarioFile = (flowId: string, scenarios: Scenario[]): ScenarioFileText => ({ flow: flowId, scenarios });
