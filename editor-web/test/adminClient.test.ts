import { describe, expect, it } from 'vitest';
import { AdminApiError, AdminClient } from '../src/publish/adminClient';

/**
 * What the client sends and how it reads answers, through a recording fetch. The client against
 * the real runtime host is tested in e2e/publish.e2e.ts.
 */
function recorder(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

describe('admin API client', () => {
  it('sends the planned routes with the Bearer token', async () => {
    const r = recorder(200, { version: 3 });
    const c = new AdminClient('https://host.example.com/', 's3cret', r.fetchImpl);
    await c.publish('support line', 'new menu');
    await c.restore('support line', 2);
    await c.diff('support line', 'live', 'draft');
    expect(r.calls.map((x) => `${x.init.method} ${x.url}`)).toEqual([
      'POST https://host.example.com/api/flows/support%20line/publish',
      'POST https://host.example.com/api/flows/support%20line/restore/2',
      'GET https://host.example.com/api/flows/support%20line/diff?a=live&b=draft',
    ]);
    expect((r.calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer s3cret');
    expect(r.calls[0].init.body).toBe('{"message":"new menu"}');
  });

  it('turns a refused publish into an error carrying the compiler diagnostics', async () => {
    const r = recorder(422, { message: 'does not compile', diagnostics: [{ id: 'CFL2008', severity: 'error', message: 'x', line: 3, column: 7 }] });
    const err = await new AdminClient('http://127.0.0.1:1', 't', r.fetchImpl).publish('f', 'm').catch((e) => e);
    expect(err).toBeInstanceOf(AdminApiError);
    expect(err.status).toBe(422);
    expect(err.diagnostics.map((d: { id: string }) => d.id)).toEqual(['CFL2008']);
    expect(err.message).toContain('does not compile');
  });

  it('says when the token is refused, without echoing it', async () => {
    const r = recorder(401, '');
    const err = await new AdminClient('http://127.0.0.1:1', 'very-secret', r.fetchImpl).listFlows().catch((e) => e);
    expect(err.message).toContain('token was refused');
    expect(err.message).not.toContain('very-secret');
  });

  it('refuses non-http addresses and bad version numbers', async () => {
    expect(() => new AdminClient('file:///etc', 't')).toThrow(/http or https/);
    const c = new AdminClient('http://127.0.0.1:1', 't', recorder(200, {}).fetchImpl);
    await expect(c.version('f', 0)).rejects.toThrow(/Not a version number/);
  });

  it('remembers the draft revision it read or wrote and sends it as If-Match on save and publish', async () => {
    const calls: { method: string; ifMatch?: string }[] = [];
    const answers: Response[] = [
      new Response('{"schemaVersion":1,"id":"f","nodes":[],"edges":[]}', { status: 200, headers: { ETag: '"4"' } }),
      new Response('{"flowId":"f","revision":5}', { status: 200, headers: { ETag: '"5"' } }),
      new Response('{"version":1}', { status: 201 }),
      new Response('{"message":"stale","currentRevision":7,"diagnostics":[]}', { status: 412, headers: { ETag: '"7"' } }),
      new Response('{"flowId":"f","revision":8}', { status: 200, headers: { ETag: '"8"' } }),
    ];
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      calls.push({ method: init.method!, ifMatch: (init.headers as Record<string, string>)['If-Match'] });
      return answers.shift()!;
    }) as unknown as typeof fetch;
    const c = new AdminClient('http://127.0.0.1:1', 't', fetchImpl);
    const doc = await c.getDraft('f');
    expect(c.revision('f')).toBe(4);
    await c.saveDraft('f', doc);
    await c.publish('f', 'm');
    const err = await c.saveDraft('f', doc).catch((e) => e);
    expect(err).toBeInstanceOf(AdminApiError);
    expect(err.isRevisionConflict).toBe(true);
    expect(err.currentRevision).toBe(7);
    expect(c.revision('f')).toBe(5); // a refused save does not move the known revision
    await c.saveDraft('f', doc, { overwrite: err.currentRevision });
    expect(c.revision('f')).toBe(8);
    expect(calls).toEqual([
      { method: 'GET', ifMatch: undefined },
      { method: 'PUT', ifMatch: '"4"' },
      { method: 'POST', ifMatch: '"5"' },
      { method: 'PUT', ifMatch: '"5"' },
      { method: 'PUT', ifMatch: '"7"' },
    ]);
  });

  it('sends no If-Match for a flow it never read (a first save), and reads a 428 as a conflict', async () => {
    const r = recorder(428, { message: 'has a draft', currentRevision: 2, diagnostics: [] });
    const err = await new AdminClient('http://127.0.0.1:1', 't', r.fetchImpl).saveDraft('f', { schemaVersion: 1, id: 'f', nodes: [], edges: [] } as never).catch((e) => e);
    expect((r.calls[0].init.headers as Record<string, string>)['If-Match']).toBeUndefined();
    expect(err.isRevisionConflict).toBe(true);
    expect(err.currentRevision).toBe(2);
  });
});
