import fs from 'node:fs';
import { listRuns, readRunRecord, runFolderPaths, type RunListing } from '../runner/run-folder.js';
import { readHostInfo, runState } from './host-info.js';

/** The run `runId` of `runsDir`, or an error message naming what is missing. */
export function findRun(runsDir: string, runId: string): RunListing | string {
  const { dir } = runFolderPaths(runsDir, runId);
  if (!/^[\w.-]+$/.test(runId) || !fs.existsSync(dir)) return `no run ${runId} in ${runsDir}. See backfill history.`;
  try {
    return { id: runId, dir, record: readRunRecord(dir) };
  } catch (error) {
    return `run ${runId} has no readable run.json: ${(error as Error).message}`;
  }
}

/** The newest run whose runner host is alive (a headless run in the foreground cannot be attached to). */
export function newestLiveRun(runsDir: string): RunListing | undefined {
  return listRuns(runsDir).find((run) => runState(run.dir, run.record) === 'running' && readHostInfo(run.dir)?.mode === 'detached');
}
