import { memo, useEffect, useRef, useState } from 'react';
import type { FlowDocument } from '../model/flowDocument';
import { AdminClient } from '../publish/adminClient';
import { initialConnection } from '../publish/PublishPanel';
import { EMPTY_OVERLAY, type CanvasOverlay } from './overlay';

export interface TrafficPanelProps {
  hidden: boolean;
  flowId: string;
  onOverlay: (overlay: CanvasOverlay) => void;
  /** Replaces the canvas (with the editor's confirmation when it has unsaved changes): the published version, to show its traffic. */
  onOpen: (doc: FlowDocument, what: string) => Promise<boolean>;
}

/** GET /api/flows/{id}/traffic (runtime/Callytics.Runtime.Host/Traffic/TrafficRoutes.cs). */
export interface TrafficSnapshot {
  flowId: string;
  version: number;
  window: string;
  entered: Record<string, number>;
  outputs: Record<string, number>;
  ended: Record<string, Record<string, number>>;
  active: { callId: string; node: string | null; since: string; callerId?: string | null }[];
}

const WINDOWS = ['5m', '15m', '1h', 'all'];

/**
 * How calls ended at a node, in words: "2 ended caller hung up", "3 ended completed"; a caller who gave up
 * waiting in a queue is "1 abandoned" (the host's end reason `abandoned`), not a plain hang-up.
 */
export function endNote(reason: string, n: number): string {
  return reason === 'abandoned' ? `${n} abandoned` : `${n} ended ${reason.replace(/_/g, ' ')}`;
}

/** The overlay of a snapshot: counts on edges and outputs, calls in progress and ends on nodes. */
export function trafficOverlay(t: TrafficSnapshot): CanvasOverlay {
  const labels = new Map(Object.entries(t.outputs).map(([k, n]) => [k, `×${n}`]));
  const outputs = new Map(Object.keys(t.outputs).map((k) => [k, 'live-traffic']));
  const busy = new Map<string, number>();
  for (const c of t.active) if (c.node) busy.set(c.node, (busy.get(c.node) ?? 0) + 1);
  const notes = new Map<string, string>();
  for (const id of new Set([...busy.keys(), ...Object.keys(t.ended), ...Object.keys(t.entered)])) {
    const parts = [`${t.entered[id] ?? 0} entered`];
    if (busy.get(id)) parts.push(`${busy.get(id)} in progress`);
    for (const [why, n] of Object.entries(t.ended[id] ?? {})) parts.push(endNote(why, n));
    notes.set(id, parts.join(' · '));
  }
  return { nodes: new Map([...busy.keys()].map((id) => [id, 'live-busy'])), outputs, labels, notes };
}

/**
 * Live traffic of the flow on the canvas, from a host: the counts per output on the edges, the calls
 * in progress and where calls ended on the nodes, refreshed as the host's event stream says calls
 * start, move and end. The stream is read with fetch (EventSource cannot send the admin token).
 */
function TrafficPanelView({ hidden, flowId, onOverlay, onOpen }: TrafficPanelProps) {
  const [conn, setConn] = useState(initialConnection);
  const [windowName, setWindowName] = useState('15m');
  const [snapshot, setSnapshot] = useState<TrafficSnapshot | undefined>();
  const [events, setEvents] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [live, setLive] = useState(false);
  const refresh = useRef<() => void>(() => {});
  const [wanted, setWanted] = useState(flowId);
  useEffect(() => setWanted(flowId), [flowId]);

  /** Opens the host's published version of the flow on the canvas: the traffic is that version's. */
  const openPublished = async () => {
    try {
      const c = new AdminClient(conn.api.trim(), conn.token);
      const versions = await c.versions(wanted);
      const last = versions.at(-1);
      if (!last) return setStatus(`'${wanted}' has no published version on the host.`);
      const doc = await c.version(wanted, last.version);
      if (await onOpen(doc, `Version ${last.version} of '${wanted}'`)) setStatus(`Opened version ${last.version} of '${wanted}', the published one.`);
    } catch (e) {
      setStatus(`Could not open '${wanted}': ${(e as Error).message}`);
    }
  };

  useEffect(() => {
    if (hidden || !live || !conn.api) return;
    const abort = new AbortController();
    const headers = { Authorization: `Bearer ${conn.token}`, Accept: 'application/json' };
    const base = conn.api.trim().replace(/\/+$/, '');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const r = await fetch(`${base}/api/flows/${encodeURIComponent(flowId)}/traffic?window=${windowName}`, { headers, signal: abort.signal });
        const body = (await r.json()) as TrafficSnapshot & { message?: string };
        if (!r.ok) return setStatus(`${r.status} ${r.status === 401 ? 'the token was refused' : body.message}`);
        setSnapshot(body);
        setStatus(`Version ${body.version}: ${body.active.length} call(s) in progress.`);
      } catch (e) {
        if (!abort.signal.aborted) setStatus(`Cannot reach ${base}: ${(e as Error).message}`);
      }
    };
    // Many events in a burst make one refresh, not one each.
    refresh.current = () => {
      if (!timer) timer = setTimeout(() => { timer = undefined; void load(); }, 150);
    };
    void load();
    void (async () => {
      try {
        const r = await fetch(`${base}/api/flows/${encodeURIComponent(flowId)}/traffic/events`, { headers: { ...headers, Accept: 'text/event-stream' }, signal: abort.signal });
        if (!r.ok || !r.body) return;
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const kind = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!kind || !data) continue;
            const e = JSON.parse(data) as { callId: string; node?: string; reason?: string };
            setEvents((list) => [`${kind} ${e.callId}${e.node ? ' at ' + e.node : ''}${e.reason ? ' (' + e.reason + ')' : ''}`, ...list].slice(0, 20));
            refresh.current();
          }
        }
      } catch {
        // Closed by the panel (abort) or by the host; the counts keep their last values.
      }
    })();
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [hidden, live, conn, flowId, windowName]);

  useEffect(() => onOverlay(!hidden && live && snapshot ? trafficOverlay(snapshot) : EMPTY_OVERLAY), [hidden, live, snapshot, onOverlay]);

  return (
    <aside className="testcall-panel" data-testid="traffic-panel" hidden={hidden}>
      <header><strong>Live traffic</strong></header>
      <p className="note">Counts of the published version of '{flowId}' on the host: calls per edge, calls in progress and where calls ended, on the canvas.</p>
      <label className="field"><span className="form-label">admin API</span>
        <input value={conn.api} data-testid="traffic-api-url" onChange={(e) => setConn({ ...conn, api: e.target.value })} /></label>
      <label className="field"><span className="form-label">token</span>
        <input type="password" autoComplete="off" value={conn.token} data-testid="traffic-api-token" onChange={(e) => setConn({ ...conn, token: e.target.value })} /></label>
      <div className="actions">
        <input value={wanted} aria-label="Flow id" data-testid="traffic-flow-id" onChange={(e) => setWanted(e.target.value)} />
        <button onClick={() => void openPublished()} disabled={!conn.api || !wanted} data-testid="traffic-open-published">Open the published version</button>
      </div>
      <div className="actions">
        <select value={windowName} onChange={(e) => setWindowName(e.target.value)} data-testid="traffic-window">
          {WINDOWS.map((w) => <option key={w} value={w}>{w === 'all' ? 'since the host started' : `last ${w}`}</option>)}
        </select>
        <button onClick={() => setLive((l) => !l)} data-testid="traffic-toggle">{live ? 'Stop' : 'Show traffic'}</button>
      </div>
      <div className="status" role="status" data-testid="traffic-status">{status}</div>
      {live && snapshot && (
        <table className="variables" data-testid="traffic-outputs">
          <tbody>
            {Object.entries(snapshot.outputs).map(([k, n]) => <tr key={k} data-output={k}><td>{k}</td><td data-field="count">{n}</td></tr>)}
          </tbody>
        </table>
      )}
      <ol className="steps" data-testid="traffic-events">{events.map((e, i) => <li key={i}>{e}</li>)}</ol>
    </aside>
  );
}

export const TrafficPanel = memo(TrafficPanelView);
