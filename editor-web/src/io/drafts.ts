import type { FlowDocument } from '../model/flowDocument';

/** Where the single draft of earlier versions of the editor was kept: read once, as one draft among the others. */
export const DRAFT_KEY = 'callytics.editor.draft.v1';
/** The list of local drafts (small: what the drafts menu shows), newest first. */
export const DRAFT_INDEX_KEY = 'callytics.editor.drafts.v2';
const DRAFT_PREFIX = 'callytics.editor.draft.v2:';
/** In the tab's session storage (a quota of its own): which draft could not be stored, when the full local storage cannot even say so. */
const LOST_KEY = 'callytics.editor.unstored';

export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface DraftInfo {
  /** The draft's own key: one per flow opened (two flows with one id, such as two imports of one file, get two). */
  key: string;
  flowId: string;
  name?: string;
  nodes: number;
  savedAt: string;
  /** Where it came from (a file name, the host), for the recent list. */
  source?: string;
  /** Set when the newest changes could not be stored: the stored copy is older than what was on the canvas. */
  failed?: { at: string; reason: string };
}

export type SaveResult = { ok: true } | { ok: false; reason: string };

const isFlow = (doc: unknown): doc is FlowDocument =>
  !!doc && typeof doc === 'object' && Array.isArray((doc as FlowDocument).nodes) && Array.isArray((doc as FlowDocument).edges);

function parse<T>(text: string | null | undefined, ok: (v: unknown) => v is T): T | undefined {
  try {
    const v = text ? JSON.parse(text) : undefined;
    return ok(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Why the browser refused to store: a full storage is named as such (the admin can act on it). */
function reasonOf(e: unknown): string {
  const name = (e as { name?: string })?.name ?? '';
  if (/quota/i.test(name) || /quota/i.test(String((e as Error)?.message))) return 'the browser storage for this page is full (QuotaExceededError)';
  return `the browser refused to store it (${name || (e as Error)?.message || 'unknown error'})`;
}

/**
 * Several local drafts, one per flow id, kept in the browser between visits. Never throws: a
 * storage that is full or disabled is reported by `save`, and the draft that could not be
 * updated is marked in the index, so a reload says the copy is older instead of silently
 * bringing back an old flow.
 */
export class LocalDrafts {
  constructor(
    private readonly storage: DraftStorage | undefined,
    private readonly session?: DraftStorage,
  ) {
    this.migrate();
  }

  list(): DraftInfo[] {
    const list = parse(this.storage?.getItem(DRAFT_INDEX_KEY), (v): v is DraftInfo[] => Array.isArray(v)) ?? [];
    const lost = parse(this.session?.getItem(LOST_KEY), (v): v is { key: string; failed: DraftInfo['failed'] } => !!v && typeof v === 'object');
    return lost ? list.map((d) => (d.key === lost.key && !d.failed ? { ...d, failed: lost.failed } : d)) : list;
  }

  load(key: string): FlowDocument | undefined {
    return parse(this.storage?.getItem(DRAFT_PREFIX + key), isFlow);
  }

  /** The draft edited last, with what the index knows of it. */
  latest(): { doc: FlowDocument; info: DraftInfo } | undefined {
    for (const info of this.list()) {
      const doc = this.load(info.key);
      if (doc) return { doc, info };
    }
    return undefined;
  }

  save(key: string, doc: FlowDocument, source?: string): SaveResult {
    if (!this.storage) return { ok: false, reason: 'this browser keeps no local storage for the page' };
    const before = this.list().find((d) => d.key === key);
    const info: DraftInfo = { key, flowId: doc.id, name: doc.name, nodes: doc.nodes.length, savedAt: new Date().toISOString(), source: source ?? before?.source };
    try {
      this.storage.setItem(DRAFT_PREFIX + key, JSON.stringify(doc));
    } catch (e) {
      const reason = reasonOf(e);
      const failed = { at: info.savedAt, reason };
      // The small index entry usually still fits: it is what tells the next visit that the copy is old.
      this.writeIndex({ ...(before ?? info), failed });
      try {
        this.session?.setItem(LOST_KEY, JSON.stringify({ key, failed }));
      } catch {
        // Nothing left to write to: the page has already said so.
      }
      return { ok: false, reason };
    }
    this.writeIndex(info);
    if (this.session?.getItem(LOST_KEY)?.includes(JSON.stringify(key))) this.session.removeItem(LOST_KEY);
    return { ok: true };
  }

  /** The key of a draft holding exactly this document: opening a flow twice unchanged does not make two drafts. */
  find(doc: FlowDocument): string | undefined {
    const text = JSON.stringify(doc);
    return this.list().find((d) => d.flowId === doc.id && d.nodes === doc.nodes.length && this.storage?.getItem(DRAFT_PREFIX + d.key) === text)?.key;
  }

  remove(key: string): void {
    try {
      this.storage?.removeItem(DRAFT_PREFIX + key);
      this.storage?.setItem(DRAFT_INDEX_KEY, JSON.stringify(this.list().filter((d) => d.key !== key)));
    } catch {
      // Removing frees space; a failure here leaves the draft listed, which loses nothing.
    }
  }

  /** A key no draft has yet, from a base ("new-flow", "new-flow-2", …): a flow opened never overwrites another's draft. */
  freeId(base: string, taken: ReadonlySet<string> = new Set()): string {
    const used = new Set([...this.list().flatMap((d) => [d.key, d.flowId]), ...taken]);
    if (!used.has(base)) return base;
    for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
  }

  /** Newest first. No draft is dropped to make room: the admin deletes drafts (the storage error says so). */
  private writeIndex(entry: DraftInfo): void {
    try {
      this.storage?.setItem(DRAFT_INDEX_KEY, JSON.stringify([entry, ...this.list().filter((d) => d.key !== entry.key)]));
    } catch {
      // Nothing more can be written; `save` has already said so.
    }
  }

  private migrate(): void {
    const old = parse(this.storage?.getItem(DRAFT_KEY), isFlow);
    if (!old) return;
    if (this.save(this.freeId(old.id || 'untitled'), old, 'earlier editor').ok) this.storage?.removeItem(DRAFT_KEY);
  }
}
