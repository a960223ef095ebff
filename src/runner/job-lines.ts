// The lines a job prints for the console besides progress (see job-progress.ts). Their one written spec is
// test/contract/job-lines.json, which both test suites read.

const RESULT_LINE = /^\s*BACKFILL_RESULT\s+(\{.*\})\s*$/;
const FAILED_LINE = /^\s*BACKFILL_FAILED\s+(\S.*?)\s*$/;

export interface JobResult {
  rowsWritten: Record<string, number>;
}

/** `BACKFILL_RESULT {"rows_written": {"db.table": 12, ...}, ...}`; anything else is undefined. */
export function parseJobResult(line: string): JobResult | undefined {
  const match = RESULT_LINE.exec(line);
  if (!match?.[1]) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(match[1]);
  } catch {
    return undefined;
  }
  const rows = (data as { rows_written?: unknown } | null)?.rows_written;
  if (typeof rows !== 'object' || rows === null || Array.isArray(rows)) return undefined;
  const entries = Object.entries(rows);
  if (!entries.every(([, count]) => typeof count === 'number' && Number.isInteger(count) && count >= 0)) return undefined;
  return { rowsWritten: Object.fromEntries(entries) as Record<string, number> };
}

/** The reason of `BACKFILL_FAILED <reason>`; anything else is undefined. */
export function parseJobFailure(line: string): string | undefined {
  return FAILED_LINE.exec(line)?.[1];
}
