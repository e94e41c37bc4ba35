/**
 * Client of the host's call-center admin routes (runtime/Callytics.Runtime.Host: /api/callbacks,
 * /api/voicemail, /api/operators, /api/queues, /api/audio), with the admin Bearer token.
 */

export interface Callback { id: string; number: string; caller?: string; queue?: string; status: string; requestedAt: string; assignedTo?: string | null; note?: string | null }
export interface Voicemail { id: string; mailbox: string; caller: string; receivedAt: string; durationSeconds: number; heard: boolean; recording: string }
export interface Operator { id: string; name: string; queues: string[]; loggedInTo: string[]; status: 'logged-out' | 'free' | 'busy' }
export interface QueueLive { id: string; name: string; waiting: number; /** The oldest waiting caller's wait so far (0 when nobody waits). */ longestWaitMs: number; operatorsFree: string[]; operatorsBusy: string[] }
export interface AudioEntry { id: string; durationMs: number; sourceFormat: string; url: string; usedBy: { flowId: string; version: number }[] }

export class ConsoleClient {
  constructor(readonly base: string, private readonly token: string) {}

  private async call<T>(method: string, path: string, body?: BodyInit, json = true): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined && json) headers['Content-Type'] = 'application/json';
    const r = await fetch(this.base.replace(/\/+$/, '') + path, { method, headers, body });
    const text = await r.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!r.ok) throw new Error((parsed as { message?: string } | undefined)?.message ?? `${method} ${path}: ${r.status}`);
    return parsed as T;
  }

  callbacks = () => this.call<Callback[]>('GET', '/api/callbacks');
  callBack = (id: string, operator: string) => this.call<Callback>('POST', `/api/callbacks/${encodeURIComponent(id)}/call`, JSON.stringify({ operator }));
  voicemail = (mailbox: string) => this.call<Voicemail[]>('GET', `/api/voicemail/${encodeURIComponent(mailbox)}`);
  markHeard = (m: Voicemail) => this.call<Voicemail>('POST', `/api/voicemail/${encodeURIComponent(m.mailbox)}/${m.id}/heard`, JSON.stringify({ heard: true }));
  deleteVoicemail = (m: Voicemail) => this.call<void>('DELETE', `/api/voicemail/${encodeURIComponent(m.mailbox)}/${m.id}`);
  /** The recording as a blob URL (the route needs the token, so an <audio src> cannot fetch it itself). */
  recording = async (m: Voicemail) => this.blobUrl(m.recording);
  operators = () => this.call<Operator[]>('GET', '/api/operators');
  addOperator = (id: string, name: string, pin: string, queues: string[]) => this.call<unknown>('POST', '/api/operators', JSON.stringify({ id, name, pin, queues }));
  setPin = (id: string, pin: string) => this.call<void>('PUT', `/api/operators/${encodeURIComponent(id)}/pin`, JSON.stringify({ pin }));
  removeOperator = (id: string) => this.call<void>('DELETE', `/api/operators/${encodeURIComponent(id)}`);
  queues = () => this.call<QueueLive[]>('GET', '/api/queues');
  audio = () => this.call<AudioEntry[]>('GET', '/api/audio');
  upload = (id: string, file: Blob) => this.call<AudioEntry>('PUT', `/api/audio/${encodeURIComponent(id)}`, file, false);
  removeAudio = (id: string) => this.call<void>('DELETE', `/api/audio/${encodeURIComponent(id)}`);
  /** Media files need no token (Asterisk fetches them too): a plain URL. */
  mediaUrl = (path: string) => this.base.replace(/\/+$/, '') + path;

  private async blobUrl(path: string): Promise<string> {
    const r = await fetch(this.base.replace(/\/+$/, '') + path, { headers: { Authorization: `Bearer ${this.token}` } });
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return URL.createObjectURL(await r.blob());
  }
}
