import { memo, useEffect, useState } from 'react';
import type { EditorNode, FlowMeta } from '../../model/flowDocument';
import { nodeType, type NodeConfig } from '../../model/nodeRegistry';
import { FieldEditor } from './FieldEditor';
import { Row, TextInput } from './inputs';
import { isNodeId } from '../../rules/identifiers';

export interface SidePanelProps {
  selected: EditorNode[];
  meta: FlowMeta;
  nodeIds: ReadonlySet<string>;
  onConfig: (id: string, config: NodeConfig) => void;
  onLabel: (id: string, label: string | undefined) => void;
  onRename: (id: string, newId: string) => void;
  onRenameHandle: (id: string, from: string, to: string, config: NodeConfig) => void;
  onMeta: (meta: FlowMeta) => void;
}

/** Edits the selected node's settings, or the flow's own fields when nothing is selected. Redraws only when its props change. */
export const SidePanel = memo(function SidePanel(props: SidePanelProps) {
  if (props.selected.length === 1) return <NodeForm key={props.selected[0].id} node={props.selected[0]} {...props} />;
  return (
    <aside className="side-panel" data-testid="side-panel">
      {props.selected.length > 1 ? <p>{props.selected.length} nodes selected.</p> : <FlowForm meta={props.meta} onMeta={props.onMeta} />}
    </aside>
  );
});

function FlowForm({ meta, onMeta }: { meta: FlowMeta; onMeta: (m: FlowMeta) => void }) {
  return (
    <div className="flow-form">
      <h2>Flow</h2>
      <Row label="id *" help="The flow's identity across versions: lower-case letters, digits, _ and -.">
        <TextInput value={meta.id} keepEmpty testId="flow-id" onChange={(v) => onMeta({ ...meta, id: v ?? '' })} />
      </Row>
      <Row label="name">
        <TextInput value={meta.name} testId="flow-name" onChange={(v) => onMeta({ ...meta, name: v })} />
      </Row>
      <Row label="description">
        <TextInput value={meta.description} testId="flow-description" onChange={(v) => onMeta({ ...meta, description: v })} />
      </Row>
      <p className="hint">Select a node to edit it. Drag node types from the palette; connect an output handle to a node.</p>
    </div>
  );
}

function NodeForm({ node, nodeIds, onConfig, onLabel, onRename, onRenameHandle }: SidePanelProps & { node: EditorNode }) {
  const def = nodeType(node.data.type);
  const [id, setId] = useState(node.id);
  useEffect(() => setId(node.id), [node.id]);
  const idProblem = id !== node.id && nodeIds.has(id) ? 'already used' : !isNodeId(id) ? 'letters, digits, _ and -; not starting with a digit' : '';
  const applyId = () => {
    if (id !== node.id && !idProblem) onRename(node.id, id);
    else setId(node.id);
  };
  const config = node.data.config;
  return (
    <aside className="side-panel" data-testid="side-panel">
      <h2>
        {def?.label ?? node.data.type} <small>{node.data.type}</small>
      </h2>
      <Row label="id" help={idProblem || 'Renaming updates the edges.'}>
        <input value={id} data-testid="node-id" onChange={(e) => setId(e.target.value)} onBlur={applyId} onKeyDown={(e) => e.key === 'Enter' && applyId()} />
      </Row>
      <Row label="label" help="Free text for people.">
        <TextInput value={node.data.label} testId="node-label" onChange={(v) => onLabel(node.id, v)} />
      </Row>
      {def?.fields.map((f) => (
        <FieldEditor
          key={f.key}
          nodeType={node.data.type}
          field={f}
          value={config[f.key]}
          onChange={(v) => {
            const next = { ...config, [f.key]: v };
            if (v === undefined) delete next[f.key];
            onConfig(node.id, next);
          }}
          onRenameHandle={(from, to, v) => onRenameHandle(node.id, from, to, { ...config, [f.key]: v })}
        />
      ))}
      {def?.fields.length === 0 && <p className="hint">This node has no settings.</p>}
    </aside>
  );
}
