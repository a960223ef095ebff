import { describe, expect, it } from 'vitest';
import { estimateEtas, startEtaTracker, trackRun, type RunEtas } from '../../src/eta/eta-tracker.js';
import { readEtaHistory, type EtaHistory } from '../../src/eta/eta-history.js';
import type { SmoothingOptions } from '../../src/eta/smooth.js';
import { applyRunEvent } from '../../src/runner/run/run-fold.js';
import { runStateAtStart, type RunState } from '../../src/runner/run/run-state.js';
import { defaultPipeline } from '../../src/runner/plan/pipeline.js';
import { buildPlan } from '../../src/runner/plan/plan.js';
import { Runner } from '../../src/runner/schedule/runner.js';
import { testParams } from '../fixtures/params.js';
import { recordedRunsDir } from '../fixtures/recorded-runs.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import type { RunEvent } from '../../src/runner/run/events.js';

const tempDir = useTempDirs();
const T0 = Date.parse('2026-11-24T01:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
/** No smoothing, to see the raw estimates. */
const RAW = { tauMs: 1, maxShiftShare: 1, maxShiftMs: 1e12, minShiftMs: 1e12 };

function startedRun(runsDir: string): RunEvent {
  // April (30 d) and May (31 d) as monthly bronze chunks, two at once; silver and gold whole
  const params = testParams({ startDate: '2024-04-01', endDate: '2024-05-31', chunk: 'month', stageChunks: { silver: 'none', gold: 'none' }, parallel: 2, runsDir });
  const plan = buildPlan(params, defaultPipeline, 'RID');
  return { type: 'run-started', at: at(0), runId: 'RID', runDir: runsDir, params, stages: new Runner(plan).record.stages };
}

/** A holder of the run (as the store and the reporters are): it folds each event once, and the tracker takes
 *  its samples from that state at the event's time and estimates from it. */
function follow(history?: EtaHistory, smoothing?: SmoothingOptions) {
  let run: RunState | undefined;
  let tracker = startEtaTracker(history, smoothing);
  return {
    observe(event: RunEvent): void {
      run = event.type === 'run-started' ? runStateAtStart(event) : applyRunEvent(run!, event);
      tracker = trackRun(tracker, run, [event], Date.parse(event.at));
    },
    estimate(nowMs: number): RunEtas {
      const estimate = estimateEtas(tracker, run!, nowMs);
      tracker = estimate.tracker;
      return estimate.etas;
    },
  };
}

describe('EtaTracker', () => {
  it('estimates from the recorded history first, then from the rate of this run', () => {
    const runsDir = recordedRunsDir(tempDir());
    const tracker = follow(readEtaHistory(runsDir, testParams()), RAW);
    const feed = (...events: RunEvent[]) => events.forEach((event) => tracker.observe(event));
    feed(
      startedRun(runsDir),
      { type: 'stage-started', at: at(0), stage: 'bronze', command: [], pid: undefined },
      { type: 'chunk-started', at: at(0), stage: 'bronze', chunk: '2024-04', command: ['x'], pid: 1 },
      { type: 'chunk-started', at: at(0), stage: 'bronze', chunk: '2024-05', command: ['x'], pid: 2 },
    );
    // history: chunks 2.5 s a day, silver 2.5 s a day, gold 2 s a day; 61 days
    expect(tracker.estimate(T0)).toEqual({
      stages: {
        bronze: { remainingMs: 31 * 2_500, source: 'history' },
        silver: { remainingMs: 61 * 2_500, source: 'history' },
        gold: { remainingMs: 61 * 2_000, source: 'history' },
      },
      run: { remainingMs: 31 * 2_500 + 61 * 4_500, source: 'history' },
    });

    // April reports progress: 2 of 4 units in 20 s, so 20 s to go; May still goes by history
    feed(
      { type: 'chunk-progress', at: at(5_000), stage: 'bronze', chunk: '2024-04', progress: { done: 0, total: 4 } },
      { type: 'chunk-progress', at: at(25_000), stage: 'bronze', chunk: '2024-04', progress: { done: 2, total: 4 } },
    );
    expect(tracker.estimate(T0 + 25_000).stages.bronze).toEqual({ remainingMs: 31 * 2_500 - 25_000, source: 'history' });

    // April done in 45 s (1.5 s a day): May now goes by this run's own pace
    feed({ type: 'chunk-finished', at: at(45_000), stage: 'bronze', chunk: '2024-04', status: 'succeeded', exitCode: 0, signal: null, durationMs: 45_000 });
    expect(tracker.estimate(T0 + 45_000).stages.bronze).toEqual({ remainingMs: 31 * 1_500 - 45_000, source: 'rate' });
  });

  it('forgets finished stages, and gives the run no ETA while a stage has neither history nor rate', () => {
    const tracker = follow(undefined, RAW);
    tracker.observe(startedRun(tempDir()));
    expect(tracker.estimate(T0)).toEqual({ stages: {}, run: undefined });
  });

  it('keeps the displayed ETA steady when the estimate jumps', () => {
    const runsDir = recordedRunsDir(tempDir());
    const tracker = follow(readEtaHistory(runsDir, testParams()));
    tracker.observe(startedRun(runsDir));
    tracker.observe({ type: 'stage-started', at: at(0), stage: 'bronze', command: [], pid: undefined });
    tracker.observe({ type: 'chunk-started', at: at(0), stage: 'bronze', chunk: '2024-04', command: ['x'], pid: 1 });
    tracker.observe({ type: 'chunk-started', at: at(0), stage: 'bronze', chunk: '2024-05', command: ['x'], pid: 2 });
    const before = tracker.estimate(T0 + 1_000).stages.bronze!.remainingMs;
    // a very fast April: by its pace May would be nearly done
    tracker.observe({ type: 'chunk-finished', at: at(2_000), stage: 'bronze', chunk: '2024-04', status: 'succeeded', exitCode: 0, signal: null, durationMs: 2_000 });
    const after = tracker.estimate(T0 + 2_000).stages.bronze!.remainingMs;
    expect(before - after).toBeGreaterThan(0);
    expect(before - after).toBeLessThanOrEqual(1_000 + 2_000); // a second of countdown, at most 2 s of shift
  });
});

describe('EtaTracker while work remains', () => {
  it('never says 0 for a stage still running after its units are done (bronze still writing)', () => {
    const params = testParams({ startDate: '2024-04-01', endDate: '2024-04-30', stages: ['bronze'] });
    const plan = buildPlan(params, defaultPipeline, 'RID');
    const tracker = follow(undefined, RAW);
    const feed = (...events: RunEvent[]) => events.forEach((event) => tracker.observe(event));
    feed(
      { type: 'run-started', at: at(0), runId: 'RID', runDir: '/x', params, stages: new Runner(plan).record.stages },
      { type: 'stage-started', at: at(0), stage: 'bronze', command: ['x'], pid: 1 },
      { type: 'stage-progress', at: at(0), stage: 'bronze', progress: { done: 0, total: 10 } },
      { type: 'stage-progress', at: at(20_000), stage: 'bronze', progress: { done: 5, total: 10 } },
    );
    expect(tracker.estimate(T0 + 20_000).stages.bronze).toEqual({ remainingMs: 20_000, source: 'rate' });
    feed({ type: 'stage-progress', at: at(30_000), stage: 'bronze', progress: { done: 10, total: 10 } });
    const late = tracker.estimate(T0 + 60_000);
    expect(late.stages.bronze!.remainingMs).toBeGreaterThan(0);
    expect(late.run!.remainingMs).toBeGreaterThan(0);
  });
});

describe('EtaTracker samples from the folded run', () => {
  const params = testParams({ startDate: '2024-04-01', endDate: '2024-04-30', stages: ['bronze'] });
  const started = (): RunEvent => ({ type: 'run-started', at: at(0), runId: 'RID', runDir: '/x', params, stages: new Runner(buildPlan(params, defaultPipeline, 'RID')).record.stages });
  const progress = (done: number, ms: number): RunEvent => ({ type: 'stage-progress', at: at(ms), stage: 'bronze', progress: { done, total: 10 } });

  /** A screen's store: a batch of events folded, then the samples taken at the tick's time. */
  function tickOf(previous: { run?: RunState; tracker: ReturnType<typeof startEtaTracker> }, events: RunEvent[], nowMs: number) {
    let run = previous.run;
    for (const event of events) run = event.type === 'run-started' ? runStateAtStart(event) : applyRunEvent(run!, event);
    return { run: run!, tracker: trackRun(previous.tracker, run!, events, nowMs) };
  }

  it('takes one sample per tick of a new report, at the tick, and starts afresh when the stage starts again', () => {
    let state = tickOf({ tracker: startEtaTracker(undefined, RAW) }, [started(), { type: 'stage-started', at: at(0), stage: 'bronze', command: ['x'], pid: 1 }, progress(0, 0)], T0 + 1_000);
    state = tickOf(state, [progress(1, 1_500), progress(2, 1_800)], T0 + 3_000);
    // Nothing new: the samples stay as they were, the same object.
    const quiet = tickOf(state, [], T0 + 5_000);
    expect(quiet.tracker).toBe(state.tracker);
    state = tickOf(quiet, [progress(5, 20_000)], T0 + 21_000);
    expect(state.tracker.samples.bronze).toMatchObject({ first: { atMs: T0 + 1_000, done: 0 }, last: { atMs: T0 + 21_000, done: 5 } });
    // 5 units in 20 s: 20 s to go.
    expect(estimateEtas(state.tracker, state.run, T0 + 21_000).etas.stages.bronze).toEqual({ remainingMs: 20_000, source: 'rate' });

    state = tickOf(state, [{ type: 'stage-finished', at: at(22_000), stage: 'bronze', status: 'failed', exitCode: 1, signal: null, durationMs: 22_000 }], T0 + 23_000);
    expect(state.tracker.samples).toEqual({});
    state = tickOf(state, [{ type: 'stage-retry', at: at(30_000), stage: 'bronze' }, { type: 'stage-started', at: at(30_000), stage: 'bronze', command: ['x'], pid: 2 }, progress(1, 30_000)], T0 + 31_000);
    expect(state.tracker.samples.bronze).toMatchObject({ startedAt: at(30_000), first: { atMs: T0 + 31_000, done: 1 }, last: { atMs: T0 + 31_000, done: 1 } });
  });
});
