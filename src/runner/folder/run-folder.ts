import fs from 'node:fs';
import path from 'node:path';
import { isFolderName, joinWithin } from './folder-names.js';
import { journaledEventSchema, runRecordSchema } from './run-record-schema.js';
import { parseJson, parseNdjson } from './validated-json.js';
import { writeFileAtomic } from './atomic-file.js';
import { makeFolders } from './make-folders.js';
import { EVENTS_MAX_BYTES, readBoundedFile, RUN_RECORD_MAX_BYTES } from './bounded-file.js';
import type { RunRecord } from '../run/run-types.js';
import type { RunEvent } from '../run/events.js';

// Layout of one run:
//   <runsDir>/<runId>/run.json        RunRecord, replaced atomically on every change
//   <runsDir>/<runId>/events.ndjson   one RunEvent per line, appended
//   <runsDir>/<runId>/logs/<stage>.log  everything the stage printed, stdout and stderr
//   <runsDir>/<runId>/logs/<stage>/<chunk>.log  the same for one chunk of a chunked stage

export const RUN_RECORD_FILE = 'run.json';
export const EVENTS_FILE = 'events.ndjson';
export const LOGS_DIR = 'logs';

export interface RunFolder {
  dir: string;
  eventsFile: string;
  logFile(stage: string): string;
  /** Log of one chunk; its folder is created by whoever writes it first. */
  chunkLogFile(stage: string, chunk: string): string;
}

export interface RunListing {
  id: string;
  dir: string;
  record: RunRecord;
}

/** The log of a stage (`logs/<stage>.log`), or of one of its chunks (`logs/<stage>/<chunk>.log`), in run folder
 *  `runDir`: the one place the logs' layout is written. A stage or chunk that would lead out throws PathEscapeError. */
export function logFileIn(runDir: string, stage: string, chunk?: string): string {
  const logs = path.join(runDir, LOGS_DIR);
  return chunk === undefined ? joinWithin(logs, `${stage}.log`) : joinWithin(logs, stage, `${chunk}.log`);
}

const ATTEMPT_INFIX = '.attempt-';

/** The log of attempt `n` (`--retries`): the stage's (or chunk's) own log for the first, `<name>.attempt-<n>.log`
 *  next to it after. */
export function attemptLogFile(logFile: string, attempt: number): string {
  return attempt === 1 ? logFile : `${logFile.replace(/\.log$/, '')}${ATTEMPT_INFIX}${attempt}.log`;
}

/** Which attempt the file `name` is a log of, for the log named `<base>.log`: 1 for that log itself, n for
 *  `<base>.attempt-<n>.log`, undefined for any other name. */
export function attemptOfLogName(name: string, base: string): number | undefined {
  if (name === `${base}.log`) return 1;
  const prefix = `${base}${ATTEMPT_INFIX}`;
  if (!name.startsWith(prefix) || !name.endsWith('.log')) return undefined;
  const attempt = Number(name.slice(prefix.length, -'.log'.length));
  return Number.isInteger(attempt) && attempt > 1 ? attempt : undefined;
}

/** The paths of run `runId`; a run id, stage or chunk that would lead out of its folder throws PathEscapeError. */
export function runFolderPaths(runsDir: string, runId: string): RunFolder {
  const dir = joinWithin(runsDir, runId);
  return {
    dir,
    eventsFile: path.join(dir, EVENTS_FILE),
    logFile: (stage) => logFileIn(dir, stage),
    chunkLogFile: (stage, chunk) => logFileIn(dir, stage, chunk),
  };
}

/** Creates `<runsDir>/<runId>/logs/` (and any missing parents); throws FolderError naming the level that
 *  could not be made. */
export function createRunFolder(runsDir: string, runId: string): RunFolder {
  const folder = runFolderPaths(runsDir, runId);
  makeFolders(path.join(folder.dir, LOGS_DIR));
  return folder;
}

export { writeFileAtomic };

export function writeRunRecord(dir: string, record: RunRecord): void {
  writeFileAtomic(path.join(dir, RUN_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The run's record, checked; throws naming the file and what is wrong with it (a FIFO or an oversized file in
 *  its place too: RecordFileError, whose code is ENOENT when there is none). */
export function readRunRecord(dir: string): RunRecord {
  const file = path.join(dir, RUN_RECORD_FILE);
  return parseJson(readBoundedFile(file, RUN_RECORD_MAX_BYTES), runRecordSchema, file);
}

export function appendEvent(eventsFile: string, event: RunEvent): void {
  fs.appendFileSync(eventsFile, `${JSON.stringify(event)}\n`);
}

/** The events of a run; a line that does not parse (e.g. cut off by a crash mid-write) is skipped. */
export function readEvents(dir: string): RunEvent[] {
  let text: string;
  try {
    text = readBoundedFile(path.join(dir, EVENTS_FILE), EVENTS_MAX_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // A line cut off by a crash mid-write, garbled, or of an unknown shape is skipped.
  return parseNdjson(text, journaledEventSchema).records;
}

function runIdsNewestFirst(runsDir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(runsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Run ids start with a UTC timestamp, so name order is start order.
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .reverse();
}

/** A run folder whose run.json cannot be used, and why. */
export interface BrokenRun {
  id: string;
  dir: string;
  reason: string;
}

/**
 * Runs with a valid run.json, newest first; at most `limit` of them. A folder whose run.json is missing,
 * unreadable or of the wrong shape is skipped and told to `onBroken`, so one bad record never hides the others.
 */
export function listRuns(runsDir: string, limit = Number.POSITIVE_INFINITY, onBroken?: (run: BrokenRun) => void): RunListing[] {
  const runs: RunListing[] = [];
  for (const id of runIdsNewestFirst(runsDir)) {
    if (runs.length >= limit) break;
    const dir = path.resolve(runsDir, id);
    if (!isFolderName(id)) {
      onBroken?.({ id, dir, reason: 'not a run id (letters, digits, _ - . and no leading dot)' });
      continue;
    }
    try {
      runs.push({ id, dir, record: readRunRecord(dir) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      onBroken?.({ id, dir, reason: code === 'ENOENT' ? 'no run.json' : (error as Error).message });
    }
  }
  return runs;
}

/** The newest run's record, e.g. to prefill the setup screen; undefined when there is none. */
export function readLastRun(runsDir: string): RunRecord | undefined {
  return listRuns(runsDir, 1)[0]?.record;
}
