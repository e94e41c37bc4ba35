import { describe, expect, it } from 'vitest';
import { diffLines } from '../src/publish/diffText';

describe('the host diff as text', () => {
  it('lists flow, node, edge and layout changes in callyc diff order', () => {
    const lines = diffLines({
      from: '2',
      to: 'draft',
      semanticallyEqual: false,
      flowChanges: [{ key: 'name', old: 'A', new: 'B' }],
      nodesAdded: [{ id: 'bye', type: 'hangup', label: null }],
      nodesRemoved: [{ id: 'old', type: 'play_audio', label: 'Old' }],
      nodesChanged: [{ id: 'welcome', type: 'play_audio', fieldChanges: [{ key: 'label', old: null, new: 'Hi' }], configChanges: [{ key: 'prompt', old: '{"tts":"a"}', new: null }] }],
      edgesAdded: [{ source: 'welcome', sourceHandle: 'next', target: 'bye' }],
      edgesRemoved: [{ source: 'start', sourceHandle: null, target: 'old' }],
      layoutMoves: [{ id: 'bye', old: null, new: '(0, 10)' }],
    });
    expect(lines).toEqual([
      'diff 2 → draft',
      '~ flow name: A → B',
      '+ node bye (hangup)',
      '- node old (play_audio) "Old"',
      '~ node welcome (play_audio)',
      '    label: added Hi',
      '    config.prompt: removed (was {"tts":"a"})',
      '+ edge welcome [next] → bye',
      '- edge start → old',
      'layout (no effect on calls):',
      '  moved bye: none → (0, 10)',
    ]);
  });

  it('says when nothing that matters changed, and shows anything else as it came', () => {
    expect(diffLines({ from: '1', to: '3', semanticallyEqual: true })).toEqual(['diff 1 → 3', 'no semantic changes']);
    expect(diffLines('plain text')).toEqual(['plain text']);
    expect(diffLines([1])).toEqual(['[1]']);
  });
});
