import { z } from 'zod';
import { NDJSON_TAIL_BYTES, readBoundedTail } from './bounded-file.js';

/** A file or message that is not what it should be; the message names where and what. */
export class InvalidRecordError extends Error {}

/** The first few problems of a failed parse, on one line: `params.startDate: expected string; stages: ...`. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const shown = error.issues.slice(0, max).map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** JSON text checked against `schema`; throws InvalidRecordError naming `what` and the first problems. */
export function parseJson<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidRecordError(`${what} is not JSON (${(error as Error).message})`);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new InvalidRecordError(`${what} has the wrong shape: ${describeIssues(result.error)}`);
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

/** The valid lines of an NDJSON text, and how many lines were not (cut off by a crash, garbled, wrong shape). */
export function parseNdjson<T>(text: string, schema: z.ZodType<T>): { records: T[]; skipped: number } {
  const records: T[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = tryParseJson(line, schema);
    if (record === undefined) skipped++;
    else records.push(record);
  }
  return { records, skipped };
}

/**
 * The records of an NDJSON file that read as `schema`; none when the file is missing or cannot be read as a
 * record (a FIFO, a device: see bounded-file.ts). Only the file's last `maxBytes` are read (a line cut at the
 * start is skipped): a file that grew without bound cannot take the reader's memory.
 */
export function readNdjsonFile<T>(file: string, schema: z.ZodType<T>, options: { maxBytes?: number } = {}): T[] {
  let text: string;
  try {
    text = readBoundedTail(file, options.maxBytes ?? NDJSON_TAIL_BYTES);
  } catch {
    return [];
  }
  return parseNdjson(text, schema).records;
}
