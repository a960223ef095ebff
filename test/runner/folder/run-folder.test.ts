import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendEvent,
  createRunFolder,
  listRuns,
  readEvents,
  readLastRun,
  readRunRecord,
  writeFileAtomic,
  writeRunRecord,
} from '../../../src/runner/folder/run-folder.js';
import type { RunRecord } from '../../../src/runner/run/run-types.js';
import { testParams } from '../../fixtures/params.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';
import type { RunEvent } from '../../../src/runner/run/events.js';

const tempDir = useTempDirs();

function record(id: string): RunRecord {
  return { id, params: testParams(), status: 'succeeded', startedAt: '2026-11-24T01:00:00.000Z', finishedAt: null, stages: [] };
}

describe('run folder', () => {
  it('creates <runsDir>/<runId>/logs, parents included', () => {
    const runsDir = path.join(tempDir(), 'not', 'yet', 'there');
    const folder = createRunFolder(runsDir, '20261124-011530-abcd');
    expect(folder.dir).toBe(path.join(runsDir, '20261124-011530-abcd'));
    expect(fs.statSync(path.join(folder.dir, 'logs')).isDirectory()).toBe(true);
    expect(folder.logFile('bronze')).toBe(path.join(folder.dir, 'logs', 'bronze.log'));
  });

  it('writes run.json atomically and leaves no temporary file behind', () => {
    const dir = tempDir();
    writeRunRecord(dir, record('a'));
    writeRunRecord(dir, { ...record('a'), status: 'failed' });
    expect(readRunRecord(dir).status).toBe('failed');
    expect(fs.readdirSync(dir)).toEqual(['run.json']);
  });

  it('keeps the old file when the new content cannot be written', () => {
    const dir = tempDir();
    const file = path.join(dir, 'run.json');
    writeFileAtomic(file, 'old');
    fs.mkdirSync(path.join(dir, 'blocker'));
    expect(() => writeFileAtomic(path.join(dir, 'blocker'), 'new')).toThrow();
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).sort()).toEqual(['blocker', 'run.json']);
  });

  it('reads events and skips a truncated last line', () => {
    const dir = tempDir();
    const events: RunEvent[] = [
      { type: 'stage-retry', at: '2026-11-24T01:00:00.000Z', stage: 'bronze' },
      { type: 'stage-retry', at: '2026-11-24T01:00:01.000Z', stage: 'silver' },
    ];
    for (const event of events) appendEvent(path.join(dir, 'events.ndjson'), event);
    fs.appendFileSync(path.join(dir, 'events.ndjson'), '{"type":"stage-ret');
    expect(readEvents(dir)).toEqual(events);
  });

  it('reads no events when there is no file yet', () => {
    expect(readEvents(tempDir())).toEqual([]);
  });

  it('lists runs newest first, ignoring folders without a readable run.json', () => {
    const runsDir = tempDir();
    for (const id of ['20261123-230000-aaaa', '20261124-011530-bbbb', '20261124-000000-cccc']) {
      writeRunRecord(createRunFolder(runsDir, id).dir, record(id));
    }
    createRunFolder(runsDir, '20261124-020000-dead'); // crashed before run.json
    fs.writeFileSync(path.join(runsDir, 'stray-file'), '');
    expect(listRuns(runsDir).map((run) => run.id)).toEqual([
      '20261124-011530-bbbb',
      '20261124-000000-cccc',
      '20261123-230000-aaaa',
    ]);
    expect(readLastRun(runsDir)?.id).toBe('20261124-011530-bbbb');
  });

  it('has no last run when the runs folder does not exist', () => {
    expect(readLastRun(path.join(tempDir(), 'missing'))).toBeUndefined();
    expect(listRuns(path.join(tempDir(), 'missing'))).toEqual([]);
  });
});

describe('the attempts of a log, named in one place', () => {
  it('names attempt n next to the log, and reads the attempt back from a name', async () => {
    const { attemptLogFile, attemptOfLogName } = await import('../../../src/runner/folder/run-folder.js');
    expect(attemptLogFile('/r/logs/bronze.log', 1)).toBe('/r/logs/bronze.log');
    expect(attemptLogFile('/r/logs/bronze/2024-01.log', 3)).toBe('/r/logs/bronze/2024-01.attempt-3.log');
    expect(attemptOfLogName('bronze.log', 'bronze')).toBe(1);
    expect(attemptOfLogName('bronze.attempt-2.log', 'bronze')).toBe(2);
    for (const other of ['bronze.attempt-.log', 'bronze.attempt-x.log', 'bronze.attempt-1.log', 'silver.log', 'bronze.attempt-2.txt', 'bronzer.log']) {
      expect(attemptOfLogName(other, 'bronze'), other).toBeUndefined();
    }
  });
});
