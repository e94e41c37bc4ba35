import { useState } from 'react';
import type { DraftInfo, LocalDrafts } from '../io/drafts';

/**
 * The local drafts (one per flow opened, newest first) and where each came from (a file: the
 * recent files). Opening one replaces the canvas through the same confirmation as any other open.
 */
export function DraftsMenu({ drafts, current, onOpen, onDelete }: { drafts: LocalDrafts; current: string; onOpen: (d: DraftInfo) => void; onDelete: (d: DraftInfo) => Promise<boolean> }) {
  const [list, setList] = useState<DraftInfo[] | undefined>();
  const refresh = () => setList(drafts.list());
  return (
    <span className="drafts-menu">
      <button data-testid="drafts" aria-expanded={!!list} onClick={() => (list ? setList(undefined) : refresh())}>
        Drafts
      </button>
      {list && (
        <div className="drafts-popup" role="menu" aria-label="Local drafts and recent files" data-testid="drafts-list">
          {list.length === 0 && <p className="hint">No local drafts yet.</p>}
          {list.map((d) => (
            <div key={d.key} className="draft-row" data-testid="draft" data-key={d.key} data-flow={d.flowId}>
              <button
                role="menuitem"
                className="draft-open"
                disabled={d.key === current}
                onClick={() => {
                  setList(undefined);
                  onOpen(d);
                }}
              >
                <strong>{d.name || d.flowId}</strong> <small>({d.flowId}, {d.nodes} nodes)</small>
                <br />
                <small>
                  {d.key === current ? 'on the canvas · ' : ''}saved {new Date(d.savedAt).toLocaleString()}
                  {d.source ? ` · from ${d.source}` : ''}
                  {d.failed ? ` · newest changes not stored (${d.failed.reason})` : ''}
                </small>
              </button>
              <button className="small" aria-label={`Delete the draft ${d.name || d.flowId}`} disabled={d.key === current} onClick={() => void onDelete(d).then((gone) => gone && refresh())}>
                delete
              </button>
            </div>
          ))}
        </div>
      )}
    </span>
  );
}
