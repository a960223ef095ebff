import { describe, expect, it } from 'vitest';
import { runRecordSchema } from '../../../src/runner/folder/run-record-schema.js';
import { buildPlan } from '../../../src/runner/plan/plan.js';
import { applyRunEvents } from '../../../src/runner/run/run-fold.js';
import { initialRunState, toRunRecord } from '../../../src/runner/run/run-state.js';
import type { SparkMemory, SparkMemoryWarning } from '../../../src/runner/run/run-types.js';
import { testParams } from '../../fixtures/params.js';
import type { RunEvent } from '../../../src/runner/run/events.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 5, 9, 0, seconds)).toISOString();
const GiB = 1024 ** 3;
const memory = (overrides: Partial<SparkMemory> = {}): SparkMemory => ({
  heap: { peakBytes: GiB, maxBytes: 2 * GiB, executor: 'driver' },
  driverOnly: true,
  gcTimeMs: 3_000,
  taskTimeMs: 100_000,
  memorySpilledBytes: 0,
  diskSpilledBytes: 0,
  ...overrides,
});
const gcWarning: SparkMemoryWarning = { kind: 'gc', share: 0.23, message: 'GC 23% of task time: split the range with --chunk month, or raise spark.driver.memory' };
const whole = () => initialRunState(buildPlan(testParams({ stages: ['bronze'] })), at(0));
const chunked = () => initialRunState(buildPlan(testParams({ startDate: '2024-01-01', endDate: '2024-02-29', chunk: 'month', stages: ['bronze'] })), at(0));

describe('the fold and Spark memory', () => {
  it("keeps a stage's latest figures and its warnings, one of each kind, in run.json", () => {
    const state = applyRunEvents(whole(), [
      { type: 'stage-started', at: at(1), stage: 'bronze', command: ['x'], pid: 1 },
      { type: 'spark-memory', at: at(5), stage: 'bronze', memory: memory({ gcTimeMs: 1_000 }) },
      { type: 'spark-memory', at: at(10), stage: 'bronze', memory: memory({ gcTimeMs: 23_000, diskSpilledBytes: 5 }) },
      { type: 'spark-memory-warning', at: at(10), stage: 'bronze', warning: gcWarning },
      { type: 'spark-memory-warning', at: at(15), stage: 'bronze', warning: { ...gcWarning, share: 0.3, message: 'again' } },
    ]);
    const record = toRunRecord(state);
    expect(record.stages[0]).toMatchObject({ memory: memory({ gcTimeMs: 23_000, diskSpilledBytes: 5 }), memoryWarnings: [gcWarning] });
    // run.json reads back with them
    const read = runRecordSchema.parse(JSON.parse(JSON.stringify(record)));
    expect(read.stages[0]!.memory).toEqual(memory({ gcTimeMs: 23_000, diskSpilledBytes: 5 }));
    expect(read.stages[0]!.memoryWarnings).toEqual([gcWarning]);
  });

  it("records a chunk's figures on the chunk, and a chunked stage's as its chunks' together", () => {
    const state = applyRunEvents(chunked(), [
      { type: 'chunk-started', at: at(1), stage: 'bronze', chunk: '2024-01', command: ['x'], pid: 1 },
      { type: 'chunk-started', at: at(1), stage: 'bronze', chunk: '2024-02', command: ['y'], pid: 2 },
      { type: 'spark-memory', at: at(5), stage: 'bronze', chunk: '2024-01', memory: memory({ gcTimeMs: 20_000, diskSpilledBytes: 100 }) },
      { type: 'spark-memory', at: at(5), stage: 'bronze', chunk: '2024-02', memory: memory({ heap: { peakBytes: 1.9 * GiB, maxBytes: 2 * GiB, executor: 'driver' }, diskSpilledBytes: 50 }) },
      { type: 'spark-memory-warning', at: at(6), stage: 'bronze', chunk: '2024-01', warning: gcWarning },
    ]);
    const bronze = toRunRecord(state).stages[0]!;
    expect(bronze.chunks!.map((chunk) => chunk.memory?.diskSpilledBytes)).toEqual([100, 50]);
    expect(bronze.chunks!.map((chunk) => chunk.memoryWarnings)).toEqual([[gcWarning], undefined]);
    expect(bronze.memory).toEqual({
      heap: { peakBytes: 1.9 * GiB, maxBytes: 2 * GiB, executor: 'driver' },
      driverOnly: true,
      gcTimeMs: 23_000,
      taskTimeMs: 200_000,
      memorySpilledBytes: 0,
      diskSpilledBytes: 150,
    });
  });

  it('forgets the figures and warnings of a process that runs again', () => {
    const ran: RunEvent[] = [
      { type: 'chunk-started', at: at(1), stage: 'bronze', chunk: '2024-01', command: ['x'], pid: 1 },
      { type: 'spark-memory', at: at(5), stage: 'bronze', chunk: '2024-01', memory: memory() },
      { type: 'spark-memory-warning', at: at(6), stage: 'bronze', chunk: '2024-01', warning: gcWarning },
      { type: 'chunk-finished', at: at(7), stage: 'bronze', chunk: '2024-01', status: 'failed', exitCode: 1, signal: null, durationMs: 6000 },
      { type: 'chunk-started', at: at(8), stage: 'bronze', chunk: '2024-01', command: ['x'], pid: 3 },
    ];
    const chunk = applyRunEvents(chunked(), ran).stages[0]!.chunks![0]!;
    expect(chunk.memory).toBeUndefined();
    expect(chunk.memoryWarnings).toBeUndefined();

    const stage = applyRunEvents(whole(), [
      { type: 'stage-started', at: at(1), stage: 'bronze', command: ['x'], pid: 1 },
      { type: 'spark-memory', at: at(5), stage: 'bronze', memory: memory() },
      { type: 'spark-memory-warning', at: at(6), stage: 'bronze', warning: gcWarning },
      { type: 'stage-finished', at: at(7), stage: 'bronze', status: 'failed', exitCode: 1, signal: null, durationMs: 6000 },
      { type: 'stage-retry', at: at(8), stage: 'bronze' },
    ]).stages[0]!;
    expect(stage.memory).toBeUndefined();
    expect(stage.memoryWarnings).toBeUndefined();
  });

  it('keeps the figures once the process has finished (they are its last)', () => {
    const state = applyRunEvents(whole(), [
      { type: 'stage-started', at: at(1), stage: 'bronze', command: ['x'], pid: 1 },
      { type: 'spark-memory', at: at(5), stage: 'bronze', memory: memory() },
      { type: 'stage-finished', at: at(7), stage: 'bronze', status: 'succeeded', exitCode: 0, signal: null, durationMs: 6000 },
    ]);
    expect(toRunRecord(state).stages[0]!.memory).toEqual(memory());
  });
});
