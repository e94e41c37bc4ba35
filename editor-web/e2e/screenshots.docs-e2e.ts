import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';
import { openEditor } from './browser';
import { connect, dragFromPalette, node, problems } from './helpers';

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

/** Pictures for the README and docs/editor.md, taken in Debian's headless chromium. */
it('takes screenshots of the editor with the example flow', async () => {
  mkdirSync(docs(''), { recursive: true });
  const s = await openEditor(inject('baseUrl'), { width: 1600, height: 1000 });
  try {
    const { page } = s;
    await node(page, 'main_menu').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: docs('editor.png') });

    // A problem: a new play node left unconnected and without a prompt.
    await dragFromPalette(page, 'play_audio', 980, 140);
    await connect(page, 'closed', 'next', 'play_audio_1');
    expect(await problems(page)).toEqual(expect.arrayContaining(['CFL1034 play_audio_1', 'CFL2008 play_audio_1']));
    await page.waitForTimeout(300);
    await page.screenshot({ path: docs('editor-problems.png') });
    expect(s.errors).toEqual([]);
  } finally {
    await s.close();
  }
});
