import { describe, expect, it } from 'vitest';
import { parseJobResult } from '../../../src/runner/process/job-lines.js';

describe('a job\'s BACKFILL_RESULT', () => {
  const result = (start: string) =>
    `BACKFILL_RESULT ${JSON.stringify({ rows_written: {}, coverage: { start, end: '2024-01-02', hours_per_day: 24, pollutants: [], locations: { hanoi: [24, 24] } } })}`;

  it('is refused whole when its coverage does not start on a real day (the grid counts days from it)', () => {
    expect(parseJobResult(result('2024-01-01'))?.coverage?.start).toBe('2024-01-01');
    expect(parseJobResult(result('2024-01-01\u001b[2J'))).toBeUndefined();
    expect(parseJobResult(result('2024-13-45'))).toBeUndefined();
  });

  it('is refused whole when its coverage starts on a day the calendar does not have (run.json would not read it back)', () => {
    expect(parseJobResult(result('2024-02-29'))?.coverage?.start).toBe('2024-02-29');
    expect(parseJobResult(result('2024-02-30'))).toBeUndefined();
  });

  it('is refused whole when a commit names no table (run.json would not read it back)', () => {
    const line = (table: string) =>
      `BACKFILL_RESULT ${JSON.stringify({ rows_written: { t: 1 }, commits: [{ table, snapshot_id: '1', parent_snapshot_id: null, rows_written: 1 }] })}`;
    expect(parseJobResult(line('lh.silver.t'))?.commits).toEqual([{ table: 'lh.silver.t', snapshotId: '1', parentSnapshotId: null, rowsWritten: 1 }]);
    expect(parseJobResult(line(''))).toBeUndefined();
  });
});
