import { useState } from 'react';
import type { FlowDocument } from '../model/flowDocument';
import { AdminApiError, AdminClient, type FlowSummary, type ServerDiagnostic, type VersionInfo } from './adminClient';

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
  document: () => FlowDocument;
  onOpen: (doc: FlowDocument) => void;
  onDiagnostics: (diagnostics: ServerDiagnostic[]) => void;
  onClose: () => void;
}

/** Open, save, publish, history, diff against live, restore: against a runtime host's admin API. */
export function PublishPanel({ document, onOpen, onDiagnostics, onClose }: PublishPanelProps) {
  const [conn, setConn] = useState(initialConnection);
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState('');
  const [diff, setDiff] = useState('');
  const flowId = document().id;

  const client = () => new AdminClient(conn.api, conn.token);
  const run = async (what: string, action: (c: AdminClient) => Promise<void>) => {
    setStatus(`${what}…`);
    try {
      localStorage.setItem(API_KEY, conn.api);
      sessionStorage.setItem(TOKEN_KEY, conn.token);
      await action(client());
      setStatus(`${what}: done.`);
    } catch (e) {
      if (e instanceof AdminApiError && e.diagnostics.length) onDiagnostics(e.diagnostics);
      setStatus(`${what} failed: ${(e as Error).message}`);
    }
  };

  return (
    <aside className="publish-panel" data-testid="publish-panel">
      <header>
        <h2>Publish</h2>
        <button className="small" onClick={onClose}>close</button>
      </header>
      <label className="form-row">
        <span className="form-label">admin API</span>
        <input value={conn.api} placeholder="https://host.example.com" onChange={(e) => setConn({ ...conn, api: e.target.value })} />
      </label>
      <label className="form-row">
        <span className="form-label">token</span>
        <input type="password" value={conn.token} autoComplete="off" onChange={(e) => setConn({ ...conn, token: e.target.value })} />
      </label>
      <div className="list-row">
        <button onClick={() => run('List flows', async (c) => setFlows(await c.listFlows()))}>Flows</button>
        <button onClick={() => run('Save draft', async (c) => void (await c.saveDraft(flowId, document())))}>Save draft</button>
        <button onClick={() => run('Validate', async (c) => onDiagnostics((await c.validate(flowId)).diagnostics ?? []))}>Validate</button>
      </div>
      <ul className="flows">
        {flows.map((f) => (
          <li key={f.id}>
            <button className="small" onClick={() => run(`Open ${f.id}`, async (c) => onOpen(await c.getDraft(f.id)))}>open</button> {f.name ?? f.id}
            {f.liveVersion !== undefined && <small> (live v{f.liveVersion})</small>}
          </li>
        ))}
      </ul>
      <label className="form-row">
        <span className="form-label">message</span>
        <input value={message} placeholder="What changed" onChange={(e) => setMessage(e.target.value)} />
      </label>
      <div className="list-row">
        <button
          disabled={!message.trim()}
          onClick={() =>
            run(`Publish ${flowId}`, async (c) => {
              await c.saveDraft(flowId, document());
              const v = await c.publish(flowId, message.trim());
              setStatus(`Published version ${v.version}.`);
              setVersions(await c.versions(flowId));
            })
          }
        >
          Publish
        </button>
        <button onClick={() => run('History', async (c) => setVersions(await c.versions(flowId)))}>History</button>
        <button onClick={() => run('Diff', async (c) => setDiff(formatDiff(await c.diff(flowId, 'live', 'draft'))))}>Diff draft vs live</button>
      </div>
      <table className="versions">
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td>v{v.version}</td>
              <td>{v.publishedBy ?? ''}</td>
              <td>{v.publishedAt ?? ''}</td>
              <td>{v.message ?? ''}</td>
              <td>
                <button className="small" onClick={() => run(`Restore v${v.version}`, async (c) => {
                  await c.restore(flowId, v.version);
                  setVersions(await c.versions(flowId));
                  onOpen(await c.getDraft(flowId));
                })}>
                  restore
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diff && <pre className="diff">{diff}</pre>}
      <p className="hint" role="status">{status}</p>
    </aside>
  );
}

function formatDiff(d: unknown): string {
  return typeof d === 'string' ? d : JSON.stringify(d, null, 2);
}
