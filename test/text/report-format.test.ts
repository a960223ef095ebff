import { describe, expect, it } from 'vitest';
import { formatSummaryTable } from '../../src/text/report-format.js';

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
      'bronze  succeeded  0        1m23s',
      'silver  aborted    SIGKILL  3s',
      'gold    pending    -        -',
    ]);
  });
});
