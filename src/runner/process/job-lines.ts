import type { CommitRecord, Coverage } from '../run/run-types.js';

// The lines a job prints for the console besides progress (see job-progress.ts). Their one written spec is
// test/contract/job-lines.json, which both test suites read.

const RESULT_LINE = /^\s*BACKFILL_RESULT\s+(\{.*\})\s*$/;
const FAILED_LINE = /^\s*BACKFILL_FAILED\s+(\S.*?)\s*$/;

export interface JobResult {
  rowsWritten: Record<string, number>;
  /** The Iceberg commits the job made (absent from jobs that do not report them). */
  commits?: CommitRecord[];
  coverage?: Coverage;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
// Iceberg snapshot ids are 64-bit: past 2^53 a JSON number loses digits, so jobs send them as decimal strings.
const isSnapshotId = (value: unknown): value is string => typeof value === 'string' && /^-?\d{1,20}$/.test(value);

function commitsOf(value: unknown): CommitRecord[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const commits: CommitRecord[] = [];
  for (const item of value as Array<Record<string, unknown> | null>) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { table, snapshot_id: snapshotId, parent_snapshot_id: parent, rows_written: rows } = item;
    if (typeof table !== 'string' || !isSnapshotId(snapshotId) || !(parent === null || isSnapshotId(parent)) || !isCount(rows)) return undefined;
    commits.push({ table, snapshotId, parentSnapshotId: parent, rowsWritten: rows });
  }
  return commits;
}

// The coverage grid counts days from `start`: anything but a real day would stop whoever draws it.
const isDay = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

function coverageOf(value: unknown): Coverage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { start, end, hours_per_day: hoursPerDay, pollutants, locations } = value as Record<string, unknown>;
  if (!isDay(start) || !isDay(end) || !isCount(hoursPerDay) || hoursPerDay === 0) return undefined;
  if (!Array.isArray(pollutants) || typeof locations !== 'object' || locations === null) return undefined;
  const rows = Object.entries(locations as Record<string, unknown>);
  if (!rows.every(([, days]) => Array.isArray(days) && days.every(isCount))) return undefined;
  return { start, end, hoursPerDay, pollutants: pollutants.map(String), locations: Object.fromEntries(rows) as Record<string, number[]> };
}

/** `BACKFILL_RESULT {"rows_written": {"db.table": 12, ...}, "commits": [...], ...}`; anything else is undefined. */
export function parseJobResult(line: string): JobResult | undefined {
  const data = jsonObjectAfter(RESULT_LINE, line);
  if (!data) return undefined;
  const { rows_written: rows, commits, coverage } = data;
  if (typeof rows !== 'object' || rows === null || Array.isArray(rows)) return undefined;
  const entries = Object.entries(rows);
  if (!entries.every(([, count]) => isCount(count))) return undefined;
  const result: JobResult = { rowsWritten: Object.fromEntries(entries) as Record<string, number> };
  // Present but malformed is a broken contract, not something to half-read: the line is refused whole.
  if (commits !== undefined) {
    const parsedCommits = commitsOf(commits);
    if (!parsedCommits) return undefined;
    result.commits = parsedCommits;
  }
  if (coverage !== undefined) {
    const parsedCoverage = coverageOf(coverage);
    if (!parsedCoverage) return undefined;
    result.coverage = parsedCoverage;
  }
  return result;
}

/** The JSON object a `PREFIX {...}` line carries (the pattern captures it), or undefined. */
export function jsonObjectAfter(pattern: RegExp, line: string): Record<string, unknown> | undefined {
  const match = pattern.exec(line);
  if (!match?.[1]) return undefined;
  try {
    const data: unknown = JSON.parse(match[1]);
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The reason of `BACKFILL_FAILED <reason>`; anything else is undefined. */
export function parseJobFailure(line: string): string | undefined {
  return FAILED_LINE.exec(line)?.[1];
}
