import { memo, useState } from 'react';
import type { Confirmation } from '../editor/ConfirmDialog';
import type { FlowDocument } from '../model/flowDocument';
import { AdminApiError, AdminClient, type FlowSummary, type ServerDiagnostic, type VersionInfo } from './adminClient';
import { diffLines } from './diffText';

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
  /** The ids of the host's flows, for the forms' pickers. */
  onFlows: (ids: string[]) => void;
  onDiagnostics: (diagnostics: ServerDiagnostic[]) => void;
  onClose: () => void;
  /** Hidden panels keep their connection, history and diff. */
  hidden: boolean;
}

/** Newest first, as people read a history. */
const newestFirst = (vs: VersionInfo[]) => [...vs].sort((a, b) => b.version - a.version);

/**
 * Open, save, validate, publish, history, diff against live, restore: against a runtime host's
 * admin API (runtime/Callytics.Runtime.Host, /api/flows). Memoised: it does not redraw while a
 * node is dragged.
 */
export const PublishPanel = memo(function PublishPanel({ flowId, document, onOpen, onSaved, ask, onLive, onFlows, onDiagnostics, onClose, hidden }: PublishPanelProps) {
  const [conn, setConn] = useState(initialConnection);
  const [flows, setFlows] = useState<FlowSummary[] | undefined>();
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState('');
  const [diff, setDiff] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [compare, setCompare] = useState<{ a: string; b: string }>({ a: 'live', b: 'draft' });
  const [preview, setPreview] = useState<{ version: number; doc: FlowDocument } | undefined>();

  /** Runs one action against the API; its own status line wins over the generic "done". */
  const run = async (what: string, action: (c: AdminClient) => Promise<string | void>) => {
    setBusy(true);
    setStatus(`${what}…`);
    try {
      if (!conn.api.trim()) throw new Error('Type the admin API address first (the runtime host, e.g. https://host.example.com).');
      const client = new AdminClient(conn.api.trim(), conn.token);
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
  const refreshHistory = async (c: AdminClient) => setVersions(newestFirst(await c.versions(flowId)));
  const live = versions[0]?.version;

  const openFlow = (f: FlowSummary) =>
    run(`Open ${f.id}`, async (c) => {
      // A flow published by callyc may have versions but no draft: open its newest version then.
      const hasDraft = f.hasDraft !== false;
      const doc = hasDraft || !f.liveVersion ? await c.getDraft(f.id) : await c.version(f.id, f.liveVersion);
      if (!(await onOpen(doc, `The host's ${hasDraft ? 'draft' : `version ${f.liveVersion}`} of ${f.id}`))) return 'Not opened: the canvas is unchanged.';
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
    await run(`Publish ${flowId}`, async (c) => {
      const sent = document();
      await c.saveDraft(flowId, sent);
      onSaved();
      const v = await c.publish(flowId, message.trim());
      onLive(sent);
      setMessage('');
      await refreshHistory(c);
      return `Published version ${v.version}.`;
    });
  };

  const side = (v: string): number | 'live' | 'draft' => (v === 'live' || v === 'draft' ? v : Number(v));
  /** Any two of: a version, the live one, the draft (the canvas, saved as the draft first when compared). */
  const showDiff = (a = compare.a, b = compare.b) =>
    run('Diff', async (c) => {
      // The diff is the host's, of stored documents: the canvas is saved as the draft first.
      const withDraft = a === 'draft' || b === 'draft';
      if (withDraft) {
        await c.saveDraft(flowId, document());
        onSaved();
      }
      setDiff(diffLines(await c.diff(flowId, side(a), side(b))));
      return `${withDraft ? 'Saved the draft; ' : ''}diff of ${a} → ${b} below.`;
    });

  /** An old version, read-only, before deciding to restore it. */
  const showVersion = (n: number) =>
    run(`Version ${n}`, async (c) => {
      setPreview({ version: n, doc: await c.version(flowId, n) });
      setCompare({ a: String(n), b: 'live' });
    });

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
      setPreview(undefined);
      // The canvas shows what is live now; the stored draft stays as it was until the next save.
      const restored = await c.version(flowId, v.version);
      const shown = await onOpen(restored, `Version ${v.version} (restored from ${n})`);
      onLive(restored);
      return `Restored version ${n} as version ${v.version}${shown ? '' : '; the canvas was kept as it was'}.`;
    });
  };

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
        <button data-testid="list-flows" onClick={() => run('List flows', async (c) => { const list = await c.listFlows(); setFlows(list); onFlows(list.map((f) => f.id)); return `${list.length} flow(s) on the host.`; })}>Flows</button>
        <button data-testid="save-draft" onClick={() => run('Save draft', async (c) => { await c.saveDraft(flowId, document()); onSaved(); })}>Save draft</button>
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
            <strong>v{preview.version}</strong> (read-only: {preview.doc.nodes.length} nodes, {preview.doc.edges.length} edges)
            <button className="small" onClick={() => setPreview(undefined)}>close</button>
          </header>
          <ul>
            {preview.doc.nodes.map((n, i) => <li key={i}><code>{String(n.id)}</code> {n.type}{n.label ? ` · ${n.label}` : ''}</li>)}
          </ul>
        </section>
      )}
      {diff.length > 0 && <pre className="diff" data-testid="diff">{diff.join('\n')}</pre>}
      <p className="hint" role="status" data-testid="publish-status">{status}</p>
    </aside>
  );
});
