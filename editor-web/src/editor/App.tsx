import {
  Background,
  Controls,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import supportLine from '../examples/supportLine.json';
import { downloadText, importFlowText } from '../io/files';
import { loadDraft, saveDraft } from '../io/drafts';
import { connectionProblem, type ConnectionNode } from '../model/connectionRules';
import { EMPTY_DOCUMENT, fromDocument, isAsyncEdge, serialize, type EditorNode, type FlowDocument } from '../model/flowDocument';
import type { NodeConfig } from '../model/nodeRegistry';
import type { Severity } from '../rules/descriptors';
import type { Diagnostic } from '../rules/diagnostic';
import { BackgroundValidator } from './backgroundValidator';
import { schemaProblem } from '../schema/schemaCheck';
import { SidePanel } from './forms/SidePanel';
import { frameOf, layoutEditorFlow, type FlowFrame } from './layoutEditorFlow';
import { openingView } from './openingView';
import { CanvasMiniMap } from './CanvasMiniMap';
import { NodeCard } from './NodeCard';
import { NODE_DRAG_TYPE, Palette } from './Palette';
import { ProblemsPanel } from './ProblemsPanel';
import { NodeProblemsContext } from './problemsContext';
import { useFlowEditor } from './useFlowEditor';
import type { Clipboard } from './clipboard';
import { PublishPanel } from '../publish/PublishPanel';
import type { ServerDiagnostic } from '../publish/adminClient';
import { DESCRIPTORS } from '../rules/descriptors';

const nodeTypes = { flow: NodeCard };
const storage = typeof localStorage === 'undefined' ? undefined : localStorage;
const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.isContentEditable);

/** A finding from the host's compiler, shown like the editor's own. */
function fromServer(d: ServerDiagnostic): Diagnostic {
  const severity = DESCRIPTORS[d.id]?.severity ?? (d.severity === 'warning' || d.severity === 'info' ? d.severity : 'error');
  return { id: d.id, severity, message: d.message, line: d.line ?? 0, column: d.column ?? 0, pointer: d.pointer ?? '', nodeId: d.nodeId ?? undefined, source: 'host' };
}

/** The selected nodes; the same array as long as the selection and the selected nodes' data are unchanged (moves do not count). */
function useSelection(nodes: EditorNode[]): EditorNode[] {
  const last = useRef<EditorNode[]>([]);
  const now = nodes.filter((n) => n.selected);
  const same = now.length === last.current.length && now.every((n, i) => n.id === last.current[i].id && n.data === last.current[i].data);
  if (!same) last.current = now;
  return last.current;
}

/** The editor page: palette, canvas, side panel, problems and toolbar. */
export function App() {
  const [initial] = useState<FlowDocument>(() => loadDraft(storage) ?? (supportLine as unknown as FlowDocument));
  const ed = useFlowEditor(initial);
  // The editor's operations are stable; depending on them (not on `ed`) keeps ReactFlow's props stable while dragging.
  const { connect, setPositions, load, generation, undo, redo, copySelection, paste } = ed;
  const rf = useReactFlow<EditorNode>();
  const [problems, setProblems] = useState<Diagnostic[]>([]);
  const [hint, setHint] = useState<string>('');
  const [layoutRuns, setLayoutRuns] = useState(0);
  const [busy, setBusy] = useState(false);
  const [publishing, setPublishing] = useState(() => typeof location !== 'undefined' && new URLSearchParams(location.search).has('api'));
  const clipboard = useRef<Clipboard>({ nodes: [], edges: [] });
  const fileInput = useRef<HTMLInputElement>(null);
  const flowRef = useRef(ed.flow);
  flowRef.current = ed.flow;

  // Validation as you draw: only changes of meaning trigger it (not moves), debounced, in a worker.
  const [validated, setValidated] = useState(-1);
  const validator = useMemo(() => new BackgroundValidator((found, version) => { setProblems(found); setValidated(version); }), []);
  useEffect(() => () => validator.dispose(), [validator]);
  useEffect(() => {
    const t = setTimeout(() => validator.validate(serialize(ed.document()), ed.version), 120);
    return () => clearTimeout(t);
  }, [ed.version, ed.document, validator]);

  // The draft survives a reload; saved shortly after the last change, moves included.
  useEffect(() => {
    const t = setTimeout(() => saveDraft(storage, ed.document()), 400);
    return () => clearTimeout(t);
  }, [ed.flow, ed.document]);

  const nodeProblems = useMemo(() => {
    const m = new Map<string, Severity>();
    for (const p of problems) {
      const current = p.nodeId ? m.get(p.nodeId) : undefined;
      if (p.nodeId && (!current || RANK[p.severity] > RANK[current])) m.set(p.nodeId, p.severity);
    }
    return m;
  }, [problems]);

  const webhookKey = ed.flow.nodes.filter((n) => n.data.type === 'webhook').map((n) => n.id).join('\n');
  const edges: Edge[] = useMemo(() => {
    const byId = new Map(flowRef.current.nodes.map((n) => [n.id, n]));
    return ed.flow.edges.map((e) => {
      const async = isAsyncEdge(byId, e);
      const handle = e.sourceHandle ?? 'next';
      return { ...e, className: async ? 'async-edge' : undefined, label: async ? 'async' : handle !== 'next' ? handle : undefined };
    });
    // webhookKey stands for "which nodes are webhooks", the only node fact edges depend on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ed.flow.edges, webhookKey]);

  // React Flow asks isValidConnection on every pointer move while an edge is drawn; the node list
  // does not change meanwhile, so its map is built once per node list, not once per move.
  const connectionMap = useRef<{ nodes: unknown; map: Map<string, ConnectionNode> } | null>(null);
  const connectionNodes = () => {
    const nodes = flowRef.current.nodes;
    if (connectionMap.current?.nodes !== nodes)
      connectionMap.current = { nodes, map: new Map(nodes.map((n) => [n.id, { id: n.id, type: n.data.type, label: n.data.label }])) };
    return connectionMap.current.map;
  };

  const isValidConnection: IsValidConnection = useCallback(
    (c) => !connectionProblem(connectionNodes(), flowRef.current.edges, { source: c.source, target: c.target, sourceHandle: c.sourceHandle }),
    [],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const problem = connectionProblem(connectionNodes(), flowRef.current.edges, c);
      if (problem) return setHint(problem);
      setHint('');
      connect(c);
    },
    [connect],
  );

  const onConnectEnd = useCallback((_: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (!state.toNode || state.isValid || !state.fromNode) return;
    const problem = connectionProblem(connectionNodes(), flowRef.current.edges, {
      source: state.fromNode.id,
      target: state.toNode.id,
      sourceHandle: state.fromHandle?.id,
    });
    if (problem) setHint(problem);
  }, []);

  const store = useStoreApi<EditorNode>();
  /** After opening or laying out: the whole flow, or its start when the whole would be too small to read. */
  const showFrame = useCallback(
    (frame: FlowFrame) => {
      const { width, height, maxZoom } = store.getState();
      void rf.setViewport(openingView(frame.bounds, frame.start, { width, height }, maxZoom));
    },
    [rf, store],
  );

  const runLayout = useCallback(async () => {
    setBusy(true);
    try {
      performance.mark('layout:start');
      const opened = generation.current;
      const { positions, ...frame } = await layoutEditorFlow(flowRef.current, (id) => rf.getInternalNode(id)?.measured);
      performance.measure('layout:elk', 'layout:start');
      if (opened !== generation.current) return; // another document was opened meanwhile
      // Frame the computed layout (cards outside the view are not measured yet, so fitView would miss
      // them), in the same turn as the move: the cards are drawn once, where they end up.
      showFrame(frame);
      setPositions(positions);
      requestAnimationFrame(() => {
        setLayoutRuns((r) => r + 1);
        performance.measure('layout:total', 'layout:start');
      });
    } finally {
      setBusy(false);
    }
  }, [generation, setPositions, rf, showFrame]);

  const opening = useRef(0);
  const openDocument = useCallback(
    async (doc: FlowDocument) => {
      const ticket = ++opening.current;
      // The view moves first, then the flow arrives: its cards are drawn only where the view will be.
      if (doc.nodes.every((n) => doc.layout?.[n.id])) {
        showFrame(frameOf(fromDocument(doc)));
        load(doc);
        setBusy(false); // a layout still running for an earlier document is dropped
        return;
      }
      // No positions: lay the flow out first (estimated card sizes, in the worker) and draw it once,
      // rather than drawing and measuring a column of cards that the layout then moves.
      setBusy(true);
      performance.mark('layout:start');
      try {
        const { positions, ...frame } = await layoutEditorFlow(fromDocument(doc), () => undefined);
        performance.measure('layout:elk', 'layout:start');
        if (ticket !== opening.current) return; // another document was opened meanwhile
        showFrame(frame);
        load({ ...doc, layout: Object.fromEntries(positions) });
        requestAnimationFrame(() => {
          setLayoutRuns((r) => r + 1);
          performance.measure('layout:total', 'layout:start');
        });
      } catch (e) {
        if (ticket !== opening.current) return;
        load(doc); // nothing is lost: the flow opens in a column
        setHint(`Auto-layout failed: ${(e as Error).message}`);
      } finally {
        if (ticket === opening.current) setBusy(false);
      }
    },
    [load, showFrame],
  );

  // A document without positions (the example, a hand-written file) is laid out on first view.
  useEffect(() => {
    if (initial.nodes.some((n) => !initial.layout?.[n.id])) requestAnimationFrame(() => requestAnimationFrame(() => void runLayout()));
    // A draft with positions: React Flow's own fit waits for every card to be measured, which a
    // large flow never is (cards outside the view are not drawn).
    else requestAnimationFrame(() => showFrame(frameOf(flowRef.current)));
    // Only for the document the page opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onImportFile = async (file: File | undefined) => {
    if (!file) return;
    performance.mark('import:start');
    // The file's findings come from the background validation once it is open (or at once if it cannot open).
    const result = importFlowText(await file.text(), false);
    performance.measure('import:parse', 'import:start');
    if (!result.ok) {
      validator.cancel();
      setProblems(result.problems);
      return setHint(`${file.name} could not be opened: see the problems panel.`);
    }
    setHint(`Opened ${file.name}.`);
    void openDocument(result.doc);
  };

  const exportFile = () => {
    const doc = ed.document();
    downloadText(`${doc.id || 'flow'}.flow.json`, serialize(doc));
    // The file is written either way (nothing is lost); ajv says whether it matches the compiler's schema.
    const problem = schemaProblem(doc);
    setHint(problem ? `Exported; it does not match schema/flow.schema.json yet: ${problem}` : `Exported ${doc.id || 'flow'}.flow.json.`);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const type = e.dataTransfer.getData(NODE_DRAG_TYPE);
    if (!type) return;
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    ed.addNode(type, { x: p.x - 90, y: p.y - 20 });
  };

  /** Selects a node and centres the view on it. */
  const focusNode = (id: string) => {
    const n = rf.getInternalNode(id);
    if (!n) return setHint(`No node '${id}'.`);
    ed.selectOnly(id);
    const w = n.measured.width ?? 200;
    const h = n.measured.height ?? 100;
    rf.setCenter(n.internals.positionAbsolute.x + w / 2, n.internals.positionAbsolute.y + h / 2, { zoom: Math.max(rf.getZoom(), 1), duration: 200 });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || !(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) undo();
      else if (k === 'y' || (k === 'z' && e.shiftKey)) redo();
      else if (k === 'c') clipboard.current = copySelection();
      else if (k === 'v') paste(clipboard.current);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, copySelection, paste]);

  const showServerProblems = useCallback(
    (ds: ServerDiagnostic[]) => {
      validator.cancel();
      setProblems(ds.map(fromServer));
    },
    [validator],
  );
  const closePublishing = useCallback(() => setPublishing(false), []);

  // Stable while a node is dragged (only positions change then), so the side panel does not redraw on every frame.
  const selected = useSelection(ed.flow.nodes);
  const idsKey = ed.flow.nodes.map((n) => n.id).join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const nodeIds = useMemo(() => new Set(flowRef.current.nodes.map((n) => n.id)), [idsKey]);
  const { updateNode } = ed;
  const onConfig = useCallback((id: string, config: NodeConfig) => updateNode(id, { config }), [updateNode]);
  const onLabel = useCallback((id: string, label: string | undefined) => updateNode(id, { label }), [updateNode]);

  return (
    <div className="app" data-layout-runs={layoutRuns} data-busy={busy ? 'true' : 'false'} data-version={ed.version} data-validated={validated}>
      <header className="toolbar">
        <strong className="brand">Callytics flow editor</strong>
        <span className="flow-name" data-testid="flow-title">{ed.flow.meta.name || ed.flow.meta.id}</span>
        <button onClick={() => void openDocument(EMPTY_DOCUMENT)} data-testid="new">New</button>
        <button onClick={() => void openDocument(supportLine as unknown as FlowDocument)}>Example</button>
        <button onClick={() => fileInput.current?.click()}>Import…</button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="import-file" onChange={(e) => { void onImportFile(e.target.files?.[0]); e.target.value = ''; }} />
        <button onClick={exportFile} data-testid="export">Export</button>
        <button onClick={() => setPublishing((p) => !p)} data-testid="publish">Publish…</button>
        <span className="sep" />
        <button onClick={ed.undo} disabled={!ed.canUndo} data-testid="undo" title="Ctrl+Z">Undo</button>
        <button onClick={ed.redo} disabled={!ed.canRedo} data-testid="redo" title="Ctrl+Y">Redo</button>
        <button onClick={() => (clipboard.current = ed.copySelection())} title="Ctrl+C">Copy</button>
        <button onClick={() => ed.paste(clipboard.current)} title="Ctrl+V">Paste</button>
        <button onClick={() => void runLayout()} data-testid="auto-layout" disabled={busy}>Auto-layout</button>
        <input className="find" placeholder="Find node id…" data-testid="find-node" onKeyDown={(e) => e.key === 'Enter' && focusNode(e.currentTarget.value.trim())} />
        <span className="hint-bar" data-testid="connection-hint" role="status">{hint}</span>
      </header>
      <div className="main">
        <Palette />
        <div className="canvas" onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop} data-testid="canvas">
          <NodeProblemsContext.Provider value={nodeProblems}>
            <ReactFlow<EditorNode>
              nodes={ed.flow.nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={ed.onNodesChange}
              onEdgesChange={ed.onEdgesChange as never}
              onNodeDragStart={ed.onDragStart}
              onSelectionDragStart={ed.onDragStart}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              onConnectStart={() => setHint('')}
              isValidConnection={isValidConnection}
              deleteKeyCode={['Delete', 'Backspace']}
              multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
              selectionKeyCode="Shift"
              fitView
              minZoom={0.05}
              maxZoom={2}
              onlyRenderVisibleElements={ed.flow.nodes.length > 300}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} />
              <CanvasMiniMap />
              <Controls showInteractive={false} />
            </ReactFlow>
          </NodeProblemsContext.Provider>
        </div>
        <div className="right-column">
        <PublishPanel hidden={!publishing} flowId={ed.flow.meta.id} document={ed.document} onOpen={openDocument} onDiagnostics={showServerProblems} onClose={closePublishing} />
        <SidePanel
          selected={selected}
          meta={ed.flow.meta}
          nodeIds={nodeIds}
          onConfig={onConfig}
          onLabel={onLabel}
          onRename={ed.renameNode}
          onRenameHandle={ed.renameHandle}
          onMeta={ed.updateMeta}
        />
        </div>
      </div>
      <ProblemsPanel problems={problems} onPick={(d) => d.nodeId && focusNode(d.nodeId)} />
    </div>
  );
}
