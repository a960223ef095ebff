import { lineRecord } from './job-lines.js';
import { jobProgressSchema } from '../folder/run-record-schema.js';
import type { JobProgress } from '../run/run-types.js';

const PROGRESS_LINE = /^\s*BACKFILL_PROGRESS\s+(\{.*\})\s*$/;

/** Reads `BACKFILL_PROGRESS {"done": 3, "total": 12, "unit": "location-months"}` with the schema events carry
 *  it with; anything else is undefined. */
export function parseJobProgress(line: string): JobProgress | undefined {
  const progress = lineRecord(PROGRESS_LINE, line, jobProgressSchema);
  if (!progress) return undefined;
  const { done, total, unit } = progress;
  // A unit that is not text was dropped: the progress has none.
  return unit === undefined ? { done, total } : { done, total, unit };
}
