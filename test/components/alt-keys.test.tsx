import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { isAltKey } from '../../src/keys/alt-keys.js';
import { output, runStarted, stageStarted } from '../state/run-fixtures.js';
import { KEYS, tick } from './fake-controller.js';
import { renderRun } from './run-screen-harness.js';

afterEach(() => cleanup());

const ALT = (key: string) => `\u001b${key}`;

describe('Alt+key is ignored, not read as the bare key', () => {
  it('on the run screen, through the real input path: Alt+a does not abort, Alt+? does not open the help', async () => {
    const view = await renderRun();
    view.controller.emit(runStarted(), stageStarted('bronze'), output('bronze', ['a line']));
    await tick();
    const ui = view.store.getState().ui;
    for (const key of ['a', 's', 'r', 'q', 'd', '?', '/', 'c', 'l', 'j', 'k', 'f', 'A', ' ', '\r', KEYS.up]) await view.press(ALT(key));
    await view.press('\u001b[1;3A');
    for (const shown of ['Abort the run?', 'Running: abort the run and quit', 'Stop bronze', 'Show or hide this help.']) expect(view.frame()).not.toContain(shown);
    expect(view.store.getState().ui).toEqual(ui);
    expect(view.controller.sent).toEqual([]);
    expect(view.onExit).not.toHaveBeenCalled();
    // The bare keys still act, and Esc is still Esc.
    await view.press('?');
    expect(view.frame()).toContain('Show or hide this help.');
    await view.press(KEYS.escape);
    expect(view.frame()).not.toContain('Show or hide this help.');
    await view.press('a');
    expect(view.frame()).toContain('Abort the run?');
  });

  it('in the filter prompt, Alt+x types nothing', async () => {
    const view = await renderRun();
    view.controller.emit(runStarted(), stageStarted('bronze'));
    await tick();
    await view.press('/');
    await view.press('e');
    await view.press(ALT('x'));
    await view.press('r');
    expect(view.store.getState().ui.overlay).toEqual({ kind: 'filter', draft: 'er' });
  });

  it('is told from Escape and the keys without Alt', () => {
    const alt = [ALT('a'), ALT('A'), ALT('?'), ALT('/'), ALT(' '), ALT('\r'), ALT('\u007f'), ALT('é'), '\u001b\u001b[A', '\u001b[1;3A', '\u001b[5;3~', '\u001b[1;9B', '\u001b[1;4C'];
    for (const sequence of alt) expect(isAltKey(sequence)).toBe(true);
    const plain = [KEYS.escape, '\u001b\u001b', KEYS.up, KEYS.pageUp, KEYS.end, KEYS.shiftTab, '\u001b[1;5A', '\u001b[1;2B', '\u001b[3~', '\u001bOP', 'a', '?', 'abc', KEYS.ctrlC, KEYS.enter];
    for (const sequence of plain) expect(isAltKey(sequence)).toBe(false);
  });
});
