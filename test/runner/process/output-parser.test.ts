import { describe, expect, it } from 'vitest';
import { StageOutputParser } from '../../../src/runner/process/output-parser.js';
import type { JobProgress, SparkStageProgress } from '../../../src/runner/run/run-types.js';

function collect() {
  const batches: string[][] = [];
  const job: JobProgress[] = [];
  const spark: SparkStageProgress[][] = [];
  const parser = new StageOutputParser({
    onLines: (lines) => batches.push(lines),
    onJobProgress: (progress) => job.push(progress),
    onSparkProgress: (stages) => spark.push(stages),
  });
  return { parser, batches, job, spark };
}

describe('StageOutputParser', () => {
  it('hands over the lines of one chunk as one batch', () => {
    const { parser, batches } = collect();
    parser.push('one\ntwo\nthree\n');
    expect(batches).toEqual([['one', 'two', 'three']]);
  });

  it('keeps Spark bars and their clearing out of the log lines but reports them', () => {
    const { parser, batches, spark } = collect();
    parser.push('INFO before\n\r[Stage 3:>   (0 + 2) / 4]\r[Stage 3:==> (2 + 2) / 4]\r      \rINFO after\n');
    expect(batches).toEqual([['INFO before', 'INFO after']]);
    expect(spark).toEqual([
      [{ stageId: 3, done: 0, running: 2, total: 4 }],
      [{ stageId: 3, done: 2, running: 2, total: 4 }],
      [],
    ]);
  });

  it('reports a bar split across chunks once it is complete', () => {
    const { parser, spark } = collect();
    parser.push('\r[Stage 3:==>  (12 + ');
    expect(spark).toEqual([]);
    parser.push('4) / 200]');
    expect(spark).toEqual([[{ stageId: 3, done: 12, running: 4, total: 200 }]]);
    parser.push('\r[Stage 3:==>  (12 + 4) / 200]\r');
    expect(spark).toHaveLength(1);
  });

  it('reports job progress and keeps the line in the log', () => {
    const { parser, batches, job } = collect();
    parser.push('BACKFILL_PROGRESS {"done": 1, "total": 2}\n');
    expect(job).toEqual([{ done: 1, total: 2 }]);
    expect(batches).toEqual([['BACKFILL_PROGRESS {"done": 1, "total": 2}']]);
  });

  it('emits an unterminated last line at the end', () => {
    const { parser, batches } = collect();
    parser.push('last words');
    expect(batches).toEqual([]);
    parser.end();
    expect(batches).toEqual([['last words']]);
  });
});

describe('StageOutputParser on a log shared by stdout and stderr', () => {
  it('reads a job line that follows a Spark bar drawn without a line break', () => {
    const progress: unknown[] = [];
    const bars: unknown[] = [];
    const lines: string[] = [];
    const parser = new StageOutputParser({
      onJobProgress: (value) => progress.push(value),
      onSparkProgress: (value) => bars.push(value),
      onLines: (value) => lines.push(...value),
    });
    parser.push('\r[Stage 3:====>      (100 + 8) / 200]BACKFILL_PROGRESS {"done": 3, "total": 4}\n');
    parser.end();
    expect(progress).toEqual([{ done: 3, total: 4 }]);
    expect(bars).toEqual([[{ stageId: 3, done: 100, running: 8, total: 200 }]]);
    expect(lines).toEqual(['BACKFILL_PROGRESS {"done": 3, "total": 4}']);
  });
});
