import { describe, expect, it } from 'vitest';
import type { SparkMemory } from '../../src/runner/run/run-types.js';
import { GC_SHARE_LIMIT, HEAP_SHARE_LIMIT, memoryWarnings, MIN_TASK_TIME_FOR_GC_MS } from '../../src/spark/memory-warnings.js';

const GiB = 1024 ** 3;
const figures = (overrides: Partial<SparkMemory>): SparkMemory => ({ gcTimeMs: 0, taskTimeMs: 600_000, memorySpilledBytes: 0, diskSpilledBytes: 0, ...overrides });
const heap = (share: number, executor = 'driver') => ({ peakBytes: Math.round(share * 2 * GiB), maxBytes: 2 * GiB, executor });

describe('memory warnings', () => {
  it('warns of GC above 10% of task time, naming the driver in local mode and the range to split', () => {
    expect(GC_SHARE_LIMIT).toBe(0.1);
    expect(memoryWarnings(figures({ gcTimeMs: 60_000, driverOnly: true }), { chunked: false })).toEqual([]);
    expect(memoryWarnings(figures({ gcTimeMs: 138_000, driverOnly: true }), { chunked: false })).toEqual([
      { kind: 'gc', share: 0.23, message: 'GC 23% of task time: split the range with --chunk month, or raise spark.driver.memory' },
    ]);
  });

  it('names the executors on a cluster, and smaller chunks for a chunk', () => {
    expect(memoryWarnings(figures({ gcTimeMs: 120_000 }), { chunked: true })[0]?.message).toBe(
      'GC 20% of task time: use smaller chunks (e.g. --chunk week), or raise spark.executor.memory',
    );
  });

  it('says nothing of GC until a minute of task time has passed', () => {
    expect(MIN_TASK_TIME_FOR_GC_MS).toBe(60_000);
    expect(memoryWarnings(figures({ gcTimeMs: 20_000, taskTimeMs: 59_000 }), { chunked: false })).toEqual([]);
    expect(memoryWarnings(figures({ gcTimeMs: 20_000, taskTimeMs: 60_000 }), { chunked: false })).toHaveLength(1);
  });

  it('warns of a heap peak above 90% of its max, naming the executor and its memory setting', () => {
    expect(HEAP_SHARE_LIMIT).toBe(0.9);
    expect(memoryWarnings(figures({ heap: heap(0.9) }), { chunked: false })).toEqual([]);
    expect(memoryWarnings(figures({ heap: heap(0.95) }), { chunked: false })).toEqual([
      { kind: 'heap', share: 0.95, message: 'heap peaked at 95% of its 2.0 GiB (driver): split the range with --chunk month, or raise spark.driver.memory' },
    ]);
    expect(memoryWarnings(figures({ heap: heap(0.97, '7') }), { chunked: true })[0]?.message).toBe(
      'heap peaked at 97% of its 2.0 GiB (executor 7): use smaller chunks (e.g. --chunk week), or raise spark.executor.memory',
    );
  });

  it('gives both when both are wrong, and none before anything is known', () => {
    expect(memoryWarnings(figures({ gcTimeMs: 300_000, heap: heap(0.99) }), { chunked: false }).map((warning) => warning.kind)).toEqual(['gc', 'heap']);
    expect(memoryWarnings(figures({ taskTimeMs: 0 }), { chunked: false })).toEqual([]);
  });
});
