import type { FlowDocument } from '../model/flowDocument';

/** Where the browser keeps the draft between visits. */
export const DRAFT_KEY = 'callytics.editor.draft.v1';

export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The saved draft, or undefined when there is none or it is unreadable (never throws). */
export function loadDraft(storage: DraftStorage | undefined): FlowDocument | undefined {
  try {
    const text = storage?.getItem(DRAFT_KEY);
    if (!text) return undefined;
    const doc = JSON.parse(text) as FlowDocument;
    return doc && typeof doc === 'object' && Array.isArray(doc.nodes) && Array.isArray(doc.edges) ? doc : undefined;
  } catch {
    return undefined;
  }
}

/** Saves the draft; a full or disabled storage is reported, not thrown. */
export function saveDraft(storage: DraftStorage | undefined, doc: FlowDocument): boolean {
  try {
    storage?.setItem(DRAFT_KEY, JSON.stringify(doc));
    return !!storage;
  } catch {
    return false;
  }
}
