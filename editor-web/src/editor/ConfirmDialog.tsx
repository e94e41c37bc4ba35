import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

export interface Confirmation {
  title: string;
  /** What will be lost or changed, in words the admin can check. */
  body: ReactNode;
  confirm: string;
}

/**
 * A modal question before anything is thrown away or goes live. `ask` resolves true only on the
 * confirming button; Escape, Cancel and a click outside keep things as they are. Focus starts on
 * Cancel, so Enter pressed without reading loses nothing.
 */
export function useConfirm(): [ReactNode, (c: Confirmation) => Promise<boolean>] {
  const [open, setOpen] = useState<(Confirmation & { resolve: (ok: boolean) => void }) | undefined>();
  const ask = useCallback((c: Confirmation) => new Promise<boolean>((resolve) => setOpen({ ...c, resolve })), []);
  const close = (ok: boolean) => {
    open?.resolve(ok);
    setOpen(undefined);
  };
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), [open]);
  const dialog = open && (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close(false)}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm" onKeyDown={(e) => e.key === 'Escape' && close(false)}>
        <h2 id="confirm-title">{open.title}</h2>
        <div className="modal-body" data-testid="confirm-body">{open.body}</div>
        <div className="modal-buttons">
          <button ref={cancel} data-testid="confirm-cancel" onClick={() => close(false)}>Cancel</button>
          <button className="danger" data-testid="confirm-ok" onClick={() => close(true)}>{open.confirm}</button>
        </div>
      </div>
    </div>
  );
  return [dialog, ask];
}
