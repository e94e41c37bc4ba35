import type { FlowDocument } from '../model/flowDocument';

/**
 * Client of a runtime host's admin API (runtime/Callytics.Runtime.Host, routes under /api/flows):
 * drafts, validate, publish, versions, diff and restore, with a Bearer token.
 */

export interface FlowSummary {
  id: string;
  name?: string;
  hasDraft?: boolean;
  /** The newest published version; null or absent when never published. */
  liveVersion?: number | null;
  [more: string]: unknown;
}

export interface VersionInfo {
  version: number;
  publishedBy?: string;
  publishedAt?: string;
  message?: string;
  [more: string]: unknown;
}

/** A finding as the compiler reports it in JSON (callyc check --format json). */
export interface ServerDiagnostic {
  id: string;
  severity: string;
  message: string;
  line?: number;
  column?: number;
  pointer?: string;
  nodeId?: string;
}

/** The API answered with an error status, or could not be reached. */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The compiler's findings when the host refused the flow (publish, validate). */
    readonly diagnostics: ServerDiagnostic[] = [],
  ) {
    super(message);
  }
}

type Fetch = typeof fetch;

export class AdminClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: Fetch = (...args) => fetch(...args),
  ) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error(`'${baseUrl}' is not an address: write it in full, e.g. https://host.example.com.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('The admin API address must be http or https.');
    this.base = url.href.replace(/\/+$/, '');
  }

  listFlows = () => this.request<FlowSummary[]>('GET', '/api/flows');
  getDraft = (id: string) => this.request<FlowDocument>('GET', `${this.flow(id)}/draft`);
  saveDraft = (id: string, doc: FlowDocument) => this.request<unknown>('PUT', `${this.flow(id)}/draft`, doc);
  validate = (id: string) => this.request<{ diagnostics?: ServerDiagnostic[] }>('POST', `${this.flow(id)}/validate`);
  publish = (id: string, message: string) => this.request<VersionInfo>('POST', `${this.flow(id)}/publish`, { message });
  versions = (id: string) => this.request<VersionInfo[]>('GET', `${this.flow(id)}/versions`);
  version = async (id: string, n: number) => this.request<FlowDocument>('GET', `${this.flow(id)}/versions/${versionNumber(n)}`);
  restore = async (id: string, n: number) => this.request<VersionInfo>('POST', `${this.flow(id)}/restore/${versionNumber(n)}`);
  diff = (id: string, a: number | 'live' | 'draft', b: number | 'live' | 'draft') =>
    this.request<unknown>('GET', `${this.flow(id)}/diff?a=${encodeURIComponent(String(a))}&b=${encodeURIComponent(String(b))}`);

  private flow(id: string): string {
    return `/api/flows/${encodeURIComponent(id)}`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.base + path, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      // The browser says only "Failed to fetch" both when the host is down and when it does not
      // allow this page's origin (CORS): name both, and the setting that allows an origin.
      const origin = typeof location === 'undefined' ? 'this page' : location.origin;
      throw new AdminApiError(
        `Cannot reach ${this.base} (${(e as Error).message}). Check that the host runs at that address, and that its Callytics:Admin:AllowedOrigins setting lists this page's origin, ${origin}.`,
        0,
      );
    }
    const text = await response.text();
    const json = parseOrUndefined(text);
    if (!response.ok) {
      const diagnostics = diagnosticsOf(json);
      const reason = response.status === 401 || response.status === 403 ? 'the token was refused' : (messageOf(json) ?? response.statusText);
      throw new AdminApiError(`${method} ${path}: ${response.status} ${reason}`, response.status, diagnostics);
    }
    return (json ?? text) as T;
  }
}

function versionNumber(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`Not a version number: ${n}`);
  return n;
}

function parseOrUndefined(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function diagnosticsOf(json: unknown): ServerDiagnostic[] {
  const list = (json as { diagnostics?: unknown })?.diagnostics;
  return Array.isArray(list) ? list.filter((d): d is ServerDiagnostic => !!d && typeof d === 'object' && typeof (d as ServerDiagnostic).id === 'string') : [];
}

function messageOf(json: unknown): string | undefined {
  const o = json as { message?: unknown; title?: unknown; error?: unknown } | undefined;
  const m = o?.message ?? o?.title ?? o?.error;
  return typeof m === 'string' ? m : undefined;
}
