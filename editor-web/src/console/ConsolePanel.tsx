import { useCallback, useEffect, useState } from 'react';
import { initialConnection } from '../publish/PublishPanel';
import { ConsoleClient, type AudioEntry, type Callback, type Operator, type QueueLive, type Voicemail } from './consoleClient';

type Tab = 'callbacks' | 'voicemail' | 'operators' | 'queues' | 'audio';
const TABS: [Tab, string][] = [['callbacks', 'Callbacks'], ['voicemail', 'Voicemail'], ['operators', 'Operators'], ['queues', 'Queues live'], ['audio', 'Audio library']];

/**
 * The call-center console: callbacks, voicemail, operators, live queues and the audio library of a
 * running host, through its admin API with the same address and token as the publish panel.
 * Lists refresh every 2 s while a tab is shown (reads only: the host takes no lock for them).
 */
export function ConsolePanel({ hidden, onClose, onUseAudio }: { hidden: boolean; onClose: () => void; onUseAudio?: (id: string) => void }) {
  const [conn, setConn] = useState(initialConnection);
  const [tab, setTab] = useState<Tab>('callbacks');
  const [status, setStatus] = useState('');
  const client = conn.api && conn.token ? new ConsoleClient(conn.api, conn.token) : undefined;
  const run = useCallback(async (what: () => Promise<unknown>, done?: string) => {
    try {
      await what();
      if (done) setStatus(done);
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
  }, []);
  if (hidden) return null;
  return (
    <section className="console-panel" data-testid="console-panel" style={{ position: 'absolute', top: 48, right: 8, width: 560, maxHeight: '85vh', overflow: 'auto', background: 'var(--panel-bg, #fff)', border: '1px solid #999', padding: 8, zIndex: 20 }}>
      <header style={{ display: 'flex', gap: 4, alignItems: 'center' }}>
        <strong>Console</strong>
        <input placeholder="Admin API address" value={conn.api} onChange={(e) => setConn({ ...conn, api: e.target.value })} data-testid="console-api" />
        <input placeholder="Token" type="password" value={conn.token} onChange={(e) => setConn({ ...conn, token: e.target.value })} data-testid="console-token" />
        <button onClick={onClose}>Close</button>
      </header>
      <nav role="tablist" style={{ display: 'flex', gap: 4, margin: '6px 0' }}>
        {TABS.map(([t, label]) => <button key={t} role="tab" aria-selected={tab === t} data-testid={`console-tab-${t}`} onClick={() => setTab(t)}>{label}</button>)}
      </nav>
      <p role="status" data-testid="console-status">{status}</p>
      {client && tab === 'callbacks' && <Callbacks client={client} run={run} />}
      {client && tab === 'voicemail' && <VoicemailTab client={client} run={run} />}
      {client && tab === 'operators' && <Operators client={client} run={run} />}
      {client && tab === 'queues' && <Queues client={client} run={run} />}
      {client && tab === 'audio' && <Audio client={client} run={run} onUse={onUseAudio} />}
    </section>
  );
}

type Run = (what: () => Promise<unknown>, done?: string) => Promise<void>;

/** Reloads `load` now and every 2 s while mounted. */
function useLive<T>(load: () => Promise<T>, run: Run, key: string): [T | undefined, () => void] {
  const [value, setValue] = useState<T>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    const fetchOnce = () => void run(async () => { const v = await load(); if (alive) setValue(v); });
    fetchOnce();
    const timer = setInterval(fetchOnce, 2000);
    return () => { alive = false; clearInterval(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  return [value, () => setTick((t) => t + 1)];
}

function Callbacks({ client, run }: { client: ConsoleClient; run: Run }) {
  const [list, reload] = useLive(client.callbacks, run, client.base);
  const [operator, setOperator] = useState('');
  return (
    <div>
      <label>Operator for “call back now” <input value={operator} onChange={(e) => setOperator(e.target.value)} data-testid="callback-operator" /></label>
      <table data-testid="callbacks"><tbody>
        {(list ?? []).map((c: Callback) => (
          <tr key={c.id} data-testid="callback-row" data-status={c.status}>
            <td>{c.number}</td><td>{c.queue}</td><td>{c.status}</td><td title={c.requestedAt}>{new Date(c.requestedAt).toLocaleString()}</td><td>{c.assignedTo ?? ''}</td><td>{c.note ?? ''}</td>
            <td>{(c.status === 'pending' || c.status === 'failed') && <button data-testid={`call-back-${c.id}`} disabled={!operator} onClick={() => void run(() => client.callBack(c.id, operator).then(reload), `Calling ${c.number} back through ${operator}.`)}>Call back now</button>}</td>
          </tr>
        ))}
      </tbody></table>
    </div>
  );
}

function VoicemailTab({ client, run }: { client: ConsoleClient; run: Run }) {
  const [mailbox, setMailbox] = useState('');
  const [shown, setShown] = useState('');
  const [list, reload] = useLive(() => (shown ? client.voicemail(shown) : Promise.resolve([] as Voicemail[])), run, client.base + shown);
  const [playing, setPlaying] = useState<{ id: string; url: string }>();
  return (
    <div>
      <input placeholder="Mailbox" value={mailbox} onChange={(e) => setMailbox(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && setShown(mailbox.trim())} data-testid="mailbox" />
      <button onClick={() => setShown(mailbox.trim())} data-testid="open-mailbox">Open</button>
      <table data-testid="voicemail"><tbody>
        {(list ?? []).map((m) => (
          <tr key={m.id} data-testid="voicemail-row" data-heard={m.heard}>
            <td>{m.caller}</td><td title={m.receivedAt}>{new Date(m.receivedAt).toLocaleString()}</td><td>{m.durationSeconds} s</td><td>{m.heard ? 'heard' : 'new'}</td>
            <td>
              <button data-testid={`play-${m.id}`} onClick={() => void run(async () => { setPlaying({ id: m.id, url: await client.recording(m) }); if (!m.heard) await client.markHeard(m); reload(); })}>Play</button>
              <button onClick={() => void run(() => client.deleteVoicemail(m).then(reload), 'Deleted.')}>Delete</button>
            </td>
          </tr>
        ))}
      </tbody></table>
      {playing && <audio controls autoPlay src={playing.url} data-testid="voicemail-audio" data-message={playing.id} />}
    </div>
  );
}

function Operators({ client, run }: { client: ConsoleClient; run: Run }) {
  const [list, reload] = useLive(client.operators, run, client.base);
  const [form, setForm] = useState({ id: '', name: '', pin: '', queues: '' });
  const add = () => void run(async () => {
    await client.addOperator(form.id.trim(), form.name, form.pin, form.queues.split(',').map((q) => q.trim()).filter(Boolean));
    setForm({ id: '', name: '', pin: '', queues: '' });
    reload();
  }, `Added operator ${form.id.trim()}.`);
  return (
    <div>
      <div>
        <input placeholder="Id (phone number)" value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} data-testid="op-id" />
        <input placeholder="Name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="op-name" />
        <input placeholder="PIN" type="password" value={form.pin} onChange={(e) => setForm({ ...form, pin: e.target.value })} data-testid="op-pin" />
        <input placeholder="Queues (comma-separated)" value={form.queues} onChange={(e) => setForm({ ...form, queues: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && add()} data-testid="op-queues" />
        <button onClick={add} data-testid="op-add">Add</button>
      </div>
      <table data-testid="operators"><tbody>
        {(list ?? []).map((o: Operator) => (
          <tr key={o.id} data-testid="operator-row" data-id={o.id} data-status={o.status}>
            <td>{o.id}</td><td>{o.name}</td><td>{o.queues.join(', ')}</td><td data-field="logged-in">{o.loggedInTo.join(', ') || '—'}</td><td>{o.status}</td>
            <td>
              <button onClick={() => { const pin = window.prompt(`New PIN for ${o.id}`); if (pin) void run(() => client.setPin(o.id, pin), `PIN of ${o.id} changed.`); }}>Set PIN</button>
              <button onClick={() => void run(() => client.removeOperator(o.id).then(reload), `Removed ${o.id}.`)}>Remove</button>
            </td>
          </tr>
        ))}
      </tbody></table>
    </div>
  );
}

function Queues({ client, run }: { client: ConsoleClient; run: Run }) {
  const [list] = useLive(client.queues, run, client.base);
  return (
    <table data-testid="queues"><thead><tr><th>Queue</th><th>Waiting</th><th>Longest wait</th><th>Free</th><th>Busy</th></tr></thead><tbody>
      {(list ?? []).map((q: QueueLive) => (
        <tr key={q.id} data-testid="queue-row" data-id={q.id}><td>{q.name}</td><td data-field="waiting">{q.waiting}</td><td data-field="longest-wait">{q.waiting ? formatWait(q.longestWaitMs) : '—'}</td><td data-field="free">{q.operatorsFree.join(', ')}</td><td data-field="busy">{q.operatorsBusy.join(', ')}</td></tr>
      ))}
    </tbody></table>
  );
}

/** A wait as m:ss (the page refreshes every 2 s, so seconds are enough). */
export function formatWait(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function Audio({ client, run, onUse }: { client: ConsoleClient; run: Run; onUse?: (id: string) => void }) {
  const [list, reload] = useLive(client.audio, run, client.base);
  const [id, setId] = useState('');
  const [file, setFile] = useState<File>();
  return (
    <div>
      <input placeholder="Audio id" value={id} onChange={(e) => setId(e.target.value)} data-testid="audio-id" />
      <input type="file" accept=".wav,.mp3,.ogg,.opus,audio/*" onChange={(e) => setFile(e.target.files?.[0])} data-testid="audio-file" />
      <button disabled={!id || !file} data-testid="audio-upload" onClick={() => void run(async () => { await client.upload(id.trim(), file!); reload(); }, `Uploaded ${id.trim()}.`)}>Upload</button>
      <table data-testid="audio"><tbody>
        {(list ?? []).map((a: AudioEntry) => (
          <tr key={a.id} data-testid="audio-row" data-id={a.id}>
            <td>{a.id}</td><td data-field="duration">{(a.durationMs / 1000).toFixed(1)} s</td><td>{a.sourceFormat}</td>
            <td>{a.usedBy.map((u) => `${u.flowId} v${u.version}`).join(', ')}</td>
            <td><audio controls preload="none" src={client.mediaUrl(a.url)} data-testid={`preview-${a.id}`} /></td>
            <td>
              {onUse && <button data-testid={`use-${a.id}`} onClick={() => onUse(a.id)}>Use in selected node</button>}
              <button onClick={() => void run(() => client.removeAudio(a.id).then(reload), `Removed ${a.id}.`)}>Remove</button>
            </td>
          </tr>
        ))}
      </tbody></table>
    </div>
  );
}
