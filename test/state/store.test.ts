import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/state/store.js';
import { at, finished, output, planFor, records, runStarted, stageStarted, T0, validOptions } from './run-fixtures.js';
import type { RunEvent } from '../../src/runner/run/events.js';

function plannedStore(logCapacity = 1000) {
  const store = createAppStore({ initialOptions: validOptions(), logCapacity });
  store.getState().dispatch({ type: 'run/planned', plan: planFor(), at: at(0) });
  return store;
}

describe('app store', () => {
  it('starts on the setup screen and switches to the run screen when a run is planned', () => {
    const store = createAppStore({ initialOptions: validOptions() });
    expect(store.getState().screen).toBe('setup');
    store.getState().dispatch({ type: 'run/planned', plan: planFor(), at: at(0) });
    expect(store.getState().screen).toBe('run');
    expect(store.getState().run?.stages.map((stage) => stage.name)).toEqual(['bronze', 'silver', 'gold']);
  });

  it('accepts a runner event directly as an action', () => {
    const store = plannedStore();
    store.getState().dispatch(stageStarted('bronze'));
    expect(store.getState().run?.stages[0]?.status).toBe('running');
  });

  it('does not notify subscribers when an action changes nothing', () => {
    const store = plannedStore();
    let notified = 0;
    store.subscribe(() => (notified += 1));
    store.getState().dispatch({ type: 'ui/notice', text: null });
    store.getState().dispatch({ type: 'run/tick', nowMs: T0, events: [] });
    expect(notified).toBe(0);
  });

  it('moves the selection to the stage that starts until the operator picks one', () => {
    const store = plannedStore();
    store.getState().dispatch(stageStarted('silver'));
    expect(store.getState().ui.selectedStage).toBe(1);
    store.getState().dispatch({ type: 'ui/select', delta: -1, stageCount: 3 });
    store.getState().dispatch(stageStarted('gold'));
    expect(store.getState().ui.selectedStage).toBe(0);
  });

  it('clamps the selection to the stages', () => {
    const store = plannedStore();
    store.getState().dispatch({ type: 'ui/select', delta: -5, stageCount: 3 });
    expect(store.getState().ui.selectedStage).toBe(0);
    store.getState().dispatch({ type: 'ui/select', delta: 9, stageCount: 3 });
    expect(store.getState().ui.selectedStage).toBe(2);
  });

  it('scrolling up leaves follow mode; new lines then do not move the view; f follows again', () => {
    const store = plannedStore();
    const lines = Array.from({ length: 50 }, (_, index) => `line ${index}`);
    store.getState().dispatch({ type: 'run/tick', nowMs: T0, events: [stageStarted('bronze'), output('bronze', lines)] });
    store.getState().dispatch({ type: 'ui/scroll', delta: -10, maxScrollBack: 40 });
    expect(store.getState().ui).toMatchObject({ follow: false, scrollBack: 10 });
    store.getState().dispatch(output('bronze', ['new 1', 'new 2', 'new 3']));
    expect(store.getState().ui.scrollBack).toBe(13);
    store.getState().dispatch({ type: 'ui/follow' });
    expect(store.getState().ui).toMatchObject({ follow: true, scrollBack: 0 });
  });

  it('scrolling never passes the oldest line, and scrolling down to the newest follows again', () => {
    const store = plannedStore();
    store.getState().dispatch({ type: 'ui/scroll', delta: -100, maxScrollBack: 7 });
    expect(store.getState().ui.scrollBack).toBe(7);
    store.getState().dispatch({ type: 'ui/scroll', delta: 100, maxScrollBack: 7 });
    expect(store.getState().ui).toMatchObject({ follow: true, scrollBack: 0 });
  });

  it('toggles help, sets overlays and remembers a quit that waits for the run', () => {
    const store = plannedStore();
    store.getState().dispatch({ type: 'ui/toggle-help' });
    expect(store.getState().ui.overlay).toEqual({ kind: 'help' });
    store.getState().dispatch({ type: 'ui/toggle-help' });
    expect(store.getState().ui.overlay).toEqual({ kind: 'none' });
    store.getState().dispatch({ type: 'ui/overlay', overlay: { kind: 'confirm', confirm: 'abort' } });
    expect(store.getState().ui.overlay).toEqual({ kind: 'confirm', confirm: 'abort' });
    store.getState().dispatch({ type: 'ui/quit-after-run' });
    expect(store.getState().ui.quitAfterRun).toBe(true);
  });

  it('holds memory steady under a flood: 200,000 lines leave at most the capacity per stage', () => {
    const store = plannedStore(500);
    store.getState().dispatch(stageStarted('bronze'));
    for (let batch = 0; batch < 200; batch += 1) {
      const lines = Array.from({ length: 1000 }, (_, index) => `b${batch} l${index}`);
      store.getState().dispatch({ type: 'run/tick', nowMs: T0, events: [output('bronze', lines)] });
    }
    const tail = store.getState().run!.logs.bronze!;
    expect(tail.lines).toHaveLength(500);
    expect(tail.total).toBe(200_000);
    expect(tail.lines.at(-1)).toBe('b199 l999');
  });

  it('records the finish of a stage', () => {
    const store = plannedStore();
    store.getState().dispatch({ type: 'run/tick', nowMs: T0, events: [stageStarted('bronze'), finished('bronze', 'failed', 10, 2)] });
    expect(store.getState().run?.stages[0]).toMatchObject({ status: 'failed', exitCode: 2 });
  });
});

describe('the selection follows the running stage', () => {
  it('opens on the first stage that runs when bronze is skipped', () => {
    const store = createAppStore({ initialOptions: validOptions() });
    store.getState().dispatch({ type: 'run/planned', plan: planFor({ ...planFor().params, stages: ['silver', 'gold'] }), at: at(0) });
    expect(store.getState().ui.selectedStage).toBe(1);
  });

  it('moves to the running stage after an attach, whose snapshot has no start events', () => {
    const store = plannedStore();
    store.getState().dispatch({ type: 'run/tick', nowMs: T0, events: [{ ...(runStarted() as Extract<RunEvent, { type: 'run-started' }>), stages: records({ bronze: 'skipped', silver: 'running' }) }, output('silver', ['x'])] });
    expect(store.getState().ui.selectedStage).toBe(1);
  });

  it('stays where the operator put it', () => {
    const store = plannedStore();
    store.getState().dispatch({ type: 'ui/select', delta: 2, stageCount: 3 });
    store.getState().dispatch(stageStarted('silver'));
    expect(store.getState().ui.selectedStage).toBe(2);
  });
});
