import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { createContext, memo, useContext, useEffect, useRef, useState } from 'react';
import type { EditorNode } from '../model/flowDocument';
import { COLLAPSED_SIZE, collapsedHandles, GROUP_IN, GROUP_OUT, groupBox, groupNodeId, type FlowGroup } from '../model/groups';
import type { Severity } from '../rules/descriptors';
import { NodeProblemsContext } from './problemsContext';

/** What the frames and collapsed cards do (the editor's operations, so the nodes' data stays plain). */
export interface GroupActions {
  rename: (id: string, label: string) => void;
  setCollapsed: (id: string, collapsed: boolean) => void;
  ungroup: (id: string) => void;
  /** The group whose name field takes the focus when drawn (a group just made). */
  focus?: string;
  /** An old version shown read-only: the name cannot be typed and the buttons are not shown. */
  readOnly?: boolean;
}
export const GroupActionsContext = createContext<GroupActions>({ rename: () => {}, setCollapsed: () => {}, ungroup: () => {} });

type GroupData = { group: FlowGroup };
export type GroupNode = Node<GroupData, 'groupFrame' | 'groupCard'>;

/** The name field: typed in place, applied on every key (one undo step per change, like the forms). */
function GroupName({ group }: { group: FlowGroup }) {
  const actions = useContext(GroupActionsContext);
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(group.label ?? '');
  useEffect(() => setText(group.label ?? ''), [group.label]);
  useEffect(() => {
    if (actions.focus === group.id) input.current?.select();
  }, [actions.focus, group.id]);
  return (
    <input
      ref={input}
      className="group-name nodrag"
      value={text}
      readOnly={actions.readOnly}
      placeholder="Group name"
      aria-label={`Name of group ${group.id}`}
      data-testid={`group-name-${group.id}`}
      onChange={(e) => {
        setText(e.target.value);
        actions.rename(group.id, e.target.value);
      }}
      onKeyDown={(e) => {
        // Keys typed into the name are the name's (Backspace would otherwise delete selected cards).
        e.stopPropagation();
        if (e.key === 'Enter' || e.key === 'Escape') e.currentTarget.blur();
      }}
    />
  );
}

/** An expanded group: a frame behind its cards, with its name and the collapse button on top. */
function GroupFrameView({ data }: NodeProps<GroupNode>) {
  const actions = useContext(GroupActionsContext);
  const g = data.group;
  return (
    <div className="group-frame" data-testid={`group-${g.id}`} role="group" aria-label={`Group “${g.label || g.id}”, ${g.nodes.length} nodes`}>
      <div className="group-head">
        <GroupName group={g} />
        {!actions.readOnly && <>
        <button className="small nodrag" data-testid={`group-collapse-${g.id}`} onClick={() => actions.setCollapsed(g.id, true)} title="Show the group as one card">
          Collapse
        </button>
        <button className="small nodrag" data-testid={`group-ungroup-${g.id}`} onClick={() => actions.ungroup(g.id)} title="Remove the frame; the nodes stay">
          Ungroup
        </button>
        </>}
      </div>
    </div>
  );
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** A collapsed group: one card in place of its nodes; edges to and from them meet its border. */
function GroupCardView({ data }: NodeProps<GroupNode>) {
  const actions = useContext(GroupActionsContext);
  const problems = useContext(NodeProblemsContext);
  const g = data.group;
  let worst: Severity | undefined;
  for (const id of g.nodes) {
    const p = problems.get(id);
    if (p && (!worst || RANK[p] > RANK[worst])) worst = p;
  }
  return (
    <div className={`group-card${worst ? ` has-${worst}` : ''}`} data-testid={`group-card-${g.id}`} style={COLLAPSED_SIZE} role="group" aria-label={`Collapsed group “${g.label || g.id}”, ${g.nodes.length} nodes`}>
      <Handle type="target" position={Position.Top} id={GROUP_IN} isConnectable={false} className="handle-in" />
      <div className="group-head">
        <GroupName group={g} />
      </div>
      <div className="group-count">
        {g.nodes.length} nodes{worst ? ` · ${worst}s inside` : ''}
      </div>
      <button className="small nodrag" data-testid={`group-expand-${g.id}`} hidden={actions.readOnly} onClick={() => actions.setCollapsed(g.id, false)}>
        Expand
      </button>
      <Handle type="source" position={Position.Bottom} id={GROUP_OUT} isConnectable={false} className="handle-out" />
    </div>
  );
}

export const GroupFrame = memo(GroupFrameView);
export const GroupCard = memo(GroupCardView);

/**
 * The canvas's nodes with the groups drawn: a frame (behind, first) for each expanded group, and
 * for each collapsed one its card, its nodes hidden. The flow's own nodes are unchanged objects
 * unless hidden, so cards outside groups are not redrawn.
 */
export function withGroups(nodes: EditorNode[], groups: readonly FlowGroup[]): (EditorNode | GroupNode)[] {
  if (groups.length === 0) return nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const hidden = new Set<string>();
  const drawn: GroupNode[] = [];
  for (const g of groups) {
    const box = groupBox(g, byId);
    // Draggable (by the frame's title bar or the card): App moves the group's nodes with it.
    const common = { id: groupNodeId(g.id), data: { group: g }, draggable: true, selectable: false, deletable: false, connectable: false, focusable: false };
    if (g.collapsed) {
      g.nodes.forEach((id) => hidden.add(id));
      drawn.push({ ...common, type: 'groupCard', position: { x: box.x, y: box.y }, initialWidth: COLLAPSED_SIZE.width, initialHeight: COLLAPSED_SIZE.height, handles: collapsedHandles() });
    } else {
      drawn.push({ ...common, type: 'groupFrame', position: { x: box.x, y: box.y }, width: box.width, height: box.height, zIndex: -1 });
    }
  }
  const shown = hidden.size ? nodes.map((n) => (hidden.has(n.id) ? { ...n, hidden: true, selected: false } : n)) : nodes;
  return [...drawn.filter((d) => d.type === 'groupFrame'), ...shown, ...drawn.filter((d) => d.type === 'groupCard')];
}
