import type { FlowDocument } from '../model/flowDocument';
import { AdminApiError, type ServerDiagnostic } from '../publish/adminClient';
import type { Scenario, ScenarioFileText } from './scenarios';

/** One step of a test call's trace (runtime/Callytics.Runtime.Host/Admin/TestCallRoutes.cs). */
export interface TestCallStep {
  at: string;
  kind: 'enter' | 'effect' | 'outcome' | 'edge' | 'variables' | 'webhook' | 'end';
  flow: string;
  node: string;
  detail?: string;
  output?: string;
  target?: string | null;
  prompts?: { kind: 'audio' | 'sound' | 'tts'; text: string; voice?: string | null }[];
  changed?: Record<string, string>;
  end?: string;
  error?: string | null;
}

export interface TestCallResult {
  flowId: string;
  end: string;
  error: string | null;
  finalNode: string;
  path: string[];
  taken: string[];
  variables: Record<string, string>;
  webhooks: string[];
  expectation: { passed: boolean; failures: string[] };
  steps: TestCallStep[];
}

export interface ScenariosResult {
  verdicts: { name: string; passed: boolean; failures: string[]; taken: string[] }[];
  passed: number;
  failed: number;
  coverage: { flowId: string; outputs: string[]; covered: string[]; uncovered: string[]; percent: number; summary: string }[];
}

/** Calls the host's test-call routes with the admin token. */
export class TestCallClient {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  /** Compiles the document as it is on the host and runs one call with the scenario's script. */
  call = (doc: FlowDocument, scenario: Omit<Scenario, 'name'> & { name?: string }) =>
    this.post<TestCallResult>(`/api/flows/${encodeURIComponent(doc.id)}/test-call`, { flow: doc, scenario });

  /** Runs every scenario as `callyc test` does: verdicts and coverage. */
  runAll = (doc: FlowDocument, file: ScenarioFileText) =>
    this.post<ScenariosResult>(`/api/flows/${encodeURIComponent(doc.id)}/test-scenarios`, { flow: doc, scenarios: file });

  /** The flow's scenarios stored on the host with their ETag, or undefined when it has none (404). */
  loadScenarios = async (flowId: string): Promise<{ file: ScenarioFileText; etag: string } | undefined> => {
    try {
      const r = await this.send<ScenarioFileText>('GET', `/api/flows/${encodeURIComponent(flowId)}/scenarios`);
      return { file: r.json, etag: r.etag ?? '' };
    } catch (e) {
      if ((e as AdminApiError).status === 404) return undefined;
      throw e;
    }
  };

  /**
   * Stores the scenarios on the host beside the flow; `etag` is the one loaded (undefined: the first save).
   * A save over someone else's newer one is refused (412) and nothing changes. Returns the new ETag.
   */
  saveScenarios = async (flowId: string, file: ScenarioFileText, etag: string | undefined) =>
    (await this.send<{ revision: number }>('PUT', `/api/flows/${encodeURIComponent(flowId)}/scenarios`, file, etag)).etag ?? '';

  private async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.send<T>('POST', path, body)).json;
  }

  private async send<T>(method: string, path: string, body?: unknown, ifMatch?: string): Promise<{ json: T; etag: string | null }> {
    let url: URL;
    try {
      url = new URL(path, this.base);
    } catch {
      throw new AdminApiError(`'${this.base}' is not an address: write it in full, e.g. http://127.0.0.1:5000.`, 0);
    }
    let response: Response;
    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${this.token}`, Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (ifMatch) headers['If-Match'] = ifMatch;
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new AdminApiError(`Cannot reach ${this.base} (${(e as Error).message}): is the host running, and does Callytics:Admin:AllowedOrigins list this page?`, 0);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const o = json as { message?: string; diagnostics?: ServerDiagnostic[] } | undefined;
      const reason = response.status === 401 ? 'the token was refused' : (o?.message ?? response.statusText);
      throw new AdminApiError(`${response.status} ${reason}`, response.status, Array.isArray(o?.diagnostics) ? o.diagnostics : []);
    }
    return { json: json as T, etag: response.headers.get('ETag') };
  }
}
