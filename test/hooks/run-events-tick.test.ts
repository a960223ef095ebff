import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectRunEvents } from '../../src/hooks/use-run-events.js';
import { applyRunEvent } from '../../src/runner/run/run-fold.js';
import { createAppStore } from '../../src/state/store.js';
import { FakeController } from '../components/fake-controller.js';
import { at, output, PARAMS, planFor, records, runStarted, stageStarted, T0, validOptions } from '../state/run-fixtures.js';
import type { EtaHistory } from '../../src/eta/eta-history.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';
import type { RunEvent } from '../../src/runner/run/events.js';

// Counts the console's folds: every one goes through this function.
vi.mock('../../src/runner/run/run-fold.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/runner/run/run-fold.js')>();
  return { ...actual, applyRunEvent: vi.fn(actual.applyRunEvent) };
});

const HISTORY: EtaHistory = { stageMsPerDay: { bronze: 10_000, silver: 1_000, gold: 1_000 }, chunkMsPerDay: {} };
const NO_HISTORY: EtaHistory = { stageMsPerDay: {}, chunkMsPerDay: {} };
const progress = (done: number, seconds: number): RunEvent => ({ type: 'stage-progress', at: at(seconds), stage: 'bronze', progress: { done, total: 10 } });
const runFinished: RunEvent = { type: 'run-finished', at: at(60), status: 'succeeded', stages: records({ bronze: 'succeeded', silver: 'succeeded', gold: 'succeeded' }) };

beforeEach(() => {
  vi.mocked(applyRunEvent).mockClear();
});
afterEach(() => vi.useRealTimers());

/** A real screen's cadence (200 ms flushes, the 2 s tick) on fake timers, the clock 2 s after the run's start. */
function setup(history: EtaHistory = HISTORY) {
  vi.useFakeTimers({ now: T0 + 2_000 });
  const store = createAppStore({ initialOptions: validOptions() });
  store.getState().dispatch({ type: 'run/planned', plan: planFor(), at: at(0) });
  const dispatched = vi.spyOn(store.getState(), 'dispatch');
  const etaHistory = vi.fn((_params: RunParams) => history);
  const controller = new FakeController();
  const disconnect = connectRunEvents(store, controller, { flushMs: 200, etaHistory });
  const ticks = () => dispatched.mock.calls.filter(([action]) => action.type === 'run/tick' && action.clock === true).length;
  return { store, controller, etaHistory, ticks, disconnect, dispatched };
}

describe('the screen tick into the store', () => {
  it('reads the ETA history for the run params and puts the first estimate in the store at once', () => {
    const { store, controller, etaHistory, disconnect } = setup();
    controller.emit(runStarted(), stageStarted('bronze', 1));
    vi.advanceTimersByTime(0);
    expect(etaHistory).toHaveBeenCalledWith(PARAMS);
    const eta = store.getState().eta!;
    expect(eta.stages.bronze).toMatchObject({ source: 'history' });
    // 31 days at 10 s a day, started a second before "now".
    expect(eta.stages.bronze!.remainingMs).toBe(31 * 10_000 - 1_000);
    expect(eta.run).toMatchObject({ source: 'history' });
    expect(store.getState().clockMs).toBe(T0 + 2_000);
    disconnect();
  });

  it('ticks once a period however many events come, and stops once the run has finished', () => {
    const { controller, ticks, disconnect } = setup();
    controller.emit(runStarted(), stageStarted('bronze', 1));
    for (let index = 0; index < 500; index++) controller.emit(output('bronze', [`line ${index}`]));
    vi.advanceTimersByTime(0);
    expect(ticks()).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(ticks()).toBe(6);
    controller.emit(runFinished);
    vi.advanceTimersByTime(200);
    const atFinish = ticks();
    expect(atFinish).toBe(7);
    vi.advanceTimersByTime(10_000);
    expect(ticks()).toBe(atFinish);
    disconnect();
  });

  it('has no ETA before the run has started', () => {
    const { store, controller, disconnect } = setup();
    controller.emit(stageStarted('bronze', 1));
    vi.advanceTimersByTime(3_000);
    expect(store.getState().eta).toBeNull();
    expect(store.getState().etaTracker).toBeUndefined();
    disconnect();
  });

  it('folds each event once in the console, and estimates the ETA from the run the store folded', () => {
    const { store, controller, disconnect } = setup(NO_HISTORY);
    controller.emit(runStarted(), stageStarted('bronze', 1), output('bronze', ['a']));
    vi.advanceTimersByTime(0);
    // Progress alone waits for the clock's tick, where the ETA takes its sample from the store's run.
    controller.emit(progress(0, 2));
    vi.advanceTimersByTime(2_000);
    const firstTick = store.getState().clockMs!;
    expect(store.getState().run!.stages[0]!.progress).toEqual({ done: 0, total: 10 });
    expect(store.getState().eta!.stages.bronze).toBeUndefined();
    vi.advanceTimersByTime(20_000);
    controller.emit(progress(5, 22));
    vi.advanceTimersByTime(2_000);
    const secondTick = store.getState().clockMs!;
    // 5 of 10 units between the two ticks: the other 5 take as long again.
    expect(store.getState().eta!.stages.bronze).toEqual({ remainingMs: secondTick - firstTick, source: 'rate' });
    expect(store.getState().etaTracker!.samples.bronze).toMatchObject({ first: { atMs: firstTick, done: 0 }, last: { atMs: secondTick, done: 5 } });
    controller.emit(runFinished);
    vi.advanceTimersByTime(200);
    expect(store.getState().run!.status).toBe('succeeded');
    expect(store.getState().eta).toEqual({ stages: {}, run: undefined });
    // run-started, stage-started, two progress reports, run-finished: five folds, one each (output is a log line only).
    expect(vi.mocked(applyRunEvent)).toHaveBeenCalledTimes(5);
    disconnect();
  });
});
