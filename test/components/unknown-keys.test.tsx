import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { isUnknownKey } from '../../src/keys/unknown-keys.js';
import { output, runStarted, stageStarted } from '../state/run-fixtures.js';
import { KEYS, tick } from './fake-controller.js';
import { renderRun } from './run-screen-harness.js';

afterEach(() => cleanup());

const CTRL_F1_TO_F4 = ['\u001b[1;5P', '\u001b[1;5Q', '\u001b[1;5R', '\u001b[1;5S'];
// Replies a terminal sends to queries (device status, device attributes, cursor position), focus and paste marks.
const TERMINAL_REPLIES = ['\u001b[0n', '\u001b[?1;2c', '\u001b[12;40R', '\u001b[I', '\u001b[O', '\u001b[200~', '\u001b[201~'];

describe('unknown keys are ignored', () => {
  it('Ctrl+F1..F4 and terminal replies, through the real input path, neither crash the screen nor act', async () => {
    const view = await renderRun();
    view.controller.emit(runStarted(), stageStarted('bronze'), output('bronze', ['a line']));
    await tick();
    // The log pane, message line and footer (above them, the clock moves on).
    const below = () => view.frame().slice(view.frame().indexOf('── log'));
    const before = below();
    for (const sequence of [...CTRL_F1_TO_F4, ...TERMINAL_REPLIES]) await view.press(sequence);
    await view.press(CTRL_F1_TO_F4.join('') + TERMINAL_REPLIES.join(''));
    expect(below()).toBe(before);
    expect(view.controller.sent).toEqual([]);
    expect(view.onExit).not.toHaveBeenCalled();
    // Known keys still work after them.
    await view.press('?');
    expect(view.frame()).toContain('Show or hide this help.');
    await view.press(KEYS.escape);
    await view.press(KEYS.up);
    await view.press('a');
    expect(view.frame()).toContain('Abort the run?');
  });

  it('are told from the keys Ink names', () => {
    for (const sequence of [...CTRL_F1_TO_F4, ...TERMINAL_REPLIES, '\u001b[97;5u', '\u001b[', '\u001b[1;5']) expect(isUnknownKey(sequence)).toBe(true);
    const named = [KEYS.up, KEYS.down, KEYS.pageUp, KEYS.pageDown, KEYS.end, KEYS.shiftTab, '\u001b[1;5A', '\u001b[3~', '\u001bOP', '\u001b[15~', '\u001b\u001b[A'];
    for (const sequence of [...named, KEYS.escape, '\u001b\u001b', '\u001ba', '\u001b\r', 'a', 'abc', KEYS.ctrlC, KEYS.enter]) expect(isUnknownKey(sequence)).toBe(false);
  });
});
