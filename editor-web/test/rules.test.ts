import { describe, expect, it } from 'vitest';
import supportLine from '../src/examples/supportLine.json';
import { at, findings, flowText, hangup, ids, nodeAt, play, start } from './helpers';

const linear = (nodes: unknown[], edges: unknown[]) => flowText([start, ...nodes], edges);

describe('the example flow', () => {
  it('has no findings', () => {
    expect(findings(JSON.stringify(supportLine, null, 2))).toEqual([]);
  });
});

describe('input rules', () => {
  it('reports invalid JSON and stops', () => {
    expect(findings('{\n  "nodes": [,]\n}')).toEqual(['CFL0001 2:13']);
  });
  it('reports duplicate keys at the second key', () => {
    const text = '{\n  "schemaVersion": 1,\n  "schemaVersion": 1,\n  "id": "a", "nodes": [{"id":"start","type":"start"}], "edges": []\n}';
    expect(findings(text)).toContain('CFL0004 3:3');
  });
});

describe('schema rules', () => {
  it('reports unknown properties at the key, but keeps x- keys', () => {
    const text = flowText([{ ...start, 'x-note': 1, colour: 'red' }], []);
    expect(findings(text)).toContain(`CFL1003 ${at(text, '"colour"')}`);
    expect(ids(text)).not.toContain('CFL2008'.replace('8', '9'));
  });
  it('reports unknown node types with their position', () => {
    const text = linear([{ id: 'x', type: 'play_audoi' }], [{ source: 'start', target: 'x' }]);
    expect(findings(text)).toContain(`CFL1007 ${at(text, '"play_audoi"')}`);
  });
  it('reports missing required config', () => {
    const text = linear([{ id: 'p', type: 'play_audio', config: {} }, hangup()], [{ source: 'start', target: 'p' }, { source: 'p', target: 'bye' }]);
    expect(findings(text)).toEqual([`CFL1002 ${at(text, '"config": {}') .replace(/:(\d+)$/, (_, c) => `:${Number(c) + 10}`)}`]);
  });
  it('checks types, ranges, enums, ids and formats', () => {
    const text = linear(
      [
        { id: 'g', type: 'get_digits', config: { variable: 'Acct', max_digits: 40, min_digits: 'x' } },
        { id: '9bad', type: 'hangup' },
        { id: 't', type: 'transfer', config: { destination: { type: 'pstn', value: '12' }, ringback: 'bell' } },
        { id: 't2', type: 'transfer', config: { destination: { type: 'pstn', value: '+33 1 23 45 67 89' } } },
        { id: 'b', type: 'business_hours', config: { timezone: 'Mars/Base', schedule: { monday: [{ start: '9:00', end: '25:00' }] }, holidays: [{ date: '2026-02-30', name: 'Leap' }] } },
        { id: 'w', type: 'webhook', config: { url: 'https://{{host}}/x' } },
        { id: 'h', type: 'http_request', config: { url: 'ftp://x', extract: { v: 'a.b' }, headers: { 'Bad Header': 'x' } } },
        { id: 'm', type: 'menu', config: { prompt: { tts: 'x', audio: 'y' }, options: { '123': { label: 'x' } } } },
        { id: 'c', type: 'conference', config: { room: 'a room' } },
        { id: 'r', type: 'branch', config: { rules: [{ name: 'a', when: { variable: 'v', op: 'lt', value: 'abc' } }, { name: 'b', when: { variable: 'v', op: 'matches', value: '(' } }, { name: 'a', when: { variable: 'v', op: 'empty' } }] } },
      ],
      [],
    );
    const got = ids(text);
    for (const id of ['CFL1019', 'CFL1008', 'CFL1001', 'CFL1006', 'CFL1016', 'CFL1018', 'CFL1009', 'CFL1012', 'CFL1011', 'CFL1013', 'CFL1021', 'CFL1014', 'CFL1024', 'CFL1033', 'CFL1010', 'CFL1022', 'CFL1025', 'CFL1030', 'CFL1029', 'CFL1023'])
      expect(got, id).toContain(id);
  });
  it('reports min_digits above max_digits at min_digits', () => {
    const text = linear([{ id: 'g', type: 'get_digits', config: { variable: 'a', max_digits: 2, min_digits: 3 } }], [{ source: 'start', target: 'g' }]);
    expect(findings(text)).toContain(`CFL1026 ${at(text, '3')}`);
  });
  it('rejects an unsupported schema version and a bad flow id', () => {
    const text = JSON.stringify({ schemaVersion: 2, id: 'Bad Id', nodes: [start], edges: [] }, null, 2);
    expect(ids(text)).toEqual(expect.arrayContaining(['CFL1004', 'CFL1005']));
  });
});

describe('graph rules', () => {
  it('requires exactly one start', () => {
    expect(ids(flowText([hangup()], []))).toContain('CFL2001');
    const text = flowText([start, { id: 's2', type: 'start' }, hangup()], [{ source: 'start', target: 'bye' }, { source: 's2', target: 'bye' }]);
    expect(findings(text)).toContain(`CFL2002 ${nodeAt(text, 's2')}`);
  });
  it('reports duplicate node ids at the second id', () => {
    const text = linear([hangup(), hangup()], [{ source: 'start', target: 'bye' }]);
    expect(findings(text)).toContain(`CFL2003 ${at(text, '"bye"', 1)}`);
  });
  it('reports unknown endpoints and handles', () => {
    const text = linear([play('p'), hangup()], [{ source: 'start', target: 'p' }, { source: 'p', target: 'nope' }, { source: 'ghost', target: 'bye' }, { source: 'p', sourceHandle: 'timeout', target: 'bye' }]);
    expect(findings(text)).toEqual(expect.arrayContaining([`CFL2005 ${at(text, '"nope"')}`, `CFL2004 ${at(text, '"ghost"')}`, `CFL2006 ${at(text, '"timeout"')}`]));
  });
  it('allows one edge per output, beside webhooks', () => {
    const wh = { id: 'w', type: 'webhook', config: { url: 'https://example.com/x' } };
    const ok = linear([play('p'), hangup(), wh], [{ source: 'start', target: 'p' }, { source: 'p', target: 'bye' }, { source: 'p', target: 'w' }]);
    expect(ids(ok)).toEqual([]);
    const twice = linear([play('p'), hangup(), hangup('b2')], [{ source: 'start', target: 'p' }, { source: 'p', target: 'bye' }, { source: 'p', target: 'b2' }]);
    expect(ids(twice)).toContain('CFL2007');
  });
  it('requires required outputs, and only required ones', () => {
    const text = linear([{ id: 'h', type: 'http_request', config: { url: 'https://example.com' } }], [{ source: 'start', target: 'h' }]);
    expect(findings(text)).toEqual([`CFL2008 ${nodeAt(text, 'h')}`, `CFL3004 ${nodeAt(text, 'h')}`]);
  });
  it('lets terminal nodes and abandoned lead only to webhooks, and nothing into start', () => {
    const text = linear(
      [hangup(), { id: 'q', type: 'queue', config: { queue: 'sales' } }, play('p')],
      [{ source: 'start', target: 'q' }, { source: 'q', sourceHandle: 'abandoned', target: 'p' }, { source: 'bye', target: 'p' }, { source: 'p', target: 'start' }],
    );
    expect(ids(text)).toEqual(expect.arrayContaining(['CFL2009', 'CFL2010', 'CFL2011']));
  });
  it('reports ambiguous continuation through webhooks', () => {
    const wh = (id: string) => ({ id, type: 'webhook', config: { url: 'https://example.com/x' } });
    const text = linear([wh('w1'), wh('w2'), hangup(), hangup('b2')], [{ source: 'start', target: 'w1' }, { source: 'start', target: 'w2' }, { source: 'w1', target: 'bye' }, { source: 'w2', target: 'b2' }]);
    expect(ids(text)).toContain('CFL2012');
  });
  it('warns about layout entries for unknown nodes at the key', () => {
    const text = flowText([start, hangup()], [{ source: 'start', target: 'bye' }], { layout: { start: { x: 0, y: 0 }, gone: { x: 1, y: 2 } } });
    expect(findings(text)).toEqual([`CFL2013 ${at(text, '"gone"')}`]);
  });
});

describe('analysis rules', () => {
  it('warns about unreachable nodes', () => {
    const text = linear([hangup(), hangup('lost')], [{ source: 'start', target: 'bye' }]);
    expect(findings(text)).toEqual([`CFL3001 ${nodeAt(text, 'lost')}`]);
  });
  it('finds loops that never wait for the caller, but not loops through a prompt', () => {
    const set = (id: string) => ({ id, type: 'set_variable', config: { assign: { a: 'x' } } });
    const silent = linear([set('a1'), set('a2')], [{ source: 'start', target: 'a1' }, { source: 'a1', target: 'a2' }, { source: 'a2', target: 'a1' }]);
    expect(ids(silent)).toEqual(['CFL3002']);
    const waiting = linear([set('a1'), play('p')], [{ source: 'start', target: 'a1' }, { source: 'a1', target: 'p' }, { source: 'p', target: 'a1' }]);
    expect(ids(waiting)).toEqual([]);
  });
  it('warns when a variable may be read before it is assigned', () => {
    const g = { id: 'g', type: 'get_digits', config: { variable: 'acct' } };
    const set = { id: 's', type: 'set_variable', config: { assign: { msg: 'Account {{acct}} from {{caller_id}}' } } };
    const good = linear([g, set, hangup()], [{ source: 'start', target: 'g' }, { source: 'g', target: 's' }, { source: 's', target: 'bye' }]);
    expect(ids(good)).toEqual([]);
    const bad = linear([set, hangup()], [{ source: 'start', target: 's' }, { source: 's', target: 'bye' }]);
    expect(findings(bad)).toEqual([`CFL3003 ${at(bad, '"Account')}`]);
  });
  it('notes menu prefixes and never-open business hours', () => {
    const menu = { id: 'm', type: 'menu', config: { prompt: { tts: 'x' }, options: { '2': { label: 'a' }, '21': { label: 'b' } } } };
    const text = linear([menu, hangup()], [{ source: 'start', target: 'm' }, { source: 'm', sourceHandle: 'digit:2', target: 'bye' }, { source: 'm', sourceHandle: 'digit:21', target: 'bye' }]);
    expect(findings(text)).toEqual([`CFL3005 ${at(text, '"2"')}`]);
    const bh = { id: 'b', type: 'business_hours', config: { timezone: 'UTC', schedule: {} } };
    const closed = linear([bh, hangup()], [{ source: 'start', target: 'b' }, { source: 'b', sourceHandle: 'in_hours', target: 'bye' }, { source: 'b', sourceHandle: 'out_of_hours', target: 'bye' }]);
    expect(ids(closed)).toEqual(['CFL3006']);
  });
  it('warns about a reachable return at top level', () => {
    expect(ids(linear([{ id: 'r', type: 'return' }], [{ source: 'start', target: 'r' }]))).toEqual(['CFL3007']);
  });
});
