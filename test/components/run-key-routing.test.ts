import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { effectsOfRunKey } from '../../src/keys/run-key-routing.js';
import { effectsOfAnswer, effectsOfFilterCommand, effectsOfFilterKey, effectsOfRunCommand, type RunCommandContext } from '../../src/keys/run-command-effects.js';
import type { Overlay } from '../../src/state/app-state.js';
import { INITIAL_UI, runViewFromPlan } from '../../src/state/app-state.js';
import { reduceRunEvents } from '../../src/state/run-reducer.js';
import { at, planFor, stageStarted } from '../state/run-fixtures.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const ESCAPE: Key = { ...NO_KEY, escape: true };

function under(overlay: Overlay): RunCommandContext {
  return { run: reduceRunEvents(runViewFromPlan(planFor(), at(0)), [stageStarted('bronze')], 100), ui: { ...INITIAL_UI, overlay }, logPaneHeight: 10 };
}

describe('one key on the run screen, routed by what is open over it', () => {
  it("with nothing open: a bound command acts, the filter's keys step or clear it, any other key does nothing", () => {
    const context = under({ kind: 'none' });
    expect(effectsOfRunKey('abort', 'a', NO_KEY, context)).toEqual(effectsOfRunCommand('abort', context));
    expect(effectsOfRunKey(undefined, 'n', NO_KEY, context)).toEqual(effectsOfFilterCommand('nextMatch', context));
    expect(effectsOfRunKey(undefined, '', ESCAPE, context)).toEqual(effectsOfFilterCommand('clearFilter', context));
    expect(effectsOfRunKey(undefined, 'z', NO_KEY, context)).toEqual([]);
  });

  it('in the filter prompt: every key is typed text, a bound one too, except Ctrl+C (quit)', () => {
    const context = under({ kind: 'filter', draft: 'err' });
    expect(effectsOfRunKey('abort', 'a', NO_KEY, context)).toEqual(effectsOfFilterKey('a', NO_KEY, context.ui));
    expect(effectsOfRunKey(undefined, 'x', NO_KEY, context)).toEqual(effectsOfFilterKey('x', NO_KEY, context.ui));
    for (const [command, input] of [['quit', 'q'], ['detach', 'd'], ['help', '?'], ['nextChunk', 'c'], ['skip', 's']] as const) {
      const typed = effectsOfRunKey(command, input, NO_KEY, context);
      expect(typed).toEqual(effectsOfFilterKey(input, NO_KEY, context.ui));
      expect(typed).toContainEqual({ kind: 'dispatch', action: { type: 'ui/overlay', overlay: { kind: 'filter', draft: `err${input}` } } });
    }
    expect(effectsOfRunKey('quit', 'c', { ...NO_KEY, ctrl: true }, context)).toEqual(effectsOfRunCommand('quit', context));
  });

  it('under a question: an answer answers, Ctrl+C asks the quit question instead, any other key does nothing', () => {
    const context = under({ kind: 'confirm', confirm: 'abort' });
    const yes = effectsOfRunKey(undefined, 'y', NO_KEY, context);
    expect(yes).toEqual(effectsOfAnswer('confirm', context));
    expect(yes).toContainEqual(expect.objectContaining({ kind: 'send' }));
    const quit = effectsOfRunKey('quit', 'c', { ...NO_KEY, ctrl: true }, context);
    expect(quit).toEqual(effectsOfRunCommand('quit', { ...context, ui: { ...context.ui, overlay: { kind: 'none' } } }));
    expect(quit).not.toEqual([]);
    expect(effectsOfRunKey('nextChunk', 'c', NO_KEY, context)).toEqual([]);
    // q is quit in the table, but not one of the question's answers.
    expect(effectsOfRunKey('quit', 'q', NO_KEY, context)).toEqual([]);
    expect(effectsOfRunKey('help', '?', NO_KEY, context)).toEqual([]);
  });

  it('over the help: ? and Esc close it, Ctrl+C quits, any other key, a command too, does nothing', () => {
    const context = under({ kind: 'help' });
    expect(effectsOfRunKey(undefined, '', ESCAPE, context)).toEqual(effectsOfRunCommand('help', context));
    expect(effectsOfRunKey('help', '?', NO_KEY, context)).toEqual(effectsOfRunCommand('help', context));
    expect(effectsOfRunKey('quit', 'c', { ...NO_KEY, ctrl: true }, context)).toEqual(effectsOfRunCommand('quit', context));
    for (const [command, input] of [['abort', 'a'], ['skip', 's'], ['retry', 'r'], ['quit', 'q'], ['detach', 'd'], ['filter', '/']] as const) {
      expect(effectsOfRunKey(command, input, NO_KEY, context)).toEqual([]);
    }
    expect(effectsOfRunKey(undefined, 'n', NO_KEY, context)).toEqual([]);
    expect(effectsOfRunKey(undefined, 'z', NO_KEY, context)).toEqual([]);
  });
});
