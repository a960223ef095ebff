import { describe, expect, it } from 'vitest';
import { historyFromRuns, readEtaHistory } from '../../src/eta/eta-history.js';
import { recordedRunsDir } from '../fixtures/recorded-runs.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { testParams } from '../fixtures/params.js';
import { createRunFolder, writeRunRecord } from '../../src/runner/folder/run-folder.js';
import { whereItRan } from '../../src/eta/where-it-ran.js';

const tempDir = useTempDirs();

describe('ETA history', () => {
  it('takes the median time per day of data of each stage, and of chunks, from the recorded runs', () => {
    const history = readEtaHistory(recordedRunsDir(tempDir()), testParams());
    expect(history.stageMsPerDay).toEqual({
      bronze: (10_000 + 15_000) / 2, // 100 s / 10 d, 300 s / 20 d
      silver: (2_000 + 3_000) / 2,
      gold: 2_000, // the failed run does not count
    });
    expect(history.chunkMsPerDay).toEqual({ bronze: (2_000 + 3_000) / 2 }); // 62 s / 31 d, 87 s / 29 d
  });

  it('is empty for an empty or missing runs dir', () => {
    expect(readEtaHistory(`${tempDir()}/nothing-here`, testParams())).toEqual({ stageMsPerDay: {}, chunkMsPerDay: {} });
    expect(historyFromRuns([])).toEqual({ stageMsPerDay: {}, chunkMsPerDay: {} });
  });

  it('counts only runs that ran in the same kind of place: a YARN run is not estimated from local ones', () => {
    const runsDir = recordedRunsDir(tempDir());
    const yarn = testParams({ master: 'yarn', conf: ['spark.executor.instances=4'], startDate: '2024-01-01', endDate: '2024-01-10' });
    expect(readEtaHistory(runsDir, yarn)).toEqual({ stageMsPerDay: {}, chunkMsPerDay: {} });
    writeRunRecord(createRunFolder(runsDir, '20261124-010000-eeee').dir, {
      id: '20261124-010000-eeee', params: yarn, status: 'succeeded', startedAt: '2026-11-24T01:00:00.000Z', finishedAt: null,
      stages: [{ name: 'bronze', status: 'succeeded', command: [], startedAt: null, finishedAt: null, durationMs: 400_000, exitCode: 0, signal: null }],
    });
    expect(readEtaHistory(runsDir, yarn).stageMsPerDay).toEqual({ bronze: 40_000 });
    expect(readEtaHistory(runsDir, { ...yarn, conf: ['spark.executor.instances=8'] }).stageMsPerDay).toEqual({});
    expect(readEtaHistory(runsDir, testParams()).stageMsPerDay.bronze).toBe((10_000 + 15_000) / 2);
  });

  it('names where a run ran', () => {
    expect(whereItRan({ master: 'local[*]', conf: [] })).toBe('local[*]');
    expect(whereItRan({ master: 'yarn', conf: ['spark.executor.instances=4'] })).toBe('yarn, 4 executors');
    expect(whereItRan({ master: 'spark://h:7077', conf: ['spark.dynamicAllocation.enabled=true'] })).toBe('standalone, dynamic executors');
  });
});
