import { describe, expect, it } from 'vitest';
import { isSparkBarLine, parseSparkProgress } from '../../../src/runner/process/spark-progress.js';

describe('parseSparkProgress', () => {
  it('reads one bar', () => {
    expect(parseSparkProgress('[Stage 3:=====>      (12 + 4) / 200]')).toEqual([
      { stageId: 3, done: 12, running: 4, total: 200 },
    ]);
  });

  it('reads a bar with no bar cells yet', () => {
    expect(parseSparkProgress('[Stage 3:>  (0 + 2) / 2]')).toEqual([{ stageId: 3, done: 0, running: 2, total: 2 }]);
    expect(parseSparkProgress('[Stage 7:(5 + 1) / 9]')).toEqual([{ stageId: 7, done: 5, running: 1, total: 9 }]);
  });

  it('reads up to three bars drawn side by side', () => {
    const line = '[Stage 3:==>   (12 + 4) / 200][Stage 4:>   (0 + 0) / 10][Stage 5:=====> (7 + 1) / 8]';
    expect(parseSparkProgress(line).map((stage) => stage.stageId)).toEqual([3, 4, 5]);
  });

  it('tolerates trailing text inside the bracket', () => {
    expect(parseSparkProgress('[Stage 2:==> (3 + 1) / 10 (2 killed)]')).toEqual([
      { stageId: 2, done: 3, running: 1, total: 10 },
    ]);
  });

  it('finds nothing in ordinary log lines', () => {
    expect(parseSparkProgress('24/11/24 01:15:02 INFO DAGScheduler: Submitting 200 missing tasks from ResultStage 3')).toEqual([]);
    expect(parseSparkProgress('[Stage 3: broken')).toEqual([]);
  });
});

describe('isSparkBarLine', () => {
  it('is true for bars only, false when other text is on the line', () => {
    expect(isSparkBarLine('[Stage 3:=> (1 + 1) / 2]   ')).toBe(true);
    expect(isSparkBarLine('[Stage 3:=> (1 + 1) / 2][Stage 4:> (0 + 1) / 2]')).toBe(true);
    expect(isSparkBarLine('INFO something [Stage 3:=> (1 + 1) / 2]')).toBe(false);
    expect(isSparkBarLine('INFO nothing')).toBe(false);
  });
});
