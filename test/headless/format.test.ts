import { describe, expect, it } from 'vitest';
import { formatDuration, formatSummaryTable } from '../../src/headless/format.js';

describe('formatDuration', () => {
  it('is compact at every scale', () => {
    expect(formatDuration(null)).toBe('-');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(83_000)).toBe('1m 23s');
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe('2h 05m');
  });
});

describe('formatSummaryTable', () => {
  it('aligns one row per stage', () => {
    const stage = { command: [], startedAt: null, finishedAt: null };
    expect(
      formatSummaryTable([
        { ...stage, name: 'bronze', status: 'succeeded', exitCode: 0, signal: null, durationMs: 83_000 },
        { ...stage, name: 'silver', status: 'aborted', exitCode: null, signal: 'SIGKILL', durationMs: 3_000 },
        { ...stage, name: 'gold', status: 'pending', exitCode: null, signal: null, durationMs: null },
      ]),
    ).toEqual([
      'STAGE   STATUS     EXIT     DURATION',
      'bronze  succeeded  0        1m 23s',
      'silver  aborted    SIGKILL  3s',
      'gold    pending    -        -',
    ]);
  });
});
