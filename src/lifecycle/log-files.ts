import fs from 'node:fs';
import path from 'node:path';
import { chunkLinePrefix } from '../runner/plan/chunks.js';
import { StageOutputParser } from '../runner/process/output-parser.js';
import { attemptOfLogName, LOGS_DIR, logFileIn } from '../runner/folder/run-folder.js';
import type { StageRecord } from '../runner/run/run-types.js';

/** A log and the logs of its later attempts (`--retries`: `bronze.attempt-2.log`, ...), in attempt order. */
function withAttempts(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const base = path.basename(file, '.log');
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    names = [];
  }
  const attempts = names
    .map((name) => ({ name, attempt: attemptOfLogName(name, base) }))
    .filter((entry): entry is { name: string; attempt: number } => entry.attempt !== undefined && entry.attempt > 1)
    .sort((a, b) => a.attempt - b.attempt)
    .map((entry) => path.join(path.dirname(file), entry.name));
  return [file, ...attempts];
}

/** A stage's log files in date order: its own log, or one per chunk that has started; each with its retries. */
export function stageLogFiles(runDir: string, stage: StageRecord): string[] {
  if (stage.chunks) return stage.chunks.flatMap((chunk) => chunkLogFiles(runDir, stage.name, chunk.id));
  return withAttempts(logFileIn(runDir, stage.name));
}

/** One chunk's log with its retries. */
function chunkLogFiles(runDir: string, stage: string, chunk: string): string[] {
  return withAttempts(logFileIn(runDir, stage, chunk));
}

/**
 * Every log in a run folder, for when its run.json cannot be read: `logs/<stage>.log` files and chunk logs
 * (`logs/<stage>/<chunk>.log`), with their retries, in name order; only `stage`'s when given.
 */
export function logFilesOnDisk(runDir: string, stage?: string): string[] {
  const logs = path.join(runDir, LOGS_DIR);
  const files: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(logs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith('.log') && (stage === undefined || attemptOfLogName(entry.name, stage) !== undefined)) {
      files.push(path.join(logs, entry.name));
    } else if (entry.isDirectory() && (stage === undefined || entry.name === stage)) {
      for (const name of fs.readdirSync(path.join(logs, entry.name)).sort()) if (name.endsWith('.log')) files.push(path.join(logs, entry.name, name));
    }
  }
  return files;
}

/** Why `file` cannot be read as a log (a folder where a log should be), or undefined: missing counts as readable
 *  (not written yet), so callers still skip it on their own. */
export function notALogFile(file: string): string | undefined {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (stats.isFile()) return undefined;
  return `${file} is ${stats.isDirectory() ? 'a folder' : 'not a regular file'}, not a log file`;
}

/** The lines the live view shows of this log text: split as a stage's output is split (at `\n`, `\r` and
 *  `\r\n`), Spark's bars and blank lines left out, a job line glued behind a bar cut from it. */
function visibleLines(text: string): string[] {
  const lines: string[] = [];
  const parser = new StageOutputParser({ onLines: (batch) => lines.push(...batch) });
  parser.push(text);
  parser.end();
  return lines;
}

/** The last `maxLines` lines of a file, reading at most `maxBytes` from its end. */
export function tailOfFile(file: string, maxLines: number, maxBytes = 256 * 1024): string[] {
  const unreadable = notALogFile(file);
  if (unreadable) return [`(${unreadable})`];
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    let text = buffer.toString('utf8');
    if (length < size) text = text.slice(text.indexOf('\n') + 1); // drop the cut-off first line
    return visibleLines(text).slice(-maxLines);
  } finally {
    fs.closeSync(fd);
  }
}

/** The last `maxLines` lines the stage printed, across its chunks' logs, a chunk's each under its `[chunk]`
 *  label as the live view shows them. */
export function stageLogTail(runDir: string, stage: StageRecord, maxLines: number): string[] {
  const lines: string[] = [];
  const labelled = stage.chunks
    ? stage.chunks.flatMap((chunk) => chunkLogFiles(runDir, stage.name, chunk.id).map((file) => ({ file, label: chunkLinePrefix(chunk.id) })))
    : stageLogFiles(runDir, stage).map((file) => ({ file, label: '' }));
  for (const { file, label } of labelled.reverse()) {
    lines.unshift(...tailOfFile(file, maxLines - lines.length).map((line) => `${label}${line}`));
    if (lines.length >= maxLines) break;
  }
  return lines;
}
