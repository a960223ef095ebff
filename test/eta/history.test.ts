import { describe, expect, it } from 'vitest';
import { historyFromRuns, readEtaHistory } from '../../src/eta/history.js';
import { recordedRunsDir } from '../fixtures/recorded-runs.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();

describe('ETA history', () => {
  it('takes the median time per day of data of each stage, and of chunks, from the recorded runs', () => {
    const history = readEtaHistory(recordedRunsDir(tempDir()));
    expect(history.stageMsPerDay).toEqual({
      bronze: (10_000 + 15_000) / 2, // 100 s / 10 d, 300 s / 20 d
      silver: (2_000 + 3_000) / 2,
      gold: 2_000, // the failed run does not count
    });
    expect(history.chunkMsPerDay).toEqual({ bronze: (2_000 + 3_000) / 2 }); // 62 s / 31 d, 87 s / 29 d
  });

  it('is empty for an empty or missing runs dir', () => {
    expect(readEtaHistory(`${tempDir()}/nothing-here`)).toEqual({ stageMsPerDay: {}, chunkMsPerDay: {} });
    expect(historyFromRuns([])).toEqual({ stageMsPerDay: {}, chunkMsPerDay: {} });
  });
});
