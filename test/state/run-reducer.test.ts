import { describe, expect, it } from 'vitest';
import { reduceRunEvent, reduceRunEvents } from '../../src/state/run-reducer.js';
import { runViewFromPlan, type RunView } from '../../src/state/app-state.js';
import { at, finished, output, planFor, PARAMS, records, runStarted, stageStarted } from './run-fixtures.js';
import type { RunEvent } from '../../src/runner/run/events.js';

const CAPACITY = 100;
const fresh = (): RunView => runViewFromPlan(planFor(), at(0));
const apply = (...events: RunEvent[]) => reduceRunEvents(fresh(), events, CAPACITY);
const stage = (run: RunView, name: string) => run.stages.find((candidate) => candidate.name === name)!;

describe('run reducer', () => {
  it('seeds stages from the plan, unselected ones as skipped', () => {
    const run = runViewFromPlan(planFor({ ...PARAMS, stages: ['bronze', 'gold'] }), at(0));
    expect(run.stages.map((candidate) => candidate.status)).toEqual(['pending', 'skipped', 'pending']);
    expect(run.status).toBe('running');
  });

  it('run-started takes the runner ids and stage records', () => {
    const event: RunEvent = { type: 'run-started', at: at(0), runId: 'r9', runDir: '/tmp/runs/r9', params: PARAMS, stages: records({ gold: 'skipped' }) };
    const run = apply(event);
    expect(run.runId).toBe('r9');
    expect(run.runDir).toBe('/tmp/runs/r9');
    expect(stage(run, 'gold').status).toBe('skipped');
  });

  it('stage-started marks the stage running with its command and pid', () => {
    const run = apply(runStarted(), stageStarted('bronze', 5));
    const bronze = stage(run, 'bronze');
    expect(bronze.status).toBe('running');
    expect(bronze.startedAt).toBe(at(5));
    expect(bronze.pid).toBe(4242);
    expect(bronze.command).toContain('--master');
  });

  it('stage-output appends to that stage log only', () => {
    const run = apply(stageStarted('bronze'), output('bronze', ['a', 'b']), output('silver', ['c']));
    expect(run.logs.bronze!.lines).toEqual(['a', 'b']);
    expect(run.logs.silver!.lines).toEqual(['c']);
  });

  it('stage-progress keeps the latest progress', () => {
    const run = apply(
      stageStarted('bronze'),
      { type: 'stage-progress', at: at(10), stage: 'bronze', progress: { done: 1, total: 12, unit: 'location-months' } },
      { type: 'stage-progress', at: at(20), stage: 'bronze', progress: { done: 3, total: 12, unit: 'location-months' } },
    );
    const bronze = stage(run, 'bronze');
    expect(bronze.progress).toEqual({ done: 3, total: 12, unit: 'location-months' });
  });

  it('spark-progress replaces the current Spark stages', () => {
    const run = apply(stageStarted('bronze'), { type: 'spark-progress', at: at(3), stage: 'bronze', sparkStages: [{ stageId: 3, done: 12, running: 4, total: 200 }] });
    expect(stage(run, 'bronze').sparkStages).toEqual([{ stageId: 3, done: 12, running: 4, total: 200 }]);
  });

  it('stage-stopping records why and with which signal', () => {
    const run = apply(stageStarted('bronze'), { type: 'stage-stopping', at: at(3), stage: 'bronze', reason: 'abort', signal: 'SIGTERM' });
    expect(stage(run, 'bronze').stopping).toEqual({ reason: 'abort', signal: 'SIGTERM' });
  });

  it('stage-finished records the outcome and clears live state', () => {
    const run = apply(
      stageStarted('bronze'),
      { type: 'spark-progress', at: at(3), stage: 'bronze', sparkStages: [{ stageId: 1, done: 1, running: 1, total: 2 }] },
      { type: 'stage-stopping', at: at(4), stage: 'bronze', reason: 'abort', signal: 'SIGTERM' },
      { type: 'stage-finished', at: at(9), stage: 'bronze', status: 'aborted', exitCode: null, signal: 'SIGTERM', durationMs: 8000 },
    );
    const bronze = stage(run, 'bronze');
    expect(bronze).toMatchObject({ status: 'aborted', exitCode: null, signal: 'SIGTERM', durationMs: 8000, finishedAt: at(9), stopping: null, sparkStages: [] });
  });

  it('stage-retry puts a failed stage back to pending, marks the log, and reopens a finished run', () => {
    const failedRun = apply(
      stageStarted('bronze'),
      output('bronze', ['boom']),
      finished('bronze', 'failed'),
      { type: 'run-finished', at: at(11), status: 'failed', stages: records({ bronze: 'failed', silver: 'skipped', gold: 'skipped' }) },
    );
    expect(failedRun.status).toBe('failed');
    const run = reduceRunEvent(failedRun, { type: 'stage-retry', at: at(12), stage: 'bronze' }, CAPACITY);
    expect(stage(run, 'bronze')).toMatchObject({ status: 'pending', exitCode: null, finishedAt: null });
    expect(run.status).toBe('running');
    expect(run.finishedAt).toBeNull();
    expect(run.logs.bronze!.lines[0]).toBe('boom');
    expect(run.logs.bronze!.lines[1]).toContain('retry');
  });

  it('run-finished sets the run status and final stage records', () => {
    const run = apply(runStarted(), { type: 'run-finished', at: at(30), status: 'succeeded', stages: records({ bronze: 'succeeded', silver: 'succeeded', gold: 'succeeded' }) });
    expect(run.status).toBe('succeeded');
    expect(run.finishedAt).toBe(at(30));
    expect(run.stages.every((candidate) => candidate.status === 'succeeded')).toBe(true);
  });

  it('ignores events for a stage it does not know', () => {
    const before = fresh();
    expect(reduceRunEvent(before, stageStarted('platinum'), CAPACITY)).toBe(before);
  });

  it('keeps the log bounded under a flood of single-line events, in order', () => {
    const flood: RunEvent[] = Array.from({ length: 20_000 }, (_, index) => output('bronze', [`line ${index}`]));
    const run = apply(stageStarted('bronze'), ...flood);
    expect(run.logs.bronze!.lines).toHaveLength(CAPACITY);
    expect(run.logs.bronze!.total).toBe(20_000);
    expect(run.logs.bronze!.lines.at(-1)).toBe('line 19999');
    expect(run.logs.bronze!.lines[0]).toBe(`line ${20_000 - CAPACITY}`);
  });

  it('keeps output and lifecycle events in order within one batch', () => {
    const run = apply(stageStarted('bronze'), output('bronze', ['before']), { type: 'stage-retry', at: at(5), stage: 'bronze' }, output('bronze', ['after']));
    expect(run.logs.bronze!.lines[0]).toBe('before');
    expect(run.logs.bronze!.lines[1]).toContain('retry');
    expect(run.logs.bronze!.lines[2]).toBe('after');
  });
});
