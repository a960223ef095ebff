import { describe, expect, it } from 'vitest';
import { parseJobProgress } from '../../../src/runner/process/job-progress.js';

describe('parseJobProgress', () => {
  it('reads done, total and unit', () => {
    expect(parseJobProgress('BACKFILL_PROGRESS {"done": 3, "total": 12, "unit": "location-months"}')).toEqual({
      done: 3,
      total: 12,
      unit: 'location-months',
    });
  });

  it('accepts a line without unit', () => {
    expect(parseJobProgress('BACKFILL_PROGRESS {"done": 0, "total": 1}')).toEqual({ done: 0, total: 1 });
  });

  it('drops a unit that is not text, not the progress', () => {
    expect(parseJobProgress('BACKFILL_PROGRESS {"done": 1, "total": 2, "unit": 3}')).toStrictEqual({ done: 1, total: 2 });
  });

  it('ignores malformed or foreign lines', () => {
    for (const line of [
      'BACKFILL_PROGRESS {"done": 3, "total": ',
      'BACKFILL_PROGRESS not json',
      'BACKFILL_PROGRESS {"done": "3", "total": 12}',
      'BACKFILL_PROGRESS {"done": -1, "total": 12}',
      'BACKFILL_PROGRESS [1, 2]',
      'BACKFILL_RESULT {"done": 1, "total": 1}',
      'INFO BACKFILL_PROGRESS mentioned in passing',
    ]) {
      expect(parseJobProgress(line), line).toBeUndefined();
    }
  });
});
