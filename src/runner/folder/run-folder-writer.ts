import fs from 'node:fs';
import path from 'node:path';
import { EventJournal } from './event-journal.js';
import { makeFolders } from './make-folders.js';
import type { RunEvent } from '../run/events.js';
import { RUN_RECORD_FILE, writeRunRecord, type RunFolder } from './run-folder.js';
import { toRunRecord, type RunState } from '../run/run-state.js';

/** Events after which run.json is rewritten: the ones that change what it records. */
const RECORDED: ReadonlySet<RunEvent['type']> = new Set([
  'run-started',
  'stage-started',
  'chunk-started',
  'stage-finished',
  'chunk-finished',
  'stage-retry',
  'spark-app',
  'yarn-kill',
  'failure-cause',
  'job-result',
  'quality-gate',
  'run-finished',
]);

/**
 * Keeps a run's folder up to date as its events go by: each event appended to events.ndjson, run.json
 * replaced when the run's record changed, and a marker in the logs where a retry starts. A write that fails
 * (disk full, quota, read-only) is told to `onFailure` and never thrown: the run decides what to do, and
 * later writes are still tried in case space came back.
 */
export class RunFolderWriter {
  private readonly journal: EventJournal;

  constructor(
    readonly folder: RunFolder,
    private readonly onFailure: (file: string, error: unknown) => void,
    sparkJournalIntervalMs?: number,
  ) {
    this.journal = new EventJournal(folder.eventsFile, sparkJournalIntervalMs);
  }

  /** Called with each event and the run's state after it. */
  write(event: RunEvent, state: RunState): void {
    // Not journaled: events.ndjson is on the disk that failed.
    if (event.type === 'storage-error') return;
    this.guard(this.folder.eventsFile, () => this.journal.record(event));
    if (RECORDED.has(event.type)) this.guard(path.join(this.folder.dir, RUN_RECORD_FILE), () => writeRunRecord(this.folder.dir, toRunRecord(state)));
    if (event.type === 'stage-retry') this.markRetry(event.stage, event.chunks, event.at);
  }

  appendToLog(file: string, text: string): void {
    this.guard(file, () => {
      makeFolders(path.dirname(file));
      fs.appendFileSync(file, text);
    });
  }

  /** Makes the folder a log will be written in (a chunk's); false when that failed and was told. */
  prepareLog(file: string): boolean {
    return this.guard(file, () => makeFolders(path.dirname(file)));
  }

  private markRetry(stage: string, chunks: readonly string[] | undefined, at: string): void {
    const files = chunks ? chunks.map((chunk) => this.folder.chunkLogFile(stage, chunk)) : [this.folder.logFile(stage)];
    for (const file of files) this.appendToLog(file, `\n=== retry ${at} ===\n`);
  }

  private guard(file: string, write: () => void): boolean {
    try {
      write();
      return true;
    } catch (error) {
      this.onFailure(file, error);
      return false;
    }
  }
}
