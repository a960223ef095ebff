import { describe, expect, it } from 'vitest';
import { progressFraction } from '../../src/state/progress.js';
import { stepChunk } from '../../src/state/chunk-selection.js';
import { reduceRunEvents } from '../../src/state/run-reducer.js';
import { INITIAL_UI, runViewFromPlan, type RunView } from '../../src/state/app-state.js';
import { uiReducer } from '../../src/state/ui-reducer.js';
import { at, commandFor, planFor, stageStarted } from './run-fixtures.js';
import type { RunEvent } from '../../src/runner/run/events.js';
import type { Plan } from '../../src/runner/plan/plan-types.js';

const CHUNK_IDS = ['2024-01', '2024-02', '2024-03', '2024-04'];

function chunkedPlan(): Plan {
  const plan = planFor();
  return {
    ...plan,
    stages: plan.stages.map((stage) =>
      stage.name === 'bronze'
        ? { ...stage, command: [], chunks: CHUNK_IDS.map((id) => ({ id, startDate: `${id}-01`, endDate: `${id}-28`, command: [...commandFor('bronze'), '--chunk', id] })) }
        : stage,
    ),
  };
}

const apply = (...events: RunEvent[]) => reduceRunEvents(runViewFromPlan(chunkedPlan(), at(0)), events, 100);
const bronze = (run: RunView) => run.stages[0]!;
const chunkStarted = (id: string, seconds: number): RunEvent => ({ type: 'chunk-started', at: at(seconds), stage: 'bronze', command: ['submit', id], pid: 7, chunk: id });
const chunkFinished = (id: string, seconds: number, status: 'succeeded' | 'failed' = 'succeeded'): RunEvent => ({
  type: 'chunk-finished', at: at(seconds), stage: 'bronze', status, exitCode: status === 'succeeded' ? 0 : 1, signal: null, durationMs: 1000, chunk: id,
});
const stageStart: RunEvent = { type: 'stage-started', at: at(1), stage: 'bronze', command: [], pid: undefined };

describe('chunked stages', () => {
  it('seeds the chunks from the plan as pending', () => {
    expect(bronze(apply()).chunks?.map((chunk) => chunk.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
  });

  it('keeps the planned command of a chunked stage when it starts with an empty one', () => {
    const run = apply(stageStart);
    expect(bronze(run).status).toBe('running');
    expect(bronze(run).command).toEqual([]);
  });

  it('tracks chunk status and turns finished chunks into the stage progress', () => {
    const run = apply(stageStart, chunkStarted('2024-01', 10), chunkFinished('2024-01', 20), chunkStarted('2024-02', 20), chunkFinished('2024-02', 30, 'failed'));
    const stage = bronze(run);
    expect(stage.chunks?.map((chunk) => chunk.status)).toEqual(['succeeded', 'failed', 'pending', 'pending']);
    expect(stage.progress).toEqual({ done: 2, total: 4, unit: 'chunks' });
    expect(progressFraction(stage)).toBe(0.5);
  });

  it('prefixes chunk output with the chunk id', () => {
    const run = apply(stageStart, { type: 'stage-output', at: at(2), stage: 'bronze', lines: ['hello'], chunk: '2024-03' });
    expect(run.logs.bronze!.lines).toEqual(['[2024-03] hello']);
  });

  it('ignores per-chunk Spark progress for the stage bar', () => {
    const run = apply(stageStart, { type: 'spark-progress', at: at(2), stage: 'bronze', sparkStages: [{ stageId: 1, done: 1, running: 1, total: 9 }], chunk: '2024-01' });
    expect(bronze(run).sparkStages).toEqual([]);
  });

  it('a retry resets the named chunks only', () => {
    const failed = apply(stageStart, chunkStarted('2024-01', 10), chunkFinished('2024-01', 20), chunkStarted('2024-02', 20), chunkFinished('2024-02', 30, 'failed'));
    const run = reduceRunEvents(failed, [{ type: 'stage-retry', at: at(40), stage: 'bronze', chunks: ['2024-02'] }], 100);
    expect(bronze(run).chunks?.map((chunk) => chunk.status)).toEqual(['succeeded', 'pending', 'pending', 'pending']);
    expect(bronze(run).status).toBe('pending');
  });
});

describe('Spark application events', () => {
  it('records the Spark UI address, the driver task counts, and logs a yarn kill', () => {
    const run = reduceRunEvents(
      runViewFromPlan(planFor(), at(0)),
      [
        stageStarted('silver'),
        { type: 'spark-app', at: at(2), stage: 'silver', app: { uiUrl: 'http://127.0.0.1:4041' } },
        { type: 'spark-ui', at: at(3), stage: 'silver', url: 'http://127.0.0.1:4041', completedTasks: 30, totalTasks: 120, activeStages: 1, failedTasks: 0, executors: 1 },
        { type: 'yarn-kill', at: at(4), stage: 'silver', appId: 'application_1_0042', ok: true, message: 'yarn application -kill application_1_0042: Killing application application_1_0042' },
      ],
      100,
    );
    const silver = run.stages[1]!;
    expect(silver.spark?.uiUrl).toBe('http://127.0.0.1:4041');
    expect(silver.sparkUi?.completedTasks).toBe(30);
    expect(progressFraction(silver)).toBe(0.25);
    expect(run.logs.silver!.lines.at(-1)).toContain('yarn application -kill application_1_0042');
  });
});

describe('chunk Spark figures and chunk selection', () => {
  const ui = (chunk: string, seconds: number, completedTasks: number): RunEvent => ({
    type: 'spark-ui', at: at(seconds), stage: 'bronze', chunk, url: 'http://127.0.0.1:4041', completedTasks, totalTasks: 10, activeStages: 1, failedTasks: 0, executors: 1,
  });

  it('keeps the figures of each running chunk apart, and drops them when the chunk finishes', () => {
    const run = apply(stageStart, chunkStarted('2024-01', 1), chunkStarted('2024-02', 1), ui('2024-01', 3, 4), ui('2024-02', 3, 7),
      { type: 'spark-progress', at: at(4), stage: 'bronze', chunk: '2024-02', sparkStages: [{ stageId: 2, done: 3, running: 1, total: 9 }] });
    expect(bronze(run).chunkSpark?.['2024-01']?.ui?.completedTasks).toBe(4);
    expect(bronze(run).chunkSpark?.['2024-02']).toMatchObject({ ui: { completedTasks: 7 }, stages: [{ stageId: 2 }] });
    // The stage's own figures are not touched by its chunks'.
    expect(bronze(run).sparkUi).toBeNull();
    const after = reduceRunEvents(run, [chunkFinished('2024-01', 5)], 100);
    expect(Object.keys(bronze(after).chunkSpark ?? {})).toEqual(['2024-02']);
  });

  it('steps through running, then failed, then the other chunks that ran, then back to the whole stage', () => {
    const run = apply(stageStart, chunkStarted('2024-01', 1), chunkStarted('2024-02', 1), chunkFinished('2024-01', 3), chunkFinished('2024-02', 4, 'failed'),
      chunkStarted('2024-03', 4), chunkStarted('2024-04', 5));
    const order: Array<string | null> = [];
    let current: string | null = null;
    for (let step = 0; step < 5; step++) order.push((current = stepChunk(bronze(run), current)));
    expect(order).toEqual(['2024-03', '2024-04', '2024-02', '2024-01', null]);
    expect(stepChunk(bronze(run), null, -1)).toBe('2024-01');
    // A chunk sent back to pending by a retry is no longer in the cycle: start over.
    expect(stepChunk(bronze(run), 'gone')).toBe('2024-03');
  });

  it('shows the whole stage log again when another stage is selected or followed', () => {
    const picked = uiReducer(INITIAL_UI, { type: 'ui/select-chunk', chunk: '2024-01' });
    expect(picked.selectedChunk).toBe('2024-01');
    expect(uiReducer(picked, { type: 'ui/select', delta: 1, stageCount: 3 }).selectedChunk).toBeNull();
  });
});
