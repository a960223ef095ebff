import fs from 'node:fs';
import { shown, shownWhole } from '../config/shown.js';
import { isFolderName } from '../runner/folder/folder-names.js';
import { listRuns, readRunRecord, runFolderPaths, type RunListing } from '../runner/folder/run-folder.js';
import { judgeRun } from './host-info.js';

/** The folder of run `runId` in `runsDir`, or an error message when there is none. */
export function findRunFolder(runsDir: string, runId: string): { dir: string } | string {
  if (!isFolderName(runId)) return `${shown(runId)} is not a run id (letters, digits, _ - . and no leading dot). See backfill history.`;
  const { dir } = runFolderPaths(runsDir, runId);
  if (!fs.existsSync(dir)) return `no run ${shown(runId)} in ${shownWhole(runsDir)}. See backfill history.`;
  return { dir };
}

/** The run `runId` of `runsDir`, or an error message naming what is missing. */
export function findRun(runsDir: string, runId: string): RunListing | string {
  const folder = findRunFolder(runsDir, runId);
  if (typeof folder === 'string') return folder;
  const { dir } = folder;
  try {
    return { id: runId, dir, record: readRunRecord(dir) };
  } catch (error) {
    return `run ${runId} has no readable run.json: ${(error as Error).message}`;
  }
}

/** The newest run whose runner host is alive (a headless run in the foreground cannot be attached to). */
export async function newestLiveRun(runsDir: string): Promise<RunListing | undefined> {
  for (const run of listRuns(runsDir)) {
    if (run.record.status !== 'running') continue;
    const judged = await judgeRun(run.dir, run.record);
    if (judged.state === 'running' && judged.host?.mode === 'detached') return run;
  }
  return undefined;
}
