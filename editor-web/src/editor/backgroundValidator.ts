import type { Diagnostic } from '../rules/diagnostic';
import { validateText } from '../rules/validate';

interface Request {
  id: number;
  text: string;
  tag: number;
}

/**
 * Runs the rules in a Web Worker, so that validating a large flow never holds up a frame.
 * Only the newest request's answer is delivered. Where there is no Worker (unit tests), or the
 * worker fails, the rules run on the page instead.
 */
export class BackgroundValidator {
  private worker?: Worker;
  private workerFailed = false;
  private pending?: Request;
  private nextId = 0;

  constructor(private readonly deliver: (problems: Diagnostic[], tag: number) => void) {}

  /** Checks `text`; `tag` comes back with the answer (the editor passes its version). */
  validate(text: string, tag: number): void {
    const request = { id: ++this.nextId, text, tag };
    const worker = this.start();
    if (!worker) return this.deliver(validateText(text), tag);
    this.pending = request;
    worker.postMessage({ id: request.id, text });
  }

  /** Drops the answer still on its way (findings from elsewhere replace it). */
  cancel(): void {
    this.pending = undefined;
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker | undefined {
    if (this.worker || this.workerFailed || typeof Worker === 'undefined') return this.worker;
    const worker = new Worker(new URL('../rules/validation.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<{ id: number; problems: Diagnostic[] }>) => {
      if (e.data.id !== this.pending?.id) return;
      const { tag } = this.pending;
      this.pending = undefined;
      this.deliver(e.data.problems, tag);
    };
    worker.onerror = () => {
      // Validation must not stop: from now on it runs on the page.
      this.workerFailed = true;
      this.dispose();
      const request = this.pending;
      this.pending = undefined;
      if (request) this.deliver(validateText(request.text), request.tag);
    };
    this.worker = worker;
    return worker;
  }
}
