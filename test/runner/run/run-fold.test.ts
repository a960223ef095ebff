import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/runner/plan/plan.js';
import { applyRunEvent, applyRunEvents } from '../../../src/runner/run/run-fold.js';
import { initialRunState } from '../../../src/runner/run/run-state.js';
import { testParams } from '../../fixtures/params.js';
import type { RunEvent } from '../../../src/runner/run/events.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 30, 1, 0, seconds)).toISOString();
const chunked = () => initialRunState(buildPlan(testParams({ startDate: '2024-01-01', endDate: '2024-03-31', chunk: 'month' })), at(0));

describe('applyRunEvent', () => {
  it('is pure: the state it is given is left as it was', () => {
    const state = chunked();
    const copy = structuredClone(state);
    applyRunEvent(state, { type: 'chunk-started', at: at(1), stage: 'bronze', chunk: '2024-01', command: ['x'], pid: 1 });
    expect(state).toEqual(copy);
  });

  it('starts a chunked stage with its first chunk, and counts its chunks as its progress', () => {
    const state = applyRunEvents(chunked(), [
      { type: 'chunk-started', at: at(1), stage: 'bronze', chunk: '2024-01', command: ['x'], pid: 1 },
      { type: 'chunk-started', at: at(2), stage: 'bronze', chunk: '2024-02', command: ['y'], pid: 2 },
      { type: 'chunk-finished', at: at(3), stage: 'bronze', chunk: '2024-01', status: 'succeeded', exitCode: 0, signal: null, durationMs: 2000 },
    ]);
    const bronze = state.stages[0]!;
    expect(bronze).toMatchObject({ status: 'running', startedAt: at(1), progress: { done: 1, total: 3, unit: 'chunks' } });
    expect(bronze.chunks!.map((chunk) => chunk.status)).toEqual(['succeeded', 'running', 'pending']);
  });

  it('skips the chunks not started when their stage is skipped', () => {
    const state = applyRunEvents(chunked(), [
      { type: 'chunk-started', at: at(1), stage: 'bronze', chunk: '2024-01', command: ['x'], pid: 1 },
      { type: 'chunk-finished', at: at(2), stage: 'bronze', chunk: '2024-01', status: 'skipped', exitCode: null, signal: 'SIGTERM', durationMs: 1000 },
      { type: 'stage-finished', at: at(2), stage: 'bronze', status: 'skipped', exitCode: null, signal: null, durationMs: 1000 },
    ]);
    expect(state.stages[0]!.chunks!.map((chunk) => chunk.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('puts back only the chunks a retry names, and reopens the run', () => {
    const failed = applyRunEvents(chunked(), [
      { type: 'chunk-started', at: at(1), stage: 'bronze', chunk: '2024-01', command: ['x'], pid: 1 },
      { type: 'chunk-finished', at: at(2), stage: 'bronze', chunk: '2024-01', status: 'succeeded', exitCode: 0, signal: null, durationMs: 1000 },
      { type: 'chunk-started', at: at(2), stage: 'bronze', chunk: '2024-02', command: ['x'], pid: 2 },
      { type: 'chunk-finished', at: at(3), stage: 'bronze', chunk: '2024-02', status: 'failed', exitCode: 1, signal: null, durationMs: 1000 },
      { type: 'stage-finished', at: at(3), stage: 'bronze', status: 'failed', exitCode: 1, signal: null, durationMs: 2000 },
      { type: 'run-finished', at: at(3), status: 'failed', stages: [] },
    ]);
    const retried = applyRunEvent(failed, { type: 'stage-retry', at: at(4), stage: 'bronze', chunks: ['2024-02', '2024-03'] });
    expect(retried.status).toBe('running');
    expect(retried.finishedAt).toBeNull();
    expect(retried.stages[0]!.status).toBe('pending');
    expect(retried.stages[0]!.chunks!.map((chunk) => chunk.status)).toEqual(['succeeded', 'pending', 'pending']);
  });

  it('files what a process reports under its chunk, or its stage', () => {
    const commits = [{ table: 'lh.bronze.raw', snapshotId: '1', parentSnapshotId: null, rowsWritten: 5 }];
    const events: RunEvent[] = [
      { type: 'chunk-started', at: at(1), stage: 'bronze', chunk: '2024-01', command: ['x'], pid: 1 },
      { type: 'spark-app', at: at(1), stage: 'bronze', chunk: '2024-01', app: { appId: 'application_1_0001' } },
      { type: 'job-result', at: at(2), stage: 'bronze', chunk: '2024-01', rowsWritten: { 'lh.bronze.raw': 5 }, commits },
      { type: 'stage-started', at: at(3), stage: 'silver', command: ['s'], pid: 2 },
      { type: 'spark-app', at: at(3), stage: 'silver', app: { uiUrl: 'http://127.0.0.1:4040' } },
    ];
    const state = applyRunEvents(chunked(), events);
    expect(state.stages[0]!.chunks![0]).toMatchObject({ spark: { appId: 'application_1_0001' }, commits });
    expect(state.stages[0]!.spark).toBeUndefined();
    expect(state.stages[1]!.spark).toEqual({ uiUrl: 'http://127.0.0.1:4040' });
  });

  it('returns the same state for a stage it does not know', () => {
    const state = chunked();
    expect(applyRunEvent(state, { type: 'stage-started', at: at(1), stage: 'platinum', command: [], pid: 1 })).toBe(state);
  });
});

describe('applyRunEvent and a kill on the cluster', () => {
  it('records the application\'s final state on the stage or the chunk it belonged to', () => {
    const state = applyRunEvents(chunked(), [
      { type: 'chunk-started', at: at(1), stage: 'bronze', chunk: '2024-01', command: ['x'], pid: 1 },
      { type: 'yarn-kill', at: at(2), stage: 'bronze', chunk: '2024-01', appId: 'application_1_0001', ok: true, message: 'killed', finalState: 'KILLED' },
      { type: 'stage-started', at: at(3), stage: 'silver', command: ['s'], pid: 2 },
      { type: 'yarn-kill', at: at(4), stage: 'silver', appId: 'application_1_0002', ok: false, message: 'HTTP 401' },
    ]);
    expect(state.stages[0]!.chunks![0]!.spark).toEqual({ appId: 'application_1_0001', finalState: 'KILLED' });
    expect(state.stages[1]!.spark).toBeUndefined();
  });

  it("a resumed run starts from the coverage its kept chunks reported, and a rerun chunk's days are laid over it", () => {
    const previous = { ...chunked(), coverage: { start: '2024-01-01', end: '2024-01-02', hoursPerDay: 24, pollutants: ['pm2_5'], locations: { hanoi: [24, 24] } } };
    const record = { id: previous.runId, params: previous.params, status: 'failed' as const, startedAt: at(0), finishedAt: at(9), stages: previous.stages, coverage: previous.coverage };
    const resumed = initialRunState(buildPlan(testParams({ startDate: '2024-01-01', endDate: '2024-03-31', chunk: 'month' })), at(10), record);
    expect(resumed.coverage).toEqual(previous.coverage);
    const after = applyRunEvent(resumed, {
      type: 'job-result', at: at(11), stage: 'silver', chunk: '2024-02', rowsWritten: {}, commits: [],
      coverage: { start: '2024-02-01', end: '2024-02-01', hoursPerDay: 24, pollutants: ['pm2_5'], locations: { hanoi: [12] } },
    });
    expect(after.coverage?.start).toBe('2024-01-01');
    expect(after.coverage?.end).toBe('2024-02-01');
  });
});
