import type { Diagnostic } from '../rules/diagnostic';

/** The findings of the last validation; clicking one selects and centres its node. */
export function ProblemsPanel({ problems, onPick }: { problems: Diagnostic[]; onPick: (d: Diagnostic) => void }) {
  const counts = (s: string) => problems.filter((p) => p.severity === s).length;
  return (
    <section className="problems" aria-label="Problems" data-testid="problems">
      <header>
        Problems <span className="count error">{counts('error')} errors</span> <span className="count warning">{counts('warning')} warnings</span>{' '}
        <span className="count info">{counts('info')} notes</span>
      </header>
      <ul>
        {problems.map((p, i) => (
          <li
            key={i}
            className={`problem ${p.severity}`}
            onClick={() => onPick(p)}
            // A list item the keyboard reaches too: Enter or Space does what a click does.
            tabIndex={0}
            role="button"
            aria-label={`${p.severity} ${p.id}${p.nodeId ? ` on ${p.nodeId}` : ''}: ${p.message}`}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' && e.key !== ' ') return;
              e.preventDefault();
              onPick(p);
            }}
            data-testid="problem" data-id={p.id} data-node={p.nodeId ?? ''} data-source={p.source ?? 'editor'}>
            <span className="sev">{p.severity}</span>
            <code>{p.id}</code>
            {p.source === 'host' && <span className="source" title="Reported by the runtime host's compiler">host</span>}
            <span className="msg">{p.message}</span>
            <span className="where">
              {p.nodeId ? `${p.nodeId} · ` : ''}
              {/* The host's positions are in the compact JSON it was sent, which the admin never sees: its pointer says where. */}
              {p.line ? `${p.line}:${p.column}` : p.pointer}
            </span>
          </li>
        ))}
        {problems.length === 0 && <li className="none">No problems.</li>}
      </ul>
    </section>
  );
}
