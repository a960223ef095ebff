import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS } from './fake-controller.js';
import { renderRunningRun } from './run-screen-harness.js';

afterEach(() => cleanup());

// Every run-screen command key but the overlay's own: none of them may reach the run screen's commands.
const COMMAND_KEYS = ['a', 's', 'r', 'q', 'd', 'c', 'l', '/', 'j', 'k', 'f', 'n', 'N', KEYS.up, KEYS.down, KEYS.pageUp, KEYS.pageDown, KEYS.end];

describe('an overlay takes only its own keys', () => {
  it('a question takes its answers; every other command key, q included, does nothing', async () => {
    const { frame, press, controller, onExit, store } = await renderRunningRun();
    await press('a');
    expect(frame()).toContain('Abort the run?');
    const ui = store.getState().ui;
    for (const key of [...COMMAND_KEYS.filter((key) => key !== 'n'), '?']) {
      await press(key);
      expect(frame()).toContain('Abort the run?');
    }
    expect(frame()).not.toContain('Running: abort the run and quit');
    expect(frame()).not.toContain('Show or hide this help.');
    expect(store.getState().ui).toEqual(ui);
    expect(controller.sent).toEqual([]);
    expect(onExit).not.toHaveBeenCalled();
    await press('n');
    expect(frame()).not.toContain('Abort the run?');
  });

  it('the help closes on ? or Esc; every other command key does nothing while it is open, Ctrl+C still quits', async () => {
    const { frame, press, controller, onExit, store } = await renderRunningRun();
    await press('?');
    expect(frame()).toContain('Show or hide this help.');
    const ui = store.getState().ui;
    for (const key of COMMAND_KEYS) {
      await press(key);
      expect(frame()).toContain('Show or hide this help.');
    }
    expect(frame()).not.toContain('Abort the run?');
    expect(store.getState().ui).toEqual(ui);
    expect(controller.sent).toEqual([]);
    expect(onExit).not.toHaveBeenCalled();
    await press('?');
    expect(frame()).not.toContain('Show or hide this help.');
    await press('?');
    await press(KEYS.escape);
    expect(frame()).not.toContain('Show or hide this help.');
    await press('?');
    await press(KEYS.ctrlC);
    expect(frame()).toContain('Running: abort the run and quit');
  });
});
