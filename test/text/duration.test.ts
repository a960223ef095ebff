import { describe, expect, it } from 'vitest';
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

  it('is the one the screen and the reports use: the only path it is exported from', async () => {
    // The screen's and the reports' format modules once re-exported it; they import it now, and export no other.
    expect(Object.keys(await import('../../src/components/format.js'))).not.toContain('formatDuration');
    expect(Object.keys(await import('../../src/text/report-format.js'))).not.toContain('formatDuration');
  });
});
