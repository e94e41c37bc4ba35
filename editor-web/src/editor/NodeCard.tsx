import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { EditorNode } from '../model/flowDocument';
import { ASYNC_HANDLE, nodeType } from '../model/nodeRegistry';
import { useNodeProblem } from './problemsContext';
import { outputKey, useCanvasOverlay } from '../testcall/overlay';

/** A node on the canvas: type, label, key settings and one source handle per output. */
function NodeCardView({ id, data, selected }: NodeProps<EditorNode>) {
  const def = nodeType(data.type);
  const problem = useNodeProblem(id);
  const overlay = useCanvasOverlay();
  const outputs = def ? def.outputs(data.config) : [];
  const isWebhook = data.type === 'webhook';
  const name = data.label ? `“${data.label}”` : id;
  const classes = ['node-card', `cat-${def?.category ?? 'unknown'}`, selected ? 'selected' : '', problem ? `has-${problem}` : '', isWebhook ? 'webhook' : '', data.invalid ? 'invalid' : '', overlay.nodes.get(id) ?? ''];
  return (
    <div className={classes.join(' ')} data-testid={`node-${id}`} data-node-type={data.type}>
      {data.invalid && <div className="invalid-reason" data-testid="invalid-reason">{data.invalid.reason}</div>}
      {/* Shown instead of the details when zoomed out (LevelOfDetail): the card keeps its size, so edges keep their ends. */}
      <div className="lod-label" aria-hidden="true">{data.label || id}</div>
      {data.type !== 'start' && <Handle type="target" position={Position.Top} id="in" className="handle-in" aria-label={`Input of ${name}`} />}
      <div className="node-head">
        <span className="node-type">{def?.label ?? data.type}</span>
        {isWebhook && <span className="async-mark" title="Fire-and-forget: the call never waits for it">async</span>}
        {problem && <span className={`node-problem ${problem}`} title={`${problem}s in the problems panel`}>{problem === 'error' ? '!' : '?'}</span>}
      </div>
      <div className="node-label">{data.label || id}</div>
      {overlay.notes.has(id) && <div className="overlay-note" data-testid="overlay-note">{overlay.notes.get(id)}</div>}
      <div className="node-summary">
        {(def?.summary(data.config) ?? []).filter((l) => l !== 'async').slice(0, 5).map((l, i) => (
          <div key={i} className="summary-line">{l}</div>
        ))}
      </div>
      {outputs.length > 0 && (
        <div className="node-outputs">
          {outputs.map((o) => (
            <div key={o.name} className={`output ${o.required ? 'required' : 'optional'} ${overlay.outputs.get(outputKey(id, o.name)) ?? ''}`} data-output={o.name} title={o.required ? 'required output' : 'optional output'}>
              <span className="output-name">{o.name}</span>
              <Handle type="source" position={Position.Bottom} id={o.name} className="handle-out" data-handle={o.name} aria-label={`Output '${o.name}' of ${name}${o.required ? ' (required)' : ''}`} />
            </div>
          ))}
        </div>
      )}
      {def?.terminal && (
        <div className="node-outputs terminal">
          <div className="output async" title="Ends the call: only webhook nodes may follow">
            <span className="output-name">webhooks only</span>
            <Handle type="source" position={Position.Bottom} id={ASYNC_HANDLE} className="handle-out handle-async" data-handle="async" aria-label={`Webhooks after ${name}`} />
          </div>
        </div>
      )}
    </div>
  );
}

export const NodeCard = memo(NodeCardView);
