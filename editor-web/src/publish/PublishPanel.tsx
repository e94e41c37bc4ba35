import { memo, useState } from 'react';
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
  onOpen: (doc: FlowDocument) => void;
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
export const PublishPanel = memo(function PublishPanel({ flowId, document, onOpen, onDiagnostics, onClose, hidden }: PublishPanelProps) {
  const [conn, setConn] = useState(initialConnection);
  const [flows, setFlows] = useState<FlowSummary[] | undefined>();
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState('');
  const [diff, setDiff] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  /** Runs one action against the API; its own status line wins over the generic "done". */
  const run = async (what: string, action: (c: AdminClient) => Promise<string | void>) => {
    setBusy(true);
    setStatus(`${what}…`);
    try {
      const client = new AdminClient(conn.api, conn.token);
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
      onOpen(doc);
      setVersions(newestFirst(await c.versions(f.id)));
      setDiff([]);
      return `Opened ${f.id} (${hasDraft ? 'draft' : `version ${f.liveVersion}`}).`;
    });

  const publish = () =>
    run(`Publish ${flowId}`, async (c) => {
      await c.saveDraft(flowId, document());
      const v = await c.publish(flowId, message.trim());
      setMessage('');
      await refreshHistory(c);
      return `Published version ${v.version}.`;
    });

  const showDiff = () =>
    run('Diff', async (c) => {
      // The diff is the host's, of stored documents: the canvas is saved as the draft first.
      await c.saveDraft(flowId, document());
      const lines = diffLines(await c.diff(flowId, 'live', 'draft'));
      setDiff(lines);
      return 'Saved the draft; diff against the live version below.';
    });

  const restore = (n: number) =>
    run(`Restore v${n}`, async (c) => {
      const v = await c.restore(flowId, n);
      await refreshHistory(c);
      // The canvas shows what is live now; the stored draft stays as it was until the next save.
      onOpen(await c.version(flowId, v.version));
      setDiff([]);
      return `Restored version ${n} as version ${v.version}.`;
    });

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
        <button data-testid="list-flows" onClick={() => run('List flows', async (c) => { const list = await c.listFlows(); setFlows(list); return `${list.length} flow(s) on the host.`; })}>Flows</button>
        <button data-testid="save-draft" onClick={() => run('Save draft', async (c) => void (await c.saveDraft(flowId, document())))}>Save draft</button>
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
        <button data-testid="diff-live" onClick={showDiff}>Diff vs live</button>
      </div>
      <table className="versions" data-testid="versions">
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid="version-row" data-version={v.version}>
              <td>v{v.version}</td>
              <td data-field="by">{v.publishedBy ?? ''}</td>
              <td data-field="at" title={v.publishedAt}>{v.publishedAt ? new Date(v.publishedAt).toLocaleString() : ''}</td>
              <td data-field="message">{v.message ?? ''}</td>
              <td>
                {v.version === live ? (
                  <small>live</small>
                ) : (
                  <button className="small" data-testid={`restore-${v.version}`} disabled={busy} onClick={() => restore(v.version)}>restore</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff.length > 0 && <pre className="diff" data-testid="diff">{diff.join('\n')}</pre>}
      <p className="hint" role="status" data-testid="publish-status">{status}</p>
    </aside>
  );
});
