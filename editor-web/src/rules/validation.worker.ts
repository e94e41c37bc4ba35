import { validateText } from './validate';

/** The editor's rules in a Web Worker: the page posts the flow's text, the worker answers with its findings. */
const scope = self as unknown as { onmessage: ((e: MessageEvent<{ id: number; text: string }>) => void) | null; postMessage: (m: unknown) => void };
scope.onmessage = (e) => scope.postMessage({ id: e.data.id, problems: validateText(e.data.text) });
