import { memo, useEffect, useMemo, useState } from 'react';
import type { FlowDocument } from '../model/flowDocument';
import { downloadText } from '../io/files';
import { initialConnection } from '../publish/PublishPanel';
import type { ServerDiagnostic } from '../publish/adminClient';
import { EMPTY_OVERLAY, outputKey, type CanvasOverlay } from './overlay';
import { describeInput, loadScenarios, saveScenarios, scenarioFile, scenarioFrom, type Scenario } from './scenarios';
import { TestCallClient, type ScenariosResult, type TestCallResult, type TestCallStep } from './testCallClient';

export interface TestCallPanelProps {
  hidden: boolean;
  flowId: string;
  /** The canvas as a flow document, read when a call starts (the draft as it is, saved or not). */
  document: () => FlowDocument;
  /** What to paint over the canvas: the call's path, or the coverage. */
  onOverlay: (overlay: CanvasOverlay) => void;
  /** The host refused the flow: its findings go to the problems panel. */
  onDiagnostics: (ds: ServerDiagnostic[]) => void;
  onClose: () => void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const list = (text: string) => text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

/** Milliseconds of virtual time from the call's first step to `s` (how long prompts, waits and timed keys took). */
export const sinceStart = (steps: TestCallStep[], s: TestCallStep) => Date.parse(s.at) - Date.parse(steps[0]?.at ?? s.at);

/** The state of the call after step `index`: the node it is in, the outputs taken and the variables so far. */
export function callAt(steps: TestCallStep[], index: number) {
  let node: string | undefined;
  const visited = new Set<string>();
  const taken = new Set<string>();
  const variables: Record<string, string> = {};
  for (const s of steps.slice(0, index + 1)) {
    if (s.kind === 'enter') {
      node = s.node;
      visited.add(s.node);
    } else if (s.kind === 'edge') taken.add(outputKey(s.node, s.output));
    else if (s.kind === 'variables') Object.assign(variables, s.changed);
  }
  return { node, visited, taken, variables };
}

/**
 * The test-call panel: a keypad and a script (digits, silence, hang-up, the clock, HTTP answers,
 * what dialled numbers and queues do) run as one call on the host (the compiled draft on the
 * host's engine with the simulated channel); the canvas lights the path step by step. A call is
 * saved as a scenario of the flow's `<flow>.scenarios.json`; all scenarios run on the host with
 * the verdicts and the coverage `callyc test` prints, shown over the canvas.
 */
function TestCallPanelView({ hidden, flowId, document, onOverlay, onDiagnostics, onClose }: TestCallPanelProps) {
  const [conn, setConn] = useState(initialConnection);
  const [digits, setDigits] = useState('');
  const [ms, setMs] = useState('');
  const [at, setAt] = useState('2026-01-05T10:00:00Z');
  const [dial, setDial] = useState('');
  const [queue, setQueue] = useState('');
  const [http, setHttp] = useState('');
  const [result, setResult] = useState<TestCallResult | undefined>();
  const [step, setStep] = useState(0);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [speak, setSpeak] = useState(true);
  const [name, setName] = useState('');
  const [scenarios, setScenarios] = useState<Scenario[]>(() => loadScenarios(flowId));
  const [run, setRun] = useState<ScenariosResult | undefined>();
  const [showCoverage, setShowCoverage] = useState(false);
  /** The ETag of the scenarios as last loaded from or saved to the host (undefined: none yet). */
  const [hostEtag, setHostEtag] = useState<string | undefined>();
  useEffect(() => {
    setHostEtag(undefined);
    setScenarios(loadScenarios(flowId));
    setRun(undefined);
    setResult(undefined);
  }, [flowId]);

  const script = (): Omit<Scenario, 'name' | 'expect'> => {
    const s: Omit<Scenario, 'name' | 'expect'> = { digits: digits.split(',').map((d) => d.trim()), at };
    if (digits.trim() === '') s.digits = [];
    if (list(dial).length) s.dial = list(dial);
    if (list(queue).length) s.queue = list(queue);
    if (http.trim()) s.http = JSON.parse(http) as unknown[];
    return s;
  };

  const client = () => new TestCallClient(conn.api.trim(), conn.token);

  const act = async (what: string, action: () => Promise<string>) => {
    setBusy(true);
    setStatus(`${what}…`);
    try {
      setStatus(await action());
    } catch (e) {
      const ds = (e as { diagnostics?: ServerDiagnostic[] }).diagnostics;
      if (ds?.length) onDiagnostics(ds);
      setStatus(`${what} failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const call = () =>
    act('Calling', async () => {
      const r = await client().call(document(), script());
      setResult(r);
      setShowCoverage(false);
      setStep(r.steps.length - 1);
      return `Call ended: ${r.end} at ${r.finalNode}${r.error ? ` (${r.error})` : ''}.`;
    });

  const saveScenario = () => {
    if (!result) return;
    const n = name.trim() || `scenario ${scenarios.length + 1}`;
    const next = [...scenarios.filter((s) => s.name !== n), scenarioFrom(n, script(), result)];
    if (!saveScenarios(flowId, next)) return setStatus('The browser refused to store the scenarios (storage full): export them.');
    setScenarios(next);
    setStatus(`Saved scenario '${n}' (${next.length} in ${flowId}.scenarios.json).`);
  };

  const runAll = () =>
    act('Running the scenarios', async () => {
      const r = await client().runAll(document(), scenarioFile(flowId, scenarios));
      setRun(r);
      setShowCoverage(true);
      return `${r.passed} passed, ${r.failed} failed.`;
    });

  /** Replaces the scenarios in this browser with the host's (they are kept here too, as before). */
  const loadFromHost = () =>
    act('Loading the scenarios from the host', async () => {
      const found = await client().loadScenarios(flowId);
      if (!found) return `The host has no scenarios for '${flowId}' yet.`;
      if (!saveScenarios(flowId, found.file.scenarios)) return 'The browser refused to store the scenarios (storage full).';
      setScenarios(found.file.scenarios);
      setHostEtag(found.etag);
      return `Loaded ${found.file.scenarios.length} scenario(s) from the host (revision ${found.etag.replace(/"/g, '')}).`;
    });

  /** Stores the scenarios on the host beside the flow, naming the revision loaded: a newer save there is not overwritten. */
  const saveToHost = () =>
    act('Saving the scenarios to the host', async () => {
      try {
        const etag = await client().saveScenarios(flowId, scenarioFile(flowId, scenarios), hostEtag);
        setHostEtag(etag);
        return `Saved ${scenarios.length} scenario(s) to the host (revision ${etag.replace(/"/g, '')}).`;
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status === 412 || status === 428)
          return `Not saved: someone saved other scenarios on the host meanwhile. Yours are still here; load the host's to see theirs, or export yours first.`;
        throw e;
      }
    });

  const removeScenario = (n: string) => {
    const next = scenarios.filter((s) => s.name !== n);
    if (saveScenarios(flowId, next)) setScenarios(next);
  };

  const steps = result?.steps ?? [];
  const state = useMemo(() => callAt(steps, step), [steps, step]);
  const current = steps[step];

  // The canvas shows the call (current node, path, outputs taken) or, after "run all", the coverage.
  const coverage = run?.coverage.find((c) => c.flowId === flowId);
  useEffect(() => {
    if (hidden) return onOverlay(EMPTY_OVERLAY);
    if (showCoverage && coverage) {
      const covered = new Set(coverage.covered);
      const outputs = new Map(coverage.outputs.map((o) => [o, covered.has(o) ? 'cov-covered' : 'cov-uncovered']));
      return onOverlay({ ...EMPTY_OVERLAY, outputs });
    }
    if (!result) return onOverlay(EMPTY_OVERLAY);
    const nodes = new Map([...state.visited].map((n) => [n, 'tc-visited']));
    if (state.node) nodes.set(state.node, 'tc-current');
    onOverlay({ ...EMPTY_OVERLAY, nodes, outputs: new Map([...state.taken].map((o) => [o, 'tc-taken'])) });
  }, [hidden, showCoverage, coverage, result, state, onOverlay]);

  // TTS prompts are spoken by the browser when it can (the host renders them only when publishing).
  useEffect(() => {
    if (hidden || !speak || !current?.prompts || typeof speechSynthesis === 'undefined') return;
    const text = current.prompts.filter((p) => p.kind === 'tts').map((p) => p.text).join('. ');
    if (text) {
      speechSynthesis.cancel();
      speechSynthesis.speak(new SpeechSynthesisUtterance(text));
    }
  }, [current, speak, hidden]);

  return (
    <aside className="testcall-panel" data-testid="testcall-panel" hidden={hidden}>
      <header>
        <strong>Test call</strong>
        <button className="small" onClick={onClose} aria-label="Close the test-call panel">×</button>
      </header>
      <p className="note">Runs on the host: the canvas as it is, compiled and called with a simulated caller, clock and web services. Nothing is saved or published.</p>
      <label className="field"><span className="form-label">admin API</span>
        <input value={conn.api} placeholder="http://127.0.0.1:5000" data-testid="tc-api-url" onChange={(e) => setConn({ ...conn, api: e.target.value })} /></label>
      <label className="field"><span className="form-label">token</span>
        <input type="password" autoComplete="off" value={conn.token} data-testid="tc-api-token" onChange={(e) => setConn({ ...conn, token: e.target.value })} /></label>

      <label className="field"><span className="form-label">caller keys, one entry per input (, next input; empty: silence; ! hang up; ^ during the prompt; @ms when)</span>
        <input value={digits} data-testid="tc-digits" onChange={(e) => setDigits(e.target.value)} /></label>
      <div className="keypad" role="group" aria-label="Keypad">
        {KEYS.map((k) => (
          <button key={k} data-testid={`key-${k}`} onClick={() => setDigits((d) => d + k)}>{k}</button>
        ))}
        <button data-testid="key-next" title="The next input" onClick={() => setDigits((d) => d + ',')}>next</button>
        <button data-testid="key-hangup" title="The caller hangs up" onClick={() => setDigits((d) => (d === '' ? '!' : d + ',!'))}>hang up</button>
        <button data-testid="key-clear" onClick={() => setDigits('')}>clear</button>
        <button data-testid="key-during" title="The keys of this input are pressed while the prompt plays" onClick={() => setDigits((d) => { const cut = d.lastIndexOf(',') + 1; return d.slice(cut).startsWith('^') ? d : d.slice(0, cut) + '^' + d.slice(cut); })}>during prompt</button>
      </div>
      <div className="actions">
        <label>ms <input value={ms} inputMode="numeric" size={6} data-testid="tc-ms" onChange={(e) => setMs(e.target.value.replace(/\D/g, ''))} /></label>
        <button data-testid="key-at" disabled={!ms} title="When the keys of this input are pressed: after the prompt, or into it with 'during prompt'"
          onClick={() => setDigits((d) => { const cut = d.lastIndexOf(',') + 1; return d.slice(0, cut) + d.slice(cut).replace(/@\d*$/, '') + '@' + ms; })}>at ms</button>
      </div>
      {digits !== '' && (
        <ol className="inputs" data-testid="tc-inputs">
          {digits.split(',').map((d, i) => <li key={i}>{describeInput(d)}</li>)}
        </ol>
      )}
      <details>
        <summary>Clock, HTTP answers, dialled numbers, queues</summary>
        <label className="field"><span className="form-label">call time (ISO 8601, business hours use it)</span>
          <input value={at} data-testid="tc-at" onChange={(e) => setAt(e.target.value)} /></label>
        <label className="field"><span className="form-label">dialled numbers, in order (answer, no_answer, busy, fail)</span>
          <input value={dial} data-testid="tc-dial" onChange={(e) => setDial(e.target.value)} /></label>
        <label className="field"><span className="form-label">queues, in order (answer, timeout, abandon)</span>
          <input value={queue} data-testid="tc-queue" onChange={(e) => setQueue(e.target.value)} /></label>
        <label className="field"><span className="form-label">HTTP answers: [{'{'} "method", "url" (* wildcards), "status", "body" {'}'}]</span>
          <textarea value={http} rows={3} data-testid="tc-http" onChange={(e) => setHttp(e.target.value)} /></label>
      </details>
      <div className="actions">
        <button onClick={() => void call()} disabled={busy || !conn.api} data-testid="tc-call">Call</button>
        <label><input type="checkbox" checked={speak} onChange={(e) => setSpeak(e.target.checked)} /> speak prompts</label>
      </div>
      <div className="status" role="status" data-testid="tc-status">{status}</div>

      {result && (
        <section className="trace" data-testid="tc-trace" data-end={result.end} data-final-node={result.finalNode}>
          <div className="stepper">
            <button onClick={() => setStep(0)} data-testid="tc-first" aria-label="First step">⏮</button>
            <button onClick={() => setStep((i) => Math.max(0, i - 1))} data-testid="tc-prev" aria-label="Previous step">◀</button>
            <span data-testid="tc-step">{step + 1} / {steps.length}</span>
            <button onClick={() => setStep((i) => Math.min(steps.length - 1, i + 1))} data-testid="tc-next" aria-label="Next step">▶</button>
            <button onClick={() => setStep(steps.length - 1)} data-testid="tc-last" aria-label="Last step">⏭</button>
          </div>
          <div data-testid="tc-current">at <strong>{state.node ?? '—'}</strong>{current ? `: ${current.kind}${current.detail ? ' ' + current.detail : ''}` : ''}</div>
          <ol className="steps" data-testid="tc-steps">
            {steps.map((s, i) => (
              <li key={i} className={i === step ? 'current' : i > step ? 'later' : ''} data-kind={s.kind} data-node={s.node} data-ms={sinceStart(steps, s)} onClick={() => setStep(i)}>
                <span className="muted" title="virtual time since the call started">{(sinceStart(steps, s) / 1000).toFixed(1)} s </span>
                {s.kind === 'enter' && <>→ <strong>{s.node}</strong></>}
                {s.kind === 'edge' && <>{s.node} <em>{s.output}</em> → {s.target ?? '(not connected)'}</>}
                {s.kind === 'effect' && <>{s.detail}</>}
                {s.kind === 'outcome' && <span className="muted">{s.detail}</span>}
                {s.kind === 'webhook' && <>webhook {s.detail}</>}
                {s.kind === 'variables' && <>set {Object.entries(s.changed ?? {}).map(([k, v]) => `${k} = "${v}"`).join(', ')}</>}
                {s.kind === 'end' && <strong>call ended: {s.end}{s.error ? ` (${s.error})` : ''}</strong>}
                {s.prompts?.map((p, j) => <div key={j} className="prompt" data-testid="tc-prompt">🔊 {p.kind === 'tts' ? `“${p.text}”` : `${p.kind}:${p.text}`}</div>)}
              </li>
            ))}
          </ol>
          <table className="variables" data-testid="tc-variables">
            <tbody>
              {Object.entries(state.variables).map(([k, v]) => (
                <tr key={k} data-name={k}><td>{k}</td><td data-field="value">{v}</td></tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <input value={name} placeholder="scenario name" data-testid="tc-scenario-name" onChange={(e) => setName(e.target.value)} />
            <button onClick={saveScenario} data-testid="tc-save-scenario">Save as scenario</button>
          </div>
        </section>
      )}

      <section className="scenarios" data-testid="tc-scenarios">
        <header>
          <strong>Scenarios ({scenarios.length})</strong>
          <button onClick={() => void runAll()} disabled={busy || scenarios.length === 0 || !conn.api} data-testid="tc-run-all">Run all</button>
          <button onClick={() => void loadFromHost()} disabled={busy || !conn.api} data-testid="tc-load-host" title="The scenarios stored on the host beside the flow">Load from host</button>
          <button onClick={() => void saveToHost()} disabled={busy || !conn.api || scenarios.length === 0} data-testid="tc-save-host" title="Store these scenarios on the host beside the flow">Save to host</button>
          <button onClick={() => downloadText(`${flowId}.scenarios.json`, JSON.stringify(scenarioFile(flowId, scenarios), null, 2) + '\n')} disabled={scenarios.length === 0} data-testid="tc-export-scenarios">Export</button>
        </header>
        <ul>
          {scenarios.map((s) => {
            const v = run?.verdicts.find((x) => x.name === s.name);
            return (
              <li key={s.name} data-testid="tc-scenario" data-name={s.name} data-verdict={v ? (v.passed ? 'pass' : 'fail') : ''}>
                {v && <span className={v.passed ? 'pass' : 'fail'}>{v.passed ? 'PASS' : 'FAIL'}</span>} {s.name}
                <button className="small" aria-label={`Delete scenario ${s.name}`} onClick={() => removeScenario(s.name)}>×</button>
                {v?.failures.map((f, i) => <div key={i} className="failure">{f}</div>)}
              </li>
            );
          })}
        </ul>
        {coverage && (
          <div className="coverage">
            <div data-testid="tc-coverage-summary">{coverage.summary}</div>
            {coverage.uncovered.length > 0 && <div data-testid="tc-uncovered">not exercised: {coverage.uncovered.join(', ')}</div>}
            <label><input type="checkbox" checked={showCoverage} data-testid="tc-show-coverage" onChange={(e) => setShowCoverage(e.target.checked)} /> show coverage on the canvas</label>
          </div>
        )}
      </section>
    </aside>
  );
}

export const TestCallPanel = memo(TestCallPanelView);
