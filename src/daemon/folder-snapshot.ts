import { readRunRecord } from '../runner/folder/run-folder.js';
import type { JobProgress, RunRecord } from '../runner/run/run-types.js';
import { stageLogTail } from '../lifecycle/log-files.js';
import type { RunSnapshot } from './protocol.js';

export const SNAPSHOT_LOG_LINES = 200;

export function logTailsOf(runDir: string, record: RunRecord, maxLines = SNAPSHOT_LOG_LINES): Record<string, string[]> {
  const tails: Record<string, string[]> = {};
  for (const stage of record.stages) tails[stage.name] = stageLogTail(runDir, stage, maxLines);
  return tails;
}

/** A snapshot of a run as its folder shows it, for a run whose runner is gone. */
export function snapshotFromFolder(runDir: string, progress: Record<string, JobProgress> = {}): RunSnapshot {
  const record = readRunRecord(runDir);
  return { record, runDir, live: false, progress, logTails: logTailsOf(runDir, record) };
}
