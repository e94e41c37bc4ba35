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
    /** On 412/428 (draft revision conflict): the host's current draft revision. */
    readonly currentRevision?: number,
  ) {
    super(message);
  }

  /**
   * The host has another draft revision than the one this editor read or wrote last: someone else
   * saved (412), or the host has a draft this editor never loaded (428).
   */
  get isRevisionConflict(): boolean {
    return (this.status === 412 || this.status === 428) && this.currentRevision !== undefined;
  }
}

/**
 * The draft revision the editor last read or wrote, per host and flow: sent as If-Match on a save
 * and a publish, so that a save over someone else's newer save is refused (412) instead of
 * silently replacing it. Shared by the clients a panel creates (one per action).
 */
export class DraftRevisions {
  private readonly known = new Map<string, number>();
  get(base: string, id: string): number | undefined {
    return this.known.get(`${base} ${id}`);
  }
  set(base: string, id: string, revision: number | undefined): void {
    if (revision === undefined) this.known.delete(`${base} ${id}`);
    else this.known.set(`${base} ${id}`, revision);
  }
}

/** Where a save starts from: the revision last read or written (default), or a given one (overwrite after a conflict). */
export interface SaveOptions {
  /** The host's current revision from a 412/428 answer: the save replaces exactly that revision. */
  overwrite?: number;
}

type Fetch = typeof fetch;

export class AdminClient {
  readonly base: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: Fetch = (...args) => fetch(...args),
    readonly revisions: DraftRevisions = new DraftRevisions(),
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
  /** What flows on the host may refer to (GET /api/catalog) and whether publishing checks it. */
  catalog = () => this.request<{ checked: boolean; audio: string[]; queues: { id: string; name: string }[]; trunks: string[] }>('GET', '/api/catalog');
  /** The audio library's ids (GET /api/audio). */
  audio = async () => (await this.request<{ id: string }[]>('GET', '/api/audio')).map((a) => a.id);
  /** The call-center queues (GET /api/queues); the host answers 503 when it has no call-center storage. */
  queues = async () => (await this.request<{ id: string; name?: string }[]>('GET', '/api/queues')).map((q) => ({ id: q.id, name: q.name ?? q.id }));
  /** The host's draft; its revision (the ETag) is remembered for the next save. */
  getDraft = async (id: string) => {
    const { body, etag } = await this.exchange<FlowDocument>('GET', `${this.flow(id)}/draft`);
    this.revisions.set(this.base, id, revisionOf(etag));
    return body;
  };
  /** The host's draft and its revision, without remembering it (to show a conflict: a plain save must not replace it unseen). */
  peekDraft = async (id: string) => {
    const { body, etag } = await this.exchange<FlowDocument>('GET', `${this.flow(id)}/draft`);
    return { doc: body, revision: revisionOf(etag) };
  };
  /** The revision last read or written for the flow on this host, if any. */
  revision = (id: string) => this.revisions.get(this.base, id);
  /**
   * Saves the draft over the revision last read or written (If-Match), or over `overwrite`. Without
   * a known revision only a first save passes; the host answers 428 when it already has a draft.
   */
  saveDraft = async (id: string, doc: FlowDocument, opts: SaveOptions = {}) => {
    const base = opts.overwrite ?? this.revision(id);
    const { body, etag } = await this.exchange<{ revision?: number }>('PUT', `${this.flow(id)}/draft`, doc, ifMatch(base));
    const saved = typeof body?.revision === 'number' ? body.revision : revisionOf(etag);
    this.revisions.set(this.base, id, saved);
    return { revision: saved };
  };
  validate = (id: string) => this.request<{ diagnostics?: ServerDiagnostic[] }>('POST', `${this.flow(id)}/validate`);
  /** Publishes the draft revision last read or written (If-Match): a newer save by someone else is refused (412), not published unseen. */
  publish = (id: string, message: string) => this.request<VersionInfo>('POST', `${this.flow(id)}/publish`, { message }, ifMatch(this.revision(id)));
  versions = (id: string) => this.request<VersionInfo[]>('GET', `${this.flow(id)}/versions`);
  version = async (id: string, n: number) => this.request<FlowDocument>('GET', `${this.flow(id)}/versions/${versionNumber(n)}`);
  restore = async (id: string, n: number) => this.request<VersionInfo>('POST', `${this.flow(id)}/restore/${versionNumber(n)}`);
  diff = (id: string, a: number | 'live' | 'draft', b: number | 'live' | 'draft') =>
    this.request<unknown>('GET', `${this.flow(id)}/diff?a=${encodeURIComponent(String(a))}&b=${encodeURIComponent(String(b))}`);

  private flow(id: string): string {
    return `/api/flows/${encodeURIComponent(id)}`;
  }

  private async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return (await this.exchange<T>(method, path, body, headers)).body;
  }

  private async exchange<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ body: T; etag: string | null }> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.base + path, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
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
      const current = (json as { currentRevision?: unknown } | undefined)?.currentRevision;
      throw new AdminApiError(`${method} ${path}: ${response.status} ${reason}`, response.status, diagnostics, typeof current === 'number' ? current : revisionOf(response.headers.get('ETag')));
    }
    return { body: (json ?? text) as T, etag: response.headers.get('ETag') };
  }
}

/** The revision in an ETag ("7"); undefined when absent or not a revision. */
function revisionOf(etag: string | null): number | undefined {
  const m = /^"(\d+)"$/.exec(etag?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
}

function ifMatch(revision: number | undefined): Record<string, string> {
  return revision === undefined ? {} : { 'If-Match': `"${revision}"` };
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
