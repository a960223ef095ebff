import fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { readRunRecord } from '../../runner/run-folder.js';
import type { RunRecord } from '../../runner/types.js';
import { runState } from '../../runs/host-info.js';
import { logFilesOnDisk, stageLogFiles } from '../../runs/log-files.js';
import { findRun, findRunFolder } from '../../runs/find-run.js';
import { parseCommandArgs, runsDirFrom, RUNS_DIR_OPTION, UsageError } from './args.js';

export const LOGS_USAGE = 'backfill logs <run-id> [--stage S] [--follow] [--runs-dir DIR]';

export interface LogsIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Stops `--follow` (tests); SIGINT does otherwise. */
  signal?: AbortSignal;
  pollMs?: number;
}

function logFilesOf(runDir: string, record: RunRecord, stage: string | undefined): string[] {
  return record.stages.filter((candidate) => stage === undefined || candidate.name === stage).flatMap((candidate) => stageLogFiles(runDir, candidate));
}

/** Writes bytes `from`..`to` of `file` to `out` in pieces, so a multi-gigabyte log never has to fit in memory. */
function copyFileTo(file: string, from: number, to: number, out: NodeJS.WritableStream): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(1, Math.min(to - from, 1024 * 1024)));
    for (let position = from; position < to; ) {
      const read = fs.readSync(fd, buffer, 0, Math.min(buffer.length, to - position), position);
      if (read === 0) break;
      out.write(Buffer.from(buffer.subarray(0, read)));
      position += read;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Prints a run's logs (one stage's with --stage), each file under a `==> file <==` header when there are several. */
export async function logsCommand(args: string[], io: LogsIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { ...RUNS_DIR_OPTION, stage: { type: 'string' }, follow: { type: 'boolean', short: 'f' } },
    LOGS_USAGE,
  );
  const [runId, extra] = positionals;
  if (!runId || extra) throw new UsageError(`name one run. Usage: ${LOGS_USAGE}`);
  const runsDir = runsDirFrom(values['runs-dir']);
  const folder = findRunFolder(runsDir, runId);
  if (typeof folder === 'string') {
    io.err.write(`backfill: ${folder}\n`);
    return 2;
  }
  const found = findRun(runsDir, runId);
  const stage = values.stage;
  if (typeof found === 'string') {
    // The logs are what the operator needs most when a record is damaged: print what is on disk.
    const files = logFilesOnDisk(folder.dir, stage);
    io.err.write(`backfill: ${found}; printing the ${files.length} log file(s) found on disk${values.follow ? ' (not following)' : ''}.\n`);
    for (const file of files) {
      io.out.write(`==> ${file} <==\n`);
      copyFileTo(file, 0, fs.statSync(file).size, io.out);
    }
    return files.length > 0 ? 0 : 1;
  }
  if (stage !== undefined && !found.record.stages.some((candidate) => candidate.name === stage)) {
    io.err.write(`backfill: run ${runId} has no stage "${stage}"; its stages: ${found.record.stages.map((s) => s.name).join(', ')}.\n`);
    return 2;
  }

  const offsets = new Map<string, number>();
  let lastHeader: string | undefined;
  const printNew = (record: RunRecord) => {
    const files = logFilesOf(found.dir, record, stage);
    for (const file of files) {
      const from = offsets.get(file) ?? 0;
      const size = fs.statSync(file).size;
      if (size <= from) continue;
      if (files.length > 1 || stage === undefined) {
        if (lastHeader !== file) io.out.write(`${lastHeader === undefined ? '' : '\n'}==> ${file} <==\n`);
        lastHeader = file;
      }
      copyFileTo(file, from, size, io.out);
      offsets.set(file, size);
    }
  };

  printNew(found.record);
  if (!values.follow) return 0;

  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);
  io.signal?.addEventListener('abort', onInterrupt);
  try {
    for (;;) {
      let record: RunRecord;
      try {
        record = readRunRecord(found.dir);
      } catch {
        record = found.record; // being replaced right now
      }
      printNew(record);
      // Done once the run is over (or its runner is gone) and everything it wrote has been printed.
      if (runState(found.dir, record) !== 'running' || stop.signal.aborted) {
        printNew(record);
        return 0;
      }
      await delay(io.pollMs ?? 250);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
