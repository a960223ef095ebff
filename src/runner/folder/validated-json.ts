import { z } from 'zod';
import { escapeNonPrintable } from '../../text/printable.js';
import { NDJSON_TAIL_BYTES, readBoundedTail, RecordFileError, type FileTail } from './bounded-file.js';

/** A file or message that is not what it should be; the message names where and what. */
export class InvalidRecordError extends Error {}

// A parser's message quotes what it read (JSON.parse: `"\n\nDONE: OK" is not valid JSON`; a key the schema does
// not know), bytes of a file or a message that anyone may have written: they are escaped, so the message stays
// on one line and an escape sequence in them (an OSC never ended) cannot swallow the rest of it on a terminal.

/** The first few problems of a failed parse, on one line: `params.startDate: expected string; stages: ...`. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const shown = error.issues.slice(0, max).map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return escapeNonPrintable(`${shown.join('; ')}${more}`);
}

/** JSON text checked against `schema`; throws InvalidRecordError naming `what` and the first problems. */
export function parseJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidRecordError(`${escapeNonPrintable(what)} is not JSON (${escapeNonPrintable((error as Error).message)})`);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new InvalidRecordError(`${escapeNonPrintable(what)} has the wrong shape: ${describeIssues(result.error)}`);
  return result.data;
}

/** Like parseJson, but undefined instead of an error. */
export function tryParseJson<T>(text: string, schema: z.ZodType<T>): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** Lines of an NDJSON text that did not read as a record: how many, and the first one's number (from 1). */
export interface SkippedLines {
  count: number;
  firstLine: number;
}

/** The valid lines of an NDJSON text, and the lines that were not (cut off by a crash, garbled, wrong shape). */
export function parseNdjson<T>(text: string, schema: z.ZodType<T>): { records: T[]; skipped?: SkippedLines } {
  const records: T[] = [];
  let skipped: SkippedLines | undefined;
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const record = tryParseJson(line, schema);
    if (record !== undefined) records.push(record);
    else if (skipped) skipped.count++;
    else skipped = { count: 1, firstLine: index + 1 };
  });
  return skipped ? { records, skipped } : { records };
}

/** An NDJSON record file as read: its records, and what of it could not be read. */
export interface NdjsonRead<T> {
  records: T[];
  /** The lines that are not records, numbered from the first line read. */
  skipped?: SkippedLines;
  /** What could not be read, in words naming the file: the file itself (a FIFO, a folder, no permission), its
   *  lines that are not records, its start when only its end was read. None for a good file or a missing one
   *  (nothing recorded yet). */
  problems: string[];
}

/**
 * The records of an NDJSON file that read as `schema` (each a `recordName`), and what could not be
 * read of it. Only the file's last `maxBytes` are read (a line cut at the start is left out): a file that grew
 * without bound cannot take the reader's memory.
 */
export function readNdjsonFile<T>(file: string, schema: z.ZodType<T>, options: { maxBytes?: number; recordName?: string } = {}): NdjsonRead<T> {
  const maxBytes = options.maxBytes ?? NDJSON_TAIL_BYTES;
  let tail: FileTail;
  try {
    tail = readBoundedTail(file, maxBytes);
  } catch (error) {
    if (error instanceof RecordFileError && error.code === 'ENOENT') return { records: [], problems: [] };
    return { records: [], problems: [error instanceof RecordFileError ? error.message : `${file} cannot be read (${(error as Error).message})`] };
  }
  const { records, skipped } = parseNdjson(tail.text, schema);
  const problems: string[] = [];
  const cut = tail.startByte > 0;
  if (cut) problems.push(`${file} is ${tail.fileBytes} bytes: only its last ${maxBytes} were read, from the first whole line in them`);
  if (skipped) {
    const name = options.recordName ?? 'record';
    const line = `line ${skipped.firstLine}${cut ? ' of the part read' : ''}`;
    problems.push(
      skipped.count === 1
        ? `${file}: ${line} is not ${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}; skipped`
        : `${file}: ${skipped.count} lines are not ${name}s; skipped (the first is ${line})`,
    );
  }
  return { records, ...(skipped ? { skipped } : {}), problems };
}
