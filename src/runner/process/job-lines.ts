import { z } from 'zod';
import { commitSchema, coverageSchema } from '../folder/run-record-schema.js';

// The lines a job prints for the console besides progress (see job-progress.ts). Their one written spec is
// test/contract/job-lines.json, which both test suites read.

const RESULT_LINE = /^\s*BACKFILL_RESULT\s+(\{.*\})\s*$/;
const FAILED_LINE = /^\s*BACKFILL_FAILED\s+(\S.*?)\s*$/;

const count = z.number().int().nonnegative();
// Iceberg snapshot ids are 64-bit: past 2^53 a JSON number loses digits, so jobs send them as decimal strings.
const snapshotId = z.string().regex(/^-?\d{1,20}$/, 'expected a snapshot id as a decimal string');

// The line's fields are the job's (snake_case); each part is renamed to the record's and then checked as the
// record's own schema checks it, so a result the console takes is one run.json and events.ndjson read back.
const commitLineSchema = z
  .object({ table: z.string(), snapshot_id: snapshotId, parent_snapshot_id: snapshotId.nullable(), rows_written: count })
  .transform((commit) => ({ table: commit.table, snapshotId: commit.snapshot_id, parentSnapshotId: commit.parent_snapshot_id, rowsWritten: commit.rows_written }))
  .pipe(commitSchema);

const coverageLineSchema = z
  .object({
    start: z.string(),
    end: z.string(),
    hours_per_day: count.positive(),
    pollutants: z.array(z.unknown()).transform((names) => names.map(String)),
    locations: z.record(z.string(), z.array(count)),
  })
  .transform((coverage) => ({ start: coverage.start, end: coverage.end, hoursPerDay: coverage.hours_per_day, pollutants: coverage.pollutants, locations: coverage.locations }))
  // The coverage grid counts days from `start`: anything but a real day would stop whoever draws it.
  .pipe(coverageSchema);

/** `BACKFILL_RESULT {...}` as the console takes it: rows written per table, and the commits and coverage when
 *  the job reports them. Present but malformed is a broken contract, not something to half-read: the line is
 *  refused whole. Other fields are the job's own and are not kept. */
const jobResultLineSchema = z
  .object({ rows_written: z.record(z.string(), count), commits: z.array(commitLineSchema).optional(), coverage: coverageLineSchema.optional() })
  .transform(({ rows_written: rowsWritten, commits, coverage }) => ({ rowsWritten, ...(commits ? { commits } : {}), ...(coverage ? { coverage } : {}) }));

/** A job's result: the type of what jobResultLineSchema takes. */
export type JobResult = z.output<typeof jobResultLineSchema>;

/** `BACKFILL_RESULT {"rows_written": {"db.table": 12, ...}, "commits": [...], ...}`; anything else is undefined. */
export function parseJobResult(line: string): JobResult | undefined {
  return lineRecord(RESULT_LINE, line, jobResultLineSchema);
}

/** What a `PREFIX {...}` line carries (the pattern captures its JSON), read with `schema`; undefined when the
 *  line is not one, is not JSON, or does not pass. */
export function lineRecord<T>(pattern: RegExp, line: string, schema: z.ZodType<T>): T | undefined {
  const match = pattern.exec(line);
  if (!match?.[1]) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(match[1]);
  } catch {
    return undefined;
  }
  const result = schema.safeParse(data);
  return result.success ? result.data : undefined;
}

/** The reason of `BACKFILL_FAILED <reason>`; anything else is undefined. */
export function parseJobFailure(line: string): string | undefined {
  return FAILED_LINE.exec(line)?.[1];
}
