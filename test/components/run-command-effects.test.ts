import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { footerEntries, matchCommand, RUN_KEY_BINDINGS, SETUP_KEY_BINDINGS } from '../../src/keys/key-bindings.js';
import { effectsOfAnswer, effectsOfRunCommand, type RunCommandContext } from '../../src/keys/run-command-effects.js';
import { reduceRunEvents } from '../../src/state/run-reducer.js';
import { INITIAL_UI, runViewFromPlan } from '../../src/state/app-state.js';
import { at, finished, output, planFor, stageStarted } from '../state/run-fixtures.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

function context(events = [stageStarted('bronze')], ui = INITIAL_UI): RunCommandContext {
  return { run: reduceRunEvents(runViewFromPlan(planFor(), at(0)), events, 100), ui, logPaneHeight: 10 };
}

describe('key table', () => {
  it('maps keys to commands, with Ctrl distinguishing Ctrl+C from c', () => {
    expect(matchCommand(RUN_KEY_BINDINGS, 'q', NO_KEY)).toBe('quit');
    expect(matchCommand(RUN_KEY_BINDINGS, 'c', { ...NO_KEY, ctrl: true })).toBe('quit');
    expect(matchCommand(RUN_KEY_BINDINGS, 'c', NO_KEY)).toBe('nextChunk');
    expect(matchCommand(RUN_KEY_BINDINGS, '', { ...NO_KEY, end: true })).toBe('follow');
    expect(matchCommand(RUN_KEY_BINDINGS, '', { ...NO_KEY, pageUp: true })).toBe('pageUp');
    expect(matchCommand(SETUP_KEY_BINDINGS, '', { ...NO_KEY, tab: true })).toBe('nextField');
    expect(matchCommand(SETUP_KEY_BINDINGS, '', { ...NO_KEY, tab: true, shift: true })).toBe('previousField');
  });

  it('binds no key twice within a table', () => {
    for (const table of [RUN_KEY_BINDINGS, SETUP_KEY_BINDINGS]) {
      const labels = table.flatMap((binding) => binding.keys.map((chord) => chord.label));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('builds the footer from the table', () => {
    const words = footerEntries(RUN_KEY_BINDINGS).map((entry) => `${entry.keys} ${entry.label}`);
    expect(words).toContain('a abort');
    expect(words).toContain('↑/↓ stage');
  });
});

describe('run command effects', () => {
  it('abort asks first while running and is refused after the run', () => {
    expect(effectsOfRunCommand('abort', context())).toEqual([{ kind: 'dispatch', action: { type: 'ui/overlay', overlay: { kind: 'confirm', confirm: 'abort' } } }]);
    const done = context([stageStarted('bronze'), { type: 'run-finished', at: at(9), status: 'succeeded', stages: [] }]);
    expect(effectsOfRunCommand('abort', done)[0]).toMatchObject({ kind: 'dispatch', action: { type: 'ui/notice' } });
  });

  it('answering yes to abort sends abort; no just closes', () => {
    const asking = { ...INITIAL_UI, overlay: { kind: 'confirm' as const, confirm: 'abort' as const } };
    expect(effectsOfAnswer('confirm', context(undefined, asking))).toContainEqual({ kind: 'send', command: { type: 'abort' } });
    expect(effectsOfAnswer('cancel', context(undefined, asking))).toEqual([{ kind: 'dispatch', action: { type: 'ui/overlay', overlay: { kind: 'none' } } }]);
  });

  it('quit exits with the run code once finished, and at once on a second quit while aborting', () => {
    const failed = context([stageStarted('bronze'), finished('bronze', 'failed'), { type: 'run-finished', at: at(11), status: 'failed', stages: [] }]);
    expect(effectsOfRunCommand('quit', failed)).toEqual([{ kind: 'exit', code: 1 }]);
    expect(effectsOfRunCommand('quit', context(undefined, { ...INITIAL_UI, quitAfterRun: true }))).toEqual([{ kind: 'exit', code: 130 }]);
  });

  it('page keys scroll by the pane height, never past the oldest line', () => {
    const lines = Array.from({ length: 25 }, (_, index) => `l${index}`);
    const effects = effectsOfRunCommand('pageUp', context([stageStarted('bronze'), output('bronze', lines)]));
    expect(effects).toEqual([{ kind: 'dispatch', action: { type: 'ui/scroll', delta: -9, maxScrollBack: 15 } }]);
  });

  it('clears the previous notice with the next command', () => {
    const effects = effectsOfRunCommand('help', context(undefined, { ...INITIAL_UI, notice: 'old news' }));
    expect(effects[0]).toEqual({ kind: 'dispatch', action: { type: 'ui/notice', text: null } });
  });
});
