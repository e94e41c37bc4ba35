import { memo, useRef, useState } from 'react';
import type { Confirmation } from '../editor/ConfirmDialog';
import type { FlowDocument } from '../model/flowDocument';
import { AdminApiError, AdminClient, DraftRevisions, type FlowSummary, type ServerDiagnostic, type VersionInfo } from './adminClient';
import { diffLines } from './diffText';
import type { CatalogList, HostCatalog } from '../editor/forms/suggestions';

const ids = (list: readonly string[]) => list.map((id) => ({ id }));
const union = (...lists: (readonly { id: string; name?: string }[])[]) => [...new Map(lists.flat().map((o) => [o.id, o])).values()].sort((a, b) => a.id.localeCompare(b.id));

/**
 * What the forms suggest once connected: the host's flows, its catalog (GET /api/catalog: audio
 * with the library, queues, trunks), the library (GET /api/audio) and the call-center queues
 * (GET /api/queues). Only what the host checks on publish is `accepted` (flows, and the catalog's
 * ids when it has one); a list the host cannot give (an older host, no call-center storage) is
 * left out, and its field stays free text.
 */
export async function hostCatalog(c: AdminClient, flows: string[]): Promise<HostCatalog> {
  const maybe = <T,>(p: Promise<T>) => p.then((v) => v, () => undefined);
  const [catalog, library, queues] = await Promise.all([maybe(c.catalog()), maybe(c.audio()), maybe(c.queues())]);
  const checked = catalog?.checked === true;
  const list = (options: CatalogList['options'], accepted: readonly string[] | undefined): CatalogList => ({ options, ...(checked && accepted ? { accepted: new Set(accepted) } : {}) });
  return {
    flow: { options: ids(flows), accepted: new Set(flows) },
    audio: list(union(ids(catalog?.audio ?? []), ids(library ?? [])), catalog?.audio),
    queue: list(union(catalog?.queues ?? [], queues ?? []), catalog?.queues.map((q) => q.id)),
    trunk: list(ids(catalog?.trunks ?? []), catalog?.trunks),
  };
}

const API_KEY = 'callytics.editor.api';
const TOKEN_KEY = 'callytics.editor.token';

/**
 * The admin API address comes from ?api= or the last one used; the token from #token= (a URL
 * fragment never reaches a server) or this tab's sessionStorage. The fragment is removed at once.
 */
export function initialConnection(): { api: string; token: string } {
  if (typeof window === 'undefined') return { api: '', token: '' };
  const params = new URLSearchParams(window.location.search);
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const api = params.get('api') ?? localStorage.getItem(API_KEY) ?? '';
  const token = hash.get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (hash.has('token')) {
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return { api, token };
}

export interface PublishPanelProps {
  /** The id of the flow on the canvas: the flow that is saved, published and restored. */
  flowId: string;
  /** The canvas as a flow document (read when an action needs it, not on every render). */
  document: () => FlowDocument;
  /** Replaces the canvas (after the editor's own confirmation when it has unsaved changes); false when the admin kept it. */
  onOpen: (doc: FlowDocument, what: string) => Promise<boolean>;
  /** The canvas is now stored on the host. */
  onSaved: () => void;
  ask: (c: Confirmation) => Promise<boolean>;
  /** What is live on the host for the flow on the canvas, when known (the editor marks a canvas that differs). */
  onLive: (doc: FlowDocument | undefined) => void;
  /** What the host has (flows, audio, queues, trunks), for the forms' pickers. */
  onCatalog: (catalog: HostCatalog) => void;
  onDiagnostics: (diagnostics: ServerDiagnostic[]) => void;
  /** Keeps a document in this browser's local drafts (the host's draft before it is overwritten); false when it could not be stored. */
  onKeep: (doc: FlowDocument, source: string) => boolean;
  onClose: () => void;
  /**
   * Shows an old version on the canvas, read-only, in place of the draft (undefined: back to the
   * draft); `restore` restores it after the usual confirmation.
   */
  onPreview: (preview: VersionPreview | undefined) => void;
  /** Hidden panels keep their connection, history and diff. */
  hidden: boolean;
}

/** An old version shown read-only on the canvas. */
export interface VersionPreview {
  flowId: string;
  version: number;
  doc: FlowDocument;
  restore: () => void;
}

/** A save or publish refused because the host's draft is another revision than the one this editor last read or wrote. */
interface Conflict {
  flowId: string;
  action: 'save' | 'publish';
  /** The revision the editor based its save on; undefined when it never loaded the host's draft. */
  known?: number;
  /** The host's current revision, and its document when it could be read. */
  current: number;
  host?: FlowDocument;
  /** The publish message, kept for a publish after an overwrite. */
  message: string;
}

/** What differs between the host's draft and the canvas, by node id, in words. */
export function describeDifference(host: FlowDocument, canvas: FlowDocument): string {
  const byId = (d: FlowDocument) => new Map(d.nodes.map((n) => [String(n.id), JSON.stringify(n)]));
  const [h, c] = [byId(host), byId(canvas)];
  const onlyHost = [...h.keys()].filter((k) => !c.has(k));
  const onlyCanvas = [...c.keys()].filter((k) => !h.has(k));
  const changed = [...h.keys()].filter((k) => c.has(k) && c.get(k) !== h.get(k));
  const edges = (d: FlowDocument) => new Set(d.edges.map((e) => JSON.stringify(e)));
  const [he, ce] = [edges(host), edges(canvas)];
  const edgesDiffer = he.size !== ce.size || [...he].some((e) => !ce.has(e));
  const parts = [
    onlyHost.length ? `nodes only on the host: ${onlyHost.join(', ')}` : '',
    onlyCanvas.length ? `nodes only on the canvas: ${onlyCanvas.join(', ')}` : '',
    changed.length ? `nodes that differ: ${changed.join(', ')}` : '',
    edgesDiffer ? 'the connections differ' : '',
    (host.name ?? '') !== (canvas.name ?? '') ? `the name differs (“${host.name ?? ''}” on the host)` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'the same nodes and connections as the canvas (positions or settings may differ)';
}

/** Newest first, as people read a history. */
const newestFirst = (vs: VersionInfo[]) => [...vs].sort((a, b) => b.version - a.version);

/**
 * Open, save, validate, publish, history, diff against live, restore: against a runtime host's
 * admin API (runtime/Callytics.Runtime.Host, /api/flows). Memoised: it does not redraw while a
 * node is dragged.
 */
export const PublishPanel = memo(function PublishPanel({ flowId, document, onOpen, onSaved, ask, onLive, onCatalog, onDiagnostics, onKeep, onClose, onPreview, hidden }: PublishPanelProps) {
  const [conn, setConn] = useState(initialConnection);
  const [flows, setFlows] = useState<FlowSummary[] | undefined>();
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState('');
  const [diff, setDiff] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [compare, setCompare] = useState<{ a: string; b: string }>({ a: 'live', b: 'draft' });
  const [preview, setPreview] = useState<{ version: number; doc: FlowDocument } | undefined>();
  const [conflict, setConflict] = useState<Conflict | undefined>();
  /** The draft revision last read or written per host and flow, across actions (each action has its own client). */
  const revisions = useRef(new DraftRevisions());

  /** Runs one action against the API; its own status line wins over the generic "done". */
  const run = async (what: string, action: (c: AdminClient) => Promise<string | void>) => {
    setBusy(true);
    setStatus(`${what}…`);
    try {
      if (!conn.api.trim()) throw new Error('Type the admin API address first (the runtime host, e.g. https://host.example.com).');
      const client = new AdminClient(conn.api.trim(), conn.token, undefined, revisions.current);
      localStorage.setItem(API_KEY, conn.api);
      sessionStorage.setItem(TOKEN_KEY, conn.token);
      setStatus((await action(client)) || `${what}: done.`);
    } catch (e) {
      if (e instanceof AdminApiError && e.diagnostics.length) onDiagnostics(e.diagnostics);
      setStatus(`${what} failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  /**
   * A save or publish was refused because the host's draft is another revision: show it (what the
   * host has, against the canvas) and let the admin reload it or overwrite it. Nothing is saved
   * meanwhile. Other errors are thrown on.
   */
  const onConflict = async (c: AdminClient, e: unknown, action: Conflict['action'], known: number | undefined, msg: string): Promise<string> => {
    if (!(e instanceof AdminApiError) || !e.isRevisionConflict) throw e;
    let current = e.currentRevision!;
    let host: FlowDocument | undefined;
    try {
      // Read without remembering its revision: a plain save must not silently replace it.
      ({ doc: host, revision: current = current } = await c.peekDraft(flowId));
    } catch {
      // The conflict is still shown, with the revision the host named.
    }
    setConflict({ flowId, action, known, current, host, message: msg });
    return `${action === 'publish' ? 'Not published' : 'Not saved'}: the host's draft of ${flowId} is revision ${current}${known === undefined ? ', which this editor has not loaded' : `, not revision ${known} that this editor last read or wrote`}. Reload it or overwrite it (below).`;
  };

  /** Saves the canvas as the draft (over `overwrite` when given), then publishes when asked; a conflict is shown, not thrown. */
  const saveThen = async (c: AdminClient, action: Conflict['action'], msg: string, overwrite?: number): Promise<string> => {
    const known = overwrite ?? c.revision(flowId);
    const sent = document();
    let saved: number | undefined;
    try {
      saved = (await c.saveDraft(flowId, sent, { overwrite })).revision;
    } catch (e) {
      return onConflict(c, e, action, known, msg);
    }
    onSaved();
    setConflict(undefined);
    if (action === 'save') return `Saved the draft${saved === undefined ? '' : ` (revision ${saved})`}.`;
    let v: VersionInfo;
    try {
      v = await c.publish(flowId, msg);
    } catch (e) {
      return onConflict(c, e, action, saved, msg);
    }
    onLive(sent);
    setMessage('');
    await refreshHistory(c);
    return `Published version ${v.version}.`;
  };

  /** Replaces the canvas with the host's draft (the editor asks first when the canvas has changes; they stay in Drafts). */
  const reloadHostDraft = (k: Conflict) =>
    run(`Reload ${flowId}`, async (c) => {
      const { doc, revision } = await c.peekDraft(flowId);
      if (!(await onOpen(doc, `The host's draft of ${flowId} (revision ${revision ?? k.current})`))) return 'Not reloaded: the canvas is unchanged; the conflict stays.';
      c.revisions.set(c.base, flowId, revision);
      setConflict(undefined);
      return `Reloaded the host's draft (revision ${revision}).`;
    });

  /** Saves the canvas over the host's current revision, after a confirmation; the host's draft is kept in this browser's Drafts first. */
  const overwrite = async (k: Conflict) => {
    const ok = await ask({
      title: `Overwrite the host's draft of ${flowId}?`,
      body: (
        <>
          <p>
            Revision {k.current} of the host's draft{k.host ? ` (${k.host.nodes.length} nodes; ${describeDifference(k.host, document())})` : ''} is replaced by the flow on the canvas
            {k.action === 'publish' ? ', which is then published' : ''}.
          </p>
          <p>{k.host ? 'A copy of the host\'s draft is kept in this browser\'s Drafts, where it can be opened again.' : 'The host\'s draft could not be read, so no copy of it is kept here.'}</p>
        </>
      ),
      confirm: 'Overwrite',
    });
    if (!ok) return;
    await run(k.action === 'publish' ? `Publish ${flowId}` : 'Save draft', async (c) => {
      if (k.host && !onKeep(k.host, `host draft r${k.current}`)) throw new Error(`Could not keep a copy of the host's draft revision ${k.current} in this browser: nothing was overwritten.`);
      return saveThen(c, k.action, k.message, k.current);
    });
  };

  const refreshHistory = async (c: AdminClient) => setVersions(newestFirst(await c.versions(flowId)));
  const live = versions[0]?.version;

  const openFlow = (f: FlowSummary) =>
    run(`Open ${f.id}`, async (c) => {
      // A flow published by callyc may have versions but no draft: open its newest version then.
      const hasDraft = f.hasDraft !== false;
      const { doc, revision } = hasDraft || !f.liveVersion ? await c.peekDraft(f.id) : { doc: await c.version(f.id, f.liveVersion), revision: undefined };
      if (!(await onOpen(doc, `The host's ${hasDraft ? 'draft' : `version ${f.liveVersion}`} of ${f.id}`))) return 'Not opened: the canvas is unchanged.';
      // Only now is the canvas based on that revision (a declined open must not let a later save
      // replace the host's draft unseen). A version opened without a draft: no revision known, so
      // the next save passes only as the first draft.
      c.revisions.set(c.base, f.id, revision);
      setConflict(undefined);
      onLive(f.liveVersion ? (hasDraft ? await c.version(f.id, f.liveVersion) : doc) : undefined);
      setVersions(newestFirst(await c.versions(f.id)));
      setDiff([]);
      return `Opened ${f.id} (${hasDraft ? 'draft' : `version ${f.liveVersion}`}).`;
    });

  const publish = async () => {
    const ok = await ask({
      title: `Publish ${flowId}?`,
      body: <p>The flow on the canvas is saved as the host's draft and published as a new version{live ? ` replacing version ${live}` : ''}: calls use it at once. Message: “{message.trim()}”.</p>,
      confirm: 'Publish',
    });
    if (!ok) return;
    await run(`Publish ${flowId}`, (c) => saveThen(c, 'publish', message.trim()));
  };

  const side = (v: string): number | 'live' | 'draft' => (v === 'live' || v === 'draft' ? v : Number(v));
  /** Any two of: a version, the live one, the draft (the canvas, saved as the draft first when compared). */
  const showDiff = (a = compare.a, b = compare.b) =>
    run('Diff', async (c) => {
      // The diff is the host's, of stored documents: the canvas is saved as the draft first.
      const withDraft = a === 'draft' || b === 'draft';
      if (withDraft) {
        const saved = await saveThen(c, 'save', '');
        if (!saved.startsWith('Saved')) return saved;
      }
      setDiff(diffLines(await c.diff(flowId, side(a), side(b))));
      return `${withDraft ? 'Saved the draft; ' : ''}diff of ${a} → ${b} below.`;
    });

  /** An old version, read-only, before deciding to restore it. */
  const showVersion = (n: number) =>
    run(`Version ${n}`, async (c) => {
      const doc = await c.version(flowId, n);
      setPreview({ version: n, doc });
      setCompare({ a: String(n), b: 'live' });
      onPreview({ flowId, version: n, doc, restore: () => void restoreNow.current(n) });
      return `Version ${n} is on the canvas, read-only; the draft is kept as it was.`;
    });
  const closePreview = () => {
    setPreview(undefined);
    onPreview(undefined);
  };

  const restore = async (n: number) => {
    const ok = await ask({
      title: `Restore version ${n}?`,
      body: <p>Version {n} of {flowId} is published again as a new version and goes live at once{live ? `, replacing version ${live}` : ''}. The canvas then shows it.</p>,
      confirm: `Restore v${n}`,
    });
    if (!ok) return;
    await run(`Restore v${n}`, async (c) => {
      const v = await c.restore(flowId, n);
      await refreshHistory(c);
      setDiff([]);
      closePreview();
      // The canvas shows what is live now; the stored draft stays as it was until the next save.
      const restored = await c.version(flowId, v.version);
      const shown = await onOpen(restored, `Version ${v.version} (restored from ${n})`);
      onLive(restored);
      return `Restored version ${n} as version ${v.version}${shown ? '' : '; the canvas was kept as it was'}.`;
    });
  };

  /** The restore of the latest render (it knows the live version), for the canvas's preview banner. */
  const restoreNow = useRef(restore);
  restoreNow.current = restore;

  return (
    <aside className="publish-panel" data-testid="publish-panel" hidden={hidden}>
      <header>
        <h2>Publish</h2>
        <button className="small" onClick={onClose}>close</button>
      </header>
      <label className="form-row">
        <span className="form-label">admin API</span>
        <input value={conn.api} placeholder="https://host.example.com" data-testid="api-url" onChange={(e) => setConn({ ...conn, api: e.target.value })} />
      </label>
      <label className="form-row">
        <span className="form-label">token</span>
        <input type="password" value={conn.token} autoComplete="off" data-testid="api-token" onChange={(e) => setConn({ ...conn, token: e.target.value })} />
      </label>
      <div className="list-row">
        <button data-testid="list-flows" onClick={() => run('List flows', async (c) => { const list = await c.listFlows(); setFlows(list); onCatalog(await hostCatalog(c, list.map((f) => f.id))); return `${list.length} flow(s) on the host.`; })}>Flows</button>
        <button data-testid="save-draft" onClick={() => run('Save draft', (c) => saveThen(c, 'save', ''))}>Save draft</button>
        <button data-testid="validate" onClick={() => run('Validate', async (c) => {
          const found = (await c.validate(flowId)).diagnostics ?? [];
          onDiagnostics(found);
          return `The host's compiler reports ${found.length} finding(s) on the saved draft.`;
        })}>Validate</button>
      </div>
      {flows && (
        <ul className="flows" data-testid="flows">
          {flows.map((f) => (
            <li key={f.id} data-flow={f.id}>
              <button className="small" data-testid={`open-${f.id}`} onClick={() => openFlow(f)}>open</button> {f.name ?? f.id}
              {f.liveVersion != null && <small> (live v{f.liveVersion})</small>}
            </li>
          ))}
          {flows.length === 0 && <li>No flows on the host yet: save a draft.</li>}
        </ul>
      )}
      <p className="hint">Flow on the canvas: <code data-testid="publish-flow-id">{flowId || '(no id)'}</code></p>
      <label className="form-row">
        <span className="form-label">message</span>
        <input value={message} placeholder="What changed" data-testid="publish-message" onChange={(e) => setMessage(e.target.value)} />
      </label>
      <div className="list-row">
        <button data-testid="publish-now" disabled={!message.trim() || busy} onClick={publish}>Publish</button>
        <button data-testid="history" onClick={() => run('History', async (c) => void (await refreshHistory(c)))}>History</button>
        <button data-testid="diff-live" onClick={() => { setCompare({ a: 'live', b: 'draft' }); void showDiff('live', 'draft'); }}>Diff vs live</button>
      </div>
      {versions.length > 0 && (
        <div className="list-row compare">
          compare
          {(['a', 'b'] as const).map((k) => (
            <select key={k} aria-label={k === 'a' ? 'Compare from' : 'Compare to'} data-testid={`compare-${k}`} value={compare[k]} onChange={(e) => setCompare({ ...compare, [k]: e.target.value })}>
              <option value="live">live</option>
              <option value="draft">draft (canvas)</option>
              {versions.map((v) => <option key={v.version} value={String(v.version)}>v{v.version}</option>)}
            </select>
          ))}
          <button className="small" data-testid="compare" onClick={() => void showDiff()}>diff</button>
        </div>
      )}
      <table className="versions" data-testid="versions">
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid="version-row" data-version={v.version}>
              <td>v{v.version}</td>
              <td data-field="by">{v.publishedBy ?? ''}</td>
              <td data-field="at" title={v.publishedAt}>{v.publishedAt ? new Date(v.publishedAt).toLocaleString() : ''}</td>
              <td data-field="message">{v.message ?? ''}</td>
              <td>
                <button className="small" data-testid={`view-${v.version}`} disabled={busy} onClick={() => void showVersion(v.version)}>view</button>{' '}
                {v.version === live ? (
                  <small>live</small>
                ) : (
                  <button className="small" data-testid={`restore-${v.version}`} disabled={busy} onClick={() => void restore(v.version)}>restore</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview && (
        <section className="version-preview" data-testid="version-preview" aria-label={`Version ${preview.version}, read-only`}>
          <header>
            <strong>v{preview.version}</strong> on the canvas (read-only: {preview.doc.nodes.length} nodes, {preview.doc.edges.length} edges)
            <button className="small" data-testid="version-preview-close" onClick={closePreview}>back to the draft</button>
          </header>
          <ul>
            {preview.doc.nodes.map((n, i) => <li key={i}><code>{String(n.id)}</code> {n.type}{n.label ? ` · ${n.label}` : ''}</li>)}
          </ul>
        </section>
      )}
      {conflict?.flowId === flowId && (
        <section className="conflict" role="alert" data-testid="conflict" data-current={conflict.current}>
          <p>
            <strong>The host's draft changed.</strong> It is now revision {conflict.current}
            {conflict.known === undefined ? ', a draft this editor has not loaded' : `; this editor last read or wrote revision ${conflict.known}, and it was saved again elsewhere since`}. The canvas was not {conflict.action === 'publish' ? 'saved or published' : 'saved'}.
          </p>
          {conflict.host && (
            <p data-testid="conflict-host">
              The host has {conflict.host.name ? `“${conflict.host.name}”, ` : ''}{conflict.host.nodes.length} nodes: {describeDifference(conflict.host, document())}.
            </p>
          )}
          <div className="list-row">
            <button data-testid="conflict-reload" disabled={busy} onClick={() => void reloadHostDraft(conflict)}>Reload the host's draft</button>
            <button className="danger" data-testid="conflict-overwrite" disabled={busy} onClick={() => void overwrite(conflict)}>Overwrite{conflict.action === 'publish' ? ' and publish' : ''}</button>
            <button className="small" data-testid="conflict-dismiss" onClick={() => setConflict(undefined)}>keep editing</button>
          </div>
        </section>
      )}
      {diff.length > 0 && <pre className="diff" data-testid="diff">{diff.join('\n')}</pre>}
      <p className="hint" role="status" data-testid="publish-status">{status}</p>
    </aside>
  );
});
