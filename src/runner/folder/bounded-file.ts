import { escapeNonPrintable } from '../../text/printable.js';
import fs from 'node:fs';

// The one way the console reads a record file (run.json, events.ndjson, host.json, the warehouse lock and
// marker, resumed-by.json, attempts.ndjson, notifications.ndjson, launch.json, a --locations file): opened
// without blocking and checked to be a regular file before a byte is read, so a FIFO put in its place cannot
// hang the console (a plain open of a FIFO waits for a writer) and a device (/dev/zero) cannot fill its memory;
// and refused above a size no record of its kind reaches. Every refusal names the file, and what is there
// instead of a file (a folder, a FIFO, a device, a socket).

/** host.json, a lock, a marker, resumed-by.json: each under 1 KB as written. */
export const RECORD_MAX_BYTES = 1024 * 1024;
/** run.json and launch.json: a run of years in daily chunks with coverage rows stays far below this. */
export const RUN_RECORD_MAX_BYTES = 64 * 1024 * 1024;
/** events.ndjson: Spark's bars are journaled at most once a second per stage and chunk. */
export const EVENTS_MAX_BYTES = 256 * 1024 * 1024;
/** How much of an appended NDJSON record (attempts.ndjson, notifications.ndjson) is read: its end. */
export const NDJSON_TAIL_BYTES = 1024 * 1024;

/** A record file that cannot be read as one; `code` is the system's (ENOENT, EACCES) or ENOTREG / EFBIG; `kind`,
 *  for ENOTREG, what is there instead in words ('a folder', 'a FIFO (named pipe)', 'a socket'). */
export class RecordFileError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly kind?: string,
  ) {
    super(message);
  }
}

/** What is at a path, in words: 'a file', 'a folder', 'a FIFO (named pipe)'. */
export function kindOf(stat: fs.Stats): string {
  if (stat.isFile()) return 'a file';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notARegularFile(file: string, stat: fs.Stats): RecordFileError {
  return new RecordFileError(`${escapeNonPrintable(file)} is ${kindOf(stat)}, not a file backfill writes; move it aside`, 'ENOTREG', kindOf(stat));
}

/** What is at `file` when it is there but not a regular file; undefined otherwise. */
function otherThanAFileAt(file: string): fs.Stats | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? undefined : stat;
  } catch {
    return undefined;
  }
}

/** `file` opened for reading without blocking, and its size; throws RecordFileError unless it is a regular file. */
function openRegular(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    // A Unix socket cannot be opened at all (ENXIO), so it is told by its path.
    const other = code === 'ENXIO' ? otherThanAFileAt(file) : undefined;
    if (other) throw notARegularFile(file, other);
    throw new RecordFileError(`${escapeNonPrintable(file)} cannot be read (${code === 'ENOENT' ? 'no such file' : code})`, code);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw notARegularFile(file, stat);
    return { fd, size: stat.size };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

function tooLarge(file: string, size: number, maxBytes: number): RecordFileError {
  return new RecordFileError(`${escapeNonPrintable(file)} is ${size} bytes, more than a record of its kind can be (${maxBytes} bytes); move it aside`, 'EFBIG');
}

/** The text of record file `file`, at most `maxBytes` long; throws RecordFileError naming the file otherwise. */
export function readBoundedFile(file: string, maxBytes: number = RECORD_MAX_BYTES): string {
  return readBoundedBytes(file, maxBytes).toString('utf8');
}

/** The bytes of record file `file`, at most `maxBytes` of them; throws RecordFileError naming the file otherwise. */
export function readBoundedBytes(file: string, maxBytes: number = RECORD_MAX_BYTES): Buffer {
  const { fd, size } = openRegular(file);
  try {
    if (size > maxBytes) throw tooLarge(file, size, maxBytes);
    // Read to the end, not to the size fstat gave: the file may have grown since, but not past the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(size + 1, 64 * 1024)));
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) throw tooLarge(file, total, maxBytes);
      chunks.push(Buffer.from(buffer.subarray(0, read)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** The end of a record file as read: its text, the byte of the file that text starts at (0: all of it), and the
 *  file's size. */
export interface FileTail {
  text: string;
  startByte: number;
  fileBytes: number;
}

/** The last `maxBytes` of record file `file`, from the first whole line in them (an appended NDJSON record
 *  that grew without bound cannot take the reader's memory); throws RecordFileError naming the file. */
export function readBoundedTail(file: string, maxBytes: number = NDJSON_TAIL_BYTES): FileTail {
  const { fd, size } = openRegular(file);
  try {
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    const read = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, start));
    if (start === 0) return { text: read.toString('utf8'), startByte: 0, fileBytes: size };
    const newline = read.indexOf(0x0a);
    // No whole line in the tail: nothing.
    if (newline === -1) return { text: '', startByte: start + read.length, fileBytes: size };
    return { text: read.subarray(newline + 1).toString('utf8'), startByte: start + newline + 1, fileBytes: size };
  } finally {
    fs.closeSync(fd);
  }
}

/** Like readBoundedFile, but undefined when the file cannot be read as a record (missing, a FIFO, too large, an I/O error). */
export function tryReadBoundedFile(file: string, maxBytes: number = RECORD_MAX_BYTES): string | undefined {
  try {
    return readBoundedFile(file, maxBytes);
  } catch {
    return undefined;
  }
}
