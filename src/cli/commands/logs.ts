import fs from 'node:fs';
import { shown } from '../../config/shown.js';
import { isSparkChatter, lineMatches, parseLogFilter, type LogFilter } from '../../text/log-filter.js';
import { setTimeout as delay } from 'node:timers/promises';
import { readRunRecord } from '../../runner/folder/run-folder.js';
import type { RunRecord } from '../../runner/run/run-types.js';
import { runState } from '../../lifecycle/host-info.js';
import { terminalSafe, terminalSafeLines } from '../../text/terminal-safe.js';
import { logFilesOnDisk, notALogFile, stageLogFiles } from '../../lifecycle/log-files.js';
import { findRun, findRunFolder } from '../../lifecycle/find-run.js';
import { parseCommandArgs, runsDirFrom, RUNS_DIR_OPTION, UsageError, runIdProblem } from './args.js';
import { EXIT_CODES } from '../../runner/run/exit-code.js';
import { PrintedLines } from './printed-lines.js';

export const LOGS_USAGE = 'backfill logs <run-id> [--stage S] [--follow] [--grep PATTERN] [--quiet] [--runs-dir DIR]';

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

/** Why `file` cannot be read now (gone meanwhile; a name that is not UTF-8 does not read back), or undefined. */
function unopenable(file: string): string | undefined {
  try {
    fs.closeSync(fs.openSync(file, 'r'));
    return undefined;
  } catch (error) {
    return `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

/** Writes bytes `from`..`to` of `file` to `out` in pieces, so a multi-gigabyte log never has to fit in memory. */
function copyFileTo(file: string, from: number, to: number, out: { write(chunk: Buffer): unknown }): void {
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
    { ...RUNS_DIR_OPTION, stage: { type: 'string' }, follow: { type: 'boolean', short: 'f' }, grep: { type: 'string' }, quiet: { type: 'boolean' } },
    LOGS_USAGE,
  );
  const [runId, extra] = positionals;
  if (!runId || extra) throw new UsageError(runIdProblem(extra, LOGS_USAGE));
  let filter: LogFilter | null = null;
  if (values.grep !== undefined) {
    const parsed = parseLogFilter(values.grep);
    if ('error' in parsed) throw new UsageError(`--grep ${shown(values.grep)}: ${parsed.error}. Usage: ${LOGS_USAGE}`);
    filter = parsed;
  }
  const hideChatter = values.quiet === true;
  const keep = (line: string) => !(hideChatter && isSparkChatter(line)) && (!filter || lineMatches(line, filter));
  // Run folders, the runs dir and file names are outside text: every line said on stderr passes the one
  // sanitizer (values already escaped by shown() stay as they are).
  const say = (text: string) => io.err.write(terminalSafeLines(text));
  const lastFile: { header?: string } = {};
  const header = (file: string) => `==> ${terminalSafe(file)} <==\n`;
  const runsDir = runsDirFrom(values['runs-dir']);
  const folder = findRunFolder(runsDir, runId);
  if (typeof folder === 'string') {
    say(`backfill: ${folder}\n`);
    return EXIT_CODES.usage;
  }
  const found = findRun(runsDir, runId);
  const stage = values.stage;
  // A folder where a log should be is named once and skipped; the other logs are still printed.
  const named = new Set<string>();
  const readable = (file: string) => {
    const problem = notALogFile(file) ?? unopenable(file);
    if (problem && !named.has(file)) say(`backfill: ${terminalSafe(problem)}; skipped.\n`);
    if (problem) named.add(file);
    return problem === undefined;
  };
  if (typeof found === 'string') {
    // The logs are what the operator needs most when a record is damaged: print what is on disk.
    const files = logFilesOnDisk(folder.dir, stage);
    say(`backfill: ${found}; printing the ${files.length} log file(s) found on disk${values.follow ? ' (not following)' : ''}.\n`);
    for (const file of files.filter(readable)) {
      const sink = new PrintedLines(io.out, keep, header(file), lastFile);
      copyFileTo(file, 0, fs.statSync(file).size, sink);
      sink.end();
    }
    return files.length > 0 ? EXIT_CODES.succeeded : EXIT_CODES.failed;
  }
  if (stage !== undefined && !found.record.stages.some((candidate) => candidate.name === stage)) {
    say(`backfill: run ${shown(runId)} has no stage "${shown(stage)}"; its stages: ${found.record.stages.map((s) => shown(s.name)).join(', ')}.\n`);
    return EXIT_CODES.usage;
  }

  const offsets = new Map<string, number>();
  // Each file's lines pass through its own sink, which keeps the file's partial last line until it ends.
  const sinks = new Map<string, PrintedLines>();
  const printNew = (record: RunRecord) => {
    const files = logFilesOf(found.dir, record, stage);
    for (const file of files) {
      if (!readable(file)) continue;
      const from = offsets.get(file) ?? 0;
      const size = fs.statSync(file).size;
      if (size <= from) continue;
      const sink = sinks.get(file) ?? new PrintedLines(io.out, keep, files.length > 1 || stage === undefined ? header(file) : '', lastFile);
      sinks.set(file, sink);
      copyFileTo(file, from, size, sink);
      offsets.set(file, size);
    }
  };
  const endSinks = () => {
    for (const sink of sinks.values()) sink.end();
  };

  printNew(found.record);
  if (!values.follow) return endSinks(), 0;

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
      if ((await runState(found.dir, record)) !== 'running' || stop.signal.aborted) {
        printNew(record);
        endSinks();
        return EXIT_CODES.succeeded;
      }
      await delay(io.pollMs ?? 250);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
