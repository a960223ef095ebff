import { describe, expect, it } from 'vitest';
import { createJsonReporter } from '../../src/headless/json-reporter.js';
import { createPlainReporter } from '../../src/headless/plain-reporter.js';
import type { SparkMemory, StageRecord } from '../../src/runner/run/run-types.js';
import { buildRunReport, formatRunReport } from '../../src/lifecycle/run-report.js';
import { testParams } from '../fixtures/params.js';
import { textCapture } from '../fixtures/text-sink.js';
import type { RunEvent } from '../../src/runner/run/events.js';

process.env.TZ = 'UTC';
const at = (seconds: number) => new Date(Date.UTC(2026, 11, 5, 9, 0, seconds)).toISOString();
const GiB = 1024 ** 3;
const memory = (gcTimeMs: number): SparkMemory => ({
  heap: { peakBytes: 1.5 * GiB, maxBytes: 2 * GiB, executor: 'driver' },
  driverOnly: true,
  gcTimeMs,
  taskTimeMs: 100_000,
  memorySpilledBytes: GiB,
  diskSpilledBytes: 256 * 1024 ** 2,
});
const warning = { kind: 'gc' as const, share: 0.23, message: 'GC 23% of task time: split the range with --chunk month, or raise spark.driver.memory' };
const bronze: StageRecord = { name: 'bronze', status: 'pending', command: ['x'], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
const finishedBronze: StageRecord = { ...bronze, status: 'succeeded', startedAt: at(0), finishedAt: at(20), durationMs: 20_000, exitCode: 0, memory: memory(23_000), memoryWarnings: [warning] };

const events: RunEvent[] = [
  { type: 'run-started', at: at(0), runId: 'RID', runDir: '/runs/RID', params: testParams({ stages: ['bronze'] }), stages: [bronze] },
  { type: 'stage-started', at: at(0), stage: 'bronze', command: ['x'], pid: 7 },
  { type: 'spark-memory', at: at(5), stage: 'bronze', memory: memory(3_000) },
  { type: 'spark-memory', at: at(7), stage: 'bronze', memory: memory(12_000) },
  { type: 'spark-memory-warning', at: at(8), stage: 'bronze', warning },
  { type: 'spark-memory', at: at(9), stage: 'bronze', memory: memory(23_000) },
  { type: 'stage-finished', at: at(20), stage: 'bronze', status: 'succeeded', exitCode: 0, signal: null, durationMs: 20_000 },
  { type: 'run-finished', at: at(20), status: 'succeeded', stages: [finishedBronze] },
];

describe('reporters and Spark memory', () => {
  it('plain: memory lines at the pace of progress, the last one at the end, the warning at once and in the summary', () => {
    const { out, text } = textCapture();
    const report = createPlainReporter(out, { progressIntervalMs: 5000 });
    for (const event of events) report(event);
    const lines = text().split('\n');
    expect(lines.filter((line) => line.includes('memory') || line.includes('WARNING'))).toEqual([
      '2026-12-05 09:00:05 bronze memory: heap peak 1.5 GiB of 2.0 GiB (75%, driver), GC 3% of 1m40s task time, spilled 1.0 GiB (256 MiB on disk)',
      '2026-12-05 09:00:08 bronze WARNING: GC 23% of task time: split the range with --chunk month, or raise spark.driver.memory',
      '2026-12-05 09:00:20 bronze memory: heap peak 1.5 GiB of 2.0 GiB (75%, driver), GC 23% of 1m40s task time, spilled 1.0 GiB (256 MiB on disk)',
      'memory warning: bronze GC 23% of task time: split the range with --chunk month, or raise spark.driver.memory',
    ]);
  });

  it('JSON: memory polls throttled, the last one before the end, the warning as is, the figures in the summary', () => {
    const { out, text } = textCapture();
    const report = createJsonReporter(out, { progressIntervalMs: 5000 });
    for (const event of events) report(event);
    const lines = text().trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.type)).toEqual(['run-started', 'stage-started', 'spark-memory', 'spark-memory-warning', 'spark-memory', 'stage-finished', 'run-finished', 'summary']);
    expect(lines[4].memory.gcTimeMs).toBe(23_000);
    expect(lines.at(-1).stages[0]).toMatchObject({ memory: memory(23_000), memoryWarnings: [{ kind: 'gc', message: warning.message }] });
  });

  it('show: a Memory section per stage and chunk, with the warnings; none without figures', () => {
    const record = { id: 'RID', params: testParams({ stages: ['bronze'] }), status: 'succeeded' as const, startedAt: at(0), finishedAt: at(20), stages: [finishedBronze] };
    const text = formatRunReport(buildRunReport(record, 'succeeded', undefined));
    expect(text).toContain(
      [
        'Memory (from the Spark UI: peak heap, GC share of task time, spill)',
        '  bronze                heap peak 1.5 GiB of 2.0 GiB (75%, driver), GC 23% of 1m40s task time, spilled 1.0 GiB (256 MiB on disk)',
        '  WARNING bronze: GC 23% of task time: split the range with --chunk month, or raise spark.driver.memory',
      ].join('\n'),
    );
    const without = formatRunReport(buildRunReport({ ...record, stages: [{ ...finishedBronze, memory: undefined, memoryWarnings: undefined }] }, 'succeeded', undefined));
    expect(without).not.toContain('Memory');
  });
});
