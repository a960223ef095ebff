import { describe, expect, it } from 'vitest';
import { formatDuration as shownOnScreen } from '../../src/components/format.js';
import { formatDuration as shownInReports } from '../../src/text/report-format.js';
import { formatDuration } from '../../src/text/duration.js';

describe('formatDuration', () => {
  it('is compact at every scale, and floors', () => {
    expect(formatDuration(null)).toBe('-');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(12_999)).toBe('12s');
    expect(formatDuration(83_000)).toBe('1m23s');
    expect(formatDuration(245_000)).toBe('4m05s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000 + 3_000)).toBe('2h05m03s');
    expect(formatDuration(-5)).toBe('0ms');
  });

  it('is the one the screen and the reports use', () => {
    expect(shownOnScreen).toBe(formatDuration);
    expect(shownInReports).toBe(formatDuration);
  });
});
