import {
  applyNodeChanges,
  Background,
  ControlButton,
  Controls,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import supportLine from '../examples/supportLine.json';
import { downloadText, importFlowText, MAX_FLOW_BYTES } from '../io/files';
import { LocalDrafts, type DraftInfo } from '../io/drafts';
import { useConfirm } from './ConfirmDialog';
import { DraftsMenu } from './DraftsMenu';
import { connectionProblem, type ConnectionNode } from '../model/connectionRules';
import { EMPTY_DOCUMENT, fromDocument, initialCard, toDocument, isAsyncEdge, serialize, withoutEstimatedHandles, type EditorEdge, type EditorFlow, type EditorNode, type FlowDocument } from '../model/flowDocument';
import { ASYNC_HANDLE, nodeType, type NodeConfig } from '../model/nodeRegistry';
import { freeSpot } from './placement';
import type { Severity } from '../rules/descriptors';
import type { Diagnostic } from '../rules/diagnostic';
import { BackgroundValidator } from './backgroundValidator';
import { schemaProblem } from '../schema/schemaCheck';
import { SidePanel } from './forms/SidePanel';
import { frameOf, layoutEditorFlow, type FlowFrame } from './layoutEditorFlow';
import { fitAll, minimumZoom, openingView } from './openingView';
import { RoutedEdge } from './RoutedEdge';
import { LevelOfDetail } from './LevelOfDetail';
import { ThemePicker, useTheme } from './ThemePicker';
import { flowVariables, NO_CATALOG, SuggestionsContext, type HostCatalog } from './forms/suggestions';
import { CanvasMiniMap } from './CanvasMiniMap';
import { NodeCard } from './NodeCard';
import { GroupActionsContext, GroupCard, GroupFrame, withGroups, type GroupActions, type GroupNode } from './GroupNodes';
import { collapsedMembers, rerouteEdge, type FlowGroup } from '../model/groups';
import { NODE_DRAG_TYPE, Palette } from './Palette';
import { ProblemsPanel } from './ProblemsPanel';
import { NodeProblemsContext } from './problemsContext';
import { useFlowEditor } from './useFlowEditor';
import type { Clipboard } from './clipboard';
import { PublishPanel, type VersionPreview } from '../publish/PublishPanel';
import { ConsolePanel } from '../console/ConsolePanel';
import type { ServerDiagnostic } from '../publish/adminClient';
import { DESCRIPTORS } from '../rules/descriptors';
import { TestCallPanel } from '../testcall/TestCallPanel';
import { TrafficPanel } from '../testcall/TrafficPanel';
import { CanvasOverlayContext, EMPTY_OVERLAY, outputKey, type CanvasOverlay } from '../testcall/overlay';

const nodeTypes = { flow: NodeCard, groupFrame: GroupFrame, groupCard: GroupCard };
const NO_GROUPS: FlowGroup[] = [];
const edgeTypes = { routed: RoutedEdge };
const storage = typeof localStorage === 'undefined' ? undefined : localStorage;
const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || t.isContentEditable);

/** The node a finding's JSON pointer is inside (/nodes/<i>/…), by the node ids of the document it was found in. */
export function nodeOfPointer(pointer: string, nodeIds: readonly string[]): string | undefined {
  const m = /^\/nodes\/(\d+)(?:\/|$)/.exec(pointer);
  return m ? nodeIds[Number(m[1])] : undefined;
}

/**
 * A finding from the host's compiler, shown like the editor's own. Its line and column are in the
 * compact JSON the editor uploaded, which the admin never sees: the finding is placed on its node
 * (by pointer when the host names none) and its position is not shown.
 */
function fromServer(d: ServerDiagnostic, nodeIds: readonly string[]): Diagnostic {
  const severity = DESCRIPTORS[d.id]?.severity ?? (d.severity === 'warning' || d.severity === 'info' ? d.severity : 'error');
  const pointer = d.pointer ?? '';
  return { id: d.id, severity, message: d.message, line: 0, column: 0, pointer, nodeId: d.nodeId ?? nodeOfPointer(pointer, nodeIds), source: 'host' };
}

/** A document's meaning, for comparing two: as the editor writes it, without positions. */
const meaning = (doc: FlowDocument) => JSON.stringify({ ...toDocument(fromDocument(doc)), layout: undefined });

const flowTitle = (doc: { name?: string; id?: string }) => `'${doc.name || doc.id || 'untitled'}'`;

/** The selected nodes; the same array as long as the selection and the selected nodes' data are unchanged (moves do not count). */
function useSelection(nodes: EditorNode[]): EditorNode[] {
  const last = useRef<EditorNode[]>([]);
  const now = nodes.filter((n) => n.selected);
  const same = now.length === last.current.length && now.every((n, i) => n.id === last.current[i].id && n.data === last.current[i].data);
  if (!same) last.current = now;
  return last.current;
}

/** The edges as drawn: routed, labelled by output, dashed to webhooks, painted by the overlay, and ending on collapsed groups. */
function canvasEdges(nodes: EditorNode[], flowEdges: EditorEdge[], groups: readonly FlowGroup[], overlay: CanvasOverlay): Edge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // Edges into and out of a collapsed group meet its card; edges inside it are not drawn.
  const hidden = collapsedMembers(groups);
  const shown = hidden.size ? flowEdges.flatMap((e) => rerouteEdge(e, hidden) ?? []) : flowEdges;
  return shown.map((e) => {
    const async = isAsyncEdge(byId, e);
    const handle = e.sourceHandle ?? 'next';
    const painted = overlay.outputs.get(outputKey(e.source, handle));
    const count = overlay.labels.get(outputKey(e.source, handle));
    const label = async ? 'async' : handle !== 'next' ? handle : undefined;
    const className = [async ? 'async-edge' : '', painted ?? ''].filter(Boolean).join(' ') || undefined;
    return { ...e, type: 'routed', className, label: count === undefined ? label : `${label ? label + ' ' : ''}${count}` };
  });
}

const NO_PROBLEMS = new Map<string, Severity>();
const READ_ONLY_GROUPS: GroupActions = { rename: () => {}, setCollapsed: () => {}, ungroup: () => {}, readOnly: true };

/** The editor page: palette, canvas, side panel, problems and toolbar. */
export function App() {
  const drafts = useMemo(() => new LocalDrafts(storage, typeof sessionStorage === 'undefined' ? undefined : sessionStorage), []);
  const [opened] = useState(() => drafts.latest());
  const initial = opened?.doc ?? (supportLine as unknown as FlowDocument);
  /** The local draft the canvas is saved to: one per opened flow, so opening another never overwrites it. */
  const draftSlot = useRef(opened?.info.key ?? drafts.freeId(initial.id || 'untitled'));
  const draftSource = useRef<string | undefined>(opened?.info.source);
  const [storageError, setStorageError] = useState(() =>
    opened?.info.failed ? `The local copy of ${flowTitle(opened.doc)} is from ${new Date(opened.info.savedAt).toLocaleString()}: the changes made after it could not be stored (${opened.info.failed.reason}).` : '',
  );
  const ed = useFlowEditor(initial);
  const [confirmDialog, ask] = useConfirm();
  // Read through a ref: the callbacks that replace the canvas stay the same while a node is dragged (the publish panel does not redraw).
  const dirty = useRef(ed.dirty);
  dirty.current = ed.dirty;
  const [theme, setTheme] = useTheme();
  // The editor's operations are stable; depending on them (not on `ed`) keeps ReactFlow's props stable while dragging.
  const { connect, setPositions, load, generation, undo, redo, copySelection, paste, markSaved } = ed;
  const rf = useReactFlow<EditorNode>();
  const [problems, setProblems] = useState<Diagnostic[]>([]);
  const [hint, setHint] = useState<string>('');
  const [minZoom, setMinZoom] = useState(0.05);
  /**
   * Why a connection was refused, shown in full where the edge was dropped (a toolbar line is cut
   * short and stays after it no longer applies); gone at the next connection, change, click or
   * Escape, or after a while.
   */
  const [refusal, setRefusal] = useState<{ text: string; x: number; y: number } | undefined>();
  const canvasRef = useRef<HTMLDivElement>(null);
  const refuse = useCallback((text: string, at?: { clientX: number; clientY: number }) => {
    const box = canvasRef.current?.getBoundingClientRect();
    const x = box && at ? Math.max(8, Math.min(at.clientX - box.left + 12, box.width - 380)) : 16;
    const y = box && at ? Math.max(8, Math.min(at.clientY - box.top + 12, box.height - 90)) : 16;
    setRefusal({ text, x, y });
  }, []);
  useEffect(() => {
    if (!refusal) return;
    const t = setTimeout(() => setRefusal(undefined), 10_000);
    return () => clearTimeout(t);
  }, [refusal]);
  const [layoutRuns, setLayoutRuns] = useState(0);
  const [busy, setBusy] = useState(false);
  const [publishing, setPublishing] = useState(() => typeof location !== 'undefined' && new URLSearchParams(location.search).has('api'));
  const clipboard = useRef<Clipboard>({ nodes: [], edges: [] });
  const fileInput = useRef<HTMLInputElement>(null);
  const flowRef = useRef(ed.flow);
  flowRef.current = ed.flow;

  // Validation as you draw: only changes of meaning trigger it (not moves), debounced, in a worker.
  const [validated, setValidated] = useState(-1);
  /**
   * An imported file as the admin wrote it, while the canvas still means the same: its findings
   * are placed in that file (lines and columns the admin can look up), not in the editor's
   * re-serialised JSON. The first change of meaning ends it.
   */
  const importedText = useRef<{ text: string; name: string; version: number; nodeIds: string[] } | undefined>(undefined);
  const validator = useMemo(
    () =>
      new BackgroundValidator((found, version) => {
        const imported = importedText.current?.version === version ? importedText.current : undefined;
        // Findings inside a node the canvas shows under another id (an invalid card) go to that card.
        setProblems(imported ? found.map((d) => (d.nodeId ? d : { ...d, nodeId: nodeOfPointer(d.pointer, imported.nodeIds) })) : found);
        setValidated(version);
      }),
    [],
  );
  useEffect(() => () => validator.dispose(), [validator]);
  useEffect(() => setRefusal(undefined), [ed.version]);
  useEffect(() => {
    const t = setTimeout(() => {
      const imported = importedText.current;
      if (imported && imported.version !== ed.version) importedText.current = undefined;
      validator.validate(importedText.current?.text ?? serialize(ed.document()), ed.version);
    }, 120);
    return () => clearTimeout(t);
  }, [ed.version, ed.document, validator]);

  // The draft survives a reload; saved shortly after the last change, moves included. A refusal
  // (storage full) is shown at once and stays until a save succeeds: the admin can still export.
  const saveLocal = useCallback(() => {
    const doc = ed.document();
    const r = drafts.save(draftSlot.current, doc, draftSource.current);
    setStorageError(r.ok ? '' : `Could not keep a local copy of ${flowTitle(doc)}: ${r.reason}. Export the flow, or delete old drafts, so that nothing is lost.`);
    return r.ok;
  }, [drafts, ed.document]);
  useEffect(() => {
    const t = setTimeout(saveLocal, 400);
    return () => clearTimeout(t);
  }, [ed.flow, saveLocal]);

  const nodeProblems = useMemo(() => {
    const m = new Map<string, Severity>();
    for (const p of problems) {
      const current = p.nodeId ? m.get(p.nodeId) : undefined;
      if (p.nodeId && (!current || RANK[p.severity] > RANK[current])) m.set(p.nodeId, p.severity);
    }
    return m;
  }, [problems]);

  const webhookKey = ed.flow.nodes.filter((n) => n.data.type === 'webhook').map((n) => n.id).join('\n');
  /** The test call's path, the scenarios' coverage or live traffic, painted over the canvas (src/testcall). */
  const [testOverlay, setTestOverlay] = useState<CanvasOverlay>(EMPTY_OVERLAY);
  const [trafficOverlay, setTrafficOverlay] = useState<CanvasOverlay>(EMPTY_OVERLAY);
  const [testing, setTesting] = useState(false);
  const [watching, setWatching] = useState(false);
  // One picture at a time: the test call (or coverage) while its panel is open, else live traffic.
  const overlay = testing ? testOverlay : trafficOverlay;
  const groups = ed.flow.groups ?? NO_GROUPS;
  const edges: Edge[] = useMemo(
    () => canvasEdges(flowRef.current.nodes, ed.flow.edges, groups, overlay),
    // webhookKey stands for "which nodes are webhooks", the only node fact edges depend on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ed.flow.edges, webhookKey, overlay, groups],
  );
  const canvasNodes = useMemo(() => withGroups(ed.flow.nodes, groups), [ed.flow.nodes, groups]);
  const canvasNodesRef = useRef(canvasNodes);
  canvasNodesRef.current = canvasNodes;
  /**
   * A group's frame (by its title bar) or collapsed card dragged: its nodes move with it, since the
   * frame is drawn around them; every other change goes to the flow.
   */
  const { onNodesChange: onFlowNodesChange, moveNodesBy } = ed;
  const onNodesChange = useCallback(
    (changes: NodeChange<EditorNode>[]) => {
      // Most flows have no group: a drag's changes go straight through (no pass over the nodes per frame).
      if (!flowRef.current.groups?.length) return onFlowNodesChange(changes);
      const drawnGroups = new Map(canvasNodesRef.current.filter((n) => n.type !== 'flow').map((n) => [n.id, n as unknown as GroupNode]));
      const own = changes.filter((c) => !('id' in c) || !drawnGroups.has(c.id));
      for (const c of changes) {
        const drawn = c.type === 'position' && c.position ? drawnGroups.get(c.id) : undefined;
        if (drawn && c.type === 'position' && c.position) moveNodesBy(new Set(drawn.data.group.nodes), c.position.x - drawn.position.x, c.position.y - drawn.position.y);
      }
      if (own.length) onFlowNodesChange(own);
    },
    [onFlowNodesChange, moveNodesBy],
  );


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
      if (problem) return refuse(problem);
      setRefusal(undefined);
      connect(c);
    },
    [connect, refuse],
  );

  const onConnectEnd = useCallback((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (!state.toNode || state.isValid || !state.fromNode) return;
    const problem = connectionProblem(connectionNodes(), flowRef.current.edges, {
      source: state.fromNode.id,
      target: state.toNode.id,
      sourceHandle: state.fromHandle?.id,
    });
    if (problem) refuse(problem, 'changedTouches' in event ? event.changedTouches[0] : event);
  }, [refuse]);

  const store = useStoreApi<EditorNode>();
  /** After opening or laying out: the whole flow, or its start when the whole would be too small to read. */
  const showFrame = useCallback(
    (frame: FlowFrame) => {
      const { width, height } = store.getState();
      setMinZoom(minimumZoom(frame.bounds, { width, height }));
      // Never above 100 %: a new flow's one card at 200 % makes every dropped card huge.
      void rf.setViewport(openingView(frame.bounds, frame.start, { width, height }, 1));
    },
    [rf, store],
  );

  /**
   * Fit view over every card, drawn or not (React Flow's own fits only the cards it has measured,
   * which in a large flow are the few in view), with the minimum zoom lowered to allow it.
   */
  const fitView = useCallback(() => {
    const { width, height } = store.getState();
    const { bounds } = frameOf(flowRef.current, undefined, (id) => rf.getInternalNode(id)?.measured);
    setMinZoom(minimumZoom(bounds, { width, height }));
    void rf.setViewport(fitAll(bounds, { width, height }), { duration: 0 });
  }, [rf, store]);

  /** `opening`: the layout of the flow the page opened with, part of opening it, not a change. */
  const runLayout = useCallback(async (opening = false) => {
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
      if (opening) markSaved();
      requestAnimationFrame(() => {
        setLayoutRuns((r) => r + 1);
        performance.measure('layout:total', 'layout:start');
      });
    } finally {
      setBusy(false);
    }
  }, [generation, setPositions, rf, showFrame, markSaved]);

  /**
   * An old version shown on the canvas instead of the draft, read-only: nothing can be moved,
   * connected, deleted, added or edited, and the draft (state, undo history, local copy) is not
   * touched; "Back to the draft" shows the draft again where the view was.
   */
  const [preview, setPreview] = useState<{ info: VersionPreview; flow: EditorFlow; viewport: Viewport } | undefined>();
  const previewRef = useRef(preview);
  previewRef.current = preview;
  const showPreview = useCallback(
    (p: VersionPreview | undefined) => {
      const before = previewRef.current;
      if (!p) {
        if (!before) return;
        setPreview(undefined);
        requestAnimationFrame(() => void rf.setViewport(before.viewport));
        return;
      }
      void (async () => {
        let flow = fromDocument(p.doc);
        // A version stored without positions is laid out for viewing (the version itself is not changed).
        if (!flow.nodes.every((n) => n.data.invalid || p.doc.layout?.[n.id])) {
          const { positions } = await layoutEditorFlow(flow, () => undefined);
          flow = { ...flow, nodes: flow.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
        }
        setPreview({ info: p, flow, viewport: before?.viewport ?? rf.getViewport() });
        requestAnimationFrame(() => showFrame(frameOf(flow)));
      })();
    },
    [rf, showFrame],
  );
  /** Only measurements apply to the preview's cards (so edges meet their handles); every other change is refused. */
  const onPreviewNodesChange = useCallback((changes: NodeChange<EditorNode>[]) => {
    const measured = changes.filter((c) => c.type === 'dimensions');
    if (measured.length === 0) return;
    const ids = new Set(measured.map((c) => c.id));
    setPreview((p) => (p ? { ...p, flow: { ...p.flow, nodes: withoutEstimatedHandles(applyNodeChanges(measured, p.flow.nodes), ids) } } : p));
  }, []);
  const previewNodes = useMemo(() => (preview ? withGroups(preview.flow.nodes, preview.flow.groups ?? NO_GROUPS) : undefined), [preview]);
  const previewEdges = useMemo(() => (preview ? canvasEdges(preview.flow.nodes, preview.flow.edges, preview.flow.groups ?? NO_GROUPS, EMPTY_OVERLAY) : undefined), [preview]);
  const readOnly = (what: string) => {
    if (!previewRef.current) return false;
    setHint(`Version ${previewRef.current.info.version} is shown read-only: ${what} needs the draft (Back to the draft).`);
    return true;
  };

  const opening = useRef(0);
  const openDocument = useCallback(
    async (doc: FlowDocument, afterLoad?: () => void) => {
      const ticket = ++opening.current;
      const placed = fromDocument(doc);
      // The view moves first, then the flow arrives: its cards are drawn only where the view will be.
      if (placed.nodes.every((n) => n.data.invalid || doc.layout?.[n.id])) {
        showFrame(frameOf(placed));
        load(doc);
        afterLoad?.();
        setBusy(false); // a layout still running for an earlier document is dropped
        return;
      }
      // No positions: lay the flow out first (estimated card sizes, in the worker) and draw it once,
      // rather than drawing and measuring a column of cards that the layout then moves.
      setBusy(true);
      performance.mark('layout:start');
      try {
        const { positions, ...frame } = await layoutEditorFlow(placed, () => undefined);
        performance.measure('layout:elk', 'layout:start');
        if (ticket !== opening.current) return; // another document was opened meanwhile
        showFrame(frame);
        load({ ...doc, layout: Object.fromEntries(positions) });
        afterLoad?.();
        requestAnimationFrame(() => {
          setLayoutRuns((r) => r + 1);
          performance.measure('layout:total', 'layout:start');
        });
      } catch (e) {
        if (ticket !== opening.current) return;
        load(doc); // nothing is lost: the flow opens in a column
        afterLoad?.();
        setHint(`Auto-layout failed: ${(e as Error).message}`);
      } finally {
        if (ticket === opening.current) setBusy(false);
      }
    },
    [load, showFrame],
  );

  /**
   * Everything that replaces the canvas (New, Example, Import, a draft, a flow or version from the
   * host) comes here. Changes not exported or saved to a host are confirmed first, saying what
   * they are; the flow on the canvas stays in the local drafts either way, and the new one gets a
   * draft of its own. Resolves false when the admin keeps the canvas.
   */
  const replaceCanvas = useCallback(
    async (doc: FlowDocument, what: string, opts: { slot?: string; source?: string; afterLoad?: () => void } = {}): Promise<boolean> => {
      const current = ed.document();
      if (dirty.current) {
        const kept = saveLocal();
        const ok = await ask({
          title: 'Replace the flow on the canvas?',
          body: (
            <>
              <p>
                {what} replaces {flowTitle(current)} ({current.nodes.length} nodes), which has changes that are not exported or saved to a host.
              </p>
              <p>{kept ? 'Its local draft stays in Drafts, where it can be opened again.' : <strong>Its local copy could not be stored: those changes will be lost.</strong>}</p>
            </>
          ),
          confirm: 'Replace',
        });
        if (!ok) return false;
      } else saveLocal();
      setLive(undefined); // the publish panel says what is live for a flow it opens
      setPreview(undefined); // an old version shown read-only gives way to the flow opened
      draftSlot.current = opts.slot ?? drafts.find(doc) ?? drafts.freeId(doc.id || 'untitled');
      draftSource.current = opts.source;
      await openDocument(doc, opts.afterLoad);
      return true;
    },
    [ask, drafts, ed.document, openDocument, saveLocal],
  );

  const newFlow = () => {
    // A new flow gets an id no draft has: a second new flow never overwrites the first.
    const id = drafts.freeId(EMPTY_DOCUMENT.id, new Set([draftSlot.current]));
    void replaceCanvas({ ...EMPTY_DOCUMENT, id }, 'A new flow', { slot: id });
  };

  const openDraft = (info: DraftInfo) => {
    const doc = drafts.load(info.key);
    if (!doc) return setHint(`The draft ${info.key} could not be read.`);
    if (info.key === draftSlot.current) return;
    void replaceCanvas(doc, `The draft ${flowTitle(doc)}`, { slot: info.key, source: info.source });
  };

  const deleteDraft = async (info: DraftInfo) => {
    const ok = await ask({
      title: 'Delete this local draft?',
      body: <p>The draft {flowTitle(info)} ({info.nodes} nodes, saved {new Date(info.savedAt).toLocaleString()}) is deleted from this browser; it cannot be brought back.</p>,
      confirm: 'Delete',
    });
    if (ok) drafts.remove(info.key);
    return ok;
  };

  // A document without positions (the example, a hand-written file) is laid out on first view.
  useEffect(() => {
    if (initial.nodes.some((n) => !initial.layout?.[n.id])) requestAnimationFrame(() => requestAnimationFrame(() => void runLayout(true)));
    // A draft with positions: React Flow's own fit waits for every card to be measured, which a
    // large flow never is (cards outside the view are not drawn).
    else requestAnimationFrame(() => showFrame(frameOf(flowRef.current)));
    // Only for the document the page opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onImportFile = async (file: File | undefined) => {
    if (!file) return;
    // The compiler refuses such a file (CFL0005): opening it would only replace the canvas with a flow that cannot be built.
    if (file.size > MAX_FLOW_BYTES)
      return setHint(`${file.name} was not opened: it is ${(file.size / 1048576).toFixed(1)} MiB, over the compiler's ${MAX_FLOW_BYTES / 1048576} MiB limit (CFL0005). The canvas is unchanged.`);
    performance.mark('import:start');
    const text = await file.text();
    // The file's findings come from the background validation once it is open (or at once if it cannot open).
    const result = importFlowText(text, false);
    performance.measure('import:parse', 'import:start');
    if (!result.ok) {
      validator.cancel();
      setProblems(result.problems);
      return setHint(`${file.name} could not be opened: see the problems panel. The canvas is unchanged.`);
    }
    const doc = result.doc;
    const placed = fromDocument(doc);
    const invalid = placed.nodes.filter((n) => n.data.invalid).length;
    const replaced = await replaceCanvas(doc, `The file ${file.name}`, {
      source: file.name,
      // While the canvas holds the file as loaded, its findings are placed in the file itself.
      afterLoad: () => (importedText.current = { text, name: file.name, version: ed.versionNow.current, nodeIds: placed.nodes.map((n) => n.id) }),
    });
    if (!replaced) return;
    setHint(`Opened ${file.name}: ${placed.nodes.length} nodes${invalid ? `, ${invalid} of them invalid (outlined; see the problems panel)` : ''}.`);
  };

  const exportFile = () => {
    const doc = ed.document();
    downloadText(`${doc.id || 'flow'}.flow.json`, serialize(doc));
    // The file is written either way (nothing is lost); ajv says whether it matches the compiler's schema.
    const problem = schemaProblem(doc);
    ed.markSaved();
    setHint(problem ? `Exported; it does not match schema/flow.schema.json yet: ${problem}` : `Exported ${doc.id || 'flow'}.flow.json.`);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    if (readOnly('adding a node')) return;
    const type = e.dataTransfer.getData(NODE_DRAG_TYPE);
    if (!type) return;
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const card = initialCard(type, nodeType(type)?.defaultConfig() ?? {});
    ed.addNode(type, freeSpot({ x: p.x - 90, y: p.y - 20 }, { width: card.initialWidth, height: card.initialHeight }, flowRef.current.nodes));
  };

  /**
   * Click-to-add (palette click, Enter in the palette search): the new card goes below the selected
   * node, connected from its first free output that the language allows; with nothing selected, in
   * the middle of the view. The new node is selected, so the next one follows it.
   */
  const addAfterSelected = (type: string) => {
    if (readOnly('adding a node')) return;
    const nodes = flowRef.current.nodes;
    const after = nodes.filter((n) => n.selected).at(-1);
    const card = initialCard(type, nodeType(type)?.defaultConfig() ?? {});
    const size = { width: card.initialWidth, height: card.initialHeight };
    let at: { x: number; y: number };
    let from: { source: string; sourceHandle: string } | undefined;
    if (after) {
      const height = after.measured?.height ?? after.initialHeight ?? 90;
      at = { x: after.position.x, y: after.position.y + height + 60 };
      const def = nodeType(after.data.type);
      const outputs = def ? (def.terminal ? [ASYNC_HANDLE] : def.outputs(after.data.config).map((o) => o.name)) : [];
      const probe = new Map(connectionNodes());
      probe.set('\u0000new', { id: '\u0000new', type });
      const free = outputs.find((h) => !connectionProblem(probe, flowRef.current.edges, { source: after.id, target: '\u0000new', sourceHandle: h }));
      if (free) from = { source: after.id, sourceHandle: free };
    } else {
      const box = canvasRef.current?.getBoundingClientRect();
      const centre = rf.screenToFlowPosition({ x: (box?.left ?? 0) + (box?.width ?? 800) / 2, y: (box?.top ?? 0) + (box?.height ?? 600) / 2 });
      at = { x: centre.x - size.width / 2, y: centre.y - size.height / 2 };
    }
    const spot = freeSpot(at, size, nodes);
    ed.addNode(type, spot, from);
    // Keep the new card in view, at the zoom the admin chose.
    rf.setCenter(spot.x + size.width / 2, spot.y + size.height / 2, { zoom: rf.getZoom(), duration: 150 });
    setHint(from ? `Added ${type} after '${from.source}' (${from.sourceHandle}).` : `Added ${type}.`);
  };

  /** Right-click on a card or an edge, or the context-menu key on a focused card. */
  const [menu, setMenu] = useState<{ x: number; y: number; nodeId?: string; edgeId?: string } | undefined>();
  const menuAt = (e: { clientX: number; clientY: number }, target: { nodeId?: string; edgeId?: string }) => {
    const box = canvasRef.current?.getBoundingClientRect();
    setMenu({ x: e.clientX - (box?.left ?? 0), y: e.clientY - (box?.top ?? 0), ...target });
  };
  const menuActions = (m: NonNullable<typeof menu>): { label: string; run: () => void }[] => {
    if (m.edgeId) return [{ label: 'Delete edge', run: () => void rf.deleteElements({ edges: [{ id: m.edgeId! }] }) }];
    const n = flowRef.current.nodes.find((x) => x.id === m.nodeId);
    if (!n) return [];
    const touching = flowRef.current.edges.filter((e) => e.source === n.id || e.target === n.id);
    return [
      { label: 'Duplicate', run: () => ed.paste({ nodes: [n], edges: [] }) },
      { label: n.selected ? 'Group selected nodes' : 'Group this node', run: () => { if (!n.selected) ed.selectOnly(n.id); requestAnimationFrame(groupSelected); } },
      ...touching.map((e) => ({
        label: e.source === n.id ? `Disconnect ${e.sourceHandle ?? 'next'} → ${e.target}` : `Disconnect from ${e.source} (${e.sourceHandle ?? 'next'})`,
        run: () => void rf.deleteElements({ edges: [{ id: e.id }] }),
      })),
      ...(n.id === 'start' ? [] : [{ label: 'Delete', run: () => void rf.deleteElements({ nodes: [{ id: n.id }] }) }]),
    ];
  };

  /** Selects a node and centres the view on it. */
  const focusNode = (id: string) => {
    // A node hidden in a collapsed group: the group opens first.
    const holder = flowRef.current.groups?.find((g) => g.collapsed && g.nodes.includes(id));
    if (holder) {
      ed.setGroupCollapsed(holder.id, false);
      requestAnimationFrame(() => focusNode(id));
      return;
    }
    const n = rf.getInternalNode(id);
    if (!n) return setHint(`No node '${id}'.`);
    ed.selectOnly(id);
    const w = n.measured.width ?? 200;
    const h = n.measured.height ?? 100;
    rf.setCenter(n.internals.positionAbsolute.x + w / 2, n.internals.positionAbsolute.y + h / 2, { zoom: Math.max(rf.getZoom(), 1), duration: 200 });
  };

  /** Groups the selected nodes, then puts the caret in the new group's name (selected, so typing names it). */
  const [focusGroup, setFocusGroup] = useState<string | undefined>();
  const { groupSelection, renameGroup, setGroupCollapsed, ungroup } = ed;
  const groupSelected = useCallback(() => {
    const n = flowRef.current.nodes.filter((x) => x.selected).length;
    const id = groupSelection('New group');
    if (!id) return setHint('Select the nodes to group first (click, Shift+click or Shift+drag).');
    setFocusGroup(id);
    setHint(`Grouped ${n} node${n === 1 ? '' : 's'} as ${id}: type its name.`);
  }, [groupSelection]);
  const groupActions: GroupActions = useMemo(
    () => ({ rename: renameGroup, setCollapsed: setGroupCollapsed, ungroup, focus: focusGroup }),
    [renameGroup, setGroupCollapsed, ungroup, focusGroup],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || !(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (previewRef.current && ['g', 'z', 'y', 'v'].includes(k)) {
        e.preventDefault();
        return void readOnly('that');
      }
      if (k === 'g') groupSelected();
      else if (k === 'z' && !e.shiftKey) undo();
      else if (k === 'y' || (k === 'z' && e.shiftKey)) redo();
      else if (k === 'c') clipboard.current = copySelection();
      else if (k === 'v') paste(clipboard.current);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, copySelection, paste, groupSelected]);

  const showServerProblems = useCallback(
    (ds: ServerDiagnostic[]) => {
      validator.cancel();
      // The host checked the document as the editor sent it: its node order is the canvas's.
      const ids = flowRef.current.nodes.map((n) => n.id);
      setProblems(ds.map((d) => fromServer(d, ids)));
    },
    [validator],
  );
  const closePublishing = useCallback(() => setPublishing(false), []);
  const [consoleOpen, setConsoleOpen] = useState(false);
  const closeTesting = useCallback(() => setTesting(false), []);
  /** The live version of the flow on the canvas, when the publish panel knows it; the toolbar says when the canvas differs. */
  const [live, setLive] = useState<FlowDocument | undefined>();
  const [hostCatalog, setHostCatalog] = useState<HostCatalog>(NO_CATALOG);
  // The flow's variables change only with its meaning (not on moves).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const variables = useMemo(() => flowVariables(flowRef.current.nodes), [ed.version]);
  const suggestions = useMemo(() => ({ variables, catalog: hostCatalog }), [variables, hostCatalog]);
  const [differsFromLive, setDiffersFromLive] = useState(false);
  useEffect(() => {
    if (!live) return setDiffersFromLive(false);
    const t = setTimeout(() => setDiffersFromLive(meaning(ed.document()) !== meaning(live)), 200);
    return () => clearTimeout(t);
  }, [live, ed.version, ed.document]);
  const openFromHost = useCallback((doc: FlowDocument, what: string) => replaceCanvas(doc, what, { source: 'host' }), [replaceCanvas]);
  /** A document kept as a local draft of its own (never the canvas's slot): the host's draft before the canvas overwrites it. */
  const keepLocal = useCallback(
    (doc: FlowDocument, source: string) => drafts.find(doc) !== undefined || drafts.save(drafts.freeId(doc.id || 'untitled', new Set([draftSlot.current])), doc, source).ok,
    [drafts],
  );

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
        {differsFromLive && <span className="badge differs" data-testid="differs-from-live" title="The canvas means something else than the version live on the host">differs from live</span>}
        {ed.dirty && <span className="badge unsaved" data-testid="unsaved" title="Changed since it was opened, exported or saved to a host (a local draft is kept)">unsaved</span>}
        <button onClick={newFlow} data-testid="new">New</button>
        <button onClick={() => void replaceCanvas(supportLine as unknown as FlowDocument, 'The example flow')} data-testid="example">Example</button>
        <DraftsMenu drafts={drafts} current={draftSlot.current} onOpen={openDraft} onDelete={deleteDraft} />
        <button onClick={() => fileInput.current?.click()}>Import…</button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="import-file" onChange={(e) => { void onImportFile(e.target.files?.[0]); e.target.value = ''; }} />
        <button onClick={exportFile} data-testid="export">Export</button>
        <button onClick={() => setPublishing((p) => !p)} data-testid="publish">Publish…</button>
        <button onClick={() => setTesting((t) => !t)} data-testid="test-call">Test call…</button>
        <button onClick={() => setConsoleOpen((c) => !c)} data-testid="console">Console…</button>
        <button onClick={() => setWatching((t) => !t)} data-testid="traffic">Traffic…</button>
        <span className="sep" />
        <button onClick={ed.undo} disabled={!ed.canUndo || !!preview} data-testid="undo" title="Ctrl+Z">Undo</button>
        <button onClick={ed.redo} disabled={!ed.canRedo || !!preview} data-testid="redo" title="Ctrl+Y">Redo</button>
        <button onClick={() => (clipboard.current = ed.copySelection())} title="Ctrl+C">Copy</button>
        <button onClick={() => ed.paste(clipboard.current)} disabled={!!preview} title="Ctrl+V">Paste</button>
        <button onClick={() => void runLayout()} data-testid="auto-layout" disabled={busy || !!preview}>Auto-layout</button>
        <button onClick={groupSelected} disabled={!!preview} data-testid="group-selected" title="Put the selected nodes in a named frame that can be collapsed (Ctrl+G)">Group</button>
        <input className="find" placeholder="Find node id…" data-testid="find-node" onKeyDown={(e) => e.key === 'Enter' && focusNode(e.currentTarget.value.trim())} />
        <span className="hint-bar" data-testid="connection-hint" role="status">{hint}</span>
        <ThemePicker theme={theme} onChange={setTheme} />
      </header>
      <div className="main">
        <Palette onAdd={addAfterSelected} />
        <div
          className={preview ? 'canvas readonly' : 'canvas'}
          ref={canvasRef}
          data-readonly={preview ? preview.info.version : undefined}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setRefusal(undefined);
              setMenu(undefined);
            }
            // The context-menu key, or Shift+F10, on a focused card opens its menu.
            const card = (e.target as HTMLElement).closest?.('.react-flow__node');
            if (card && !preview && (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10'))) {
              e.preventDefault();
              const r = card.getBoundingClientRect();
              menuAt({ clientX: r.left + 20, clientY: r.top + 20 }, { nodeId: card.getAttribute('data-id') ?? undefined });
            }
          }}
          onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }} onDrop={onDrop} data-testid="canvas">
          <CanvasOverlayContext.Provider value={preview ? EMPTY_OVERLAY : overlay}>
          <NodeProblemsContext.Provider value={preview ? NO_PROBLEMS : nodeProblems}>
          <GroupActionsContext.Provider value={preview ? READ_ONLY_GROUPS : groupActions}>
            <ReactFlow<EditorNode>
              nodes={(previewNodes ?? canvasNodes) as EditorNode[]}
              edges={previewEdges ?? edges}
              nodeTypes={nodeTypes}
              onNodesChange={preview ? onPreviewNodesChange : onNodesChange}
              onEdgesChange={preview ? undefined : (ed.onEdgesChange as never)}
              nodesDraggable={!preview}
              nodesConnectable={!preview}
              elementsSelectable={!preview}
              onNodeDragStart={ed.onDragStart}
              onSelectionDragStart={ed.onDragStart}
              onConnect={onConnect}
              onConnectEnd={onConnectEnd}
              onConnectStart={() => setRefusal(undefined)}
              onPaneClick={() => { setRefusal(undefined); setMenu(undefined); }}
              onNodeContextMenu={(e, n) => { e.preventDefault(); if (!preview) menuAt(e, { nodeId: n.id }); }}
              onEdgeContextMenu={(e, edge) => { e.preventDefault(); if (!preview) menuAt(e, { edgeId: edge.id }); }}
              // Edges are not Tab stops: Tab walks the cards (a card's menu disconnects its edges).
              edgesFocusable={false}
              isValidConnection={isValidConnection}
              deleteKeyCode={preview ? null : ['Delete', 'Backspace']}
              multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
              selectionKeyCode="Shift"
              fitView
              fitViewOptions={{ maxZoom: 1 }}
              minZoom={minZoom}
              edgeTypes={edgeTypes}
              colorMode={theme}
              maxZoom={2}
              onlyRenderVisibleElements={ed.flow.nodes.length > 300}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} />
              <CanvasMiniMap />
              <Controls showInteractive={false} showFitView={false}>
                <ControlButton onClick={fitView} title="Fit view: the whole flow" aria-label="Fit view" data-testid="fit-view">
                  ⤢
                </ControlButton>
              </Controls>
              <LevelOfDetail canvas={canvasRef} />
            </ReactFlow>
          </GroupActionsContext.Provider>
          </NodeProblemsContext.Provider>
          </CanvasOverlayContext.Provider>
          {menu && (
            <div className="context-menu" role="menu" data-testid="context-menu" style={{ left: menu.x, top: menu.y }}>
              {menuActions(menu).map((a, i) => (
                <button
                  key={i}
                  role="menuitem"
                  autoFocus={i === 0}
                  onClick={() => {
                    setMenu(undefined);
                    a.run();
                  }}
                >
                  {a.label}
                </button>
              ))}
            </div>
          )}
          {preview && (
            <div className="readonly-banner" role="region" aria-label="Read-only version" data-testid="readonly-banner">
              <span>
                <strong>Version {preview.info.version}</strong> of {preview.info.flowId}, read-only: nothing here can be changed. Your draft is kept as it was.
              </span>
              <button data-testid="back-to-draft" autoFocus onClick={() => showPreview(undefined)}>Back to the draft</button>
              <button className="danger" data-testid="banner-restore" onClick={preview.info.restore}>Restore v{preview.info.version}…</button>
            </div>
          )}
          {refusal && (
            <div className="refusal" role="alert" data-testid="connection-refusal" style={{ left: refusal.x, top: refusal.y }}>
              <strong>Not connected.</strong> {refusal.text}
              <button className="small" aria-label="Dismiss" onClick={() => setRefusal(undefined)}>×</button>
            </div>
          )}
        </div>
        <div className="right-column">
        <ConsolePanel hidden={!consoleOpen} onClose={() => setConsoleOpen(false)} onUseAudio={(audio) => {
          // The audio library's id becomes the prompt of the selected node (one undo step, like a form edit).
          const node = selected.at(-1);
          if (node && node.data.config && 'prompt' in node.data.config) updateNode(node.id, { config: { ...node.data.config, prompt: { audio } } });
        }} />
        <PublishPanel hidden={!publishing} flowId={ed.flow.meta.id} document={ed.document} onOpen={openFromHost} onSaved={ed.markSaved} ask={ask} onLive={setLive} onCatalog={setHostCatalog} onDiagnostics={showServerProblems} onKeep={keepLocal} onClose={closePublishing} onPreview={showPreview} />
        <TestCallPanel hidden={!testing} flowId={ed.flow.meta.id} document={ed.document} onOverlay={setTestOverlay} onDiagnostics={showServerProblems} onClose={closeTesting} />
        <TrafficPanel hidden={!watching} flowId={ed.flow.meta.id} onOverlay={setTrafficOverlay} onOpen={openFromHost} />
        <SuggestionsContext.Provider value={suggestions}>
        {preview ? (
          <aside className="side-panel" data-testid="side-panel-readonly">
            <p className="hint">Version {preview.info.version} is shown read-only. Go back to the draft to edit.</p>
          </aside>
        ) : (
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
        )}
        </SuggestionsContext.Provider>
        </div>
      </div>
      <ProblemsPanel problems={problems} onPick={(d) => d.nodeId && focusNode(d.nodeId)} />
      {storageError && <div className="storage-error" role="alert" data-testid="storage-error">{storageError}</div>}
      {confirmDialog}
    </div>
  );
}
